package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;

/**
 * ICMPv4 for a host (RFC 792, RFC 1122 §3.2.2): echo replies built in the request's own buffer,
 * port-unreachable errors for closed UDP ports, and echo requests for {@code NetStack.ping}.
 * Errors obey RFC 1122 §3.2.2's list of datagrams never to answer and share one token bucket
 * (RFC 1812 §4.3.2.8); echo replies are not rate limited (Linux's default {@code icmp_ratemask}
 * leaves them out too), and echo requests to broadcast or multicast addresses are not answered
 * (RFC 1122 §3.2.2.6 "MAY be silently discarded", Linux's {@code icmp_echo_ignore_broadcasts=1}).
 */
public final class Icmpv4 {
    private final PacketPool pool;
    private final Ipv4 ip;
    private final int ttl;
    private final TokenBucket errors;
    private final IpRoute route = new IpRoute();

    private int echoIdent = -1;
    private int echoSeq = -1;
    private boolean echoAnswered;

    Icmpv4(PacketPool pool, Ipv4 ip, int ttl, TokenBucket errors) {
        this.pool = pool;
        this.ip = ip;
        this.ttl = ttl;
        this.errors = errors;
    }

    void input(NetInterface ifc, int h, int src, int dst, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        ifc.count(NetCounters.ICMP_RX);
        boolean verified = (pool.flags[h] & PacketPool.RX_L4_CSUM_OK) != 0 || ifc.loopback;
        if (len < Icmpv4Header.HEADER_LEN || (!verified && !Icmpv4Header.checksumOk(b, o, len))) {
            ifc.count(NetCounters.ICMP_DROP_BAD_CHECKSUM);
            pool.release(h);
            return;
        }
        int type = Icmpv4Header.type(b, o);
        if (type == Icmpv4Header.TYPE_ECHO_REQUEST) {
            if (ip.isBroadcastOrMulticast(dst)) {
                ifc.count(NetCounters.ICMP_DROP_BROADCAST_ECHO);
                pool.release(h);
            } else {
                reply(ifc, h, src, dst, now);
            }
            return;
        }
        if (type == Icmpv4Header.TYPE_ECHO_REPLY && Icmpv4Header.ident(b, o) == echoIdent
                && Icmpv4Header.seq(b, o) == echoSeq) {
            echoAnswered = true;
        } else if (type == Icmpv4Header.TYPE_DEST_UNREACHABLE) {
            ifc.count(NetCounters.ICMP_UNREACHABLE_RX);
        }
        pool.release(h);
    }

    /** RFC 792 echo: same identifier, sequence and data, type 0, addresses swapped. */
    private void reply(NetInterface ifc, int h, int src, int dst, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv4Header.setType(b, o, Icmpv4Header.TYPE_ECHO_REPLY);
        Icmpv4Header.setCode(b, o, 0);
        if (ip.route(route, src, 0, 0) < 0) {
            ifc.count(NetCounters.IP_DROP_NO_ROUTE);
            pool.release(h);
            return;
        }
        finishChecksum(b, o, pool.len[h]);
        ifc.count(NetCounters.ICMP_ECHO_REPLIED);
        route.ifc.count(NetCounters.ICMP_TX);
        route.setSending4(dst, ttl, 0);
        ip.output(h, Ipv4Header.PROTO_ICMP, route, now);
    }

    /**
     * Destination unreachable carrying the offending IP header and its first 8 data bytes
     * (RFC 792), if {@link #errorAllowed} and the rate limit let it go. {@code original} (received on
     * ifc, {@code l3off} at its IP header) is not consumed.
     */
    public void sendUnreachable(NetInterface ifc, int original, int code, long now) {
        sendError(ifc, original, Icmpv4Header.TYPE_DEST_UNREACHABLE, code, NetCounters.ICMP_UNREACHABLE_SENT, now);
    }

    /**
     * Time Exceeded code 1 for a datagram whose reassembly timed out (RFC 792; RFC 1122 §3.3.2: "if fragment
     * zero has been received"), quoting fragment zero's header and first 8 data bytes. Not consumed.
     */
    void sendReassemblyTimeExceeded(NetInterface ifc, int fragmentZero, long now) {
        sendError(ifc, fragmentZero, Icmpv4Header.TYPE_TIME_EXCEEDED, Icmpv4Header.CODE_REASSEMBLY_TIME_EXCEEDED,
                NetCounters.ICMP_TIME_EXCEEDED_SENT, now);
    }

