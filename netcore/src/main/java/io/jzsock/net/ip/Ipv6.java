package io.jzsock.net.ip;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.InterfaceTable;
import io.jzsock.net.iface.Ipv6Receiver;
import io.jzsock.net.iface.Ipv6Routers;
import io.jzsock.net.iface.Loopback;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.Ipv6Header;

/**
 * IPv6 for a host (RFC 8200, RFC 4294's successor RFC 8504): header validation, the extension-header chain,
 * local delivery to ICMPv6 and the registered transports, routing (loopback, on-link, default router,
 * redirects) and output. No forwarding. Fragments go to an {@link Ipv6Fragments} hook when one is attached.
 *
 * <p>Input checks, each drop counted: the fixed header (RFC 8200 §3), the source (never multicast, RFC 4291
 * §2.7; never ::1 from the wire, §2.5.3), the destination (our usable addresses, all-nodes, groups joined;
 * tentative addresses take nothing, RFC 4862 §5.4), and a unicast destination in a link-layer group frame.
 */
public final class Ipv6 implements Ipv6Receiver {
    static final int MAX_TRANSPORTS = 8;
    private final PacketPool pool;
    private final InterfaceTable interfaces;
    private final Ipv6Extensions extensions = new Ipv6Extensions();
    /** Next headers with a transport registered (UDP, TCP and room): a scan of eight costs less RAM than 256 slots. */
    private final int[] transportHeaders = new int[MAX_TRANSPORTS];
    private final Ipv6Protocol[] transports = new Ipv6Protocol[MAX_TRANSPORTS];
    private int transportCount;
    private final PathMtuTable pathMtu;
    private final int defaultHopLimit;
    private EthernetLink ethernet;
    private Loopback loopback;
    private Icmpv6 icmp;
    private NeighborDiscovery nd;
    private Ipv6Fragments fragments;
    /** For the queries that answer a value ({@link #reachable}, {@link #pathMtu}), never read by a caller. */
    private final IpRoute query = new IpRoute();

    public Ipv6(PacketPool pool, InterfaceTable interfaces, int defaultHopLimit, PathMtuTable pathMtu) {
        this.pool = pool;
        this.interfaces = interfaces;
        this.defaultHopLimit = defaultHopLimit;
        this.pathMtu = pathMtu;
    }

    public void attach(EthernetLink ethernet, Loopback loopback, Icmpv6 icmp) {
        this.ethernet = ethernet;
        this.loopback = loopback;
        this.icmp = icmp;
    }

    /** Setup-time: where upper-layer reachability confirmations go ({@link #confirmReachable}). */
    public void attachNeighborDiscovery(NeighborDiscovery nd) {
        this.nd = nd;
    }

    /**
     * Upper-layer reachability confirmation (RFC 4861 §7.3.1): a transport saw forward progress towards dst
     * (TCP: an ACK of new data), so the neighbour it is reached through, the destination itself or its
     * router, becomes REACHABLE again instead of going through DELAY and PROBE every ReachableTime. Returns
     * that interface's ReachableTime in milliseconds (how long the confirmation holds), or -1 without a route.
     */
    public int confirmReachable(long dstHi, long dstLo, int boundIfindex, long now) {
        if (nd == null || route(query, dstHi, dstLo, boundIfindex, 0) != 0) {
            return -1;
        }
        nd.confirmReachable(query.ifc, query.nextHopHi, query.nextHopLo, now);
        return query.ifc.v6.reachableMillis;
    }

    /** Setup-time: the reassembly and fragmentation hook (RFC 8200 §4.5). */
    public void attachFragments(Ipv6Fragments f) {
        this.fragments = f;
    }

