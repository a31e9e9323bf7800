package io.jzsock.net.ip;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NetInterface;

/**
 * RFC 8981 temporary addresses (opt-in, {@code NetConfig.ipv6TemporaryAddresses}): next to each public SLAAC
 * address, one with a random interface identifier from Entropy (§3.3.1; never an RFC 5453 reserved one), its
 * lifetimes the public address's capped at TEMP_VALID_LIFETIME and TEMP_PREFERRED_LIFETIME less a random
 * DESYNC_FACTOR (§3.4, §3.8), none when that leaves no more than REGEN_ADVANCE; a new one REGEN_ADVANCE before
 * the current one's preferred lifetime ends (§3.5), the old one left to deprecate and expire; DAD on each, a
 * conflict answered with a new random identifier up to TEMP_IDGEN_RETRIES times (§3.4 step 6). Source selection
 * prefers them (RFC 6724 rule 7) unless a socket asks IPV6_PREFER_SRC_PUBLIC.
 */
final class TemporaryAddresses {
    /** RFC 8981 §3.8. */
    static final int TEMP_IDGEN_RETRIES = 3;
    private static final long RESERVED_IID_MASK = ~0x7fL;
    /** RFC 5453 §3: the Subnet-Router anycast identifier is 0; fdff:ffff:ffff:ff80..ff are reserved anycast ones. */
    private static final long RESERVED_ANYCAST_IIDS = 0xfdffffffffffff80L;

    private final NeighborDiscovery nd;
    private final Entropy entropy;
    private boolean enabled;
    private long preferredMillis;
    private long validMillis;
    /** MAX_DESYNC_FACTOR: 0.4 × TEMP_PREFERRED_LIFETIME. */
    private long maxDesyncMillis;
    /** REGEN_ADVANCE: 2 s + TEMP_IDGEN_RETRIES × DupAddrDetectTransmits × RetransTimer. */
    private long regenAdvanceMillis;

    TemporaryAddresses(NeighborDiscovery nd, Entropy entropy) {
        this.nd = nd;
        this.entropy = entropy;
    }

    /** Setup-time: turns them on with TEMP_PREFERRED/VALID_LIFETIME in seconds and the DAD settings. */
    void enable(int preferredSeconds, int validSeconds, int dadTransmits, int retransMillis) {
        enabled = true;
        preferredMillis = preferredSeconds * 1000L;
        validMillis = validSeconds * 1000L;
        maxDesyncMillis = preferredMillis * 2 / 5;
        regenAdvanceMillis = 2000L + (long) TEMP_IDGEN_RETRIES * dadTransmits * retransMillis;
    }

