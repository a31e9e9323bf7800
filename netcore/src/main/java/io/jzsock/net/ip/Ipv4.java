package io.jzsock.net.ip;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.InterfaceTable;
import io.jzsock.net.iface.Ipv4Receiver;
import io.jzsock.net.iface.Loopback;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.Ipv4Options;

/**
 * IPv4 for a host (RFC 791, RFC 1122 §3.3): header validation, local delivery to ICMP and the
 * registered transports, routing (loopback, on-link, default gateway), output, and fragmentation both
 * ways: received fragments go to the {@link Reassembly} table, and a datagram larger than the MTU can be
 * sent as fragments ({@link #outputFragment}). No forwarding.
 *
 * <p>Input checks, each drop counted, so that no protocol above answers what it must not: the header
 * (RFC 791 §3.1), its options ({@link Ipv4Options}), the source address ({@link SourceAddress},
 * RFC 1122 §3.2.1.3), the destination, and a unicast destination in a link-layer broadcast frame
 * (RFC 1122 §3.3.6 "SHOULD silently discard"). The received TTL is not checked: RFC 1122 §3.2.1.7
 * says a host "MUST NOT discard a datagram just because it was received with TTL less than 2", and
 * Linux delivers locally whatever the TTL; what the stack sends never carries TTL 0 (an echo reply
 * takes the default TTL, not the request's).
 */
public final class Ipv4 implements Ipv4Receiver, Reassembly.Timeout {
    private final PacketPool pool;
    private final InterfaceTable interfaces;
    private EthernetLink ethernet;
    private Loopback loopback;
    private final Icmpv4 icmp;
    private Igmp igmp;
    private Ipv6 ipv6;
    private UnconfiguredInput unconfigured;
    private final Ipv4Protocol[] transports = new Ipv4Protocol[256];
    /** Bit p: protocol p (below 64) takes a datagram chained over several packet buffers (UDP). */
    private long takesChains;
    private Reassembly reassembly;
    private int nextId;
    /** For the queries that answer a value ({@link #reachable}, {@link #pathMtu}), never read by a caller. */
    private final IpRoute query = new IpRoute();

    /** icmpErrorBurst and icmpErrorIntervalMillis: the ICMP error token bucket (see NetConfig). */
    public Ipv4(PacketPool pool, int maxInterfaces, int initialId, int defaultTtl, int icmpErrorBurst,
                int icmpErrorIntervalMillis) {
        this.pool = pool;
        this.interfaces = new InterfaceTable(maxInterfaces);
        this.nextId = initialId & 0xffff;
        this.icmp = new Icmpv4(pool, this, defaultTtl, new TokenBucket(icmpErrorBurst, icmpErrorIntervalMillis));
    }

    public void attach(EthernetLink ethernet, Loopback loopback) {
        this.ethernet = ethernet;
        this.loopback = loopback;
    }

    public Icmpv4 icmp() {
        return icmp;
    }

    /** Setup-time: where routes to destinations that are not IPv4-mapped go ({@link #route(IpRoute, long, long, int, int)}). */
    public void attachIpv6(Ipv6 ipv6) {
        this.ipv6 = ipv6;
    }

    public void attachIgmp(Igmp igmp) {
        this.igmp = igmp;
    }

    public Igmp igmp() {
        return igmp;
    }

    /** Setup-time: who takes unicast packets on an interface that has no address yet (DHCP replies). */
    public void setUnconfiguredInput(UnconfiguredInput u) {
        this.unconfigured = u;
    }

    public void register(int protocol, Ipv4Protocol transport) {
        transports[protocol] = transport;
    }

    /**
     * As {@link #register}, for a transport whose input reads a datagram over a chain of packet buffers
     * ({@link PacketPool#next}): reassembled datagrams larger than one buffer reach it; others drop them.
     */
    public void registerChained(int protocol, Ipv4Protocol transport) {
        transports[protocol] = transport;
        if (protocol < 64) {
            takesChains |= 1L << protocol;
        }
    }

