package io.jzsock.net.iface;

import io.jzsock.net.buf.TableArrays;

import io.jzsock.net.wire.Ipv6Address;

/**
 * The IPv6 half of an interface: its unicast addresses with their DAD state and lifetimes (RFC 4862
 * §5.5.4, §5.4), the multicast groups it listens to (all-nodes always, the solicited-node group of every
 * address, RFC 4861 §7.2.1), the link parameters routers advertise (RFC 4861 §6.3.2), and its
 * {@link NeighborCache}. Guarded by the stack's monitor.
 */
public final class Ipv6InterfaceState {
    public static final int FREE = 0;
    /** DAD running (RFC 4862 §5.4): the address receives only ND for itself and is never a source. */
    public static final int TENTATIVE = 1;
    public static final int PREFERRED = 2;
    /** Preferred lifetime over: still valid, avoided as a source for new communication (RFC 4862 §5.5.4). */
    public static final int DEPRECATED = 3;
    /** DAD found another node using it (RFC 4862 §5.4.5): kept so it is reported, never used. */
    public static final int DUPLICATE = 4;

    /** {@link #origin}: fe80::/64 formed at start-up (RFC 4862 §5.3). */
    public static final int ORIGIN_LINK_LOCAL = 0;
    /** From a router advertisement's prefix (RFC 4862 §5.5.3). */
    public static final int ORIGIN_SLAAC = 1;
    /** Configured by the application; never expires. */
    public static final int ORIGIN_STATIC = 2;
    /** ::1 on the loopback interface. */
    public static final int ORIGIN_LOOPBACK = 3;
    /** An RFC 8981 temporary address beside a SLAAC one. */
    public static final int ORIGIN_TEMPORARY = 4;

    /** The valid and preferred lifetimes of an address that never expires (RFC 4861 §4.6.2: all ones). */
    public static final long FOREVER = Long.MAX_VALUE;

    public final long[] addrHi;
    public final long[] addrLo;
    public final int[] prefixLen;
    public final int[] state;
    public final int[] origin;
    public final long[] preferredUntil;
    public final long[] validUntil;
    /** DAD: solicitations still to send, and when the next is due (or, at 0 left, when DAD ends). */
    public final int[] dadLeft;
    public final long[] dadAt;
    /** RFC 7217 §5 DAD_Counter: bumped after each conflict to form a new identifier. */
    public final int[] dadCounter;
    /** RFC 7527 §4.1: the 48-bit nonce this address's DAD probes carry, to recognise them looped back. */
    public final long[] dadNonce;
    /**
     * Removal asked for while a socket was bound to the address ({@link Ipv6AddressRemoval}): it stays usable
     * and goes with the last such socket.
     */
    public final boolean[] removePending;
    /** A temporary address whose successor was formed (RFC 8981 §3.5): it is left to deprecate and expire. */
    public final boolean[] tempRegenerated;

    private final long[] groupHi;
    private final long[] groupLo;
    private final int[] groupRefs;

    /** IPv6 runs here (InterfaceConfig.ipv6, and loopback): otherwise the link drops IPv6 frames as an unknown type. */
    public boolean enabled;
    public final NeighborCache neighbors;
    /** Default routers, on-link prefixes and redirects learned on this link; null on loopback. */
    public final Ipv6Routers routers;

    /** RFC 4861 §6.3.2 CurHopLimit (from a router advertisement, else the configured default). */
    public int hopLimit;
    /** BaseReachableTime and the randomised ReachableTime derived from it (RFC 4861 §6.3.2, §6.3.4). */
    public int baseReachableMillis;
    public int reachableMillis;
    /** RetransTimer: between NS retransmissions (RFC 4861 §10 RETRANS_TIMER 1 s). */
    public int retransMillis;
    /** The link MTU routers advertise (RFC 4861 §4.6.4), at most the interface's; 0 until one does. */
    public int advertisedMtu;
    private final boolean loopback;

    Ipv6InterfaceState(boolean loopback, int addresses, int groups, int neighbors, int pending, int routers,
                       int prefixes, int redirects) {
        this.loopback = loopback;
        addrHi = TableArrays.longs(addresses);
        addrLo = TableArrays.longs(addresses);
        prefixLen = TableArrays.ints(addresses);
        state = TableArrays.ints(addresses);
        origin = TableArrays.ints(addresses);
        preferredUntil = TableArrays.longs(addresses);
        validUntil = TableArrays.longs(addresses);
        dadLeft = TableArrays.ints(addresses);
        dadAt = TableArrays.longs(addresses);
        dadCounter = TableArrays.ints(addresses);
        dadNonce = TableArrays.longs(addresses);
        removePending = TableArrays.booleans(addresses);
        tempRegenerated = TableArrays.booleans(addresses);
        groupHi = TableArrays.longs(groups);
        groupLo = TableArrays.longs(groups);
        groupRefs = TableArrays.ints(groups);
        this.neighbors = loopback ? null : new NeighborCache(neighbors, pending);
        this.routers = loopback ? null : new Ipv6Routers(routers, prefixes, redirects);
    }

