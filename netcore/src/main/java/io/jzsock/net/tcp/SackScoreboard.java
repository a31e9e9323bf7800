package io.jzsock.net.tcp;

/**
 * The sender's SACK scoreboard (RFC 6675 §3): the peer's SACKed ranges above SND.UNA, sorted and
 * merged, at most a fixed number. It answers RFC 6675's queries in sequence space: IsLost, the
 * first hole above a point, and the bytes SACKed in a range, from which {@link TcpRecovery} takes
 * pipe and NextSeg. When the table is full the highest range is given up: forgetting a SACK only
 * costs a needless retransmission (the receiver reports it as a D-SACK), while merging ranges
 * would mark a hole as received and leave it to the retransmission timer.
 */
final class SackScoreboard {
    /** RFC 6675 §2 DupThresh (RFC 5681's three duplicate ACKs). */
    static final int DUP_THRESH = 3;

    private final int[] left;
    private final int[] right;
    private int count;

    SackScoreboard(int maxRanges) {
        left = new int[maxRanges];
        right = new int[maxRanges];
    }

    void clear() {
        count = 0;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    int left(int i) {
        return left[i];
    }

    int right(int i) {
        return right[i];
    }

    /** The highest SACKed sequence number plus one (RFC 6675's highest SACKed octet), or {@code una} if none. */
    int highest(int una) {
        return count == 0 ? una : right[count - 1];
    }

    /** Records [l, r) (RFC 6675 Update()); returns how many of its bytes were not SACKed before. */
    int add(int l, int r) {
        int i = 0;
        while (i < count && Seq.lt(right[i], l)) {
            i++;
        }
        if (i < count && Seq.le(left[i], r)) {
            int before = right[i] - left[i];
            int lo = Seq.lt(l, left[i]) ? l : left[i];
            int hi = Seq.gt(r, right[i]) ? r : right[i];
            while (i + 1 < count && Seq.le(left[i + 1], hi)) {
                before += right[i + 1] - left[i + 1];
                if (Seq.gt(right[i + 1], hi)) {
                    hi = right[i + 1];
                }
                remove(i + 1);
            }
            left[i] = lo;
            right[i] = hi;
            return (hi - lo) - before;
        }
        if (count == left.length) {
            if (i == count) {
                return 0;
            }
            count--;
        }
        for (int k = count; k > i; k--) {
            left[k] = left[k - 1];
            right[k] = right[k - 1];
        }
        left[i] = l;
        right[i] = r;
        count++;
        return r - l;
    }

    /** SND.UNA moved to {@code una}: ranges below it are acknowledged and leave the board. */
    void advance(int una) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (Seq.gt(right[i], una)) {
                left[n] = Seq.lt(left[i], una) ? una : left[i];
                right[n] = right[i];
                n++;
            }
        }
        count = n;
    }



    /** The first sequence number at or above {@code seq} that is not SACKed. */
    int nextUnsacked(int seq) {
        for (int i = 0; i < count; i++) {
            if (Seq.le(left[i], seq) && Seq.lt(seq, right[i])) {
                return right[i];
            }
        }
        return seq;
    }

    /** The left edge of the first SACKed range above {@code seq}, or {@code limit} if none is below it. */
    int nextSackedAbove(int seq, int limit) {
        for (int i = 0; i < count; i++) {
            if (Seq.gt(left[i], seq)) {
                return Seq.lt(left[i], limit) ? left[i] : limit;
            }
        }
        return limit;
    }

    /** Bytes SACKed inside [from, to). */
    int sackedBetween(int from, int to) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            int l = Seq.gt(left[i], from) ? left[i] : from;
            int r = Seq.lt(right[i], to) ? right[i] : to;
            if (Seq.lt(l, r)) {
                n += r - l;
            }
        }
        return n;
    }

    /**
     * RFC 6675 §4 IsLost, as the edge below which every hole is lost: a hole is lost once DupThresh
     * SACKed segments, or more than (DupThresh - 1) * SMSS SACKed bytes, lie above it. Both counts
     * only fall as the sequence number rises, so the lost holes are the ones below one point: the
     * top of the highest hole that qualifies, or {@code una} when none does. Segments are counted
     * as SMSS-sized pieces of each range.
     */
    int lostEdge(int una, int smss) {
        int bytes = 0;
        int segments = 0;
        for (int i = count - 1; i >= 0; i--) {
            int len = right[i] - left[i];
            bytes += len;
            segments += (len + smss - 1) / smss;
            int holeBottom = i == 0 ? una : right[i - 1];
            if (Seq.lt(holeBottom, left[i])
                    && (segments >= DUP_THRESH || bytes > (DUP_THRESH - 1) * smss)) {
                return left[i];
            }
        }
        return una;
    }

    private void remove(int i) {
        for (int k = i; k + 1 < count; k++) {
            left[k] = left[k + 1];
            right[k] = right[k + 1];
        }
        count--;
    }
}
