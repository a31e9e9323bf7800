package io.jzsock.net.ip;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.InterfaceTable;
import io.jzsock.net.iface.Ipv6AddressRemoval;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NeighborCache;
import io.jzsock.net.iface.NeighborResolver;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.service.StackService;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.NdMessage;

/**
 * Neighbor Discovery for a host (RFC 4861): the validity checks every ND message passes (§6.1, §7.1, §8.1),
 * address resolution and neighbour unreachability detection over the {@link NeighborCache} (§7.2, §7.3), and the
 * interface start-up. Duplicate address detection (RFC 4862 §5.4, RFC 7217 identifiers) is
 * {@link DuplicateAddressDetection}'s; router and prefix discovery, SLAAC and redirects {@link RouterDiscovery}'s;
 * all three run as this one {@link StackService}.
 */
public final class NeighborDiscovery implements NeighborResolver, StackService {
    /** RFC 4861 §10 MAX_MULTICAST_SOLICIT, MAX_UNICAST_SOLICIT. */
    static final int MAX_MULTICAST_SOLICIT = 3;
    static final int MAX_UNICAST_SOLICIT = 3;
    /** RFC 4861 §10 REACHABLE_TIME and RETRANS_TIMER. */
    static final int REACHABLE_TIME_MILLIS = 30000;
    static final int RETRANS_TIMER_MILLIS = 1000;
    /** RFC 4861 §10 MAX_RTR_SOLICITATION_DELAY: the random delay before the first DAD probe and RS. */
    static final int MAX_START_DELAY_MILLIS = 1000;

    private final PacketPool pool;
    private final InterfaceTable interfaces;
    private final EthernetLink ethernet;
    private final Entropy entropy;
    private final DuplicateAddressDetection dad;
    private final NdOutput out;
    private final RouterDiscovery routers;
    private final TemporaryAddresses temporary;
    private final byte[] mac = new byte[6];
    private final int dadTransmits;
    private Ipv6AddressRemoval removal;

    /** secret: RFC 7217's secret_key, 16 bytes or more; the RS settings as NetConfig's ipv6Rs*. */
    public NeighborDiscovery(PacketPool pool, Ipv6 ip, EthernetLink ethernet, Entropy entropy, byte[] secret,
                             int dadTransmits, int rsCount, int rsIntervalMillis, int rsMaxIntervalMillis) {
        this.pool = pool;
        this.interfaces = ip.interfaces();
        this.ethernet = ethernet;
        this.entropy = entropy;
        this.out = new NdOutput(pool, ip.icmp());
        this.routers = new RouterDiscovery(this, ip, out, rsCount, rsIntervalMillis, rsMaxIntervalMillis,
                interfaces);
        this.temporary = new TemporaryAddresses(this, entropy);
        this.dad = new DuplicateAddressDetection(this, routers, out, new StableIid(secret), dadTransmits);
        this.dadTransmits = dadTransmits;
    }

    /**
     * Setup-time: RFC 8981 temporary addresses beside SLAAC ones, TEMP_PREFERRED_LIFETIME and TEMP_VALID_LIFETIME
     * in seconds ({@link TemporaryAddresses}).
     */
    public void enableTemporaryAddresses(int preferredSeconds, int validSeconds) {
        temporary.enable(preferredSeconds, validSeconds, dadTransmits, RETRANS_TIMER_MILLIS);
    }

    TemporaryAddresses temporary() {
        return temporary;
    }

    /**
     * Starts IPv6 on an interface (setup-time): all-nodes joined (RFC 4291 §2.8), the link-local address
     * fe80::/64 with a stable identifier (RFC 4862 §5.3, RFC 7217) and the configured static address, both
     * tentative until DAD passes; router solicitation follows the link-local address.
     */
    public void start(NetInterface ifc, InterfaceConfig cfg, long now) {
        Ipv6InterfaceState v6 = ifc.v6;
        v6.enabled = true;
        v6.retransMillis = RETRANS_TIMER_MILLIS;
        v6.baseReachableMillis = REACHABLE_TIME_MILLIS;
        v6.reachableMillis = randomReachable(REACHABLE_TIME_MILLIS);
        ifc.joinIpv6Group(Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO);
        long first = now + random(MAX_START_DELAY_MILLIS);
        routers.start(ifc, cfg.ipv6Slaac, first);
        addTentative(ifc, Ipv6Address.LINK_LOCAL_HI, dad.stableIid(Ipv6Address.LINK_LOCAL_HI, ifc, 0), 64,
                Ipv6InterfaceState.ORIGIN_LINK_LOCAL, Ipv6InterfaceState.FOREVER, Ipv6InterfaceState.FOREVER, 0, first);
        if (cfg.ipv6Address != null) {
            addStatic(ifc, Bytes.i64(cfg.ipv6Address, 0), Bytes.i64(cfg.ipv6Address, 8), cfg.ipv6PrefixLength, first);
        }
    }

