package io.jzsock.net.tcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.TcpHeader;

/**
 * The ACK field of an arriving segment, RFC 9293 §3.10.7.4 fifth check: SND.UNA and the send
 * window, RTT samples, duplicate ACKs and loss recovery (RFC 5681, 6582, 6675, 2018, 2883), and the
 * state changes an acknowledged FIN causes.
 */
final class TcpAckInput {
    private final TcpTable table;
    private final TcpOutput out;
    private final TcpEngine engine;
    /** The ACK being processed carried a D-SACK block. */
    private boolean dsack;

    TcpAckInput(TcpTable table, TcpOutput out, TcpEngine engine) {
        this.table = table;
        this.out = out;
        this.engine = engine;
    }

    /** Fifth check: SND.UNA, the send window, congestion state, FIN acknowledgment. False: stop here. */
    boolean onAck(NetInterface ifc, TcpConnection c, TcpSegment seg, long now) {
        int ack = seg.ack;
        if (ack == c.sndMax + 1 && c.persistBackoff > 0 && c.sndNxt == c.sndMax && c.tx.size() > c.sndMax - c.sndUna) {
            // The peer kept the byte of our zero-window probe (RFC 9293 §3.8.6.1): it was sent. Without
            // this the ACK looks like one for unsent data and every later probe is an old duplicate.
            c.sndNxt = ack;
            c.sndMax = ack;
        }
        if (Seq.gt(ack, c.sndMax)) {
            c.ackNow = true;
            out.flush(c, now);
            return false;
        }
        if (Seq.lt(ack, c.sndUna - Math.max(c.maxSndWnd, 1))) {
            // RFC 5961 §5.2: far too old to be part of this connection.
            ifc.count(NetCounters.TCP_CHALLENGE_ACK);
            out.sendAck(c, now);
            return false;
        }
        int window = seg.window << c.sndShift;
        boolean outstanding = c.sndMax != c.sndUna;
        dsack = false;
        int newlySacked = c.sackOk && seg.opts.sackCount > 0 ? recordSack(ifc, c, seg) : 0;
        boolean advanced = Seq.gt(ack, c.sndUna);
        if (advanced) {
            int acked = ack - c.sndUna;
            int dataAcked = Math.min(acked, c.tx.size());
            c.tx.discard(dataAcked);
            c.sndUna = ack;
            if (Seq.lt(c.sndNxt, c.sndUna)) {
                c.sndNxt = c.sndUna;
            }
            rttFromAck(c, seg, ack, now);
            c.retries = 0;
            c.persistBackoff = 0;
            c.rtoDeadline = c.sndUna == c.sndMax ? 0 : now + c.rto;
            c.sacks.advance(ack);
            out.confirmForwardProgress(c, now);
            if (TcpCongestion.onNewAck(c, acked, ack, now)) {
                out.retransmitFirst(c, now);
            }
            TcpLossProbe.onAck(c, seg, dsack);
        } else if (!c.sackOk && ack == c.sndUna && seg.dataLen == 0 && !seg.has(TcpHeader.FIN)
                && window == c.sndWnd && outstanding) {
            // RFC 5681 §2 duplicate ACK: without SACK, a changed window means a window update.
            if (TcpCongestion.onDupAck(c)) {
                ifc.count(NetCounters.TCP_FAST_RETRANSMIT);
                c.highRxt = c.sndUna;
                out.retransmitFirst(c, now);
            }
        }
        if (newlySacked > 0 && outstanding && TcpRecovery.onDupAck(c, out.effectiveMss(c))) {
            // RFC 6675 §5 (4.3): retransmit the segment at HighACK + 1 whatever pipe says.
            TcpRecovery.retransmitHole(out, c, 0, now);
        } else if (c.inRecovery && c.sackOk) {
            resendLostRetransmission(c, advanced, now);
        }
        if (Seq.lt(c.sndWl1, seg.seq) || (c.sndWl1 == seg.seq && Seq.le(c.sndWl2, ack))) {
            c.sndWnd = window;
            c.sndWl1 = seg.seq;
            c.sndWl2 = ack;
            if (window > c.maxSndWnd) {
                c.maxSndWnd = window;
            }
            if (window > 0) {
                c.persistDeadline = 0;
            } else if (c.persistDeadline == 0 && !c.finSent) {
                // Zephyr arms its persist timer on any zero window: the probe recovers a lost update.
                c.persistBackoff = 0;
                c.persistDeadline = now + Math.max(c.rto, 200);
            }
        }
        if (c.finSent && Seq.gt(ack, c.finSeq)) {
            if (c.state == TcpConnection.FIN_WAIT_1) {
                c.state = TcpConnection.FIN_WAIT_2;
            } else if (c.state == TcpConnection.CLOSING) {
                table.enterTimeWait(c, now, engine.timeWaitMillis());
            } else if (c.state == TcpConnection.LAST_ACK) {
                table.finish(c);
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 6675 resends a hole once per recovery, so a lost retransmission waited for the RTO.
     * RACK (RFC 8985 §6.2) declares it lost once data sent after it is delivered: here, once a
     * SACK reaches above {@link TcpConnection#rxtFence}. Only the hole at SND.UNA is tracked; when
     * a partial ACK moves SND.UNA onto a hole already resent, the fence starts at SND.MAX (later
     * than the real one: detection is late, never early).
     */
    private void resendLostRetransmission(TcpConnection c, boolean advanced, long now) {
        if (advanced) {
            c.rxtFenceSet = Seq.lt(c.sndUna, c.highRxt);
            c.rxtFence = c.sndMax;
            if (!c.rxtFenceSet && Seq.gt(c.sacks.highest(c.sndUna), c.sndUna)) {
                // A partial ACK onto a hole never resent, with data above it SACKed: data sent
                // after it arrived, so it is lost (RACK); resend it now as NewReno would (RFC
                // 6582 §3.2 step 4), rather than wait for DupThresh more SACKs above it.
                TcpRecovery.retransmitHole(out, c, 0, now);
                return;
            }
        }
        if (c.rxtFenceSet && Seq.gt(c.sacks.highest(c.sndUna), c.rxtFence)) {
            TcpRecovery.retransmitHole(out, c, 0, now);
        }
    }

    /**
     * RTT from the echoed timestamp (RFC 7323 §4.1) or from the one timed segment (Karn's rule).
     * After a timeout the ACK may be the receiver's answer to a retransmission of data it already
     * had, echoing the timestamp of the original (RFC 7323 §4.3 keeps TS.Recent for old segments):
     * such samples measure the outage, not the path, so none is taken while backing off.
     */
    private void rttFromAck(TcpConnection c, TcpSegment seg, int ack, long now) {
        if (c.retries > 0) {
            return;
        }
        if (c.tsOk && seg.opts.hasTimestamp && seg.opts.tsEcr != 0) {
            TcpCongestion.rttSample(c, c.tsNow(now) - seg.opts.tsEcr, engine.minRto(), engine.maxRto());
        } else if (c.rttTiming && Seq.gt(ack, c.rttSeq)) {
            c.rttTiming = false;
            TcpCongestion.rttSample(c, (int) (now - c.rttStart), engine.minRto(), engine.maxRto());
        }
    }

    /**
     * RFC 6675 Update(): the SACK blocks into the scoreboard. Returns the bytes newly SACKed. A
     * first block below the cumulative ACK, or inside the second block, is a D-SACK (RFC 2883
     * §4): a report that a segment arrived twice, not news of a hole, so it neither counts as a
     * duplicate ACK nor changes the scoreboard.
     */
    private int recordSack(NetInterface ifc, TcpConnection c, TcpSegment seg) {
        int[] left = seg.opts.sackLeft;
        int[] right = seg.opts.sackRight;
        int first = 0;
        if (Seq.lt(left[0], seg.ack) || (seg.opts.sackCount > 1 && Seq.ge(left[0], left[1])
                && Seq.le(right[0], right[1]))) {
            ifc.count(NetCounters.TCP_DSACK_RX);
            dsack = true;
            c.peerDsack = true;
            first = 1;
        }
        int floor = Seq.gt(seg.ack, c.sndUna) ? seg.ack : c.sndUna;
        int newly = 0;
        for (int i = first; i < seg.opts.sackCount; i++) {
            int l = Seq.lt(left[i], floor) ? floor : left[i];
            int r = right[i];
            if (!Seq.lt(l, r) || Seq.gt(r, c.sndMax)) {
                continue;
            }
            newly += c.sacks.add(l, r);
        }
        return newly;
    }
}
