package io.jzsock.net.tcp;

/**
 * RFC 6675 conservative SACK-based loss recovery, as functions of a connection and its
 * {@link SackScoreboard}: the duplicate-ACK rule of §2, the entry into recovery of §5, SetPipe
 * and NextSeg of §4. {@link TcpOutput} sends what NextSeg picks while cwnd - pipe allows;
 * {@link TcpCongestion} ends recovery at RecoveryPoint.
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
        // §5 (4.2): ssthresh = cwnd = FlightSize / 2, no inflation: pipe counts what has left.
        c.ssthresh = Math.max((c.sndMax - c.sndUna) / 2, 2 * c.mss);
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

    private static int unsacked(SackScoreboard s, int from, int to) {
        return Seq.lt(from, to) ? (to - from) - s.sackedBetween(from, to) : 0;
    }

    private static int clamp(int seq, int lo, int hi) {
        return Seq.lt(seq, lo) ? lo : Seq.gt(seq, hi) ? hi : seq;
    }
}
