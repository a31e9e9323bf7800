package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.Ipv6Header;

/**
 * ICMPv6 for a host (RFC 4443): echo replies built in the request's own buffer (to multicast requests too,
 * RFC 4443 §4.1, from a unicast source), echo requests for {@code NetStack.ping6}, the error messages the
 * stack sends (RFC 4443 §2.4(e)'s exclusions, one token bucket, §2.4(f)), Packet Too Big into the
 * {@link PathMtuTable} (RFC 8201 §4), and Neighbor Discovery's and MLD's types handed on.
 */
public final class Icmpv6 {
    /** RFC 4443 §2.4(c): an error carries as much of the invoking packet as fits in the minimum MTU. */
    static final int MAX_ERROR_LEN = PathMtuTable.IPV6_MIN_MTU - Ipv6Header.LEN;

    private final PacketPool pool;
    private final Ipv6 ip;
    private final TokenBucket errors;
    private final IpRoute route = new IpRoute();
    private NeighborDiscovery nd;
    private Icmpv6Handler mld;
    private Icmpv6ErrorListener errorListener;

    private int echoIdent = -1;
    private int echoSeq = -1;
    private boolean echoAnswered;

    /** errorBurst and errorIntervalMillis: the error token bucket (NetConfig's icmpError*, shared with IPv4's sizes). */
    public Icmpv6(PacketPool pool, Ipv6 ip, int errorBurst, int errorIntervalMillis) {
        this.pool = pool;
        this.ip = ip;
        this.errors = new TokenBucket(errorBurst, errorIntervalMillis);
    }

    public void attachNeighborDiscovery(NeighborDiscovery nd) {
        this.nd = nd;
    }

    /** Setup-time: who takes MLD queries and reports (RFC 3810); without one they are dropped. */
    public void attachMld(Icmpv6Handler mld) {
        this.mld = mld;
    }

    /** Setup-time: who hears of received errors (transports: port unreachable, Packet Too Big). */
    public void setErrorListener(Icmpv6ErrorListener l) {
        this.errorListener = l;
    }

    void input(NetInterface ifc, int h, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        ifc.count(NetCounters.ICMP6_RX);
        if (len < Icmpv6Header.HEADER_LEN) {
            drop(ifc, h, NetCounters.ICMP6_DROP_MALFORMED);
            return;
        }
        boolean verified = (pool.flags[h] & PacketPool.RX_L4_CSUM_OK) != 0 || ifc.loopback;
        if (!verified && !Icmpv6Header.checksumOk(b, o, len, srcHi, srcLo, dstHi, dstLo)) {
            drop(ifc, h, NetCounters.ICMP6_DROP_BAD_CHECKSUM);
            return;
        }
        int type = Icmpv6Header.type(b, o);
        if (type == Icmpv6Header.TYPE_ECHO_REQUEST) {
            reply(ifc, h, srcHi, srcLo, dstHi, dstLo, now);
        } else if (type == Icmpv6Header.TYPE_ECHO_REPLY) {
            if (Icmpv6Header.ident(b, o) == echoIdent && Icmpv6Header.seq(b, o) == echoSeq) {
                echoAnswered = true;
            }
            pool.release(h);
        } else if (type >= Icmpv6Header.TYPE_ROUTER_SOLICITATION && type <= Icmpv6Header.TYPE_REDIRECT) {
            nd.input(ifc, h, type, srcHi, srcLo, dstHi, dstLo, now);
        } else if (type == Icmpv6Header.TYPE_MLD_QUERY || type == Icmpv6Header.TYPE_MLD_REPORT
                || type == Icmpv6Header.TYPE_MLD_DONE || type == Icmpv6Header.TYPE_MLDV2_REPORT) {
            if (mld != null) {
                mld.input(ifc, h, type, srcHi, srcLo, dstHi, dstLo, now);
            } else {
                pool.release(h);
            }
        } else if (Icmpv6Header.isError(type)) {
            errorInput(ifc, h, type, now);
        } else {
            // RFC 4443 §2.4(b): an unknown informational message is silently discarded.
            pool.release(h);
        }
    }

