package io.jzsock.sim.testkit;

import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;
import java.io.ByteArrayOutputStream;

/**
 * Literal DHCP frames for tests: a server's replies built field by field with the wire codecs, and
 * readers for what a client sent (offsets of a frame without IP options: Ethernet 14, IPv4 20, UDP 8).
 */
public final class DhcpFrames {
    public static final int IP = EthernetFrame.HEADER_LEN;
    public static final int UDP = IP + Ipv4Header.MIN_LEN;
    /** Where the DHCP message starts in a frame. */
    public static final int DHCP = UDP + UdpHeader.LEN;

    private DhcpFrames() {
    }

    /** Options in wire order: add(code, bytes...) then bytes(). */
    public static final class Options {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Options type(int messageType) {
            return raw(DhcpOptions.MESSAGE_TYPE, messageType);
        }

        public Options ip(int code, int... addresses) {
            out.write(code);
            out.write(4 * addresses.length);
            for (int a : addresses) {
                out.write(a >>> 24);
                out.write(a >>> 16);
                out.write(a >>> 8);
                out.write(a);
            }
            return this;
        }

        public Options u16(int code, int v) {
            return raw(code, v >>> 8, v & 0xff);
        }

        /** code, then len = values.length, then the values (each a byte). */
        public Options raw(int code, int... values) {
            out.write(code);
            out.write(values.length);
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        /** Bytes as they are, no code or length added (for broken encodings). */
        public Options bytes(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        public Options end() {
            out.write(DhcpOptions.END);
            return this;
        }

        public byte[] toBytes() {
            return out.toByteArray();
        }
    }

    public static Options options() {
        return new Options();
    }

    /** A BOOTREPLY payload: fixed part for xid/chaddr/yiaddr, then the options as given. */
    public static byte[] reply(int xid, int flags, int ciaddr, int yiaddr, byte[] chaddr, byte[] options) {
        byte[] m = new byte[DhcpMessage.OPTIONS + options.length];
        DhcpMessage.writeReplyHeader(m, 0, xid, flags, ciaddr, yiaddr, 0, chaddr, 0);
        System.arraycopy(options, 0, m, DhcpMessage.OPTIONS, options.length);
        return m;
    }

    /** The payload from server:67 to dst:68 in an Ethernet frame to dstMac. */
    public static byte[] frame(byte[] dstMac, int server, int dst, byte[] payload) {
        return RawPeer.ipv4(dstMac, server, dst, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(server, dst, DhcpMessage.SERVER_PORT, DhcpMessage.CLIENT_PORT, payload));
    }

    /** True when the frame is a UDP datagram from port 68 to 67. */
    public static boolean isClientMessage(byte[] f) {
        return f != null && f.length > DHCP && EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_IPV4
                && Ipv4Header.protocol(f, IP) == Ipv4Header.PROTO_UDP
                && UdpHeader.srcPort(f, UDP) == DhcpMessage.CLIENT_PORT && UdpHeader.dstPort(f, UDP) == DhcpMessage.SERVER_PORT;
    }

    /** The value of the first option code in the client message of frame f, or null (options field only). */
    public static byte[] option(byte[] f, int code) {
        int end = UDP + UdpHeader.length(f, UDP);
        int i = DHCP + DhcpMessage.OPTIONS;
        while (i < end) {
            int c = f[i] & 0xff;
            if (c == DhcpOptions.PAD) {
                i++;
                continue;
            }
            if (c == DhcpOptions.END) {
                return null;
            }
            int l = f[i + 1] & 0xff;
            if (c == code) {
                byte[] v = new byte[l];
                System.arraycopy(f, i + 2, v, 0, l);
                return v;
            }
            i += 2 + l;
        }
        return null;
    }

    /** Option 53 of the client message, or -1. */
    public static int messageType(byte[] f) {
        byte[] v = option(f, DhcpOptions.MESSAGE_TYPE);
        return v == null || v.length != 1 ? -1 : v[0] & 0xff;
    }

    /** A four-byte option as an int, or 0 when absent. */
    public static int optionIp(byte[] f, int code) {
        byte[] v = option(f, code);
        return v == null ? 0 : Bytes.i32(v, 0);
    }

    public static int xid(byte[] f) {
        return DhcpMessage.xid(f, DHCP);
    }
}
