package io.jzsock.net.tcp;

/**
 * Out-of-order data bookkeeping of one receive window (smoltcp's {@code Assembler}): up to a fixed
 * number of disjoint ranges [start, end), as byte offsets from RCV.NXT, of data already placed in
 * the receive ring but not yet readable. The ranges also become the SACK blocks we send (RFC 2018).
 */
final class Assembler {
    private final int[] start;
    private final int[] end;
    private int count;
    /** Index of the range changed last: RFC 2018 §4 wants the block with the newest segment first. */
    private int newest = -1;

    Assembler(int maxRanges) {
        start = new int[maxRanges];
        end = new int[maxRanges];
    }

    void clear() {
        count = 0;
        newest = -1;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return start[i];
    }

    int end(int i) {
        return end[i];
    }

    int newest() {
        return newest;
    }

    /** True if [off, off+len) lies inside one recorded range: it arrived before (a D-SACK, RFC 2883). */
    boolean covers(int off, int len) {
        for (int i = 0; i < count; i++) {
            if (start[i] <= off && off + len <= end[i]) {
                return true;
            }
        }
        return false;
    }

    /** Records [off, off+len), merging neighbours; false when a new range would exceed the table. */
    boolean add(int off, int len) {
        int s = off;
        int e = off + len;
        int i = 0;
        while (i < count && end[i] < s) {
            i++;
        }
        if (i < count && start[i] <= e) {
            start[i] = Math.min(start[i], s);
            end[i] = Math.max(end[i], e);
            while (i + 1 < count && start[i + 1] <= end[i]) {
                end[i] = Math.max(end[i], end[i + 1]);
                remove(i + 1);
            }
            newest = i;
            return true;
        }
        if (count == start.length) {
            return false;
        }
        for (int k = count; k > i; k--) {
            start[k] = start[k - 1];
            end[k] = end[k - 1];
        }
        start[i] = s;
        end[i] = e;
        count++;
        newest = i;
        return true;
    }

    /**
     * RCV.NXT moved forward by n (in-order data arrived). Returns how many further bytes became
     * contiguous, removing the ranges the new data reached (one segment may cover several); offsets
     * shift by n.
     */
    int advance(int n) {
        for (int i = 0; i < count; i++) {
            start[i] -= n;
            end[i] -= n;
        }
        int more = 0;
        while (count > 0 && start[0] <= 0) {
            more = Math.max(more, end[0]);
            remove(0);
        }
        return more;
    }

    private void remove(int i) {
        for (int k = i; k + 1 < count; k++) {
            start[k] = start[k + 1];
            end[k] = end[k + 1];
        }
        count--;
        if (newest == i) {
            newest = -1;
        } else if (newest > i) {
            newest--;
        }
    }
}
