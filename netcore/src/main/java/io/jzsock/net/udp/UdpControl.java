package io.jzsock.net.udp;

import io.jzsock.net.Cmsg;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * Per-datagram metadata read straight from the queued packet's headers (zero copy): the source
 * address for recvfrom, the ancillary data recvmsg returns (IP_PKTINFO, IP_RECVTTL,
 * SO_TIMESTAMPING), and the ancillary data sendmsg accepts (IP_TTL, SCM_TXTIME).
 */
final class UdpControl {
    /** {@code struct in_pktinfo}: ipi_ifindex, ipi_spec_dst, ipi_addr. */
    static final int PKTINFO_LEN = 12;
    /** {@code struct in6_pktinfo}: ipi6_addr, ipi6_ifindex (RFC 3542 §6.1). */
    static final int PKTINFO6_LEN = 20;
    /** Source and destination in the IPv6 fixed header (RFC 8200 §3); the hop limit byte. */
    static final int IPV6_SRC = 8;
    static final int IPV6_DST = 24;
    static final int IPV6_HOP_LIMIT = 7;
    /**
     * Zephyr's {@code struct net_ptp_time} (SO_TIMESTAMPING data): uint64 second, uint32 nanosecond,
     * padded to 16 by the uint64's 8-byte alignment on ARM EABI.
     */
    static final int PTP_TIME_LEN = 16;
    private static final long NANOS_PER_SECOND = 1000000000L;

    private final UdpTable t;
    private final PacketPool pool;

    UdpControl(UdpTable t, PacketPool pool) {
        this.t = t;
        this.pool = pool;
    }

    /**
     * Source address and port of a queued datagram ({@code off[h]} at its payload), in the socket's
     * family: an AF_INET6 socket reports an IPv4 sender as {@code ::ffff:a.b.c.d} (UDP-26), and an IPv6
     * link-local sender with the arrival interface as its scope id (RFC 4007 §11).
     */
    void source(int s, int h, SockAddr out) {
        byte[] b = pool.data[h];
        int ip = pool.l3off[h];
        int port = UdpHeader.srcPort(b, pool.off[h] - UdpHeader.LEN);
        if (!isIpv6Packet(b, ip)) {
            int v4 = Ipv4Header.src(b, ip);
            if (t.v6(s)) {
                out.setAddress(ZsockConstants.AF_INET6, 0L, 0x0000ffff00000000L | (v4 & 0xffffffffL), port, 0);
            } else {
                out.setIpv4(v4, port);
            }
            return;
        }
        out.setIpv6(b, ip + IPV6_SRC, port, 0);
        if (linkLocal(b, ip + IPV6_SRC)) {
            out.setScopeId(pool.ifindex[h]);
        }
    }

    /** The version nibble of the packet's IP header (RFC 8200 §3). */
    static boolean isIpv6Packet(byte[] b, int ipOff) {
        return (b[ipOff] & 0xf0) == 0x60;
    }

    /** fe80::/10 (RFC 4291 §2.5.6). */
    static boolean linkLocal(byte[] b, int at) {
        return (b[at] & 0xff) == 0xfe && (b[at + 1] & 0xc0) == 0x80;
    }

