package io.jzsock.net.tcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.TcpHeader;

/**
 * The ACK field of an arriving segment, RFC 9293 §3.10.7.4 fifth check: SND.UNA and the send
 * window, RTT samples, duplicate ACKs and loss recovery (RFC 5681, 6582, 3042, 2018), and the
 * state changes an acknowledged FIN causes.
 */
final class TcpAckInput {
    private final TcpTable table;
    private final TcpOutput out;
    private final TcpEngine engine;

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
        if (c.sackOk && seg.opts.sackCount > 0) {
            recordSack(c, seg);
        }
        if (Seq.gt(ack, c.sndUna)) {
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
            pruneSack(c);
            if (TcpCongestion.onNewAck(c, acked, ack)) {
                out.retransmitFirst(c, now);
            }
        } else if (ack == c.sndUna && seg.dataLen == 0 && !seg.has(TcpHeader.FIN) && window == c.sndWnd
                && c.sndMax != c.sndUna) {
            if (TcpCongestion.onDupAck(c)) {
                ifc.count(NetCounters.TCP_FAST_RETRANSMIT);
                c.highRxt = c.sndUna;
                out.retransmitFirst(c, now);
            } else if (c.inRecovery && out.retransmitNextHole(c, now)) {
                ifc.count(NetCounters.TCP_FAST_RETRANSMIT);
            }
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
            TcpCongestion.rttSample(c, (int) now - seg.opts.tsEcr, engine.minRto(), engine.maxRto());
        } else if (c.rttTiming && Seq.gt(ack, c.rttSeq)) {
            c.rttTiming = false;
            TcpCongestion.rttSample(c, (int) (now - c.rttStart), engine.minRto(), engine.maxRto());
        }
    }

    private static void recordSack(TcpConnection c, TcpSegment seg) {
        for (int i = 0; i < seg.opts.sackCount; i++) {
            int l = seg.opts.sackLeft[i];
            int r = seg.opts.sackRight[i];
            if (!Seq.lt(l, r) || Seq.le(r, c.sndUna) || Seq.gt(r, c.sndMax)) {
                continue;
            }
            if (c.sackCount < c.sackLeft.length) {
                c.sackLeft[c.sackCount] = l;
                c.sackRight[c.sackCount] = r;
                c.sackCount++;
            } else {
                c.sackLeft[0] = l;
                c.sackRight[0] = r;
            }
        }
    }

    private static void pruneSack(TcpConnection c) {
        int n = 0;
        for (int i = 0; i < c.sackCount; i++) {
            if (Seq.gt(c.sackRight[i], c.sndUna)) {
                c.sackLeft[n] = c.sackLeft[i];
                c.sackRight[n] = c.sackRight[i];
                n++;
            }
        }
        c.sackCount = n;
    }
}
