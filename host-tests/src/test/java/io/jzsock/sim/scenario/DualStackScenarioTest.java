package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Cmsg;
import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * AF_INET6 sockets over the IPv4 loopback: dual-stack sockets with v4-mapped addresses and IPV6_V6ONLY
 * (zsock-scenarios MISC-06..08, UDP-26, the v6 half of REG-01), the socket-level errno rows for AF_INET6.
 */
class DualStackScenarioTest extends LoopbackScenario {
    private static final int PORT = 4242;
    private static final byte[] DATA = {1, 2, 3, 4};

    /** Room for the sockets a bind-conflict case holds at once. */
    @BeforeEach
    void widerTables() {
        stack.stop();
        NetConfig cfg = NetConfig.defaults();
        cfg.maxSockets = 16;
        cfg.maxFds = 32;
        cfg.maxTcpConnections = 16;
        stack = NetStack.start(cfg);
        z = stack.zsock();
    }

    private int socket(int family, int type) {
        int s = z.socket(family, type, 0);
        assertTrue(s >= 0, "socket: " + s);
        return s;
    }

    private int dualStack(int type) {
        int s = socket(Zsock.AF_INET6, type);
        assertEquals(0, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0));
        return s;
    }

    private static SockAddr any6(int port) {
        return SockAddr.parse("::", port);
    }

    private static SockAddr lo4(int port) {
        return SockAddr.parse("127.0.0.1", port);
    }

    private int getInt(int s, int level, int opt) {
        int[] v = new int[1];
        assertEquals(0, z.getsockopt(s, level, opt, v));
        return v[0];
    }

    @Test
    @DisplayName("REG-01 v6: AF_INET6 DGRAM/STREAM with proto 0 or its own succeed; STREAM+UDP EOPNOTSUPP, unknown proto EPROTONOSUPPORT")
    void registerAfInet6() {
        for (int[] combo : new int[][] {{Zsock.SOCK_DGRAM, 0}, {Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP},
                {Zsock.SOCK_STREAM, 0}, {Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP}}) {
            int s = z.socket(Zsock.AF_INET6, combo[0], combo[1]);
            assertTrue(s >= 0, "socket(AF_INET6, " + combo[0] + ", " + combo[1] + "): " + s);
            assertEquals(Zsock.AF_INET6, getInt(s, Zsock.SOL_SOCKET, Zsock.SO_DOMAIN));
            assertEquals(combo[0], getInt(s, Zsock.SOL_SOCKET, Zsock.SO_TYPE));
            assertEquals(combo[0] == Zsock.SOCK_DGRAM ? Zsock.IPPROTO_UDP : Zsock.IPPROTO_TCP,
                    getInt(s, Zsock.SOL_SOCKET, Zsock.SO_PROTOCOL));
            assertEquals(0, z.close(s));
        }
        assertEquals(-Errno.EOPNOTSUPP, z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, Zsock.IPPROTO_UDP));
        assertEquals(-Errno.EOPNOTSUPP, z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, Zsock.IPPROTO_TCP));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 254));
    }

    @Test
    @DisplayName("MISC-07 IPV6_V6ONLY defaults to 1 on AF_INET6 sockets of both types")
    void v6onlyDefaultsOn() {
        assertEquals(1, getInt(socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM), Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY));
        assertEquals(1, getInt(socket(Zsock.AF_INET6, Zsock.SOCK_STREAM), Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY));
    }

    @Test
    @DisplayName("MISC-06 with V6ONLY on (the default) v4 and v6 sockets bind the same port, UDP and TCP, either order")
    void separatePortSpacesWithV6only() {
        for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
            int v4 = socket(Zsock.AF_INET, type);
            int v6 = socket(Zsock.AF_INET6, type);
            assertEquals(0, z.bind(v4, SockAddr.ipv4(0, PORT)));
            assertEquals(0, z.bind(v6, any6(PORT)));
            int v6b = socket(Zsock.AF_INET6, type);
            int v4b = socket(Zsock.AF_INET, type);
            assertEquals(0, z.bind(v6b, any6(PORT + 1)));
            assertEquals(0, z.bind(v4b, SockAddr.ipv4(0, PORT + 1)));
            int again = socket(Zsock.AF_INET6, type);
            assertEquals(-Errno.EADDRINUSE, z.bind(again, any6(PORT)), "v6 twice");
            for (int s : new int[] {v4, v6, v6b, v4b, again}) {
                z.close(s);
            }
        }
    }

    @Test
    @DisplayName("MISC-07 after V6ONLY=0 a v4 bind to the dual-stack socket's port is EADDRINUSE, and the reverse order too")
    void dualStackBindConflicts() {
        for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
            int v6 = dualStack(type);
            assertEquals(0, z.bind(v6, any6(PORT)));
            int v4any = socket(Zsock.AF_INET, type);
            assertEquals(-Errno.EADDRINUSE, z.bind(v4any, SockAddr.ipv4(0, PORT)));
            assertEquals(-Errno.EADDRINUSE, z.bind(v4any, lo4(PORT)));
            int v4 = socket(Zsock.AF_INET, type);
            assertEquals(0, z.bind(v4, lo4(PORT + 1)));
            int dual = dualStack(type);
            assertEquals(-Errno.EADDRINUSE, z.bind(dual, any6(PORT + 1)));
            int v6only = socket(Zsock.AF_INET6, type);
            assertEquals(0, z.bind(v6only, any6(PORT + 1)), "a V6ONLY socket does not overlap");
            for (int s : new int[] {v6, v4any, v4, dual, v6only}) {
                z.close(s);
            }
        }
    }

    @Test
    @DisplayName("MISC-07 SO_REUSEADDR lets a specific v4 bind sit beside a dual-stack wildcard, never wildcard beside wildcard")
    void reuseAddrAcrossFamilies() {
        int v6 = dualStack(Zsock.SOCK_DGRAM);
        assertEquals(0, z.setsockopt(v6, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, 1));
        assertEquals(0, z.bind(v6, any6(PORT)));
        int v4 = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        assertEquals(0, z.setsockopt(v4, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, 1));
        assertEquals(0, z.bind(v4, lo4(PORT)));
        int any4 = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        assertEquals(0, z.setsockopt(any4, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, 1));
        assertEquals(-Errno.EADDRINUSE, z.bind(any4, SockAddr.ipv4(0, PORT)));
    }

    @Test
    @DisplayName("UDP-26 a dual-stack server receives a v4 datagram as ::ffff:127.0.0.1 (addrlen 24) and replies by sendto and sendmsg")
    void dualStackUdpServer() {
        int server = dualStack(Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, any6(PORT)));
        int client = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        assertEquals(4, z.sendto(client, DATA, 0, 4, 0, lo4(PORT)));
        byte[] buf = new byte[16];
        SockAddr from = new SockAddr();
        assertEquals(4, z.recvfrom(server, buf, 0, buf.length, 0, from));
        assertEquals(Zsock.AF_INET6, from.family());
        assertEquals(Zsock.SIZEOF_SOCKADDR_IN6, from.length());
        SockAddr clientName = new SockAddr();
        assertEquals(0, z.getsockname(client, clientName));
        assertEquals("[::ffff:127.0.0.1]:" + clientName.port(), from.toString());

        assertEquals(3, z.sendto(server, DATA, 0, 3, 0, from));
        SockAddr back = new SockAddr();
        assertEquals(3, z.recvfrom(client, buf, 0, buf.length, 0, back));
        assertEquals("127.0.0.1:" + PORT, back.toString());

        MsgHdr m = new MsgHdr(1).iov(0, DATA, 0, 2);
        m.name = from;
        assertEquals(2, z.sendmsg(server, m, 0));
        assertEquals(2, z.recvfrom(client, buf, 0, buf.length, 0, back));
        assertEquals("127.0.0.1:" + PORT, back.toString());
        SockAddr serverName = new SockAddr();
        assertEquals(0, z.getsockname(server, serverName));
        assertEquals("[::]:" + PORT, serverName.toString());
    }

    @Test
    @DisplayName("A V6ONLY UDP socket on :: gets no IPv4 datagram; sendto a v4-mapped address from it is ENETUNREACH")
    void v6onlyUdpIgnoresIpv4() {
        int server = socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, any6(PORT)));
        int client = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        assertEquals(4, z.sendto(client, DATA, 0, 4, 0, lo4(PORT)));
        assertEquals(-Errno.EAGAIN, z.recvfrom(server, new byte[8], 0, 8, Zsock.MSG_DONTWAIT, null));
        assertEquals(-Errno.ENETUNREACH, z.sendto(server, DATA, 0, 4, 0, SockAddr.parse("::ffff:127.0.0.1", PORT)));
        assertEquals(-Errno.ENETUNREACH, z.connect(server, SockAddr.parse("::ffff:127.0.0.1", PORT)));
    }

    @Test
    @DisplayName("A connected dual-stack UDP socket reports its v4-mapped peer and exchanges datagrams with it")
    void connectedDualStackUdp() {
        int server = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, lo4(PORT)));
        int client = dualStack(Zsock.SOCK_DGRAM);
        assertEquals(0, z.connect(client, SockAddr.parse("::ffff:127.0.0.1", PORT)));
        SockAddr peer = new SockAddr();
        assertEquals(0, z.getpeername(client, peer));
        assertEquals("[::ffff:127.0.0.1]:" + PORT, peer.toString());
        assertEquals(4, z.send(client, DATA, 0, 4, 0));
        SockAddr from = new SockAddr();
        byte[] buf = new byte[8];
        assertEquals(4, z.recvfrom(server, buf, 0, 8, 0, from));
        assertEquals(3, z.sendto(server, DATA, 0, 3, 0, from));
        assertEquals(3, z.recv(client, buf, 0, 8, 0));
    }

    @Test
    @DisplayName("MISC-08 a dual-stack TCP listener accepts a v4 client as ::ffff:127.0.0.1 with addrlen 24; data flows both ways")
    void dualStackTcpListener() {
        int listener = dualStack(Zsock.SOCK_STREAM);
        assertEquals(0, z.bind(listener, any6(PORT)));
        assertEquals(0, z.listen(listener, 2));
        int client = socket(Zsock.AF_INET, Zsock.SOCK_STREAM);
        assertEquals(0, z.connect(client, lo4(PORT)));
        SockAddr peer = new SockAddr();
        int conn = z.accept(listener, peer);
        assertTrue(conn >= 0, "accept: " + conn);
        assertEquals(Zsock.AF_INET6, peer.family());
        assertEquals(Zsock.SIZEOF_SOCKADDR_IN6, peer.length());
        SockAddr clientName = new SockAddr();
        assertEquals(0, z.getsockname(client, clientName));
        assertEquals("[::ffff:127.0.0.1]:" + clientName.port(), peer.toString());
        SockAddr local = new SockAddr();
        assertEquals(0, z.getsockname(conn, local));
        assertEquals("[::ffff:127.0.0.1]:" + PORT, local.toString());
        assertEquals(Zsock.AF_INET6, getInt(conn, Zsock.SOL_SOCKET, Zsock.SO_DOMAIN));

        assertEquals(4, z.send(client, DATA, 0, 4, 0));
        byte[] buf = new byte[8];
        assertEquals(4, z.recv(conn, buf, 0, 8, 0));
        assertEquals(2, z.send(conn, DATA, 2, 2, 0));
        assertEquals(2, z.recv(client, buf, 0, 8, 0));
        assertArrayEquals(new byte[] {3, 4}, java.util.Arrays.copyOf(buf, 2));
    }

    @Test
    @DisplayName("A V6ONLY TCP listener on :: refuses IPv4 connections (RST: ECONNREFUSED)")
    void v6onlyListenerRefusesIpv4() {
        int listener = socket(Zsock.AF_INET6, Zsock.SOCK_STREAM);
        assertEquals(0, z.bind(listener, any6(PORT)));
        assertEquals(0, z.listen(listener, 2));
        int client = socket(Zsock.AF_INET, Zsock.SOCK_STREAM);
        assertEquals(-Errno.ECONNREFUSED, z.connect(client, lo4(PORT)));
    }

    @Test
    @DisplayName("A dual-stack TCP client connects to a v4 listener through ::ffff:127.0.0.1 and names both ends v4-mapped")
    void dualStackTcpClient() {
        int listener = socket(Zsock.AF_INET, Zsock.SOCK_STREAM);
        assertEquals(0, z.bind(listener, lo4(PORT)));
        assertEquals(0, z.listen(listener, 2));
        int client = dualStack(Zsock.SOCK_STREAM);
        assertEquals(0, z.connect(client, SockAddr.parse("::ffff:127.0.0.1", PORT)));
        SockAddr a = new SockAddr();
        assertEquals(0, z.getpeername(client, a));
        assertEquals("[::ffff:127.0.0.1]:" + PORT, a.toString());
        assertEquals(0, z.getsockname(client, a));
        assertEquals(Zsock.AF_INET6, a.family());
        SockAddr peer = new SockAddr();
        int conn = z.accept(listener, peer);
        assertTrue(conn >= 0);
        assertEquals("127.0.0.1:" + a.port(), peer.toString());
    }

    @Test
    @DisplayName("bind/connect on AF_INET6: wrong family EAFNOSUPPORT, v4-mapped on V6ONLY EINVAL, a foreign IPv6 address EADDRNOTAVAIL")
    void bindErrnos() {
        for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
            int v6 = socket(Zsock.AF_INET6, type);
            assertEquals(-Errno.EAFNOSUPPORT, z.bind(v6, lo4(PORT)));
            assertEquals(-Errno.EAFNOSUPPORT, z.connect(v6, lo4(PORT)));
            assertEquals(-Errno.EINVAL, z.bind(v6, SockAddr.parse("::ffff:127.0.0.1", PORT)));
            assertEquals(-Errno.EADDRNOTAVAIL, z.bind(v6, SockAddr.parse("2001:db8::1", PORT)));
            assertEquals(-Errno.EINVAL, z.getsockname(v6, new SockAddr()), "unbound");
            assertEquals(-Errno.ENOTCONN, z.getpeername(v6, new SockAddr()));
            int v4 = socket(Zsock.AF_INET, type);
            assertEquals(-Errno.EAFNOSUPPORT, z.bind(v4, any6(PORT)));
            assertEquals(-Errno.EAFNOSUPPORT, z.connect(v4, SockAddr.parse("::1", PORT)));
            int dual = dualStack(type);
            assertEquals(-Errno.EADDRNOTAVAIL, z.bind(dual, SockAddr.parse("::ffff:192.0.2.1", PORT)));
            assertEquals(0, z.bind(dual, SockAddr.parse("::ffff:127.0.0.1", PORT)));
            SockAddr name = new SockAddr();
            assertEquals(0, z.getsockname(dual, name));
            assertEquals("[::ffff:127.0.0.1]:" + PORT, name.toString());
            z.close(dual);
        }
    }

    @Test
    @DisplayName("IPV6_RECVPKTINFO on a dual-stack socket: IPV6_PKTINFO names ::ffff:127.0.0.1 and ifindex 1; 1-byte control MSG_CTRUNC; IPV6_RECVHOPLIMIT")
    void pktinfoForIpv4OnDualStack() {
        int server = dualStack(Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, any6(PORT)));
        int client = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        byte[] buf = new byte[8];
        byte[] control = new byte[64];
        assertEquals(4, z.sendto(client, DATA, 0, 4, 0, lo4(PORT)));
        MsgHdr m = new MsgHdr(1).iov(0, buf, 0, buf.length).control(control, 0, control.length);
        assertEquals(4, z.recvmsg(server, m, 0));
        assertEquals(0, m.controlLen, "nothing asked for");

        assertEquals(0, z.setsockopt(server, Zsock.IPPROTO_IPV6, Zsock.IPV6_RECVPKTINFO, 1));
        assertEquals(1, getInt(server, Zsock.IPPROTO_IPV6, Zsock.IPV6_RECVPKTINFO));
        assertEquals(4, z.sendto(client, DATA, 0, 4, 0, lo4(PORT)));
        m = new MsgHdr(1).iov(0, buf, 0, buf.length).control(control, 0, control.length);
        assertEquals(4, z.recvmsg(server, m, 0));
        assertEquals(Cmsg.space(20), m.controlLen);
        assertEquals(Zsock.IPPROTO_IPV6, Cmsg.level(control, 0));
        assertEquals(Zsock.IPV6_PKTINFO, Cmsg.type(control, 0));
        int d = Cmsg.dataOffset(0);
        byte[] mapped = new byte[16];
        z.inet_pton(Zsock.AF_INET6, "::ffff:127.0.0.1", mapped);
        assertArrayEquals(mapped, java.util.Arrays.copyOfRange(control, d, d + 16));
        assertEquals(1, Cmsg.getInt(control, d + 16), "ipi6_ifindex: loopback");

        assertEquals(4, z.sendto(client, DATA, 0, 4, 0, lo4(PORT)));
        m = new MsgHdr(1).iov(0, buf, 0, buf.length).control(control, 0, 1);
        assertEquals(4, z.recvmsg(server, m, 0));
        assertEquals(Zsock.MSG_CTRUNC, m.flags & Zsock.MSG_CTRUNC);

        assertEquals(0, z.setsockopt(server, Zsock.IPPROTO_IPV6, Zsock.IPV6_RECVPKTINFO, 0));
        assertEquals(0, z.setsockopt(server, Zsock.IPPROTO_IPV6, Zsock.IPV6_RECVHOPLIMIT, 1));
        assertEquals(0, z.setsockopt(client, Zsock.IPPROTO_IP, Zsock.IP_TTL, 17));
        assertEquals(4, z.sendto(client, DATA, 0, 4, 0, lo4(PORT)));
        m = new MsgHdr(1).iov(0, buf, 0, buf.length).control(control, 0, control.length);
        assertEquals(4, z.recvmsg(server, m, 0));
        assertEquals(Zsock.IPV6_HOPLIMIT, Cmsg.type(control, 0));
        assertEquals(17, Cmsg.getInt(control, Cmsg.dataOffset(0)));
    }
}
