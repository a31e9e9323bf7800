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
 */
final class TcpLossProbe {
    /** RFC 8985 §7.2 WCDelAckT: the probe of a single segment also waits for a delayed ACK. */
    static final int WORST_CASE_DELAYED_ACK_MS = 200;
    /** The shortest PTO (Linux's TCP_TIMEOUT_MIN is 2 ms; timers here tick in ms). */
    static final int MIN_PTO_MS = 2;

    private TcpLossProbe() {
    }

    /**
     * Arms the PTO after a transmission or an ACK (§7.2), only with SACK, an RTT sample, no
     * recovery, no probe already out and the timer not backing off; disarms it otherwise.
     */
    static void arm(TcpConnection c, int smss, long now) {
        boolean sending = c.state == TcpConnection.ESTABLISHED || c.state == TcpConnection.CLOSE_WAIT;
        if (!sending || !c.sackOk || c.inRecovery || c.tlpOut || c.srtt == 0 || c.retries > 0
                || c.sndMax == c.sndUna || Seq.lt(c.sndNxt, c.sndMax) || c.rtoDeadline == 0) {
            c.tlpDeadline = 0;
            return;
        }
        int pto = c.srtt >> 2;
        if (c.sndMax - c.sndUna <= smss) {
            pto += WORST_CASE_DELAYED_ACK_MS;
        }
        long at = now + Math.max(pto, MIN_PTO_MS);
        // PTO = min(PTO, RTO), as Linux: the first expiry of a quiet flight probes instead of
        // collapsing cwnd. The minimum RTO of 200 ms is about 2 SRTT at 100 ms RTT, so without
        // this the probe would almost never come first there.
        c.tlpDeadline = at < c.rtoDeadline ? at : c.rtoDeadline;
    }

    /** The PTO fired (§7.3): send the probe, restart the RTO. */
    static void fire(TcpOutput out, TcpConnection c, long now) {
        c.tlpDeadline = 0;
        int n = sendProbeData(out, c, now);
        c.tlpRetrans = n <= 0;
        if (c.tlpRetrans) {
            n = retransmitLast(out, c, now);
        }
        if (n <= 0) {
            return;
        }
        out.count(c, NetCounters.TCP_LOSS_PROBE);
        c.tlpOut = true;
        c.tlpEnd = c.sndMax;
        c.rtoDeadline = now + c.rto;
    }

    /**
     * An ACK at or past the probe ends it (§7.4). A retransmitted probe acknowledged without a
     * D-SACK repaired a real loss: cwnd takes the reduction fast recovery would have made.
     */
    static void onAck(TcpConnection c, int ack, boolean dsack) {
        if (!c.tlpOut || Seq.lt(ack, c.tlpEnd)) {
            return;
        }
        c.tlpOut = false;
        if (c.tlpRetrans && !dsack && !c.inRecovery) {
            c.ssthresh = Math.max(c.cwnd / 2, 2 * c.mss);
            c.cwnd = c.ssthresh;
        }
    }

    /** RFC 8985 §7.3: a loss probe of new data, one segment past cwnd if the peer's window allows. */
    private static int sendProbeData(TcpOutput out, TcpConnection c, long now) {
        int mss = out.effectiveMss(c);
        return out.sendNew(c, mss, mss, now);
    }

    /** RFC 8985 §7.3: a loss probe that resends the last data segment sent. */
    private static int retransmitLast(TcpOutput out, TcpConnection c, long now) {
        int dataEnd = c.sndUna + c.tx.size();
        int end = Seq.lt(dataEnd, c.sndMax) ? dataEnd : c.sndMax;
        int len = Math.min(out.effectiveMss(c), end - c.sndUna);
        if (len <= 0) {
            return 0;
        }
        return out.segmentWithOptions(c, end - len, TcpHeader.ACK | TcpHeader.PSH, end - len - c.sndUna, len, now);
    }
}
