package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.InterfaceTable;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.Ipv6Routers;
import io.jzsock.net.iface.NeighborCache;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.NdMessage;

/**
 * The router side of Neighbor Discovery as a host sees it: router solicitations (RFC 4861 §6.3.7, then
 * RFC 7559's backoff), router advertisements (§6.3.4: parameters, Default Router List, on-link prefixes, MTU),
 * stateless address autoconfiguration from their prefixes (RFC 4862 §5.5.3, with RFC 7217 identifiers),
 * address, router and prefix lifetimes, and redirects (§8.1, §8.3) accepted only from the current first-hop
 * router of the destination. Runs inside {@link NeighborDiscovery}'s service.
 */
final class RouterDiscovery {
    /** RFC 4862 §5.5.3(e): a valid lifetime is not cut below two hours by an unauthenticated advertisement. */
    static final long TWO_HOURS_MILLIS = 2L * 3600 * 1000;

    private final NeighborDiscovery nd;
    private final Ipv6 ip;
    private final NdOutput out;
    private final int rsCount;
    private final int rsIntervalMillis;
    private final int rsMaxIntervalMillis;
    /** Per interface index: solicitations sent, when the next is due (0: none), and whether SLAAC runs. */
    private final int[] rsSent;
    private final long[] rsAt;
    private final boolean[] slaac;
    private final IpRoute query = new IpRoute();

    RouterDiscovery(NeighborDiscovery nd, Ipv6 ip, NdOutput out, int rsCount, int rsIntervalMillis,
                    int rsMaxIntervalMillis, InterfaceTable interfaces) {
        this.nd = nd;
        this.ip = ip;
        this.out = out;
        this.rsCount = rsCount;
        this.rsIntervalMillis = rsIntervalMillis;
        this.rsMaxIntervalMillis = rsMaxIntervalMillis;
        int n = interfaces.capacity() + 1;
        rsSent = new int[n];
        rsAt = new long[n];
        slaac = new boolean[n];
    }

    void start(NetInterface ifc, boolean autoconf, long now) {
        slaac[ifc.index] = autoconf;
        rsSent[ifc.index] = 0;
        rsAt[ifc.index] = 0;
    }

    /** An address passed DAD: the link-local one starts router solicitation (RFC 4861 §6.3.7, with it as source). */
    void addressReady(NetInterface ifc, int slot, long now) {
        if (ifc.v6.origin[slot] == Ipv6InterfaceState.ORIGIN_LINK_LOCAL && rsCount > 0 && rsSent[ifc.index] == 0
                && rsAt[ifc.index] == 0) {
            rsAt[ifc.index] = now;
        }
    }

    /** The router ifc sends off-link traffic to: one not known unreachable first (RFC 4861 §6.3.6), or -1. */
    static int defaultRouter(NetInterface ifc) {
        Ipv6Routers rt = ifc.v6.routers;
        if (rt == null) {
            return -1;
        }
        int any = -1;
        for (int i = 0; i < rt.routerUntil.length; i++) {
            if (rt.routerUntil[i] == 0) {
                continue;
            }
            int n = ifc.v6.neighbors.find(rt.routerHi[i], rt.routerLo[i]);
            if (n >= 0 && ifc.v6.neighbors.state[n] != NeighborCache.INCOMPLETE) {
                return i;
            }
            any = any < 0 ? i : any;
        }
        return any;
    }

