package io.jzsock.net.ip;

import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;

/**
 * Path MTUs below the link MTU, per destination, learned from Packet Too Big (RFC 8201 §4, §5.2): a fixed
 * table (the oldest entry goes when it is full), each entry forgotten after the aging time so that a larger
 * path MTU is tried again (RFC 8201 §4 "no less than 5 minutes", 10 recommended). The aging runs as a
 * {@link StackService}. A Packet Too Big never raises an estimate, and none goes below 1280, IPv6's
 * minimum link MTU (RFC 8200 §5).
 */
public final class PathMtuTable implements StackService {
    public static final int IPV6_MIN_MTU = 1280;

    private final long[] hi;
    private final long[] lo;
    private final int[] mtu;
    /** 0: free; else when the entry was last lowered. */
    private final long[] learnedAt;
    private final int ageMillis;
    private ServiceHandle timer = ServiceHandle.DETACHED;

    public PathMtuTable(int entries, int ageMillis) {
        hi = new long[entries];
        lo = new long[entries];
        mtu = new int[entries];
        learnedAt = new long[entries];
        this.ageMillis = ageMillis;
    }

    /** The path MTU towards dst: the learned one if lower, else linkMtu. */
    public int mtu(long dstHi, long dstLo, int linkMtu) {
        int i = find(dstHi, dstLo);
        return i >= 0 && mtu[i] < linkMtu ? mtu[i] : linkMtu;
    }

    /**
     * A Packet Too Big reported this MTU for dst; true when the estimate went down (the caller then tells
     * the transports, RFC 8201 §5.2). reported below 1280 counts as 1280.
     */
    public boolean lower(long dstHi, long dstLo, int reported, int linkMtu, long now) {
        int m = Math.max(reported, IPV6_MIN_MTU);
        if (m >= mtu(dstHi, dstLo, linkMtu) || mtu.length == 0) {
            return false;
        }
        int i = find(dstHi, dstLo);
        if (i < 0) {
            i = 0;
            for (int k = 0; k < learnedAt.length; k++) {
                if (learnedAt[k] == 0) {
                    i = k;
                    break;
                }
                if (learnedAt[k] < learnedAt[i]) {
                    i = k;
                }
            }
        }
        hi[i] = dstHi;
        lo[i] = dstLo;
        mtu[i] = m;
        learnedAt[i] = Math.max(now, 1);
        timer.armed();
        return true;
    }

    public int size() {
        int n = 0;
        for (int i = 0; i < learnedAt.length; i++) {
            if (learnedAt[i] != 0) {
                n++;
            }
        }
        return n;
    }

    private int find(long dstHi, long dstLo) {
        for (int i = 0; i < learnedAt.length; i++) {
            if (learnedAt[i] != 0 && hi[i] == dstHi && lo[i] == dstLo) {
                return i;
            }
        }
        return -1;
    }

    /** Setup-time: the registration through which path MTU aging tells the registry it learned an entry. */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    @Override
    public boolean poll(long now) {
        boolean worked = false;
        for (int i = 0; i < learnedAt.length; i++) {
            if (learnedAt[i] != 0 && now - learnedAt[i] >= ageMillis) {
                learnedAt[i] = 0;
                worked = true;
            }
        }
        return worked;
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < learnedAt.length; i++) {
            if (learnedAt[i] != 0) {
                next = Math.min(next, learnedAt[i] + ageMillis);
            }
        }
        return next;
    }
}
