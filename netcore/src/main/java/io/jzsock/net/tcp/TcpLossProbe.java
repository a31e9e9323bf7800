package io.jzsock.net.tcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.wire.TcpHeader;

/**
 * RFC 8985 §7 Tail Loss Probe. When the last segments of a flight are lost no ACK comes back to
 * start fast recovery, and the sender waits for the retransmission timer (200 ms at least, and
 * cwnd back to one segment). After a probe timeout of 2 SRTT without an ACK, one segment goes
 * out instead: new data if the window allows, else the last segment sent. Its ACK carries the
 * SACK information that starts RFC 6675 recovery, or acknowledges a repaired tail. If the probe
 * is not answered either, the retransmission timer fires one RTO after it.
 *
 * <p>Two departures from §7.2, both for a flight that goes quiet with no ACK left to come. The
 * probe is armed after the FIN too (FIN-WAIT-1, CLOSING, LAST-ACK), as Linux arms it in any state
 * with data outstanding: the end of every transfer is a tail. And it is armed in fast recovery,
 * which §7.2 leaves to RACK: RACK finds a lost segment by a later one delivered, so when the
 * last segment sent was the retransmission of the hole at SND.UNA (the peer's window, held at
 * the hole, lets nothing new out) and the one ACK answering it is lost, nothing is delivered
 * later and only the RTO is left. ACKs keep pushing the PTO back while recovery is clocked by
 * them; it fires once they stop for 2 SRTT.
 */
final class TcpLossProbe {
    /** RFC 8985 §7.2 WCDelAckT: the probe of a single segment also waits for a delayed ACK. */
    static final int WORST_CASE_DELAYED_ACK_MS = 200;
    /** The shortest PTO (Linux's TCP_TIMEOUT_MIN is 2 ms; timers here tick in ms). */
    static final int MIN_PTO_MS = 2;

    private TcpLossProbe() {
    }

    /**
     * Arms the PTO after a transmission or an ACK (§7.2), only with SACK, an RTT sample, no probe
     * already out and the timer not backing off; disarms it otherwise.
     */
    static void arm(TcpConnection c, int smss, long now) {
        if (!sending(c.state) || !c.sackOk || c.tlpOut || c.srtt == 0 || c.retries > 0
                || c.sndMax == c.sndUna || Seq.lt(c.sndNxt, c.sndMax) || c.rtoDeadline == 0) {
            c.tlpDeadline = 0;
            return;
        }
        int pto = c.srtt >> 2;
        // WCDelAckT covers a lone in-order segment held by the receiver's delayed ACK. With data
        // SACKed above it, its arrival fills a hole and is acknowledged at once (RFC 5681 §4.2):
        // at the end of a transfer whose last segment was lost, ahead of a SACKed FIN, it would
        // only delay the repair by 200 ms.
        if (c.sndMax - c.sndUna <= smss && c.sacks.isEmpty()) {
            pto += WORST_CASE_DELAYED_ACK_MS;
        }
        long at = now + Math.max(pto, MIN_PTO_MS);
        // PTO = min(PTO, RTO), as Linux: the first expiry of a quiet flight probes instead of
        // collapsing cwnd. The minimum RTO of 200 ms is about 2 SRTT at 100 ms RTT, so without
        // this the probe would almost never come first there.
        c.tlpDeadline = at < c.rtoDeadline ? at : c.rtoDeadline;
    }

    /** States in which data or our FIN may be outstanding. */
    private static boolean sending(int state) {
        return state == TcpConnection.ESTABLISHED || state == TcpConnection.CLOSE_WAIT
                || state == TcpConnection.FIN_WAIT_1 || state == TcpConnection.CLOSING
                || state == TcpConnection.LAST_ACK;
    }

    /**
     * The PTO fired (§7.3): send the probe, restart the RTO. In recovery it resends the hole at
     * SND.UNA, the segment the recovery waits on: if its retransmission was lost this repairs it,
     * and if only the ACK was lost the peer holds a duplicate and answers at once with a D-SACK
     * and the cumulative ACK that ends recovery. New data would arrive in order there and wait
     * for a delayed ACK.
     */
    static void fire(TcpOutput out, TcpConnection c, long now) {
        c.tlpDeadline = 0;
        c.tlpInRecovery = c.inRecovery;
        c.tlpRetrans = c.inRecovery || resendRatherThanNewData(c);
        int n = c.inRecovery ? TcpRecovery.resendHole(out, c, 0, now)
                : c.tlpRetrans ? 0 : sendProbeData(out, c, now);
        if (n <= 0) {
            c.tlpRetrans = true;
            n = retransmitLast(out, c, now);
        }
        if (n <= 0) {
            return;
        }
        out.count(c, NetCounters.TCP_LOSS_PROBE);
        c.tlpOut = true;
        c.tlpEnd = c.sndMax;
        c.tlpTsVal = c.tsNow(now);
        c.rtoDeadline = now + c.rto;
    }

