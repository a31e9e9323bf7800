package io.jzsock.sim.testkit;

import io.jzsock.net.InetText;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.NdMessage;
import java.io.ByteArrayOutputStream;

/**
 * Literal IPv6 frames for tests, built with the wire codecs: Ethernet + IPv6 + a payload, ICMPv6 messages with
 * their checksum, Neighbor Discovery messages and options. Addresses are 16-byte arrays ({@link #addr}).
 */
public final class V6Frames {
    public static final int E = EthernetFrame.HEADER_LEN;
    public static final int IP6 = E + Ipv6Header.LEN;

    private V6Frames() {
    }

    /** RFC 5952 text to 16 bytes. */
    public static byte[] addr(String text) {
        byte[] a = new byte[16];
        if (InetText.pton(ZsockConstants.AF_INET6, text, a) != 1) {
            throw new IllegalArgumentException(text);
        }
        return a;
    }

    public static String text(byte[] a, int off) {
        byte[] c = new byte[16];
        System.arraycopy(a, off, c, 0, 16);
        return InetText.ntop(ZsockConstants.AF_INET6, c);
    }

    /** 33:33 and the group's last four bytes (RFC 2464 §7). */
    public static byte[] groupMac(byte[] group) {
        return new byte[] {0x33, 0x33, group[12], group[13], group[14], group[15]};
    }

    /** ff02::1:ffXX:XXXX for the address (RFC 4291 §2.7.1). */
    public static byte[] solicitedNode(byte[] a) {
        byte[] g = addr("ff02::1:ff00:0");
        g[13] = a[13];
        g[14] = a[14];
        g[15] = a[15];
        return g;
    }

    /** Ethernet + IPv6 header + payload. */
    public static byte[] ipv6(byte[] dstMac, byte[] srcMac, byte[] src, byte[] dst, int nextHeader, int hopLimit, byte[] payload) {
        byte[] f = new byte[IP6 + payload.length];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, srcMac, 0, EthernetFrame.TYPE_IPV6);
        Ipv6Header.write(f, E, 0, 0, payload.length, nextHeader, hopLimit, Bytes.i64(src, 0), Bytes.i64(src, 8),
                Bytes.i64(dst, 0), Bytes.i64(dst, 8));
        System.arraycopy(payload, 0, f, IP6, payload.length);
        return f;
    }

    /** An ICMPv6 message in a frame, its checksum filled for src and dst. */
    public static byte[] icmpv6(byte[] dstMac, byte[] srcMac, byte[] src, byte[] dst, int hopLimit, byte[] msg) {
        byte[] f = ipv6(dstMac, srcMac, src, dst, Ipv6Header.NH_ICMPV6, hopLimit, msg);
        fillIcmpv6Checksum(f, IP6, msg.length, src, dst);
        return f;
    }

    public static void fillIcmpv6Checksum(byte[] f, int at, int len, byte[] src, byte[] dst) {
        Icmpv6Header.fillChecksum(f, at, len, Bytes.i64(src, 0), Bytes.i64(src, 8), Bytes.i64(dst, 0), Bytes.i64(dst, 8));
    }

    public static byte[] echoRequest(int ident, int seq, byte[] data) {
        byte[] m = new byte[Icmpv6Header.HEADER_LEN + data.length];
        Icmpv6Header.write(m, 0, Icmpv6Header.TYPE_ECHO_REQUEST, 0, (ident << 16) | seq);
        System.arraycopy(data, 0, m, Icmpv6Header.HEADER_LEN, data.length);
        return m;
    }

    /** A Neighbor Solicitation for target with the given options. */
    public static byte[] ns(byte[] target, byte[]... options) {
        return message(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION, 0, target, null, options);
    }

    /** A Neighbor Advertisement for target, R|S|O flags as NdMessage.NA_*. */
    public static byte[] na(byte[] target, int flags, byte[]... options) {
        return message(Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT, flags << 24, target, null, options);
    }

    public static byte[] redirect(byte[] target, byte[] destination, byte[]... options) {
        return message(Icmpv6Header.TYPE_REDIRECT, 0, target, destination, options);
    }

    private static byte[] message(int type, int word, byte[] target, byte[] second, byte[][] options) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        byte[] h = new byte[8];
        Icmpv6Header.write(h, 0, type, 0, word);
        m.write(h, 0, 8);
        m.write(target, 0, 16);
        if (second != null) {
            m.write(second, 0, 16);
        }
        for (byte[] o : options) {
            m.write(o, 0, o.length);
        }
        return m.toByteArray();
    }

    /** A Router Advertisement (RFC 4861 §4.2): hop limit, router lifetime (s), reachable and retrans (ms), options. */
    public static byte[] ra(int hopLimit, int lifetime, int reachable, int retrans, byte[]... options) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        byte[] h = new byte[NdMessage.RA_OPTIONS];
        Icmpv6Header.write(h, 0, Icmpv6Header.TYPE_ROUTER_ADVERTISEMENT, 0, 0);
        h[NdMessage.RA_HOP_LIMIT] = (byte) hopLimit;
        Bytes.putU16(h, NdMessage.RA_ROUTER_LIFETIME, lifetime);
        Bytes.putI32(h, NdMessage.RA_REACHABLE_TIME, reachable);
        Bytes.putI32(h, NdMessage.RA_RETRANS_TIMER, retrans);
        m.write(h, 0, h.length);
        for (byte[] o : options) {
            m.write(o, 0, o.length);
        }
        return m.toByteArray();
    }

    public static byte[] lladdr(int type, byte[] mac) {
        byte[] o = new byte[8];
        NdMessage.writeLladdr(o, 0, type, mac, 0);
        return o;
    }

    public static byte[] slla(byte[] mac) {
        return lladdr(NdMessage.OPT_SOURCE_LLADDR, mac);
    }

    public static byte[] tlla(byte[] mac) {
        return lladdr(NdMessage.OPT_TARGET_LLADDR, mac);
    }

    /** Prefix Information (RFC 4861 §4.6.2), lifetimes in seconds (0xffffffff: infinite). */
    public static byte[] prefix(byte[] prefix, int length, int flags, long valid, long preferred) {
        byte[] o = new byte[NdMessage.PI_LEN];
        o[0] = NdMessage.OPT_PREFIX_INFO;
        o[1] = 4;
        o[NdMessage.PI_PREFIX_LEN] = (byte) length;
        o[NdMessage.PI_FLAGS] = (byte) flags;
        Bytes.putI32(o, NdMessage.PI_VALID, (int) valid);
        Bytes.putI32(o, NdMessage.PI_PREFERRED, (int) preferred);
        System.arraycopy(prefix, 0, o, NdMessage.PI_PREFIX, 16);
        return o;
    }

    public static byte[] mtu(int mtu) {
        byte[] o = new byte[NdMessage.MTU_LEN];
        o[0] = NdMessage.OPT_MTU;
        o[1] = 1;
        Bytes.putI32(o, NdMessage.MTU_VALUE, mtu);
        return o;
    }

    /** The 16 bytes at off. */
    public static byte[] at(byte[] f, int off) {
        byte[] a = new byte[16];
        System.arraycopy(f, off, a, 0, 16);
        return a;
    }
}