    /** RFC 4443 §4.2: type 129, the request's identifier, sequence and data. */
    private void reply(NetInterface ifc, int h, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        if (Ipv6Address.isUnspecified6(srcHi, srcLo) || ip.route(route, srcHi, srcLo, ifc.loopback ? 0 : ifc.index, 0) < 0) {
            drop(ifc, h, NetCounters.IP6_DROP_NO_ROUTE);
            return;
        }
        // RFC 4443 §4.2: to a unicast request the reply comes from the address it was sent to.
        if (!Ipv6Address.isMulticast(dstHi)) {
            route.setSource(dstHi, dstLo);
        } else if (ip.selectSource(route) < 0) {
            drop(ifc, h, NetCounters.IP6_DROP_NO_ROUTE);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        b[o + Icmpv6Header.TYPE] = (byte) Icmpv6Header.TYPE_ECHO_REPLY;
        b[o + Icmpv6Header.CODE] = 0;
        ifc.count(NetCounters.ICMP6_ECHO_REPLIED);
        send(h, now);
    }

    private void errorInput(NetInterface ifc, int h, int type, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int quoted = o + Icmpv6Header.HEADER_LEN;
        ifc.count(NetCounters.ICMP6_ERROR_RX);
        if (pool.len[h] < Icmpv6Header.HEADER_LEN + Ipv6Header.LEN || Ipv6Header.version(b, quoted) != 6
                || ip.byAddress(Ipv6Header.srcHi(b, quoted), Ipv6Header.srcLo(b, quoted)) == null) {
            // Not about a packet of ours (RFC 8201 §4 / RFC 5927: a forged error names someone else).
            drop(ifc, h, NetCounters.ICMP6_DROP_MALFORMED);
            return;
        }
        if (type == Icmpv6Header.TYPE_PACKET_TOO_BIG) {
            int link = ifc.v6.advertisedMtu != 0 ? Math.min(ifc.v6.advertisedMtu, ifc.mtu) : ifc.mtu;
            if (ip.pathMtuTable().lower(Ipv6Header.dstHi(b, quoted), Ipv6Header.dstLo(b, quoted),
                    Icmpv6Header.word(b, o), link, now)) {
                ifc.count(NetCounters.ICMP6_PACKET_TOO_BIG_RX);
            }
        }
        if (errorListener != null) {
            errorListener.icmpv6Error(ifc, h, type, Icmpv6Header.code(b, o), Icmpv6Header.word(b, o), quoted, now);
        }
        pool.release(h);
    }

    /**
     * Sends an error of this type and code (word: Packet Too Big's MTU, Parameter Problem's pointer, else 0)
     * about {@code original} (received on ifc, {@code l3off} at its IPv6 header), if RFC 4443 §2.4(e) allows
     * one and the rate limit lets it go. {@code original} is not consumed.
     */
    public void sendError(NetInterface ifc, int original, int type, int code, int word, long now) {
        byte[] ob = pool.data[original];
        int ipOff = pool.l3off[original];
        if (!errorAllowed(original, type, code)) {
            ifc.count(NetCounters.ICMP6_ERROR_SUPPRESSED);
            return;
        }
        long srcHi = Ipv6Header.srcHi(ob, ipOff);
        long srcLo = Ipv6Header.srcLo(ob, ipOff);
        long dstHi = Ipv6Header.dstHi(ob, ipOff);
        long dstLo = Ipv6Header.dstLo(ob, ipOff);
        int quoted = Math.min(Ipv6Header.LEN + Ipv6Header.payloadLen(ob, ipOff), MAX_ERROR_LEN - Icmpv6Header.HEADER_LEN);
        if (ip.route(route, srcHi, srcLo, ifc.loopback ? 0 : ifc.index, 0) < 0) {
            ifc.count(NetCounters.IP6_DROP_NO_ROUTE);
            return;
        }
        // RFC 4443 §2.2: from the address the packet was sent to when that is one of ours.
        if (!Ipv6Address.isMulticast(dstHi) && ip.isLocal(dstHi, dstLo)) {
            route.setSource(dstHi, dstLo);
        } else if (ip.selectSource(route) < 0) {
            ifc.count(NetCounters.IP6_DROP_NO_ROUTE);
            return;
        }
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        // The token is spent only on an error that can go out.
        if (!errors.take(now)) {
            ifc.count(NetCounters.ICMP6_ERROR_RATE_LIMITED);
            pool.release(h);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, type, code, word);
        System.arraycopy(ob, ipOff, b, o + Icmpv6Header.HEADER_LEN, quoted);
        pool.len[h] = Icmpv6Header.HEADER_LEN + quoted;
        ifc.count(NetCounters.ICMP6_ERROR_SENT);
        send(h, now);
    }

    /**
     * RFC 4443 §2.4(e): no error about an ICMPv6 error or a Redirect, about a packet to a multicast group or
     * in a link-layer group frame (except Packet Too Big and Parameter Problem code 2, which the extension
     * code raises to a group only for options whose high-order bits are 10), or about a packet whose source is
     * not one node (unspecified or multicast).
     */
    boolean errorAllowed(int original, int type, int code) {
        byte[] ob = pool.data[original];
        int ipOff = pool.l3off[original];
        long srcHi = Ipv6Header.srcHi(ob, ipOff);
        if (Ipv6Address.isUnspecified6(srcHi, Ipv6Header.srcLo(ob, ipOff)) || Ipv6Address.isMulticast(srcHi)) {
            return false;
        }
        boolean group = Ipv6Address.isMulticast(Ipv6Header.dstHi(ob, ipOff))
                || (pool.flags[original] & PacketPool.RX_LINK_GROUP) != 0;
        boolean exempt = type == Icmpv6Header.TYPE_PACKET_TOO_BIG
                || (type == Icmpv6Header.TYPE_PARAMETER_PROBLEM && code == Icmpv6Header.CODE_UNKNOWN_OPTION);
        if (group && !exempt) {
            return false;
        }
        int end = Math.min(ipOff + Ipv6Header.LEN + Ipv6Header.payloadLen(ob, ipOff), ob.length);
        int upper = Ipv6Extensions.upperLayer(ob, ipOff, end);
        if (upper >= 0 && (upper >>> 16) == Ipv6Header.NH_ICMPV6) {
            int at = ipOff + (upper & 0xffff);
            if (at < end) {
                int t = ob[at] & 0xff;
                return !Icmpv6Header.isError(t) && t != Icmpv6Header.TYPE_REDIRECT;
            }
        }
        return true;
    }

    /**
     * Sends an echo request with payloadLen pattern bytes to dst (ifindex: the scope of a link-local
     * destination, else 0); returns 0 or a negative errno.
     */
    public int sendEcho(long dstHi, long dstLo, int ifindex, int ident, int seq, int payloadLen, long now) {
        int r = ip.route(route, dstHi, dstLo, ifindex, ifindex);
        if (r < 0) {
            return r;
        }
        r = ip.selectSource(route);
        if (r < 0) {
            return r;
        }
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            return h;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, Icmpv6Header.TYPE_ECHO_REQUEST, 0, (ident << 16) | (seq & 0xffff));
        for (int i = 0; i < payloadLen; i++) {
            b[o + Icmpv6Header.HEADER_LEN + i] = (byte) i;
        }
        pool.len[h] = Icmpv6Header.HEADER_LEN + payloadLen;
        echoIdent = ident & 0xffff;
        echoSeq = seq & 0xffff;
        echoAnswered = false;
        return send(h, now);
    }

    /** True once the reply to the last {@link #sendEcho} has arrived. */
    public boolean echoAnswered() {
        return echoAnswered;
    }

    /** Checksums the message at {@code off[h]} for this object's route (filled by the caller) and sends it. */
    private int send(int h, long now) {
        route.hopLimit = ip.hopLimit(route.ifc);
        route.trafficClass = 0;
        return sendAlong(h, route, now);
    }

    /**
     * Fills the ICMPv6 checksum of the message at {@code off[h]} for r's addresses and sends it along r; for
     * Neighbor Discovery and MLD, which set their own hop limit. Always in software: the devices' CSUM_ICMP
     * offload is ICMPv4's, whose checksum has no pseudo-header.
     */
    public int sendAlong(int h, IpRoute r, long now) {
        Icmpv6Header.fillChecksum(pool.data[h], pool.off[h], pool.len[h], r.srcHi, r.srcLo, r.dstHi, r.dstLo);
        r.ifc.count(NetCounters.ICMP6_TX);
        return ip.output(h, Ipv6Header.NH_ICMPV6, r, now);
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
