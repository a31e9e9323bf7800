package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.NdMessage;

/**
 * Builds and sends the Neighbor Discovery messages a host sends (RFC 4861 §4.1, §4.3, §4.4): Router and
 * Neighbor Solicitations and Neighbor Advertisements, always with hop limit 255 (§6.1, §7.1: receivers drop
 * anything else, which proves the message was not forwarded) and the link-layer address option where §4
 * asks for it.
 */
final class NdOutput {
    static final int HOP_LIMIT = 255;

    private final PacketPool pool;
    private final Icmpv6 icmp;
    private final IpRoute route = new IpRoute();

    NdOutput(PacketPool pool, Icmpv6 icmp) {
        this.pool = pool;
        this.icmp = icmp;
    }

    /**
     * A Neighbor Solicitation for target: multicast to its solicited-node group (unicastTo false, address
     * resolution, DAD) or unicast to it (NUD probes). srcHi/srcLo :: for DAD (RFC 4862 §5.4.2), which also
     * leaves the source link-layer option out (RFC 4861 §4.3).
     */
    void solicit(NetInterface ifc, long targetHi, long targetLo, boolean unicast, long srcHi, long srcLo, long now) {
        solicit(ifc, targetHi, targetLo, unicast, srcHi, srcLo, -1, now);
    }

    /** A DAD probe (RFC 4862 §5.4.2): from ::, to the solicited-node group, with RFC 7527's nonce option. */
    void probe(NetInterface ifc, long targetHi, long targetLo, long nonce, long now) {
        solicit(ifc, targetHi, targetLo, false, 0L, 0L, nonce, now);
    }

    private void solicit(NetInterface ifc, long targetHi, long targetLo, boolean unicast, long srcHi, long srcLo,
                         long nonce, long now) {
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION, 0, 0);
        Bytes.putI64(b, o + NdMessage.TARGET, targetHi);
        Bytes.putI64(b, o + NdMessage.TARGET + 8, targetLo);
        int len = NdMessage.NS_OPTIONS;
        if (!Ipv6Address.isUnspecified6(srcHi, srcLo)) {
            len += NdMessage.writeLladdr(b, o + len, NdMessage.OPT_SOURCE_LLADDR, ifc.mac, 0);
        }
        if (nonce >= 0) {
            len += NdMessage.writeNonce(b, o + len, nonce);
        }
        pool.len[h] = len;
        if (unicast) {
            send(ifc, h, srcHi, srcLo, targetHi, targetLo, now);
        } else {
            send(ifc, h, srcHi, srcLo, Ipv6Address.solicitedNodeHi(), Ipv6Address.solicitedNodeLo(targetLo), now);
        }
    }

    /**
     * A Neighbor Advertisement for our address target to dst (the solicitor, or all-nodes for an answer to
     * DAD, RFC 4861 §7.2.4), with the target link-layer address and the given R|S|O flags.
     */
    void advertise(NetInterface ifc, long targetHi, long targetLo, long dstHi, long dstLo, int flags, long now) {
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT, 0, flags << 24);
        Bytes.putI64(b, o + NdMessage.TARGET, targetHi);
        Bytes.putI64(b, o + NdMessage.TARGET + 8, targetLo);
        pool.len[h] = NdMessage.NA_OPTIONS
                + NdMessage.writeLladdr(b, o + NdMessage.NA_OPTIONS, NdMessage.OPT_TARGET_LLADDR, ifc.mac, 0);
        send(ifc, h, targetHi, targetLo, dstHi, dstLo, now);
    }

    /**
     * A Router Solicitation to all-routers (RFC 4861 §6.3.7) from src, the link-local address, or :: before
     * one is usable, and then without the source link-layer option (§4.1).
     */
    void solicitRouters(NetInterface ifc, long srcHi, long srcLo, long now) {
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, Icmpv6Header.TYPE_ROUTER_SOLICITATION, 0, 0);
        int len = NdMessage.RS_OPTIONS;
        if (!Ipv6Address.isUnspecified6(srcHi, srcLo)) {
            len += NdMessage.writeLladdr(b, o + len, NdMessage.OPT_SOURCE_LLADDR, ifc.mac, 0);
        }
        pool.len[h] = len;
        send(ifc, h, srcHi, srcLo, Ipv6Address.ALL_ROUTERS_HI, Ipv6Address.ALL_ROUTERS_LO, now);
    }

    private void send(NetInterface ifc, int h, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        route.family = ZsockConstants.AF_INET6;
        route.ifc = ifc;
        route.srcHi = srcHi;
        route.srcLo = srcLo;
        route.dstHi = dstHi;
        route.dstLo = dstLo;
        route.nextHopHi = dstHi;
        route.nextHopLo = dstLo;
        route.hopLimit = HOP_LIMIT;
        route.trafficClass = 0;
        ifc.count(NetCounters.ND_TX);
        icmp.sendAlong(h, route, now);
    }
}