    /**
     * The public SLAAC address in publicSlot was formed or refreshed: a temporary address for its prefix unless
     * one that is not yet deprecated nor replaced exists (§3.4).
     */
    void publicAddress(NetInterface ifc, int publicSlot, long now) {
        if (!enabled) {
            return;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        long prefix = v6.addrHi[publicSlot];
        for (int k = 0; k < v6.addressSlots(); k++) {
            if (isTemporary(v6, k) && v6.addrHi[k] == prefix && !v6.tempRegenerated[k]
                    && (v6.state[k] == Ipv6InterfaceState.TENTATIVE || v6.state[k] == Ipv6InterfaceState.PREFERRED)) {
                return;
            }
        }
        create(ifc, prefix, v6.preferredUntil[publicSlot], v6.validUntil[publicSlot], 0, now);
    }

    private void create(NetInterface ifc, long prefix, long publicPreferred, long publicValid, int attempt, long now) {
        long desync = maxDesyncMillis == 0 ? 0 : (entropy.nextInt() & 0x7fffffffL) % (maxDesyncMillis + 1);
        long preferred = Math.min(publicPreferred, now + preferredMillis - desync);
        long valid = Math.min(publicValid, now + validMillis);
        // §3.4 step 5: none with a preferred lifetime of REGEN_ADVANCE or less.
        if (preferred - now <= regenAdvanceMillis || !roomFor(ifc, prefix)) {
            return;
        }
        nd.addTentative(ifc, prefix, randomIid(), 64, Ipv6InterfaceState.ORIGIN_TEMPORARY, preferred, valid, attempt,
                now + nd.random(NeighborDiscovery.MAX_START_DELAY_MILLIS));
    }

    /**
     * A free address slot, making one if needed from the deprecated temporary address of this prefix that expires
     * first (RFC 8981 §3.4 lets an implementation bound their number; a deprecated one carries no new
     * communication), unless a socket holds it.
     */
    private boolean roomFor(NetInterface ifc, long prefix) {
        Ipv6InterfaceState v6 = ifc.v6;
        int oldest = -1;
        for (int k = 0; k < v6.addressSlots(); k++) {
            if (v6.state[k] == Ipv6InterfaceState.FREE) {
                return true;
            }
            if (isTemporary(v6, k) && v6.addrHi[k] == prefix && v6.state[k] == Ipv6InterfaceState.DEPRECATED
                    && (oldest < 0 || v6.validUntil[k] < v6.validUntil[oldest])) {
                oldest = k;
            }
        }
        return oldest >= 0 && nd.removeAddress(ifc, oldest);
    }

    /** §3.3.1: 64 random bits, drawn again for an RFC 5453 reserved identifier. */
    private long randomIid() {
        for (;;) {
            long iid = ((long) entropy.nextInt() << 32) | (entropy.nextInt() & 0xffffffffL);
            if (iid != 0 && (iid & RESERVED_IID_MASK) != RESERVED_ANYCAST_IIDS) {
                return iid;
            }
        }
    }

    /** §3.5: REGEN_ADVANCE before a temporary address's preferred lifetime ends, its successor. */
    boolean poll(NetInterface ifc, long now) {
        if (!enabled) {
            return false;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        boolean worked = false;
        for (int k = 0; k < v6.addressSlots(); k++) {
            if (!isTemporary(v6, k) || v6.state[k] != Ipv6InterfaceState.PREFERRED || v6.tempRegenerated[k]
                    || now < v6.preferredUntil[k] - regenAdvanceMillis) {
                continue;
            }
            v6.tempRegenerated[k] = true;
            worked = true;
            int pub = publicSlot(v6, v6.addrHi[k]);
            if (pub >= 0 && v6.state[pub] == Ipv6InterfaceState.PREFERRED) {
                create(ifc, v6.addrHi[k], v6.preferredUntil[pub], v6.validUntil[pub], 0, now);
            }
        }
        return worked;
    }

    long nextDeadline(NetInterface ifc) {
        long next = Long.MAX_VALUE;
        if (!enabled) {
            return next;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        for (int k = 0; k < v6.addressSlots(); k++) {
            if (isTemporary(v6, k) && v6.state[k] == Ipv6InterfaceState.PREFERRED && !v6.tempRegenerated[k]) {
                next = Math.min(next, v6.preferredUntil[k] - regenAdvanceMillis);
            }
        }
        return next;
    }

    /** §3.4 step 6: DAD found the identifier in use: the address goes and another random one is tried. */
    void duplicate(NetInterface ifc, int slot, long now) {
        Ipv6InterfaceState v6 = ifc.v6;
        long prefix = v6.addrHi[slot];
        long preferred = v6.preferredUntil[slot];
        long valid = v6.validUntil[slot];
        int attempt = v6.dadCounter[slot] + 1;
        ifc.removeIpv6(slot);
        if (attempt <= TEMP_IDGEN_RETRIES) {
            nd.addTentative(ifc, prefix, randomIid(), 64, Ipv6InterfaceState.ORIGIN_TEMPORARY, preferred, valid, attempt,
                    now + nd.random(NeighborDiscovery.MAX_START_DELAY_MILLIS));
        }
    }

    private static boolean isTemporary(Ipv6InterfaceState v6, int k) {
        return v6.state[k] != Ipv6InterfaceState.FREE && v6.origin[k] == Ipv6InterfaceState.ORIGIN_TEMPORARY;
    }

    private static int publicSlot(Ipv6InterfaceState v6, long prefix) {
        for (int k = 0; k < v6.addressSlots(); k++) {
            if (v6.state[k] != Ipv6InterfaceState.FREE && v6.origin[k] == Ipv6InterfaceState.ORIGIN_SLAAC
                    && v6.addrHi[k] == prefix) {
                return k;
            }
        }
        return -1;
    }
}