    /**
     * A configured address (never expires), tentative until DAD passes from firstProbe on; the slot, or -1 when
     * the table is full. Its prefix is on-link, as Linux's prefix route for a manual address (RFC 4861 §5.2's
     * Prefix List).
     */
    public int addStatic(NetInterface ifc, long hi, long lo, int plen, long firstProbe) {
        int slot = addTentative(ifc, hi, lo, plen, Ipv6InterfaceState.ORIGIN_STATIC, Ipv6InterfaceState.FOREVER,
                Ipv6InterfaceState.FOREVER, 0, firstProbe);
        if (slot >= 0 && plen > 0 && plen < 128) {
            ifc.v6.routers.setPrefix(plen >= 64 ? hi : hi & (-1L << (64 - plen)),
                    plen <= 64 ? 0 : lo & (-1L << (128 - plen)), plen, Ipv6InterfaceState.FOREVER);
        }
        return slot;
    }

    /** Setup-time: expired and retired addresses go through r, so that a bound socket keeps its address. */
    public void attachAddressRemoval(Ipv6AddressRemoval r) {
        this.removal = r;
    }

    /** Removes the address in slot now unless a socket holds it (then it goes with that socket); true if gone. */
    boolean removeAddress(NetInterface ifc, int slot) {
        if (removal != null) {
            return removal.remove(ifc, slot);
        }
        ifc.removeIpv6(slot);
        return true;
    }

    /** The Default Router List entry of ifc to send off-link traffic to (RFC 4861 §6.3.6), or -1. */
    static int defaultRouter(NetInterface ifc) {
        return RouterDiscovery.defaultRouter(ifc);
    }

    /** An address in DAD ({@link DuplicateAddressDetection#add}); the slot or -1 when the table is full. */
    int addTentative(NetInterface ifc, long hi, long lo, int prefixLen, int origin, long preferredUntil,
                     long validUntil, int dadCounter, long firstProbe) {
        return dad.add(ifc, hi, lo, prefixLen, origin, preferredUntil, validUntil, dadCounter, firstProbe);
    }

    long stableIid(long prefixHi, NetInterface ifc, int dadCounter) {
        return dad.stableIid(prefixHi, ifc, dadCounter);
    }


    /**
     * The common checks of RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2 and §8.1 (hop limit 255, code 0, the
     * type's minimum length, options of non-zero length inside the message; the checksum was checked by
     * {@link Icmpv6}), then the message's own processing.
     */
    void input(NetInterface ifc, int h, int type, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        ifc.count(NetCounters.ND_RX);
        int optionsAt = type == Icmpv6Header.TYPE_ROUTER_SOLICITATION ? NdMessage.RS_OPTIONS
                : type == Icmpv6Header.TYPE_ROUTER_ADVERTISEMENT ? NdMessage.RA_OPTIONS
                : type == Icmpv6Header.TYPE_REDIRECT ? NdMessage.REDIRECT_OPTIONS : NdMessage.NS_OPTIONS;
        if (ifc.loopback || Ipv6Header.hopLimit(b, pool.l3off[h]) != NdOutput.HOP_LIMIT
                || Icmpv6Header.code(b, o) != 0 || len < optionsAt
                || !NdMessage.optionsValid(b, o + optionsAt, o + len)) {
            drop(ifc, h);
            return;
        }
        int r;
        if (type == Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION) {
            r = solicitation(ifc, b, o, len, srcHi, srcLo, dstHi, dstLo, now);
        } else if (type == Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT) {
            r = advertisement(ifc, b, o, len, dstHi, now);
        } else if (type == Icmpv6Header.TYPE_ROUTER_ADVERTISEMENT) {
            r = routers.advertisement(ifc, b, o, len, srcHi, srcLo, now);
        } else if (type == Icmpv6Header.TYPE_REDIRECT) {
            r = routers.redirect(ifc, b, o, len, srcHi, srcLo, now);
        } else {
            // RFC 4861 §6.2.6: a host silently discards Router Solicitations.
            r = 0;
        }
        if (r < 0) {
            drop(ifc, h);
        } else {
            pool.release(h);
        }
    }

