package io.jzsock.sim.testkit;

import io.jzsock.net.SockAddr;

import java.nio.charset.StandardCharsets;

/** SO_SOCKS5 option values as an application on the board builds them (layout in netcore's Socks5Client). */
public final class Socks5Option {
    private Socks5Option() {
    }

    /** struct sockaddr_in as Zephyr lays it out: sa_family u16 little-endian, port and address big-endian. */
    public static byte[] of(String ip, int port) {
        byte[] addr = SockAddr.parse(ip, port).addressBytes();
        return new byte[] {1, 0, (byte) (port >> 8), (byte) port, addr[0], addr[1], addr[2], addr[3]};
    }

    /** The jzsock extension: the sockaddr padded to 24 bytes, then ULEN UNAME PLEN PASSWD (RFC 1929). */
    public static byte[] of(String ip, int port, String user, String pass) {
        byte[] u = user.getBytes(StandardCharsets.US_ASCII);
        byte[] p = pass.getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[24 + 2 + u.length + p.length];
        System.arraycopy(of(ip, port), 0, v, 0, 8);
        v[24] = (byte) u.length;
        System.arraycopy(u, 0, v, 25, u.length);
        v[25 + u.length] = (byte) p.length;
        System.arraycopy(p, 0, v, 26 + u.length, p.length);
        return v;
    }
}