    private void sendError(NetInterface ifc, int original, int type, int code, int sentCounter, long now) {
        byte[] ob = pool.data[original];
        int ipOff = pool.l3off[original];
        if (!errorAllowed(ifc, original)) {
            ifc.count(NetCounters.ICMP_ERROR_SUPPRESSED);
            return;
        }
        int src = Ipv4Header.src(ob, ipOff);
        int dst = Ipv4Header.dst(ob, ipOff);
        int quoted = Math.min(Ipv4Header.headerLen(ob, ipOff) + 8, Ipv4Header.totalLen(ob, ipOff));
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        if (ip.route(route, src, 0, 0) < 0) {
            ifc.count(NetCounters.IP_DROP_NO_ROUTE);
            pool.release(h);
            return;
        }
        // The token is spent only on an error that can go out.
        if (!errors.take(now)) {
            ifc.count(NetCounters.ICMP_ERROR_RATE_LIMITED);
            pool.release(h);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv4Header.writeErrorHeader(b, o, type, code);
        System.arraycopy(ob, ipOff, b, o + Icmpv4Header.HEADER_LEN, quoted);
        pool.len[h] = Icmpv4Header.HEADER_LEN + quoted;
        finishChecksum(b, o, pool.len[h]);
        ifc.count(sentCounter);
        route.ifc.count(NetCounters.ICMP_TX);
        route.setSending4(dst, ttl, 0);
        ip.output(h, Ipv4Header.PROTO_ICMP, route, now);
    }

    /**
     * RFC 1122 §3.2.2: an ICMP error MUST NOT be sent for an ICMP error, a datagram to an IP broadcast
     * or multicast address, a link-layer broadcast, a non-initial fragment, or a datagram whose source
     * is not a single host (zero, loopback, broadcast, multicast, class E).
     */
    boolean errorAllowed(NetInterface ifc, int original) {
        byte[] ob = pool.data[original];
        int ipOff = pool.l3off[original];
        if (ip.isBroadcastOrMulticast(Ipv4Header.dst(ob, ipOff)) || (pool.flags[original] & PacketPool.RX_LINK_GROUP) != 0
                || (Ipv4Header.flagsFragment(ob, ipOff) & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0
                || SourceAddress.check(ip, ifc, Ipv4Header.src(ob, ipOff)) != SourceAddress.OK) {
            return false;
        }
        int hl = Ipv4Header.headerLen(ob, ipOff);
        return Ipv4Header.protocol(ob, ipOff) != Ipv4Header.PROTO_ICMP || Ipv4Header.totalLen(ob, ipOff) <= hl
                || !isError(Icmpv4Header.type(ob, ipOff + hl));
    }

    /**
     * RFC 792's error types (unreachable, source quench, redirect, time exceeded, parameter problem);
     * a type beyond RFC 950's Address Mask Reply (18) counts as an error too, as in Linux's icmp_send.
     */
    private static boolean isError(int type) {
        return type == Icmpv4Header.TYPE_DEST_UNREACHABLE || type == Icmpv4Header.TYPE_SOURCE_QUENCH
                || type == Icmpv4Header.TYPE_REDIRECT || type == Icmpv4Header.TYPE_TIME_EXCEEDED
                || type == Icmpv4Header.TYPE_PARAMETER_PROBLEM || type > Icmpv4Header.TYPE_ADDRESS_MASK_REPLY;
    }

    /** Sends an echo request with payloadLen pattern bytes; returns 0 or a negative errno. */
    public int sendEcho(int dst, int ident, int seq, int payloadLen, long now) {
        int r = ip.route(route, dst, 0, 0);
        if (r < 0) {
            return r;
        }
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            return h;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv4Header.setType(b, o, Icmpv4Header.TYPE_ECHO_REQUEST);
        Icmpv4Header.setCode(b, o, 0);
        Icmpv4Header.setIdentSeq(b, o, ident, seq);
        for (int i = 0; i < payloadLen; i++) {
            b[o + Icmpv4Header.HEADER_LEN + i] = (byte) i;
        }
        pool.len[h] = Icmpv4Header.HEADER_LEN + payloadLen;
        finishChecksum(b, o, pool.len[h]);
        echoIdent = ident;
        echoSeq = seq;
        echoAnswered = false;
        NetInterface ifc = route.ifc;
        ifc.count(NetCounters.ICMP_TX);
        route.setSending4(ip.sourceFor(ifc, dst), ttl, 0);
        return ip.output(h, Ipv4Header.PROTO_ICMP, route, now);
    }

    /** True once the reply to the last {@link #sendEcho} has arrived. */
    public boolean echoAnswered() {
        return echoAnswered;
    }

    private void finishChecksum(byte[] b, int o, int len) {
        if ((route.ifc.txChecksumOffload & NetDevice.CSUM_ICMP) != 0) {
            b[o + 2] = 0;
            b[o + 3] = 0;
        } else {
            Icmpv4Header.fillChecksum(b, o, len);
        }
    }
}