    /**
     * Writes the enabled control messages; a message that does not fit sets MSG_CTRUNC (UDP-16).
     * msg.controlLen becomes the bytes written, 0 when none (UDP-15, UDP-18).
     */
    void writeReceiveControl(int s, int h, MsgHdr msg) {
        byte[] c = msg.control;
        int start = msg.controlOff;
        int end = c == null ? start : start + msg.controlLen;
        int at = start;
        byte[] b = pool.data[h];
        int ipOff = pool.l3off[h];
        boolean v6 = isIpv6Packet(b, ipOff);
        if (t.has(s, UdpTable.F_PKTINFO) && !v6) {
            if (at + Cmsg.space(PKTINFO_LEN) <= end) {
                int d = Cmsg.putHeader(c, at, ZsockConstants.IPPROTO_IP, ZsockConstants.IP_PKTINFO, PKTINFO_LEN);
                Cmsg.putInt(c, d, pool.ifindex[h]);
                System.arraycopy(b, ipOff + 16, c, d + 4, 4);
                System.arraycopy(b, ipOff + 16, c, d + 8, 4);
                at += Cmsg.space(PKTINFO_LEN);
            } else {
                msg.flags |= ZsockConstants.MSG_CTRUNC;
            }
        }
        if (t.has(s, UdpTable.F_RECVPKTINFO6)) {
            // RFC 3542 §6.1: the destination address and arrival interface; an IPv4 datagram on a
            // dual-stack socket names its destination in the v4-mapped form.
            if (at + Cmsg.space(PKTINFO6_LEN) <= end) {
                int d = Cmsg.putHeader(c, at, ZsockConstants.IPPROTO_IPV6, ZsockConstants.IPV6_PKTINFO, PKTINFO6_LEN);
                if (v6) {
                    System.arraycopy(b, ipOff + IPV6_DST, c, d, 16);
                } else {
                    for (int i = 0; i < 10; i++) {
                        c[d + i] = 0;
                    }
                    c[d + 10] = (byte) 0xff;
                    c[d + 11] = (byte) 0xff;
                    System.arraycopy(b, ipOff + 16, c, d + 12, 4);
                }
                Cmsg.putInt(c, d + 16, pool.ifindex[h]);
                at += Cmsg.space(PKTINFO6_LEN);
            } else {
                msg.flags |= ZsockConstants.MSG_CTRUNC;
            }
        }
        if (t.has(s, UdpTable.F_RECVTTL) && !v6) {
            if (at + Cmsg.space(4) <= end) {
                int d = Cmsg.putHeader(c, at, ZsockConstants.IPPROTO_IP, ZsockConstants.IP_TTL, 4);
                Cmsg.putInt(c, d, Ipv4Header.ttl(b, ipOff));
                at += Cmsg.space(4);
            } else {
                msg.flags |= ZsockConstants.MSG_CTRUNC;
            }
        }
        if (t.has(s, UdpTable.F_RECVHOPLIMIT6)) {
            // RFC 3542 §6.3; for an IPv4 datagram the TTL stands in for the hop limit.
            if (at + Cmsg.space(4) <= end) {
                int d = Cmsg.putHeader(c, at, ZsockConstants.IPPROTO_IPV6, ZsockConstants.IPV6_HOPLIMIT, 4);
                Cmsg.putInt(c, d, v6 ? b[ipOff + IPV6_HOP_LIMIT] & 0xff : Ipv4Header.ttl(b, ipOff));
                at += Cmsg.space(4);
            } else {
                msg.flags |= ZsockConstants.MSG_CTRUNC;
            }
        }
        if (t.timestamping[s] != 0) {
            if (at + Cmsg.space(PTP_TIME_LEN) <= end) {
                int d = Cmsg.putHeader(c, at, ZsockConstants.SOL_SOCKET, ZsockConstants.SO_TIMESTAMPING, PTP_TIME_LEN);
                long ns = pool.timeNanos[h];
                Cmsg.putLong(c, d, ns / NANOS_PER_SECOND);
                Cmsg.putInt(c, d + 8, (int) (ns % NANOS_PER_SECOND));
                Cmsg.putInt(c, d + 12, 0);
                at += Cmsg.space(PTP_TIME_LEN);
            } else {
                msg.flags |= ZsockConstants.MSG_CTRUNC;
            }
        }
        msg.controlLen = at - start;
    }

    /**
     * Applies sendmsg's control messages to the outgoing packet h and returns the TTL to use.
     * Unknown items are ignored, as Zephyr's UDP test expects (UDP-07).
     */
    int applySendControl(int s, int h, MsgHdr msg, int ttl) {
        byte[] c = msg.control;
        int end = msg.controlOff + msg.controlLen;
        for (int at = Cmsg.first(c, msg.controlOff, msg.controlLen); at >= 0; at = Cmsg.next(c, at, end)) {
            int level = Cmsg.level(c, at);
            int type = Cmsg.type(c, at);
            int dataLen = Cmsg.dataLen(c, at);
            int d = Cmsg.dataOffset(at);
            if ((level == ZsockConstants.IPPROTO_IP && type == ZsockConstants.IP_TTL
                    || level == ZsockConstants.IPPROTO_IPV6 && type == ZsockConstants.IPV6_HOPLIMIT) && dataLen >= 4) {
                // RFC 3542 §6.3: an IPV6_HOPLIMIT item sets this datagram's hop limit, as IP_TTL does for IPv4.
                int v = Cmsg.getInt(c, d);
                if (v >= 0 && v <= 255) {
                    ttl = v;
                }
            } else if (level == ZsockConstants.SOL_SOCKET && type == ZsockConstants.SCM_TXTIME && dataLen >= 8
                    && t.has(s, UdpTable.F_TXTIME)) {
                pool.timeNanos[h] = Cmsg.getLong(c, d);
            }
        }
        return ttl;
    }
}
