package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NetInterface;

/**
 * Duplicate address detection (RFC 4862 §5.4) for every address an interface forms or is given: tentative
 * until DupAddrDetectTransmits solicitations from :: went unanswered, then preferred; a conflict makes a
 * stable identifier form again (RFC 7217 §6) or a static address DUPLICATE. Runs inside
 * {@link NeighborDiscovery}'s service, which reports the conflicts it sees in solicitations and advertisements.
 */
final class DuplicateAddressDetection {
    private final NeighborDiscovery nd;
    private final RouterDiscovery routers;
    private final NdOutput out;
    private final StableIid iids;
    private final int dadTransmits;

    DuplicateAddressDetection(NeighborDiscovery nd, RouterDiscovery routers, NdOutput out, StableIid iids,
                              int dadTransmits) {
        this.nd = nd;
        this.routers = routers;
        this.out = out;
        this.iids = iids;
        this.dadTransmits = dadTransmits;
    }

    /**
     * An address in DAD (RFC 4862 §5.4): tentative, its first probe at firstProbe; with DupAddrDetectTransmits 0
     * it is preferred at once. Returns the slot or -1 when the address table is full.
     */
    int add(NetInterface ifc, long hi, long lo, int prefixLen, int origin, long preferredUntil, long validUntil,
            int dadCounter, long firstProbe) {
        int st = dadTransmits == 0 ? Ipv6InterfaceState.PREFERRED : Ipv6InterfaceState.TENTATIVE;
        int slot = ifc.addIpv6(hi, lo, prefixLen, st, origin, preferredUntil, validUntil);
        if (slot >= 0) {
            ifc.v6.dadLeft[slot] = dadTransmits;
            ifc.v6.dadAt[slot] = firstProbe;
            ifc.v6.dadCounter[slot] = dadCounter;
            if (st == Ipv6InterfaceState.PREFERRED) {
                routers.addressReady(ifc, slot, firstProbe);
            }
        }
        return slot;
    }

    long stableIid(long prefixHi, NetInterface ifc, int dadCounter) {
        return iids.iid(prefixHi, ifc, dadCounter);
    }

    /**
     * RFC 4862 §5.4.5: the tentative address is someone else's and is not used. An identifier of ours (link-local,
     * SLAAC) is formed anew with the next DAD_Counter (RFC 7217 §6), up to IDGEN_RETRIES times; a static address
     * stays DUPLICATE for the application to see.
     */
    void duplicate(NetInterface ifc, int slot, long now) {
        Ipv6InterfaceState v6 = ifc.v6;
        ifc.count(NetCounters.ND_DAD_DUPLICATE);
        int origin = v6.origin[slot];
        if (origin == Ipv6InterfaceState.ORIGIN_TEMPORARY) {
            nd.temporary().duplicate(ifc, slot, now);
            return;
        }
        int counter = v6.dadCounter[slot] + 1;
        if (origin == Ipv6InterfaceState.ORIGIN_STATIC || counter > StableIid.IDGEN_RETRIES) {
            v6.state[slot] = Ipv6InterfaceState.DUPLICATE;
            return;
        }
        long hi = v6.addrHi[slot];
        int prefixLen = v6.prefixLen[slot];
        long preferred = v6.preferredUntil[slot];
        long valid = v6.validUntil[slot];
        ifc.removeIpv6(slot);
        add(ifc, hi, iids.iid(hi, ifc, counter), prefixLen, origin, preferred, valid, counter,
                now + nd.random(NeighborDiscovery.MAX_START_DELAY_MILLIS));
    }

    /** RFC 4862 §5.4.2: DupAddrDetectTransmits probes RetransTimer apart, then, with no conflict, preferred. */
    boolean poll(NetInterface ifc, long now) {
        Ipv6InterfaceState v6 = ifc.v6;
        boolean worked = false;
        for (int i = 0; i < v6.addressSlots(); i++) {
            if (v6.state[i] != Ipv6InterfaceState.TENTATIVE || now < v6.dadAt[i]) {
                continue;
            }
            worked = true;
            if (v6.dadLeft[i] == 0) {
                v6.state[i] = now >= v6.preferredUntil[i] ? Ipv6InterfaceState.DEPRECATED : Ipv6InterfaceState.PREFERRED;
                routers.addressReady(ifc, i, now);
                continue;
            }
            if (v6.dadLeft[i] == dadTransmits) {
                v6.dadNonce[i] = nd.nonce48();
            }
            v6.dadLeft[i]--;
            v6.dadAt[i] = now + v6.retransMillis;
            out.probe(ifc, v6.addrHi[i], v6.addrLo[i], v6.dadNonce[i], now);
        }
        return worked;
    }

    long nextDeadline(NetInterface ifc) {
        long next = Long.MAX_VALUE;
        Ipv6InterfaceState v6 = ifc.v6;
        for (int i = 0; i < v6.addressSlots(); i++) {
            if (v6.state[i] == Ipv6InterfaceState.TENTATIVE) {
                next = Math.min(next, v6.dadAt[i]);
            }
        }
        return next;
    }
}
