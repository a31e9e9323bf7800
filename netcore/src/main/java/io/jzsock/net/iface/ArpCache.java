package io.jzsock.net.iface;

/**
 * The ARP table of one interface (RFC 826, timers per RFC 1122 §2.3.2.1) plus the packets parked
 * while their next hop is resolved. Pure state: {@link EthernetLink} does the I/O and asks this
 * table what to do.
 */
public final class ArpCache {
    public static final int FREE = 0;
    public static final int PENDING = 1;
    public static final int RESOLVED = 2;

    final int[] ip;
    final byte[] mac;
    final int[] state;
    /** RESOLVED: expiry time. PENDING: time of the next request. */
    final long[] deadline;
    final int[] requestsSent;

    final int[] pendingHandle;
    final int[] pendingNextHop;
    private int pendingCount;

    ArpCache(int entries, int pending) {
        ip = new int[entries];
        mac = new byte[entries * 6];
        state = new int[entries];
        deadline = new long[entries];
        requestsSent = new int[entries];
        pendingHandle = new int[pending];
        pendingNextHop = new int[pending];
    }

    /** Index of the entry for ipAddr in any non-free state, or -1. */
    public int find(int ipAddr) {
        for (int i = 0; i < ip.length; i++) {
            if (state[i] != FREE && ip[i] == ipAddr) {
                return i;
            }
        }
        return -1;
    }

    /** Copies the MAC of a RESOLVED entry for ipAddr into out and returns true. */
    public boolean lookup(int ipAddr, byte[] out, int off) {
        int i = find(ipAddr);
        if (i < 0 || state[i] != RESOLVED) {
            return false;
        }
        System.arraycopy(mac, i * 6, out, off, 6);
        return true;
    }

    /**
     * A slot for a new entry: a free one, else the resolved entry closest to expiry (never a
     * pending one, whose parked packets would be orphaned). -1 when every entry is pending.
     */
    int victim() {
        int best = -1;
        for (int i = 0; i < ip.length; i++) {
            if (state[i] == FREE) {
                return i;
            }
            if (state[i] == RESOLVED && (best < 0 || deadline[i] < deadline[best])) {
                best = i;
            }
        }
        return best;
    }

    void setResolved(int i, int ipAddr, byte[] src, int off, long expires) {
        ip[i] = ipAddr;
        System.arraycopy(src, off, mac, i * 6, 6);
        state[i] = RESOLVED;
        deadline[i] = expires;
        requestsSent[i] = 0;
    }

    void free(int i) {
        state[i] = FREE;
    }

    boolean parkPacket(int handle, int nextHop) {
        if (pendingCount == pendingHandle.length) {
            return false;
        }
        pendingHandle[pendingCount] = handle;
        pendingNextHop[pendingCount] = nextHop;
        pendingCount++;
        return true;
    }

    int pendingCount() {
        return pendingCount;
    }

    /** Removes the parked packet at index k (order of the rest is kept: FIFO per next hop). */
    int takePending(int k) {
        int h = pendingHandle[k];
        for (int j = k + 1; j < pendingCount; j++) {
            pendingHandle[j - 1] = pendingHandle[j];
            pendingNextHop[j - 1] = pendingNextHop[j];
        }
        pendingCount--;
        return h;
    }

    int pendingNextHop(int k) {
        return pendingNextHop[k];
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
