package io.jzsock.net.iface;

import io.jzsock.net.buf.TableArrays;

/**
 * The Neighbor Cache of one interface (RFC 4861 §5.1, states of §7.3.2) plus the packets parked while
 * an address is being resolved, as {@link ArpCache} is for IPv4. Pure state: {@link EthernetLink}
 * sends through it, {@code ip.NeighborDiscovery} runs its timers and the NS/NA exchange.
 */
public final class NeighborCache {
    public static final int FREE = 0;
    /** Address resolution in progress: solicitations multicast, packets parked. */
    public static final int INCOMPLETE = 1;
    /** Confirmed reachable within ReachableTime. */
    public static final int REACHABLE = 2;
    /** Not known reachable; nothing is sent to verify until traffic flows. */
    public static final int STALE = 3;
    /** Traffic sent while STALE: wait DELAY_FIRST_PROBE_TIME for upper-layer confirmation. */
    public static final int DELAY = 4;
    /** Unicast solicitations every RetransTimer, MAX_UNICAST_SOLICIT of them. */
    public static final int PROBE = 5;
    /** RFC 4861 §10 DELAY_FIRST_PROBE_TIME. */
    public static final int DELAY_FIRST_PROBE_MILLIS = 5000;

    public final long[] hi;
    public final long[] lo;
    final byte[] mac;
    public final int[] state;
    /** INCOMPLETE/PROBE: next solicitation; REACHABLE: when it turns STALE; DELAY: when probing starts. */
    public final long[] deadline;
    public final int[] probesSent;
    /** The IsRouter flag (RFC 4861 §6.2.5 and §7.2.5: a router turning host leaves the default router list). */
    public final boolean[] isRouter;
    /** STALE entries are kept at most this long after last use, so the table recycles (not in RFC 4861). */
    public final long[] lastUsed;

    private final int[] pendingHandle;
    private final long[] pendingHi;
    private final long[] pendingLo;
    private int pendingCount;

    NeighborCache(int entries, int pending) {
        hi = TableArrays.longs(entries);
        lo = TableArrays.longs(entries);
        mac = TableArrays.bytes(entries * 6);
        state = TableArrays.ints(entries);
        deadline = TableArrays.longs(entries);
        probesSent = TableArrays.ints(entries);
        isRouter = TableArrays.booleans(entries);
        lastUsed = TableArrays.longs(entries);
        pendingHandle = TableArrays.ints(pending);
        pendingHi = TableArrays.longs(pending);
        pendingLo = TableArrays.longs(pending);
    }

    public int capacity() {
        return state.length;
    }

    /** Index of the entry for the address in any non-free state, or -1. */
    public int find(long aHi, long aLo) {
        for (int i = 0; i < state.length; i++) {
            if (state[i] != FREE && hi[i] == aHi && lo[i] == aLo) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A slot for a new entry: a free one, else the least recently used entry that is not INCOMPLETE
     * (whose parked packets would be orphaned). -1 when every entry is resolving.
     */
    public int victim() {
        int best = -1;
        for (int i = 0; i < state.length; i++) {
            if (state[i] == FREE) {
                return i;
            }
            if (state[i] != INCOMPLETE && (best < 0 || lastUsed[i] < lastUsed[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Makes entry i an INCOMPLETE one for the address, its first solicitation due at now. */
    public void startResolving(int i, long aHi, long aLo, long now) {
        hi[i] = aHi;
        lo[i] = aLo;
        state[i] = INCOMPLETE;
        deadline[i] = now;
        probesSent[i] = 0;
        isRouter[i] = false;
        lastUsed[i] = now;
    }

    /** Records a link-layer address for entry i (the caller sets the state). */
    public void setMac(int i, byte[] src, int off) {
        System.arraycopy(src, off, mac, i * 6, 6);
    }

    public boolean sameMac(int i, byte[] src, int off) {
        for (int k = 0; k < 6; k++) {
            if (mac[i * 6 + k] != src[off + k]) {
                return false;
            }
        }
        return true;
    }

    public void copyMac(int i, byte[] out, int off) {
        System.arraycopy(mac, i * 6, out, off, 6);
    }

    public void free(int i) {
        state[i] = FREE;
    }

    boolean parkPacket(int handle, long nhHi, long nhLo) {
        if (pendingCount == pendingHandle.length) {
            return false;
        }
        pendingHandle[pendingCount] = handle;
        pendingHi[pendingCount] = nhHi;
        pendingLo[pendingCount] = nhLo;
        pendingCount++;
        return true;
    }

    public int pendingCount() {
        return pendingCount;
    }

    /** True when parked packet k waits for this next hop. */
    public boolean pendingFor(int k, long nhHi, long nhLo) {
        return pendingHi[k] == nhHi && pendingLo[k] == nhLo;
    }

    /** Removes the parked packet at index k (order of the rest is kept: FIFO per next hop). */
    public int takePending(int k) {
        int h = pendingHandle[k];
        for (int j = k + 1; j < pendingCount; j++) {
            pendingHandle[j - 1] = pendingHandle[j];
            pendingHi[j - 1] = pendingHi[j];
            pendingLo[j - 1] = pendingLo[j];
        }
        pendingCount--;
        return h;
    }

    public int size() {
        int n = 0;
        for (int i = 0; i < state.length; i++) {
            if (state[i] != FREE) {
                n++;
            }
        }
        return n;
    }
}