    /** Setup-time: the reassembly table fragments go to (shared with IPv6); it reports timeouts here. */
    public void attachReassembly(Reassembly r) {
        this.reassembly = r;
        r.setTimeout(ZsockConstants.AF_INET, this);
    }

    /** The reassembly table, or null before {@link #attachReassembly}. */
    public Reassembly reassembly() {
        return reassembly;
    }

    @Override
    public void reassemblyTimedOut(NetInterface ifc, int family, int first, long now) {
        if (family == ZsockConstants.AF_INET) {
            icmp.sendReassemblyTimeExceeded(ifc, first, now);
        }
    }

    /** The stack's interface registry, which the link layer and the protocol services walk too. */
    public InterfaceTable interfaces() {
        return interfaces;
    }

    /** Adds an interface; its index must be count + 1. */
    public void addInterface(NetInterface ifc) {
        interfaces.add(ifc);
    }

    public int interfaceCount() {
        return interfaces.count();
    }

    /** The interface with this index (1-based), or null. */
    public NetInterface byIndex(int ifindex) {
        return interfaces.byIndex(ifindex);
    }

    /** The first interface whose name equals the bytes, or null. */
    public NetInterface byName(byte[] name, int off, int len) {
        for (int i = 1; i <= interfaces.count(); i++) {
            String n = interfaces.byIndex(i).name;
            if (n.length() != len) {
                continue;
            }
            boolean same = true;
            for (int k = 0; k < len && same; k++) {
                same = n.charAt(k) == (name[off + k] & 0xff);
            }
            if (same) {
                return interfaces.byIndex(i);
            }
        }
        return null;
    }