    /**
     * An ACK at or past the probe ends it (§7.4). A retransmitted probe acknowledged without a
     * D-SACK repaired a real loss: cwnd takes the reduction fast recovery would have made. With
     * timestamps, an ACK echoing a TSval older than the probe's is the receiver's answer to the
     * original (RFC 3522 §2, Eifel: a duplicate fails the acceptability test before TS.Recent is
     * updated, RFC 7323 §5.3 R2/R3): the probe was spurious too. A probe sent in recovery
     * changes nothing: recovery has reduced cwnd once for this loss (RFC 5681 §4.3, one reduction
     * per window of data).
     */
    static void onAck(TcpConnection c, TcpSegment seg, boolean dsack) {
        if (!c.tlpOut || Seq.lt(seg.ack, c.tlpEnd)) {
            return;
        }
        c.tlpOut = false;
        boolean echoesOriginal = c.tsOk && seg.opts.hasTimestamp && Seq.lt(seg.opts.tsEcr, c.tlpTsVal);
        if (c.tlpRetrans && !dsack && !echoesOriginal && !c.inRecovery && !c.tlpInRecovery) {
            c.ssthresh = TcpCongestion.onCongestion(c, c.cwnd);
            c.cwnd = c.ssthresh;
        }
    }

    /**
     * §7.3 prefers new data, but a new segment is answered late when only the ACKs were lost: the
     * receiver has everything before it, so the probe arrives in order and waits for its delayed
     * ACK (RFC 5681 §4.2; Linux holds a single segment ~40 ms, and acknowledges a burst it
     * coalesced with one ACK, so one lost ACK is a silent flight). A copy of the last segment is a
     * duplicate there and is answered at once (RFC 9293 §3.10.7.4; Linux enters quick-ACK mode
     * with a D-SACK); after a tail loss it is out of order, answered at once with a SACK either
     * way. RFC 9002 §6.2.4 lets QUIC probes resend for this reason. Only when the scoreboard is
     * empty (with holes reported, new data adds the SACKs that start recovery), and only when the
     * ACK can tell a spurious probe from a repair (§7.4.2), so that cwnd is not halved for a lost
     * ACK: the peer has sent a D-SACK, or timestamps show which transmission it answers.
     */
    private static boolean resendRatherThanNewData(TcpConnection c) {
        return c.sacks.isEmpty() && (c.peerDsack || c.tsOk);
    }

    /** RFC 8985 §7.3: a loss probe of new data, one segment past cwnd if the peer's window allows. */
    private static int sendProbeData(TcpOutput out, TcpConnection c, long now) {
        int mss = out.effectiveMss(c);
        return out.sendNew(c, mss, mss, now);
    }

    /**
     * RFC 8985 §7.3: a loss probe that resends the last segment sent; after the FIN, with the FIN
     * (as Linux, whose FIN rides on the last segment of its queue), or the FIN alone when no data
     * is outstanding. Returns the sequence space sent.
     */
    private static int retransmitLast(TcpOutput out, TcpConnection c, long now) {
        int dataEnd = c.sndUna + c.tx.size();
        int end = Seq.lt(dataEnd, c.sndMax) ? dataEnd : c.sndMax;
        int len = Math.min(out.effectiveMss(c), end - c.sndUna);
        boolean fin = c.finSent && end == c.finSeq && Seq.le(c.sndUna, c.finSeq);
        if (len <= 0) {
            return fin && out.segmentWithOptions(c, c.finSeq, TcpHeader.FIN | TcpHeader.ACK, 0, 0, now) >= 0 ? 1 : 0;
        }
        int flags = TcpHeader.ACK | TcpHeader.PSH | (fin ? TcpHeader.FIN : 0);
        return out.segmentWithOptions(c, end - len, flags, end - len - c.sndUna, len, now);
    }
}