    /** RFC 4861 §6.1.2 (the source is link-local), then §6.3.4; -1 for an invalid advertisement. */
    int advertisement(NetInterface ifc, byte[] b, int o, int len, long srcHi, long srcLo, long now) {
        if (!Ipv6Address.isLinkLocal(srcHi)) {
            return -1;
        }
        ifc.count(NetCounters.ND_RA_RX);
        Ipv6InterfaceState v6 = ifc.v6;
        int hop = b[o + NdMessage.RA_HOP_LIMIT] & 0xff;
        if (hop != 0) {
            v6.hopLimit = hop;
        }
        long reachable = NdMessage.u32(b, o + NdMessage.RA_REACHABLE_TIME);
        if (reachable != 0 && reachable <= 3600000 && reachable != v6.baseReachableMillis) {
            v6.baseReachableMillis = (int) reachable;
            v6.reachableMillis = nd.randomReachable((int) reachable);
        }
        long retrans = NdMessage.u32(b, o + NdMessage.RA_RETRANS_TIMER);
        if (retrans != 0 && retrans <= 3600000) {
            v6.retransMillis = (int) retrans;
        }
        int lifetime = Bytes.u16(b, o + NdMessage.RA_ROUTER_LIFETIME);
        if (lifetime == 0) {
            routerGone(ifc, srcHi, srcLo);
        } else {
            v6.routers.setRouter(srcHi, srcLo, now + lifetime * 1000L);
            // §6.3.7: an advertisement with a non-zero lifetime ends solicitation.
            rsAt[ifc.index] = 0;
            rsSent[ifc.index] = Math.max(rsSent[ifc.index], 1);
        }
        int end = o + len;
        for (int i = o + NdMessage.RA_OPTIONS; i < end; i += NdMessage.optionLen(b, i)) {
            int type = b[i] & 0xff;
            int optLen = NdMessage.optionLen(b, i);
            if (type == NdMessage.OPT_SOURCE_LLADDR && optLen == NdMessage.LLADDR_OPTION_LEN) {
                nd.learn(ifc, srcHi, srcLo, b, i + 2, now);
                int n = v6.neighbors.find(srcHi, srcLo);
                if (n >= 0) {
                    v6.neighbors.isRouter[n] = true;
                }
            } else if (type == NdMessage.OPT_MTU && optLen == NdMessage.MTU_LEN) {
                // §6.3.4: at least the IPv6 minimum and no more than the link's own.
                long mtu = NdMessage.u32(b, i + NdMessage.MTU_VALUE);
                if (mtu >= PathMtuTable.IPV6_MIN_MTU && mtu <= ifc.mtu) {
                    v6.advertisedMtu = (int) mtu;
                }
            } else if (type == NdMessage.OPT_PREFIX_INFO && optLen == NdMessage.PI_LEN) {
                prefixInformation(ifc, b, i, now);
            }
        }
        return 0;
    }