    /** The interface owning this unicast address, or null. */
    public NetInterface byAddress(int ip) {
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            if (ip != 0 && ifc.v4.address == ip) {
                return ifc;
            }
        }
        return null;
    }

    /** Default interface: the first non-loopback one (Zephyr's net_if_get_default), else loopback. */
    public NetInterface defaultInterface() {
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            if (!ifc.loopback) {
                return ifc;
            }
        }
        return interfaces.byIndex(1);
    }

    /** True for the directed broadcast address of an attached subnet (RFC 919/922). */
    public boolean isSubnetBroadcast(int ip) {
        for (int i = 1; i <= interfaces.count(); i++) {
            int bcast = interfaces.byIndex(i).v4.subnetBroadcast();
            if (bcast != 0 && bcast == ip) {
                return true;
            }
        }
        return false;
    }

    /** True for 255.255.255.255, an attached subnet's broadcast or a multicast group: not one host. */
    public boolean isBroadcastOrMulticast(int ip) {
        return ip == -1 || Ipv4InterfaceState.isMulticast(ip) || isSubnetBroadcast(ip);
    }

    public boolean isLocal(int ip) {
        return (ip >>> 24) == 127 || byAddress(ip) != null;
    }

    /**
     * Chooses the interface and next hop for dst (RFC 1122 §3.3.1): loopback for our own
     * addresses, the bound interface if any, the multicast interface for groups, an on-link
     * interface, else the first interface with a gateway. Fills r's family, destination, interface
     * and next hop; the caller sets the rest before {@link #output}. Returns 0 or a negative errno.
     */
    public int route(IpRoute r, int dst, int boundIfindex, int multicastIfindex) {
        NetInterface ifc;
        int nextHop;
        if (isLocal(dst)) {
            ifc = interfaces.byIndex(1);
            nextHop = dst;
        } else if (boundIfindex != 0) {
            ifc = byIndex(boundIfindex);
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            boolean direct = ifc.v4.onLink(dst) || dst == -1 || Ipv4InterfaceState.isMulticast(dst) || ifc.v4.gateway == 0;
            nextHop = direct ? dst : ifc.v4.gateway;
        } else if (Ipv4InterfaceState.isMulticast(dst) || dst == -1) {
            ifc = multicastIfindex != 0 ? byIndex(multicastIfindex) : defaultInterface();
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            nextHop = dst;
        } else {
            ifc = null;
            nextHop = 0;
            for (int i = 1; i <= interfaces.count() && ifc == null; i++) {
                NetInterface c = interfaces.byIndex(i);
                if (!c.loopback && c.v4.onLink(dst)) {
                    ifc = c;
                    nextHop = dst;
                }
            }
            for (int i = 1; i <= interfaces.count() && ifc == null; i++) {
                NetInterface c = interfaces.byIndex(i);
                if (!c.loopback && c.v4.gateway != 0) {
                    ifc = c;
                    nextHop = c.v4.gateway;
                }
            }
            if (ifc == null) {
                return -Errno.ENETUNREACH;
            }
        }
        r.family = ZsockConstants.AF_INET;
        r.ifc = ifc;
        r.setDst4(dst);
        r.setNextHop4(nextHop);
        return 0;
    }

    /**
     * As {@link #route(IpRoute, int, int, int)} for a destination in the two-long form of {@link IpAddress}, as the
     * connection tables keep it: IPv4-mapped addresses route here, others through {@link Ipv6#route} (AF_INET6 then
     * in r.family), -ENETUNREACH without IPv6.
     */
    public int route(IpRoute r, long dstHi, long dstLo, int boundIfindex, int multicastIfindex) {
        if (!IpAddress.isV4Mapped(dstHi, dstLo)) {
            return ipv6 == null ? -Errno.ENETUNREACH : ipv6.route(r, dstHi, dstLo, boundIfindex, multicastIfindex);
        }
        return route(r, IpAddress.v4(dstLo), boundIfindex, multicastIfindex);
    }

    /** 0 when dst has a route (connect's check), else the negative errno {@link #route} gives. */
    public int reachable(int dst, int boundIfindex, int multicastIfindex) {
        return route(query, dst, boundIfindex, multicastIfindex);
    }

    /** The MTU of the interface towards dst (IP_MTU), or the negative errno {@link #route} gives. */
    public int pathMtu(int dst, int boundIfindex, int multicastIfindex) {
        int r = route(query, dst, boundIfindex, multicastIfindex);
        return r < 0 ? r : query.ifc.mtu;
    }

    /** Source address for a packet leaving ifc towards dst (RFC 1122 §3.3.4.3). */
    public int sourceFor(NetInterface ifc, int dst) {
        if (ifc.loopback) {
            NetInterface owner = byAddress(dst);
            return owner != null ? dst : 0x7F000001;
        }
        return ifc.v4.address;
    }

    /** True when the device on ifc fills this transport checksum itself. */
    public static boolean offloads(NetInterface ifc, int csumBit) {
        return (ifc.txChecksumOffload & csumBit) != 0;
    }

    /**
     * Sends a transport packet ({@code off[h]} at the transport header) along r, which {@link #route}
     * filled and the caller completed with source, TTL and TOS. Ownership of h passes here. TTL 0 drops
     * the packet (counted), as Zephyr does when IP_TTL is set to 0.
     */
    public int output(int h, int protocol, IpRoute r, long now) {
        return output(h, protocol, r, false, now);
    }

    /** As above; routerAlert adds the RFC 2113 option (IGMP). */
    public int output(int h, int protocol, IpRoute r, boolean routerAlert, long now) {
        return send(h, protocol, r, routerAlert, nextIdentification(), Ipv4Header.FLAG_DF, now);
    }

    /**
     * Data bytes each fragment carries on r's interface (all but the last): the MTU less the 20-byte header,
     * rounded down to the 8-byte unit of the fragment offset (RFC 791 §3.2).
     */
    public static int fragmentDataLen(IpRoute r) {
        return (r.ifc.mtu - Ipv4Header.MIN_LEN) & ~7;
    }

    /**
     * The identification for the fragments of one datagram. RFC 6864 §4.1: it must not repeat for the same
     * source, destination and protocol while fragments may live; the 16-bit counter, started at random, is
     * shared with unfragmented datagrams (where RFC 6864 §4.1 lets the field carry anything).
     */
    public int nextIdentification() {
        int id = nextId;
        nextId = (nextId + 1) & 0xffff;
        return id;
    }

    /**
     * Sends one fragment of a datagram larger than the MTU, as {@link #output} sends a whole one: h
     * ({@code off[h]} at its data) holds the datagram's bytes from {@code offset} on (a multiple of 8), the
     * first fragment beginning with the transport header; {@code more} is set on all but the last. DF is
     * clear on fragments, and the transport checksum must have been computed over the whole datagram.
     */
    public int outputFragment(int h, int protocol, IpRoute r, int ident, int offset, boolean more, long now) {
        r.ifc.count(NetCounters.IP_FRAG_TX);
        int ff = (offset >>> 3) | (more ? Ipv4Header.FLAG_MF : 0);
        return send(h, protocol, r, false, ident, ff, now);
    }

    private int send(int h, int protocol, IpRoute r, boolean routerAlert, int id, int flagsFragment, long now) {
        NetInterface ifc = r.ifc;
        int ttl = r.hopLimit;
        int tos = r.trafficClass;
        int src = r.src4();
        int dst = r.dst4();
        if (ttl == 0) {
            ifc.count(NetCounters.IP_DROP_TTL_ZERO);
            pool.release(h);
            return 0;
        }
        int headerLen = routerAlert ? Ipv4Header.MIN_LEN + Ipv4Header.ROUTER_ALERT_LEN : Ipv4Header.MIN_LEN;
        if (pool.prepend(h, headerLen) < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            pool.release(h);
            return -Errno.ENOMEM;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        boolean hwChecksum = (ifc.txChecksumOffload & NetDevice.CSUM_IPV4) != 0;
        if (routerAlert) {
            Ipv4Header.write(b, o, tos, pool.len[h] - Ipv4Header.ROUTER_ALERT_LEN, id, flagsFragment, ttl,
                    protocol, src, dst, false);
            Ipv4Header.addRouterAlert(b, o);
            if (!hwChecksum) {
                Ipv4Header.fillChecksum(b, o);
            }
        } else {
            Ipv4Header.write(b, o, tos, pool.len[h], id, flagsFragment, ttl, protocol, src, dst, !hwChecksum);
        }
        pool.l3off[h] = o;
        ifc.count(NetCounters.IP_TX);
        if (ifc.loopback) {
            loopback.enqueue(h);
            return 0;
        }
        if (!ifc.linkUp()) {
            ifc.count(NetCounters.TX_DROP_LINK_DOWN);
            pool.release(h);
            return -Errno.ENETDOWN;
        }
        ethernet.sendIpv4(ifc, h, r.nextHop4(), now);
        return 0;
    }

    @Override
    public void receiveIpv4(NetInterface ifc, int h, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        ifc.count(NetCounters.IP_RX);
        boolean verify = !ifc.loopback && (pool.flags[h] & PacketPool.RX_IPV4_CSUM_OK) == 0;
        int v = Ipv4Header.validate(b, o, pool.len[h], verify);
        if (v != Ipv4Header.OK) {
            drop(ifc, h, v == Ipv4Header.BAD_LENGTH ? NetCounters.IP_DROP_TOO_SHORT
                    : v == Ipv4Header.BAD_VERSION ? NetCounters.IP_DROP_BAD_VERSION
                    : v == Ipv4Header.BAD_HEADER_LEN ? NetCounters.IP_DROP_BAD_HEADER_LEN
                    : v == Ipv4Header.BAD_TOTAL_LEN ? NetCounters.IP_DROP_BAD_TOTAL_LEN
                    : NetCounters.IP_DROP_BAD_CHECKSUM);
            return;
        }
        if (Ipv4Header.headerLen(b, o) > Ipv4Header.MIN_LEN) {
            int options = Ipv4Options.validate(b, o);
            if (options != Ipv4Options.OK) {
                drop(ifc, h, options == Ipv4Options.SOURCE_ROUTED ? NetCounters.IP_DROP_SOURCE_ROUTE
                        : NetCounters.IP_DROP_BAD_OPTIONS);
                return;
            }
        }
        int src = Ipv4Header.src(b, o);
        int dst = Ipv4Header.dst(b, o);
        int protocol = Ipv4Header.protocol(b, o);
        int badSource = SourceAddress.check(this, ifc, src);
        // RFC 3376 §4.2.13: IGMP may come from 0.0.0.0 (snooping switches query from it), as Linux allows.
        if (badSource != SourceAddress.OK && !(src == 0 && protocol == Ipv4Header.PROTO_IGMP)) {
            drop(ifc, h, badSource);
            return;
        }
        if (!ifc.v4.accepts(dst) && !(ifc.loopback && byAddress(dst) != null)
                && !unconfiguredWants(ifc, b, o, protocol)) {
            drop(ifc, h, NetCounters.IP_DROP_NOT_FOR_US);
            return;
        }
        if (!ifc.loopback && (pool.flags[h] & PacketPool.RX_LINK_GROUP) != 0 && !isBroadcastOrMulticast(dst)) {
            drop(ifc, h, NetCounters.IP_DROP_UNICAST_IN_L2_GROUP);
            return;
        }
        int hl = Ipv4Header.headerLen(b, o);
        pool.l3off[h] = o;
        pool.len[h] = Ipv4Header.totalLen(b, o);
        pool.consume(h, hl);
        if (Ipv4Header.isFragment(b, o)) {
            h = reassemble(ifc, h, src, dst, protocol, now);
            if (h < 0) {
                return;
            }
        }
        if (protocol == Ipv4Header.PROTO_ICMP) {
            icmp.input(ifc, h, src, dst, now);
            return;
        }
        if (protocol == Ipv4Header.PROTO_IGMP && igmp != null) {
            igmp.input(ifc, h, now);
            return;
        }
        Ipv4Protocol t = transports[protocol];
        if (t == null) {
            drop(ifc, h, NetCounters.IP_DROP_UNKNOWN_PROTOCOL);
            return;
        }
        t.input(ifc, h, src, dst, now);
    }

    /**
     * Hands fragment h (at its data) to the reassembly table; returns the whole datagram once it is complete,
     * its fragment-zero header rewritten as one unfragmented datagram's (RFC 791 §3.2: total length, flags and
     * offset cleared), or -1. A datagram left chained over several buffers goes only to a transport that
     * takes chains.
     */
    private int reassemble(NetInterface ifc, int h, int src, int dst, int protocol, long now) {
        byte[] b = pool.data[h];
        int o = pool.l3off[h];
        if (reassembly == null || !reassembly.enabled()) {
            drop(ifc, h, NetCounters.IP_DROP_FRAGMENT);
            return -1;
        }
        int ff = Ipv4Header.flagsFragment(b, o);
        int offset = (ff & Ipv4Header.FRAGMENT_OFFSET_MASK) << 3;
        if (Ipv4Header.headerLen(b, o) + offset + pool.len[h] > 0xffff) {
            drop(ifc, h, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
            return -1;
        }
        h = reassembly.add(ifc, h, ZsockConstants.AF_INET, IpAddress.v4MappedHi(), IpAddress.v4MappedLo(src),
                IpAddress.v4MappedHi(), IpAddress.v4MappedLo(dst), Ipv4Header.id(b, o), protocol, offset,
                (ff & Ipv4Header.FLAG_MF) != 0, now);
        if (h < 0) {
            return -1;
        }
        b = pool.data[h];
        o = pool.l3off[h];
        Ipv4Header.setTotalLen(b, o, Ipv4Header.headerLen(b, o) + pool.totalLen(h));
        Ipv4Header.setFlagsFragment(b, o, 0);
        Ipv4Header.fillChecksum(b, o);
        if (pool.next[h] >= 0 && (protocol >= 64 || (takesChains & (1L << protocol)) == 0)) {
            drop(ifc, h, NetCounters.IP_REASM_DROP_TOO_BIG);
            return -1;
        }
        return h;
    }

    /** RFC 2131 §4.1: a reply unicast to the address a DHCP server offers arrives before the address is ours. */
    private boolean unconfiguredWants(NetInterface ifc, byte[] b, int o, int protocol) {
        int hl = Ipv4Header.headerLen(b, o);
        return ifc.v4.address == 0 && !ifc.loopback && unconfigured != null
                && unconfigured.wants(ifc, protocol, b, o + hl, Ipv4Header.totalLen(b, o) - hl);
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
