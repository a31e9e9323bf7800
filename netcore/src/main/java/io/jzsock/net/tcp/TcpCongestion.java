package io.jzsock.net.tcp;

/**
 * RFC 6298 retransmission timer and RFC 5681 / RFC 6582 NewReno congestion control, as functions
 * of a connection. SRTT is kept in 1/8 ms and RTTVAR in 1/4 ms (Jacobson's fixed point), so the
 * RFC's 1/8 and 1/4 gains are shifts.
 */
final class TcpCongestion {
    private TcpCongestion() {
    }

    /** RFC 5681 §3.1 initial window: min(4 MSS, max(2 MSS, 4380 bytes)). */
    static void init(TcpConnection c, int initialRto) {
        c.cwnd = Math.min(4 * c.mss, Math.max(2 * c.mss, 4380));
        c.ssthresh = Integer.MAX_VALUE;
        c.srtt = 0;
        c.rttvar = 0;
        c.rto = initialRto;
        c.dupAcks = 0;
        c.inRecovery = false;
    }

    /** RFC 6298 §2.2 and §2.3, clamped to [minRto, maxRto] (§2.4, §2.5). */
    static void rttSample(TcpConnection c, int rttMillis, int minRto, int maxRto) {
        int r = Math.max(1, rttMillis);
        if (c.srtt == 0) {
            c.srtt = r << 3;
            c.rttvar = r << 1;
        } else {
            int err = r - (c.srtt >> 3);
            c.srtt += err;
            c.rttvar += (Math.abs(err) - (c.rttvar >> 2));
        }
        int rto = (c.srtt >> 3) + Math.max(1, c.rttvar);
        c.rto = Math.max(minRto, Math.min(maxRto, rto));
    }

    /** New data acknowledged: slow start or congestion avoidance (RFC 5681 §3.1), or NewReno recovery. */
    static boolean onNewAck(TcpConnection c, int acked, int ack) {
        int mss = c.mss;
        c.dupAcks = 0;
        if (c.inRecovery) {
            if (Seq.ge(ack, c.recover)) {
                // RFC 6582 §3.2 step 3: full acknowledgment, deflate and leave recovery.
                c.cwnd = Math.min(c.ssthresh, Math.max(c.inFlight(), 0) + mss);
                c.inRecovery = false;
                return false;
            }
            // Partial acknowledgment: retransmit the next hole, deflate by what was acked.
            c.cwnd = Math.max(mss, c.cwnd - acked + mss);
            return true;
        }
        if (c.cwnd >= c.maxSndWnd + mss) {
            // The peer's window limits the sender, not cwnd (RFC 7661's concern): growing further
            // measures nothing, and a loss-free connection would overflow cwnd after ~4 GB, a
            // negative window that stalls it for good.
            return false;
        }
        if (c.cwnd < c.ssthresh) {
            c.cwnd += Math.min(acked, mss);
        } else {
            c.cwnd += Math.max(1, (int) ((long) mss * mss / c.cwnd));
        }
        return false;
    }

    /** A duplicate ACK; returns true when it triggers fast retransmit (RFC 5681 §3.2, RFC 6582 §3.2). */
    static boolean onDupAck(TcpConnection c) {
        c.dupAcks++;
        if (c.inRecovery) {
            c.cwnd += c.mss;
            return false;
        }
        if (c.dupAcks == 3 && Seq.gt(c.sndUna, c.recover - 1)) {
            c.ssthresh = Math.max(c.inFlight() / 2, 2 * c.mss);
            c.recover = c.sndMax;
            c.cwnd = c.ssthresh + 3 * c.mss;
            c.inRecovery = true;
            return true;
        }
        return false;
    }

    /** Retransmission timeout (RFC 5681 §3.1 eq. 4, RFC 6298 §5.5): back off, collapse cwnd, go back N. */
    static void onTimeout(TcpConnection c, int maxRto) {
        c.ssthresh = Math.max((c.sndMax - c.sndUna) / 2, 2 * c.mss);
        c.cwnd = c.mss;
        c.inRecovery = false;
        c.recover = c.sndMax;
        c.dupAcks = 0;
        c.rttTiming = false;
        c.rto = Math.min(maxRto, c.rto * 2);
        c.sndNxt = c.sndUna;
        if (c.finSent && Seq.le(c.sndUna, c.finSeq)) {
            c.finSent = false;
        }
        c.sackCount = 0;
    }
}