    public int addressSlots() {
        return state.length;
    }

    /** The slot holding this address in any state but FREE, or -1. */
    public int find(long hi, long lo) {
        for (int i = 0; i < state.length; i++) {
            if (state[i] != FREE && addrHi[i] == hi && addrLo[i] == lo) {
                return i;
            }
        }
        return -1;
    }

    /** True when the address is ours and usable (preferred or deprecated: RFC 4862 §5.5.4 keeps receiving). */
    public boolean owns(long hi, long lo) {
        int i = find(hi, lo);
        return i >= 0 && (state[i] == PREFERRED || state[i] == DEPRECATED);
    }

    /** The first usable link-local address's slot, or -1 (none yet, or still tentative). */
    public int linkLocal() {
        for (int i = 0; i < state.length; i++) {
            if ((state[i] == PREFERRED || state[i] == DEPRECATED) && Ipv6Address.isLinkLocal(addrHi[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds an address in the given state; returns its slot, or -1 when every slot is in use.
     * {@link NetInterface#addIpv6} joins its solicited-node group too, as DAD needs before the first probe.
     */
    int add(long hi, long lo, int prefix, int st, int org, long preferred, long valid) {
        int slot = -1;
        for (int i = 0; i < state.length && slot < 0; i++) {
            if (state[i] == FREE) {
                slot = i;
            }
        }
        if (slot < 0) {
            return -1;
        }
        addrHi[slot] = hi;
        addrLo[slot] = lo;
        prefixLen[slot] = prefix;
        state[slot] = st;
        origin[slot] = org;
        preferredUntil[slot] = preferred;
        validUntil[slot] = valid;
        dadLeft[slot] = 0;
        dadAt[slot] = 0;
        dadCounter[slot] = 0;
        removePending[slot] = false;
        tempRegenerated[slot] = false;
        return slot;
    }

    /**
     * True for a destination this interface takes: a usable address of its own, a tentative one only for
     * Neighbor Discovery (the caller checks that), all-nodes, or a group it listens to.
     */
    public boolean accepts(long hi, long lo) {
        if (owns(hi, lo)) {
            return true;
        }
        if (Ipv6Address.isMulticast(hi)) {
            return (hi == Ipv6Address.ALL_NODES_HI && lo == Ipv6Address.ALL_NODES_LO) || joined(hi, lo)
                    || (loopback && Ipv6Address.multicastScope(hi) == 1);
        }
        return false;
    }

    public boolean joined(long hi, long lo) {
        return groupSlot(hi, lo) >= 0;
    }

    public int groupSlots() {
        return groupRefs.length;
    }

    public int groupSlot(long hi, long lo) {
        for (int i = 0; i < groupRefs.length; i++) {
            if (groupRefs[i] > 0 && groupHi[i] == hi && groupLo[i] == lo) {
                return i;
            }
        }
        return -1;
    }

    /** The group in slot i ({@link #groupUsed} says whether there is one). */
    public long groupHiAt(int i) {
        return groupHi[i];
    }

    public long groupLoAt(int i) {
        return groupLo[i];
    }

    public boolean groupUsed(int i) {
        return groupRefs[i] > 0;
    }

    /** Adds a reference: 1 for the first (program the device filter), 0 if already joined, -1 when full. */
    public int join(long hi, long lo) {
        int free = -1;
        for (int i = 0; i < groupRefs.length; i++) {
            if (groupRefs[i] > 0 && groupHi[i] == hi && groupLo[i] == lo) {
                groupRefs[i]++;
                return 0;
            }
            if (groupRefs[i] == 0 && free < 0) {
                free = i;
            }
        }
        if (free < 0) {
            return -1;
        }
        groupHi[free] = hi;
        groupLo[free] = lo;
        groupRefs[free] = 1;
        return 1;
    }

    /** Drops a reference: 1 when it was the last, 0 otherwise, -1 if not joined. */
    public int leave(long hi, long lo) {
        for (int i = 0; i < groupRefs.length; i++) {
            if (groupRefs[i] > 0 && groupHi[i] == hi && groupLo[i] == lo) {
                return --groupRefs[i] == 0 ? 1 : 0;
            }
        }
        return -1;
    }
}
