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
 */
public final class Icmpv4 {
    private final PacketPool pool;
    private final Ipv4 ip;
    private final int ttl;

    private int echoIdent = -1;
    private int echoSeq = -1;
    private boolean echoAnswered;

    Icmpv4(PacketPool pool, Ipv4 ip, int ttl) {
        this.pool = pool;
        this.ip = ip;
        this.ttl = ttl;
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
        if (type == Icmpv4Header.TYPE_ECHO_REQUEST && !NetInterface.isMulticast(dst) && dst != -1
                && dst != ifc.subnetBroadcast()) {
            reply(ifc, h, src, dst, now);
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
        if (ip.route(src, 0, 0) < 0) {
            ifc.count(NetCounters.IP_DROP_NO_ROUTE);
            pool.release(h);
            return;
        }
        finishChecksum(b, o, pool.len[h]);
        ifc.count(NetCounters.ICMP_ECHO_REPLIED);
        ip.routeInterface.count(NetCounters.ICMP_TX);
        ip.output(h, Ipv4Header.PROTO_ICMP, dst, src, ttl, 0, now);
    }

    /**
     * Destination unreachable carrying the offending IP header and its first 8 data bytes
     * (RFC 792). Never for broadcast/multicast datagrams or odd sources (RFC 1122 §3.2.2).
     * {@code original} is not consumed.
     */
    public void sendUnreachable(NetInterface ifc, int original, int code, long now) {
        byte[] ob = pool.data[original];
        int ipOff = pool.l3off[original];
        int src = Ipv4Header.src(ob, ipOff);
        int dst = Ipv4Header.dst(ob, ipOff);
        if (NetInterface.isMulticast(dst) || dst == -1 || dst == ifc.subnetBroadcast() || src == 0 || src == -1
                || NetInterface.isMulticast(src)) {
            return;
        }
        int quoted = Math.min(Ipv4Header.headerLen(ob, ipOff) + 8, Ipv4Header.totalLen(ob, ipOff));
        int h = pool.alloc(Ipv4.HEADROOM);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        if (ip.route(src, 0, 0) < 0) {
            pool.release(h);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv4Header.writeUnreachableHeader(b, o, code);
        System.arraycopy(ob, ipOff, b, o + Icmpv4Header.HEADER_LEN, quoted);
        pool.len[h] = Icmpv4Header.HEADER_LEN + quoted;
        finishChecksum(b, o, pool.len[h]);
        ifc.count(NetCounters.ICMP_UNREACHABLE_SENT);
        ip.routeInterface.count(NetCounters.ICMP_TX);
        ip.output(h, Ipv4Header.PROTO_ICMP, dst, src, ttl, 0, now);
    }

    /** Sends an echo request with payloadLen pattern bytes; returns 0 or a negative errno. */
    public int sendEcho(int dst, int ident, int seq, int payloadLen, long now) {
        int r = ip.route(dst, 0, 0);
        if (r < 0) {
            return r;
        }
        int h = pool.alloc(Ipv4.HEADROOM);
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
        NetInterface ifc = ip.routeInterface;
        ifc.count(NetCounters.ICMP_TX);
        return ip.output(h, Ipv4Header.PROTO_ICMP, ip.sourceFor(ifc, dst), dst, ttl, 0, now);
    }

    /** True once the reply to the last {@link #sendEcho} has arrived. */
    public boolean echoAnswered() {
        return echoAnswered;
    }

    private void finishChecksum(byte[] b, int o, int len) {
        if ((ip.routeInterface.txChecksumOffload & NetDevice.CSUM_ICMP) != 0) {
            b[o + 2] = 0;
            b[o + 3] = 0;
        } else {
            Icmpv4Header.fillChecksum(b, o, len);
        }
    }
}