    /** Setup-time: the transport for this next header (a second registration replaces the first). */
    public void register(int nextHeader, Ipv6Protocol transport) {
        for (int i = 0; i < transportCount; i++) {
            if (transportHeaders[i] == nextHeader) {
                transports[i] = transport;
                return;
            }
        }
        if (transportCount == MAX_TRANSPORTS) {
            throw new IllegalStateException("Ipv6: more than " + MAX_TRANSPORTS + " transports");
        }
        transportHeaders[transportCount] = nextHeader;
        transports[transportCount++] = transport;
    }

    private Ipv6Protocol transport(int nextHeader) {
        for (int i = 0; i < transportCount; i++) {
            if (transportHeaders[i] == nextHeader) {
                return transports[i];
            }
        }
        return null;
    }

    public Icmpv6 icmp() {
        return icmp;
    }

    public PathMtuTable pathMtuTable() {
        return pathMtu;
    }

    public InterfaceTable interfaces() {
        return interfaces;
    }

    /** The default hop limit of ifc: what its routers advertised (RFC 4861 §6.3.4), else the configured one. */
    public int hopLimit(NetInterface ifc) {
        return ifc.v6.hopLimit != 0 ? ifc.v6.hopLimit : defaultHopLimit;
    }

    /** The interface owning this usable unicast address, or null. */
    public NetInterface byAddress(long hi, long lo) {
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            if (ifc.v6.owns(hi, lo)) {
                return ifc;
            }
        }
        return null;
    }

    public boolean isLocal(long hi, long lo) {
        return Ipv6Address.isLoopback6(hi, lo) || byAddress(hi, lo) != null;
    }

    /** The first non-loopback interface running IPv6 (one with an address in any state), else null. */
    public NetInterface defaultInterface() {
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            if (!ifc.loopback && ifc.v6.linkLocal() >= 0) {
                return ifc;
            }
        }
        return null;
    }

    /**
     * Chooses the interface and next hop for dst (RFC 4861 §5.2 next-hop determination): loopback for our
     * own addresses and ::1; for link-local and multicast destinations the bound or given interface (the
     * caller's scope id), else the default one; then a redirect for the destination, an on-link prefix, a
     * default router. RFC 4943: with no router a destination is not assumed on-link (-ENETUNREACH). Fills
     * r's family, destination, interface and next hop; the caller sets source, hop limit and class.
     */
    public int route(IpRoute r, long dstHi, long dstLo, int boundIfindex, int multicastIfindex) {
        NetInterface ifc = null;
        long nhHi = dstHi;
        long nhLo = dstLo;
        if (isLocal(dstHi, dstLo)) {
            ifc = interfaces.byIndex(1);
        } else if (Ipv6Address.isMulticast(dstHi) || Ipv6Address.isLinkLocal(dstHi)) {
            int index = Ipv6Address.isMulticast(dstHi) && multicastIfindex != 0 ? multicastIfindex : boundIfindex;
            ifc = index != 0 ? interfaces.byIndex(index) : defaultInterface();
            if (ifc == null) {
                return index != 0 ? -Errno.ENODEV : -Errno.ENETUNREACH;
            }
            if (ifc.loopback && !(Ipv6Address.isMulticast(dstHi) && Ipv6Address.multicastScope(dstHi) == 1)) {
                return -Errno.ENETUNREACH;
            }
        } else {
            for (int i = 1; i <= interfaces.count() && ifc == null; i++) {
                NetInterface c = interfaces.byIndex(i);
                if (c.loopback || (boundIfindex != 0 && c.index != boundIfindex)) {
                    continue;
                }
                Ipv6Routers rt = c.v6.routers;
                int redirect = rt.findRedirect(dstHi, dstLo);
                if (redirect >= 0) {
                    ifc = c;
                    nhHi = rt.redirectToHi[redirect];
                    nhLo = rt.redirectToLo[redirect];
                } else if (rt.onLink(dstHi, dstLo)) {
                    ifc = c;
                }
            }
            for (int i = 1; i <= interfaces.count() && ifc == null; i++) {
                NetInterface c = interfaces.byIndex(i);
                if (c.loopback || (boundIfindex != 0 && c.index != boundIfindex)) {
                    continue;
                }
                int router = NeighborDiscovery.defaultRouter(c);
                if (router >= 0) {
                    ifc = c;
                    nhHi = c.v6.routers.routerHi[router];
                    nhLo = c.v6.routers.routerLo[router];
                }
            }
            if (ifc == null) {
                return boundIfindex != 0 && interfaces.byIndex(boundIfindex) == null ? -Errno.ENODEV : -Errno.ENETUNREACH;
            }
        }
        r.family = ZsockConstants.AF_INET6;
        r.ifc = ifc;
        r.dstHi = dstHi;
        r.dstLo = dstLo;
        r.nextHopHi = nhHi;
        r.nextHopLo = nhLo;
        return 0;
    }

    /** 0 when dst has a route (connect's check), else the negative errno {@link #route} gives. */
    public int reachable(long dstHi, long dstLo, int boundIfindex, int multicastIfindex) {
        return route(query, dstHi, dstLo, boundIfindex, multicastIfindex);
    }

    /** The path MTU towards dst (IPV6_MTU, TCP's MSS): the link's, lowered by Packet Too Big (RFC 8201). */
    public int pathMtu(long dstHi, long dstLo, int boundIfindex, int multicastIfindex) {
        int r = route(query, dstHi, dstLo, boundIfindex, multicastIfindex);
        return r < 0 ? r : mtuFor(query.ifc, dstHi, dstLo);
    }

    private int mtuFor(NetInterface ifc, long dstHi, long dstLo) {
        int link = ifc.v6.advertisedMtu != 0 ? Math.min(ifc.v6.advertisedMtu, ifc.mtu) : ifc.mtu;
        return pathMtu.mtu(dstHi, dstLo, link);
    }

    /**
     * Fills r's source for its destination and interface (RFC 6724 §5, {@link SourceSelection}); 0, or
     * -EADDRNOTAVAIL when the interface has no usable address of a fitting scope.
     */
    public int selectSource(IpRoute r) {
        return SourceSelection.select(this, r);
    }

    /**
     * Sends an upper-layer packet ({@code off[h]} at its header) along r, which {@link #route} filled and the
     * caller completed with source, hop limit and traffic class. Ownership of h passes here. Hop limit 0
     * drops the packet (counted). Larger than the path MTU: fragmented by the hook, else -EMSGSIZE.
     */
    public int output(int h, int nextHeader, IpRoute r, long now) {
        NetInterface ifc = r.ifc;
        if (r.hopLimit == 0) {
            drop(ifc, h, NetCounters.IP6_DROP_HOP_LIMIT_ZERO);
            return 0;
        }
        int payload = pool.len[h];
        if (pool.prepend(h, Ipv6Header.LEN) < 0) {
            drop(ifc, h, NetCounters.IP_DROP_NO_BUFFER);
            return -Errno.ENOMEM;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Ipv6Header.write(b, o, r.trafficClass, 0, payload, nextHeader, r.hopLimit, r.srcHi, r.srcLo, r.dstHi, r.dstLo);
        pool.l3off[h] = o;
        ifc.count(NetCounters.IP6_TX);
        if (ifc.loopback) {
            loopback.enqueue(h);
            return 0;
        }
        int mtu = mtuFor(ifc, r.dstHi, r.dstLo);
        if (pool.len[h] > mtu) {
            if (fragments != null) {
                return fragments.fragment(h, r, mtu, now);
            }
            drop(ifc, h, NetCounters.IP6_DROP_TOO_BIG);
            return -Errno.EMSGSIZE;
        }
        if (!ifc.linkUp()) {
            drop(ifc, h, NetCounters.TX_DROP_LINK_DOWN);
            return -Errno.ENETDOWN;
        }
        ethernet.sendIpv6(ifc, h, r.nextHopHi, r.nextHopLo, now);
        return 0;
    }

    /**
     * Sends an upper-layer packet larger than one buffer, cut by its sender into n fragment-sized buffers
     * ({@link Ipv6Fragments#sendFragments}); r as for {@link #output}. Without a fragmentation hook the
     * buffers are dropped and the answer is -EMSGSIZE. Ownership of every buffer passes here.
     */
    public int outputFragments(int[] hs, int n, int nextHeader, IpRoute r, long now) {
        NetInterface ifc = r.ifc;
        if (fragments == null || r.hopLimit == 0) {
            for (int i = 0; i < n; i++) {
                pool.release(hs[i]);
            }
            ifc.count(fragments == null ? NetCounters.IP6_DROP_TOO_BIG : NetCounters.IP6_DROP_HOP_LIMIT_ZERO);
            return fragments == null ? -Errno.EMSGSIZE : 0;
        }
        ifc.count(NetCounters.IP6_TX);
        return fragments.sendFragments(hs, n, nextHeader, r, now);
    }

    /** The path MTU along a route {@link #route} filled: what one packet, headers included, may be. */
    public int pathMtu(IpRoute r) {
        return mtuFor(r.ifc, r.dstHi, r.dstLo);
    }

    /**
     * Hands a packet whose IPv6 header is at {@code off[h]} to the link towards r's next hop, or to loopback
     * (fragments do).
     */
    public void transmit(int h, IpRoute r, long now) {
        if (r.ifc.loopback) {
            loopback.enqueue(h);
            return;
        }
        ethernet.sendIpv6(r.ifc, h, r.nextHopHi, r.nextHopLo, now);
    }

    @Override
    public void receiveIpv6(NetInterface ifc, int h, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        ifc.count(NetCounters.IP6_RX);
        int v = Ipv6Header.validate(b, o, pool.len[h]);
        if (v != Ipv6Header.OK) {
            drop(ifc, h, v == Ipv6Header.BAD_VERSION ? NetCounters.IP6_DROP_BAD_VERSION : NetCounters.IP6_DROP_TOO_SHORT);
            return;
        }
        long srcHi = Ipv6Header.srcHi(b, o);
        long srcLo = Ipv6Header.srcLo(b, o);
        long dstHi = Ipv6Header.dstHi(b, o);
        long dstLo = Ipv6Header.dstLo(b, o);
        if (Ipv6Address.isMulticast(srcHi) || (!ifc.loopback && (Ipv6Address.isLoopback6(srcHi, srcLo)
                || Ipv6Address.isLoopback6(dstHi, dstLo) || ifc.v6.owns(srcHi, srcLo)))) {
            drop(ifc, h, NetCounters.IP6_DROP_BAD_SOURCE);
            return;
        }
        if (!ifc.v6.accepts(dstHi, dstLo) && !(ifc.loopback && isLocal(dstHi, dstLo))) {
            drop(ifc, h, NetCounters.IP6_DROP_NOT_FOR_US);
            return;
        }
        if (!ifc.loopback && (pool.flags[h] & PacketPool.RX_LINK_GROUP) != 0 && !Ipv6Address.isMulticast(dstHi)) {
            drop(ifc, h, NetCounters.IP6_DROP_UNICAST_IN_L2_GROUP);
            return;
        }
        pool.l3off[h] = o;
        pool.len[h] = Ipv6Header.LEN + Ipv6Header.payloadLen(b, o);
        pool.consume(h, Ipv6Header.LEN);
        chain(ifc, h, Ipv6Header.nextHeader(b, o), o + Ipv6Header.NEXT_HEADER, true, now);
    }

    /**
     * Continues with a reassembled datagram: {@code off[h]} at the header that followed the Fragment header,
     * {@code l3off[h]} at the IPv6 header, nextHeader that header's type (from the Fragment header).
     */
    public void deliver(NetInterface ifc, int h, int nextHeader, int nextHeaderField, long now) {
        chain(ifc, h, nextHeader, nextHeaderField, false, now);
    }

    /** RFC 8200 §4.1: the extension headers in the order they come, each processed before the next. */
    private void chain(NetInterface ifc, int h, int nh, int nhField, boolean first, long now) {
        byte[] b = pool.data[h];
        int ip = pool.l3off[h];
        boolean multicastDst = Ipv6Address.isMulticast(Ipv6Header.dstHi(b, ip));
        while (true) {
            int off = pool.off[h];
            int len = pool.len[h];
            if (nh == Ipv6Header.NH_HOP_BY_HOP || nh == Ipv6Header.NH_DEST_OPTIONS || nh == Ipv6Header.NH_ROUTING) {
                if (nh == Ipv6Header.NH_HOP_BY_HOP && !first) {
                    // RFC 8200 §4.1: Hop-by-Hop only right after the IPv6 header; elsewhere an unknown next header.
                    problem(ifc, h, Icmpv6Header.CODE_UNKNOWN_NEXT_HEADER, nhField - ip, NetCounters.IP6_DROP_UNKNOWN_HEADER, now);
                    return;
                }
                if (len < 8 || Ipv6Extensions.length(b, off) > len) {
                    drop(ifc, h, NetCounters.IP6_DROP_BAD_EXTENSION);
                    return;
                }
                int extLen = Ipv6Extensions.length(b, off);
                int r = nh == Ipv6Header.NH_ROUTING ? extensions.routing(b, off, ip)
                        : extensions.options(b, off, extLen, ip, multicastDst);
                if (r == Ipv6Extensions.PROBLEM) {
                    problem(ifc, h, extensions.code, extensions.pointer,
                            nh == Ipv6Header.NH_ROUTING ? NetCounters.IP6_DROP_ROUTING_HEADER : NetCounters.IP6_DROP_BAD_EXTENSION,
                            now);
                    return;
                }
                if (r == Ipv6Extensions.DROP) {
                    drop(ifc, h, NetCounters.IP6_DROP_BAD_EXTENSION);
                    return;
                }
                if (nh == Ipv6Header.NH_HOP_BY_HOP && extensions.routerAlert) {
                    pool.flags[h] |= PacketPool.RX_ROUTER_ALERT;
                }
                nhField = off;
                nh = b[off] & 0xff;
                pool.consume(h, extLen);
                first = false;
                continue;
            }
            if (nh == Ipv6Header.NH_FRAGMENT) {
                if (fragments == null) {
                    drop(ifc, h, NetCounters.IP6_DROP_FRAGMENT);
                } else {
                    fragments.reassemble(ifc, h, nhField, now);
                }
                return;
            }
            if (nh == Ipv6Header.NH_NO_NEXT) {
                pool.release(h);
                return;
            }
            long srcHi = Ipv6Header.srcHi(b, ip);
            long srcLo = Ipv6Header.srcLo(b, ip);
            long dstHi = Ipv6Header.dstHi(b, ip);
            long dstLo = Ipv6Header.dstLo(b, ip);
            if (nh == Ipv6Header.NH_ICMPV6) {
                icmp.input(ifc, h, srcHi, srcLo, dstHi, dstLo, now);
                return;
            }
            Ipv6Protocol t = transport(nh);
            if (t == null) {
                problem(ifc, h, Icmpv6Header.CODE_UNKNOWN_NEXT_HEADER, nhField - ip, NetCounters.IP6_DROP_UNKNOWN_HEADER, now);
                return;
            }
            t.input(ifc, h, srcHi, srcLo, dstHi, dstLo, now);
            return;
        }
    }

    private void problem(NetInterface ifc, int h, int code, int pointer, int counter, long now) {
        icmp.sendError(ifc, h, Icmpv6Header.TYPE_PARAMETER_PROBLEM, code, pointer, now);
        drop(ifc, h, counter);
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