    /** RFC 4861 §6.3.4 for the on-link flag, RFC 4862 §5.5.3 for the autonomous one. */
    private void prefixInformation(NetInterface ifc, byte[] b, int i, long now) {
        int plen = b[i + NdMessage.PI_PREFIX_LEN] & 0xff;
        int flags = b[i + NdMessage.PI_FLAGS] & 0xff;
        long valid = NdMessage.u32(b, i + NdMessage.PI_VALID);
        long preferred = NdMessage.u32(b, i + NdMessage.PI_PREFERRED);
        long pHi = Bytes.i64(b, i + NdMessage.PI_PREFIX);
        long pLo = Bytes.i64(b, i + NdMessage.PI_PREFIX + 8);
        if (plen > 128 || Ipv6Address.isLinkLocal(pHi)) {
            return;
        }
        pHi = plen >= 64 ? pHi : (plen == 0 ? 0 : pHi & (-1L << (64 - plen)));
        pLo = plen <= 64 ? 0 : (plen >= 128 ? pLo : pLo & (-1L << (128 - plen)));
        if ((flags & NdMessage.PI_ON_LINK) != 0) {
            ifc.v6.routers.setPrefix(pHi, pLo, plen, valid == 0 ? 0 : until(valid, now));
        }
        // §5.5.3 (c): preferred beyond valid is ignored; (d) the identifier of Ethernet is 64 bits.
        if ((flags & NdMessage.PI_AUTONOMOUS) == 0 || !slaac[ifc.index] || preferred > valid || plen != 64) {
            return;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        int slot = -1;
        for (int k = 0; k < v6.addressSlots() && slot < 0; k++) {
            if (v6.state[k] != Ipv6InterfaceState.FREE && v6.origin[k] == Ipv6InterfaceState.ORIGIN_SLAAC
                    && v6.addrHi[k] == pHi) {
                slot = k;
            }
        }
        if (slot < 0) {
            if (valid != 0) {
                slot = nd.addTentative(ifc, pHi, nd.stableIid(pHi, ifc, 0), 64, Ipv6InterfaceState.ORIGIN_SLAAC,
                        until(preferred, now), until(valid, now), 0, now);
                if (slot >= 0) {
                    nd.temporary().publicAddress(ifc, slot, now);
                }
            }
            return;
        }
        v6.preferredUntil[slot] = until(preferred, now);
        long advertised = until(valid, now);
        long remaining = v6.validUntil[slot] - now;
        if (valid * 1000 > TWO_HOURS_MILLIS || advertised > v6.validUntil[slot]) {
            v6.validUntil[slot] = advertised;
        } else if (remaining > TWO_HOURS_MILLIS) {
            v6.validUntil[slot] = now + TWO_HOURS_MILLIS;
        }
        if (v6.state[slot] == Ipv6InterfaceState.DEPRECATED && now < v6.preferredUntil[slot]) {
            v6.state[slot] = Ipv6InterfaceState.PREFERRED;
        }
        if (v6.state[slot] == Ipv6InterfaceState.PREFERRED || v6.state[slot] == Ipv6InterfaceState.TENTATIVE) {
            nd.temporary().publicAddress(ifc, slot, now);
        }
    }

    /**
     * RFC 4861 §8.1 checks (link-local source, the destination not multicast, the target link-local or the
     * destination itself, and the source the current first-hop router for the destination), then §8.3.
     * A redirect from anyone else is counted and ignored.
     */
    int redirect(NetInterface ifc, byte[] b, int o, int len, long srcHi, long srcLo, long now) {
        long tHi = Bytes.i64(b, o + NdMessage.TARGET);
        long tLo = Bytes.i64(b, o + NdMessage.TARGET + 8);
        long dHi = Bytes.i64(b, o + NdMessage.REDIRECT_DESTINATION);
        long dLo = Bytes.i64(b, o + NdMessage.REDIRECT_DESTINATION + 8);
        boolean onLink = tHi == dHi && tLo == dLo;
        if (!Ipv6Address.isLinkLocal(srcHi) || Ipv6Address.isMulticast(dHi) || (!onLink && !Ipv6Address.isLinkLocal(tHi))) {
            return -1;
        }
        if (ip.route(query, dHi, dLo, ifc.index, 0) < 0 || query.ifc != ifc || query.nextHopHi != srcHi
                || query.nextHopLo != srcLo) {
            ifc.count(NetCounters.ND_REDIRECT_REJECTED);
            return 0;
        }
        ifc.v6.routers.setRedirect(dHi, dLo, tHi, tLo, now);
        ifc.count(NetCounters.ND_REDIRECT_ACCEPTED);
        int tlla = NdMessage.findOption(b, o + NdMessage.REDIRECT_OPTIONS, o + len, NdMessage.OPT_TARGET_LLADDR);
        if (tlla >= 0 && NdMessage.optionLen(b, tlla) == NdMessage.LLADDR_OPTION_LEN) {
            nd.learn(ifc, tHi, tLo, b, tlla + 2, now);
        }
        int n = ifc.v6.neighbors.find(tHi, tLo);
        if (n >= 0 && !onLink) {
            ifc.v6.neighbors.isRouter[n] = true;
        }
        return 0;
    }

    /** A router left (lifetime 0, or its IsRouter flag cleared): off the list, and its redirects forgotten. */
    void routerGone(NetInterface ifc, long hi, long lo) {
        ifc.v6.routers.setRouter(hi, lo, 0);
        ifc.v6.routers.dropRedirectsVia(hi, lo);
    }

    /** Solicitations due, and every lifetime: addresses (RFC 4862 §5.5.4), routers and prefixes (RFC 4861 §6.3.5). */
    boolean poll(NetInterface ifc, long now) {
        boolean worked = false;
        int k = ifc.index;
        if (rsAt[k] != 0 && now >= rsAt[k]) {
            int ll = ifc.v6.linkLocal();
            out.solicitRouters(ifc, ll < 0 ? 0L : ifc.v6.addrHi[ll], ll < 0 ? 0L : ifc.v6.addrLo[ll], now);
            rsSent[k]++;
            rsAt[k] = now + nextSolicitationDelay(rsSent[k]);
            worked = true;
        }
        worked |= nd.temporary().poll(ifc, now);
        Ipv6InterfaceState v6 = ifc.v6;
        for (int i = 0; i < v6.addressSlots(); i++) {
            int st = v6.state[i];
            if (st == Ipv6InterfaceState.FREE || st == Ipv6InterfaceState.TENTATIVE) {
                continue;
            }
            if (now >= v6.validUntil[i]) {
                if (!v6.removePending[i]) {
                    // Zephyr's address_expired: deprecated, then removed unless a socket is bound to it, in
                    // which case it goes with the last such socket (UDP-19).
                    v6.state[i] = Ipv6InterfaceState.DEPRECATED;
                    nd.removeAddress(ifc, i);
                    worked = true;
                }
            } else if (st == Ipv6InterfaceState.PREFERRED && now >= v6.preferredUntil[i]) {
                v6.state[i] = Ipv6InterfaceState.DEPRECATED;
                worked = true;
            }
        }
        Ipv6Routers rt = v6.routers;
        for (int i = 0; i < rt.routerUntil.length; i++) {
            if (rt.routerUntil[i] != 0 && now >= rt.routerUntil[i]) {
                routerGone(ifc, rt.routerHi[i], rt.routerLo[i]);
                worked = true;
            }
        }
        for (int i = 0; i < rt.prefixUntil.length; i++) {
            if (rt.prefixUntil[i] != 0 && now >= rt.prefixUntil[i]) {
                rt.prefixUntil[i] = 0;
                worked = true;
            }
        }
        return worked;
    }

    /**
     * RTR_SOLICITATION_INTERVAL between the first rsCount solicitations (RFC 4861 §10), then doubling up to the
     * maximum (RFC 7559 §2), for a link whose router came up later or lost the first ones.
     */
    private long nextSolicitationDelay(int sent) {
        if (sent < rsCount) {
            return rsIntervalMillis;
        }
        long d = rsIntervalMillis;
        for (int n = rsCount - 1; n < sent && d < rsMaxIntervalMillis; n++) {
            d <<= 1;
        }
        return Math.min(d, rsMaxIntervalMillis);
    }

    long nextDeadline(NetInterface ifc) {
        long next = rsAt[ifc.index] != 0 ? rsAt[ifc.index] : Long.MAX_VALUE;
        Ipv6InterfaceState v6 = ifc.v6;
        for (int i = 0; i < v6.addressSlots(); i++) {
            int st = v6.state[i];
            if (v6.removePending[i] && st != Ipv6InterfaceState.FREE) {
                continue; // expired but held by a socket: nothing is due until that socket lets go
            }
            if (st == Ipv6InterfaceState.PREFERRED) {
                next = Math.min(next, Math.min(v6.preferredUntil[i], v6.validUntil[i]));
            } else if (st == Ipv6InterfaceState.DEPRECATED || st == Ipv6InterfaceState.DUPLICATE) {
                next = Math.min(next, v6.validUntil[i]);
            }
        }
        next = Math.min(next, nd.temporary().nextDeadline(ifc));
        Ipv6Routers rt = v6.routers;
        for (int i = 0; i < rt.routerUntil.length; i++) {
            if (rt.routerUntil[i] != 0) {
                next = Math.min(next, rt.routerUntil[i]);
            }
        }
        for (int i = 0; i < rt.prefixUntil.length; i++) {
            if (rt.prefixUntil[i] != 0) {
                next = Math.min(next, rt.prefixUntil[i]);
            }
        }
        return next;
    }

    /** A lifetime in seconds from an option as an absolute time; all ones is forever (RFC 4861 §4.6.2). */
    static long until(long seconds, long now) {
        return seconds == NdMessage.INFINITE ? Ipv6InterfaceState.FOREVER : now + seconds * 1000;
    }
}
