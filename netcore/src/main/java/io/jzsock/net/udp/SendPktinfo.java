package io.jzsock.net.udp;

import io.jzsock.net.Cmsg;
import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.wire.Bytes;

/**
 * The packet-info control message of one sendmsg, decoded: {@code struct in_pktinfo} (IP_PKTINFO, ip(7):
 * ipi_ifindex and ipi_spec_dst as the source) or {@code struct in6_pktinfo} (IPV6_PKTINFO, RFC 3542 §6.1:
 * ipi6_addr as the source, ipi6_ifindex as the outgoing interface). Zephyr reads neither on send (its
 * IP_PKTINFO and IPV6_RECVPKTINFO are receive-side only and sendmsg skips unknown items), so the rules
 * and errnos are Linux's ({@code ip_cmsg_send}, {@code ip6_datagram_send_ctl}): a short item is -EINVAL,
 * an IPv4 datagram from an AF_INET6 socket takes IPV6_PKTINFO only with a v4-mapped address (-EINVAL
 * otherwise; the unspecified address, which Linux refuses there too, is taken here as "no source"), and the
 * last item wins. The checks against the stack's addresses and interfaces are
 * the sender's.
 */
final class SendPktinfo {
    /** The outgoing interface asked for, 0 for none. */
    int ifindex;
    /** A source address was given (not the unspecified one). */
    boolean hasSource;
    /** The source: an IPv6 address, or a v4-mapped one for an IPv4 datagram. */
    long srcHi;
    long srcLo;

    /**
     * Reads msg's control data for a datagram that leaves as IPv4 ({@code v4}) or IPv6 from a socket of the
     * given family ({@code v6Socket}: AF_INET6). Returns 0 or -EINVAL.
     */
    int parse(MsgHdr msg, boolean v4, boolean v6Socket) {
        ifindex = 0;
        hasSource = false;
        srcHi = 0;
        srcLo = 0;
        if (msg == null || msg.control == null || msg.controlLen <= 0) {
            return 0;
        }
        byte[] c = msg.control;
        int end = msg.controlOff + msg.controlLen;
        for (int at = Cmsg.first(c, msg.controlOff, msg.controlLen); at >= 0; at = Cmsg.next(c, at, end)) {
            int level = Cmsg.level(c, at);
            int type = Cmsg.type(c, at);
            int dataLen = Cmsg.dataLen(c, at);
            int d = Cmsg.dataOffset(at);
            if (level == ZsockConstants.IPPROTO_IP && type == ZsockConstants.IP_PKTINFO && v4) {
                // ip_cmsg_send: exactly CMSG_LEN(sizeof(struct in_pktinfo)).
                if (dataLen != UdpControl.PKTINFO_LEN) {
                    return -Errno.EINVAL;
                }
                ifindex = Cmsg.getInt(c, d);
                int spec = Bytes.i32(c, d + 4);
                hasSource = spec != 0;
                srcHi = hasSource ? IpAddress.v4MappedHi() : 0;
                srcLo = hasSource ? IpAddress.v4MappedLo(spec) : 0;
            } else if (level == ZsockConstants.IPPROTO_IPV6 && type == ZsockConstants.IPV6_PKTINFO && v6Socket) {
                if (dataLen < UdpControl.PKTINFO6_LEN) {
                    return -Errno.EINVAL;
                }
                long hi = Bytes.i64(c, d);
                long lo = Bytes.i64(c, d + 8);
                boolean unspecified = hi == 0 && lo == 0;
                if (v4 && !unspecified && !IpAddress.isV4Mapped(hi, lo)) {
                    return -Errno.EINVAL;
                }
                ifindex = Cmsg.getInt(c, d + 16);
                hasSource = !unspecified;
                srcHi = hi;
                srcLo = lo;
            }
        }
        return 0;
    }
}
