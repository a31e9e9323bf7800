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

    /** Source address and port of a queued datagram ({@code off[h]} at its payload). */
    void source(int h, SockAddr out) {
        byte[] b = pool.data[h];
        out.setIpv4(Ipv4Header.src(b, pool.l3off[h]), UdpHeader.srcPort(b, pool.off[h] - UdpHeader.LEN));
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
        if (t.has(s, UdpTable.F_PKTINFO)) {
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
        if (t.has(s, UdpTable.F_RECVTTL)) {
            if (at + Cmsg.space(4) <= end) {
                int d = Cmsg.putHeader(c, at, ZsockConstants.IPPROTO_IP, ZsockConstants.IP_TTL, 4);
                Cmsg.putInt(c, d, Ipv4Header.ttl(b, ipOff));
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
            int dataLen = Cmsg.cmsgLen(c, at) - Cmsg.HDR_LEN;
            int d = Cmsg.dataOffset(at);
            if (level == ZsockConstants.IPPROTO_IP && type == ZsockConstants.IP_TTL && dataLen >= 4) {
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