    /** RFC 4861 §7.1.1 checks, then §7.2.3 (and RFC 4862 §5.4.3 for a tentative target); -1 if invalid. */
    private int solicitation(NetInterface ifc, byte[] b, int o, int len, long srcHi, long srcLo, long dstHi,
                             long dstLo, long now) {
        long tHi = Bytes.i64(b, o + NdMessage.TARGET);
        long tLo = Bytes.i64(b, o + NdMessage.TARGET + 8);
        int slla = NdMessage.findOption(b, o + NdMessage.NS_OPTIONS, o + len, NdMessage.OPT_SOURCE_LLADDR);
        boolean fromUnspecified = Ipv6Address.isUnspecified6(srcHi, srcLo);
        if (Ipv6Address.isMulticast(tHi) || (fromUnspecified
                && (!Ipv6Address.isSolicitedNode(dstHi, dstLo) || slla >= 0))) {
            return -1;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        int slot = v6.find(tHi, tLo);
        if (slot < 0 || v6.state[slot] == Ipv6InterfaceState.DUPLICATE) {
            return 0;
        }
        if (v6.state[slot] == Ipv6InterfaceState.TENTATIVE) {
            // RFC 4862 §5.4.3: another node probing the same address (unless it is our own probe looped back,
            // RFC 7527 §4.2: it carries our nonce); a resolution for it is ignored.
            int nonce = NdMessage.findOption(b, o + NdMessage.NS_OPTIONS, o + len, NdMessage.OPT_NONCE);
            boolean ours = nonce >= 0 && NdMessage.optionLen(b, nonce) == NdMessage.NONCE_OPTION_LEN
                    && NdMessage.nonce6(b, nonce) == v6.dadNonce[slot];
            if (fromUnspecified && !ours) {
                dad.duplicate(ifc, slot, now);
            }
            return 0;
        }
        if (fromUnspecified) {
            // Someone's DAD for our address: defend it to all nodes (RFC 4861 §7.2.4).
            out.advertise(ifc, tHi, tLo, Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO, NdMessage.NA_OVERRIDE, now);
            return 0;
        }
        if (slla >= 0 && NdMessage.optionLen(b, slla) == NdMessage.LLADDR_OPTION_LEN) {
            learn(ifc, srcHi, srcLo, b, slla + 2, now);
        }
        out.advertise(ifc, tHi, tLo, srcHi, srcLo, NdMessage.NA_SOLICITED | NdMessage.NA_OVERRIDE, now);
        return 0;
    }

    /**
     * RFC 4861 §7.2.3: a solicitation's source link-layer address creates a STALE entry, or makes an entry
     * STALE when the address changed; an INCOMPLETE entry resolved this way sends what it parked.
     */
    void learn(NetInterface ifc, long hi, long lo, byte[] b, int macAt, long now) {
        NeighborCache nc = ifc.v6.neighbors;
        int i = nc.find(hi, lo);
        if (i < 0) {
            i = nc.victim();
            if (i < 0) {
                return;
            }
            nc.startResolving(i, hi, lo, now);
        } else if (nc.state[i] != NeighborCache.INCOMPLETE && nc.sameMac(i, b, macAt)) {
            return;
        }
        boolean wasIncomplete = nc.state[i] == NeighborCache.INCOMPLETE;
        nc.setMac(i, b, macAt);
        nc.state[i] = NeighborCache.STALE;
        nc.lastUsed[i] = now;
        if (wasIncomplete) {
            nc.copyMac(i, mac, 0);
            ethernet.flushParkedIpv6(ifc, hi, lo, mac, 0);
        }
    }

    /** RFC 4861 §7.1.2 checks, then §7.2.5 (and RFC 4862 §5.4.4 for a tentative target); -1 if invalid. */
    private int advertisement(NetInterface ifc, byte[] b, int o, int len, long dstHi, long now) {
        long tHi = Bytes.i64(b, o + NdMessage.TARGET);
        long tLo = Bytes.i64(b, o + NdMessage.TARGET + 8);
        int flags = b[o + NdMessage.NA_FLAGS] & 0xff;
        boolean solicited = (flags & NdMessage.NA_SOLICITED) != 0;
        if (Ipv6Address.isMulticast(tHi) || (Ipv6Address.isMulticast(dstHi) && solicited)) {
            return -1;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        int slot = v6.find(tHi, tLo);
        if (slot >= 0) {
            if (v6.state[slot] == Ipv6InterfaceState.TENTATIVE) {
                dad.duplicate(ifc, slot, now);
            }
            return 0;
        }
        NeighborCache nc = v6.neighbors;
        int i = nc.find(tHi, tLo);
        if (i < 0) {
            return 0;
        }
        int tlla = NdMessage.findOption(b, o + NdMessage.NA_OPTIONS, o + len, NdMessage.OPT_TARGET_LLADDR);
        if (tlla >= 0 && NdMessage.optionLen(b, tlla) != NdMessage.LLADDR_OPTION_LEN) {
            tlla = -1;
        }
        boolean router = (flags & NdMessage.NA_ROUTER) != 0;
        if (nc.state[i] == NeighborCache.INCOMPLETE) {
            if (tlla < 0) {
                return 0;
            }
            nc.setMac(i, b, tlla + 2);
            nc.isRouter[i] = router;
            reachableOrStale(ifc, i, solicited, now);
            nc.copyMac(i, mac, 0);
            ethernet.flushParkedIpv6(ifc, tHi, tLo, mac, 0);
            return 0;
        }
        boolean differs = tlla >= 0 && !nc.sameMac(i, b, tlla + 2);
        boolean override = (flags & NdMessage.NA_OVERRIDE) != 0;
        if (!override && differs) {
            if (nc.state[i] == NeighborCache.REACHABLE) {
                nc.state[i] = NeighborCache.STALE;
            }
            return 0;
        }
        if (differs) {
            nc.setMac(i, b, tlla + 2);
        }
        if (solicited) {
            reachableOrStale(ifc, i, true, now);
        } else if (differs) {
            nc.state[i] = NeighborCache.STALE;
        }
        if (nc.isRouter[i] && !router) {
            // §7.2.5: a router turned host leaves the Default Router List.
            routers.routerGone(ifc, tHi, tLo);
        }
        nc.isRouter[i] = router;
        return 0;
    }

    private void reachableOrStale(NetInterface ifc, int i, boolean reachable, long now) {
        NeighborCache nc = ifc.v6.neighbors;
        nc.state[i] = reachable ? NeighborCache.REACHABLE : NeighborCache.STALE;
        nc.deadline[i] = now + ifc.v6.reachableMillis;
        nc.probesSent[i] = 0;
        nc.lastUsed[i] = now;
    }

    /**
     * Upper-layer reachability confirmation (RFC 4861 §7.3.1: a TCP ACK for new data proves the path
     * forward): the neighbour through which dst is reached becomes REACHABLE again.
     */
    public void confirmReachable(NetInterface ifc, long nhHi, long nhLo, long now) {
        if (ifc.loopback || ifc.v6.neighbors == null) {
            return;
        }
        int i = ifc.v6.neighbors.find(nhHi, nhLo);
        if (i >= 0 && ifc.v6.neighbors.state[i] != NeighborCache.INCOMPLETE) {
            reachableOrStale(ifc, i, true, now);
        }
    }

    /** A new INCOMPLETE entry (EthernetLink parked a packet for it): the first multicast solicitation now. */
    @Override
    public void startResolution(NetInterface ifc, int i, long now) {
        NeighborCache nc = ifc.v6.neighbors;
        nc.probesSent[i] = 1;
        nc.deadline[i] = now + ifc.v6.retransMillis;
        solicitFor(ifc, nc.hi[i], nc.lo[i], false, now);
    }

    private void solicitFor(NetInterface ifc, long tHi, long tLo, boolean unicast, long now) {
        // RFC 4861 §7.2.2: from one of our addresses; a link-local one for a link-local target.
        int src = sourceSlot(ifc, tHi);
        if (src < 0) {
            return;
        }
        out.solicit(ifc, tHi, tLo, unicast, ifc.v6.addrHi[src], ifc.v6.addrLo[src], now);
    }

    private static int sourceSlot(NetInterface ifc, long targetHi) {
        Ipv6InterfaceState v6 = ifc.v6;
        int any = -1;
        for (int i = 0; i < v6.addressSlots(); i++) {
            if (v6.state[i] == Ipv6InterfaceState.PREFERRED || v6.state[i] == Ipv6InterfaceState.DEPRECATED) {
                if (Ipv6Address.isLinkLocal(v6.addrHi[i]) == Ipv6Address.isLinkLocal(targetHi)) {
                    return i;
                }
                any = any < 0 ? i : any;
            }
        }
        return any;
    }

    @Override
    public boolean poll(long now) {
        boolean worked = false;
        for (int k = 1; k <= interfaces.count(); k++) {
            NetInterface ifc = interfaces.byIndex(k);
            if (!ifc.loopback && ifc.v6.enabled) {
                worked |= dad.poll(ifc, now);
                worked |= pollNeighbors(ifc, now);
                worked |= routers.poll(ifc, now);
            }
        }
        return worked;
    }

    /** RFC 4861 §7.3.3 timers: INCOMPLETE retries, REACHABLE → STALE, DELAY → PROBE, PROBE retries. */
    private boolean pollNeighbors(NetInterface ifc, long now) {
        NeighborCache nc = ifc.v6.neighbors;
        boolean worked = false;
        for (int i = 0; i < nc.capacity(); i++) {
            int st = nc.state[i];
            if (st == NeighborCache.FREE || st == NeighborCache.STALE || now < nc.deadline[i]) {
                continue;
            }
            worked = true;
            if (st == NeighborCache.REACHABLE) {
                nc.state[i] = NeighborCache.STALE;
            } else if (st == NeighborCache.DELAY) {
                nc.state[i] = NeighborCache.PROBE;
                nc.probesSent[i] = 1;
                nc.deadline[i] = now + ifc.v6.retransMillis;
                solicitFor(ifc, nc.hi[i], nc.lo[i], true, now);
            } else if (nc.probesSent[i] >= (st == NeighborCache.INCOMPLETE ? MAX_MULTICAST_SOLICIT : MAX_UNICAST_SOLICIT)) {
                nc.free(i);
                ethernet.dropParkedIpv6(ifc, nc.hi[i], nc.lo[i]);
            } else {
                nc.probesSent[i]++;
                nc.deadline[i] = now + ifc.v6.retransMillis;
                solicitFor(ifc, nc.hi[i], nc.lo[i], st == NeighborCache.PROBE, now);
            }
        }
        return worked;
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int k = 1; k <= interfaces.count(); k++) {
            NetInterface ifc = interfaces.byIndex(k);
            if (ifc.loopback || !ifc.v6.enabled) {
                continue;
            }
            next = Math.min(next, dad.nextDeadline(ifc));
            NeighborCache nc = ifc.v6.neighbors;
            for (int i = 0; i < nc.capacity(); i++) {
                if (nc.state[i] != NeighborCache.FREE && nc.state[i] != NeighborCache.STALE) {
                    next = Math.min(next, nc.deadline[i]);
                }
            }
            next = Math.min(next, routers.nextDeadline(ifc));
        }
        return next;
    }

    /** RFC 4861 §6.3.2: ReachableTime uniformly in [0.5, 1.5) × BaseReachableTime. */
    int randomReachable(int base) {
        return base / 2 + random(base);
    }

    /** A random 48-bit DAD nonce (RFC 7527 §4.1). */
    long nonce48() {
        return (((long) entropy.nextInt() << 16) ^ (entropy.nextInt() & 0xffffffffL)) & 0xffffffffffffL;
    }

    /** A uniform value in [0, bound), 0 for bound 0. */
    int random(int bound) {
        return bound <= 0 ? 0 : (entropy.nextInt() >>> 1) % bound;
    }

    private void drop(NetInterface ifc, int h) {
        ifc.count(NetCounters.ND_DROP_INVALID);
        pool.release(h);
    }
}
