package io.jzsock.net.tcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.wire.TcpHeader;

/**
 * RFC 6675 conservative SACK-based loss recovery, as functions of a connection and its
 * {@link SackScoreboard}: the duplicate-ACK rule of §2, the entry into recovery of §5, SetPipe
 * and NextSeg of §4, and the sending loop of §5 (C), which builds its segments with
 * {@link TcpOutput}. {@link TcpCongestion} ends recovery at RecoveryPoint.
 */
final class TcpRecovery {
    private TcpRecovery() {
    }

    /**
     * An ACK carrying SACK information that newly SACKs data, while data is outstanding, is a
     * duplicate ACK (RFC 6675 §2), whatever its window or data: Linux's ACKs carry a window that
     * changes as its out-of-order queue fills, so RFC 5681's "window unchanged" rule would
     * discard nearly all of them. Returns true when it starts recovery (§5 steps 1, 2, 4): the
     * caller then retransmits the segment at SND.UNA.
     */
    static boolean onDupAck(TcpConnection c, int smss) {
        if (c.inRecovery) {
            return false;
        }
        c.dupAcks++;
        boolean lost = Seq.gt(c.sacks.lostEdge(c.sndUna, smss), c.sndUna);
        if (c.dupAcks < SackScoreboard.DUP_THRESH && !lost) {
            return false;
        }
        // RFC 6675 §5.1 and RFC 6582 §3.2 step 2: none before the ACK reaches the last RecoveryPoint.
        if (c.recoverSet && Seq.lt(c.sndUna, c.recover)) {
            return false;
        }
        c.recover = c.sndMax;
        c.recoverSet = true;
        // §5 (4.2): ssthresh = cwnd = FlightSize / 2 (NewReno; CUBIC's FlightSize x 0.7), no
        // inflation: pipe counts what has left.
        c.ssthresh = TcpCongestion.onCongestion(c, c.sndMax - c.sndUna);
        c.cwnd = c.ssthresh;
        c.inRecovery = true;
        c.highRxt = c.sndUna;
        return true;
    }

    /**
     * RFC 6675 §4 SetPipe: the octets between SND.UNA and SND.NXT that are not SACKed, less the
     * lost ones, plus the retransmitted ones. Outside recovery no hole is taken as lost and none
     * has been retransmitted, so pipe is the unSACKed flight (after an RTO, from the rewound
     * SND.NXT: what the timer left unsent is not in the network).
     */
    static int pipe(TcpConnection c, int smss) {
        SackScoreboard s = c.sacks;
        int una = c.sndUna;
        int nxt = c.sndNxt;
        int pipe = unsacked(s, una, nxt);
        if (c.inRecovery) {
            pipe -= unsacked(s, una, clamp(s.lostEdge(una, smss), una, nxt));
            pipe += unsacked(s, una, clamp(c.highRxt, una, nxt));
        }
        return pipe;
    }

    /**
     * NextSeg rule 1 ({@code lostOnly}) or rule 3: the offset from SND.UNA of the first unSACKed
     * octet above HighRxt that is lost (rule 1) or lies below the highest SACKed octet (rule 3),
     * or -1. Rule 2, new data, is the caller's.
     */
    static int holeOffset(TcpConnection c, int smss, boolean lostOnly) {
        int una = c.sndUna;
        int from = Seq.gt(c.highRxt, una) ? c.highRxt : una;
        int seq = c.sacks.nextUnsacked(from);
        int limit = lostOnly ? c.sacks.lostEdge(una, smss) : c.sacks.highest(una);
        return Seq.lt(seq, limit) ? seq - una : -1;
    }

    /** A retransmission at {@code seq}: up to SMSS, ending where the next SACKed range starts. */
    static int holeLength(TcpConnection c, int seq, int smss) {
        return Math.min(c.sacks.nextSackedAbove(seq, c.sndMax) - seq, smss);
    }

    /**
     * Bytes cwnd lets out now. With SACK it is cwnd - pipe (RFC 6675 §4), so SACKed segments
     * clock out new ones before recovery starts, as Limited Transmit (RFC 3042) would; without
     * SACK, Limited Transmit lets the first two duplicate ACKs each send one more segment.
     */
    static int congestionRoom(TcpConnection c, int mss) {
        if (c.sackOk) {
            return c.cwnd - pipe(c, mss);
        }
        // Only before fast retransmit: in NewReno recovery dupAcks keeps counting while cwnd inflates.
        return c.cwnd + (c.inRecovery ? 0 : Math.min(c.dupAcks, 2) * mss) - c.inFlight();
    }

    /**
     * RFC 6675 §5 (C): while cwnd - pipe >= 1 SMSS, send what NextSeg picks: a lost hole (rule
     * 1), else new data (rule 2), else a hole below the highest SACKed octet (rule 3).
     */
    static int sendInRecovery(TcpOutput out, TcpConnection c, int mss, long now) {
        int room = c.cwnd - pipe(c, mss);
        if (room < mss) {
            return 0;
        }
        int off = holeOffset(c, mss, true);
        if (off >= 0) {
            return retransmitHole(out, c, off, now);
        }
        int n = out.sendNew(c, mss, room, now);
        if (n > 0) {
            return n;
        }
        off = holeOffset(c, mss, false);
        return off >= 0 ? retransmitHole(out, c, off, now) : 0;
    }

    /** Retransmits the hole at {@code offset} from SND.UNA, moving HighRxt past it; returns the bytes sent. */
    static int retransmitHole(TcpOutput out, TcpConnection c, int offset, long now) {
        int len = resendHole(out, c, offset, now);
        if (len > 0) {
            out.count(c, NetCounters.TCP_FAST_RETRANSMIT);
        }
        return len;
    }

    /** {@link #retransmitHole} without counting it as a fast retransmit (a loss probe counts itself). */
    static int resendHole(TcpOutput out, TcpConnection c, int offset, long now) {
        int start = c.sndUna + offset;
        int len = Math.min(holeLength(c, start, out.effectiveMss(c)), c.tx.size() - offset);
        if (len <= 0) {
            return 0;
        }
        len = out.segmentWithOptions(c, start, TcpHeader.ACK, offset, len, now);
        if (len <= 0) {
            return 0;
        }
        if (offset == 0) {
            c.rxtFence = c.sndMax;
            c.rxtFenceSet = true;
            // As Linux restarts the timer when it resends the head: the resent segment gets a
            // full RTO before a timeout, not what was left of the one the last new ACK started.
            c.rtoDeadline = now + c.rto;
        }
        if (Seq.gt(start + len, c.highRxt)) {
            c.highRxt = start + len;
        }
        return len;
    }

    private static int unsacked(SackScoreboard s, int from, int to) {
        return Seq.lt(from, to) ? (to - from) - s.sackedBetween(from, to) : 0;
    }

    private static int clamp(int seq, int lo, int hi) {
        return Seq.lt(seq, lo) ? lo : Seq.gt(seq, hi) ? hi : seq;
    }
}
