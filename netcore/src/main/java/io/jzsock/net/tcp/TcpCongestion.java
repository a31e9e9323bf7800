package io.jzsock.net.tcp;

import io.jzsock.net.NetConfig;

/**
 * RFC 6298 retransmission timer and RFC 5681 congestion control, as functions of a connection:
 * slow start, recovery entry and exit (RFC 6582 NewReno without SACK, RFC 6675 with it), and the
 * seam where the connection's controller decides the reduction at a congestion event and the growth
 * in congestion avoidance: NewReno's halving and one SMSS per ACK'd window, or {@link TcpCubic}.
 * SRTT is kept in 1/8 ms and RTTVAR in 1/4 ms (Jacobson's fixed point), so the RFC's 1/8 and 1/4
 * gains are shifts.
 */
final class TcpCongestion {
    private TcpCongestion() {
    }

    /** RFC 5681 §3.1 initial window: min(4 MSS, max(2 MSS, 4380 bytes)). */
    static void init(TcpConnection c, int initialRto, int congestionControl) {
        c.congestionControl = congestionControl;
        TcpCubic.init(c);
        c.cwnd = Math.min(4 * c.smss(), Math.max(2 * c.smss(), 4380));
        c.ssthresh = Integer.MAX_VALUE;
        c.srtt = 0;
        c.rttvar = 0;
        c.rto = initialRto;
        c.dupAcks = 0;
        c.inRecovery = false;
        c.recoverSet = false;
        c.sacks.clear();
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

    /**
     * New data acknowledged: slow start or congestion avoidance (RFC 5681 §3.1), or recovery.
     * Returns true when a NewReno partial acknowledgment asks for the next hole to be resent at
     * once; with SACK, pipe and NextSeg decide what goes next (RFC 6675 §5 (B), (C)).
     */
    static boolean onNewAck(TcpConnection c, int acked, int ack, long now) {
        int mss = c.smss();
        c.dupAcks = 0;
        if (c.inRecovery) {
            if (Seq.ge(ack, c.recover)) {
                // RFC 6582 §3.2 step 3: full acknowledgment, leave recovery. With SACK, option 2,
                // cwnd = ssthresh: the state PRR (RFC 6937) and Linux end recovery in. Option 1's
                // two segments after a quiet end draw a single (delayed) ACK, and when that ACK is
                // lost the flight waits for the RTO. Without SACK, NewReno's option 1,
                // min(ssthresh, max(FlightSize, SMSS) + SMSS), so a deflated window cannot burst.
                c.cwnd = c.sackOk ? c.ssthresh : Math.min(c.ssthresh, Math.max(c.inFlight(), mss) + mss);
                c.inRecovery = false;
                return false;
            }
            if (c.sackOk) {
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
        } else if (c.congestionControl == NetConfig.TCP_CC_CUBIC) {
            // RFC 9438 §4.6: a window that uses cwnd for W_max must not grow while unused; the
            // flight before this ACK tells (the send buffer may hold less than cwnd lets out).
            if (c.sndMax - (ack - acked) + mss >= c.cwnd) {
                c.cwnd = TcpCubic.onAck(c, acked, now);
            }
        } else {
            c.cwnd += Math.max(1, (int) ((long) mss * mss / c.cwnd));
        }
        return false;
    }

    /**
     * A congestion event (fast retransmit, a loss a probe repaired, a timeout) with {@code
     * flightSize} bytes outstanding: returns the new ssthresh, FlightSize / 2 for NewReno (RFC
     * 5681 §3.1 eq. 4), FlightSize x 0.7 for CUBIC (RFC 9438 §4.6), at least 2 SMSS. The caller
     * sets cwnd as its recovery prescribes.
     */
    static int onCongestion(TcpConnection c, int flightSize) {
        if (c.congestionControl == NetConfig.TCP_CC_CUBIC) {
            return TcpCubic.onCongestion(c, flightSize);
        }
        return Math.max(flightSize / 2, 2 * c.smss());
    }

    /**
     * A duplicate ACK of a connection without SACK (RFC 5681 §3.2 definition, RFC 6582 NewReno);
     * returns true when it triggers fast retransmit. SACK connections use {@link TcpRecovery}.
     */
    static boolean onDupAck(TcpConnection c) {
        c.dupAcks++;
        if (c.inRecovery) {
            c.cwnd += c.smss();
            return false;
        }
        if (c.dupAcks == SackScoreboard.DUP_THRESH && (!c.recoverSet || Seq.ge(c.sndUna, c.recover))) {
            c.ssthresh = onCongestion(c, c.inFlight());
            c.recover = c.sndMax;
            c.recoverSet = true;
            c.cwnd = c.ssthresh + 3 * c.smss();
            c.inRecovery = true;
            return true;
        }
        return false;
    }

    /**
     * Retransmission timeout (RFC 5681 §3.1 eq. 4, RFC 6298 §5.5): back off, collapse cwnd, go
     * back N. Recovery ends and none starts before RecoveryPoint = SND.MAX is acknowledged (RFC
     * 6675 §5.1). The scoreboard is kept, as Linux keeps it, so go-back-N skips what the peer
     * holds; a second timeout in a row drops it, in case the receiver reneged (RFC 2018 §8).
     */
    static void onTimeout(TcpConnection c, int maxRto) {
        c.ssthresh = onCongestion(c, c.sndMax - c.sndUna);
        TcpCubic.onTimeout(c);
        c.cwnd = c.smss();
        c.inRecovery = false;
        c.recover = c.sndMax;
        c.recoverSet = true;
        c.highRxt = c.sndUna;
        c.dupAcks = 0;
        c.rttTiming = false;
        c.tlpDeadline = 0;
        c.tlpOut = false;
        c.rto = Math.min(maxRto, c.rto * 2);
        c.sndNxt = c.sndUna;
        if (c.finSent && Seq.le(c.sndUna, c.finSeq)) {
            c.finSent = false;
        }
        if (c.retries > 1) {
            c.sacks.clear();
        }
    }
}
