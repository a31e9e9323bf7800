package io.jzsock.net.tcp;

import io.jzsock.net.SockAddr;
import io.jzsock.net.buf.ByteRing;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.sock.SocketOptionValues;

/**
 * The state of one TCP connection (RFC 9293 §3.3.1 TCB), a pooled object allocated at start-up
 * and reused. Sequence numbers are raw 32-bit ints compared with {@link Seq}. The send ring holds
 * the bytes from SND.UNA on; the receive ring the bytes up to RCV.NXT plus out-of-order data placed
 * past them (tracked by {@link #ooo}).
 */
final class TcpConnection {
    static final int CLOSED = 0;
    static final int LISTEN = 1;
    static final int SYN_SENT = 2;
    static final int SYN_RECEIVED = 3;
    static final int ESTABLISHED = 4;
    static final int FIN_WAIT_1 = 5;
    static final int FIN_WAIT_2 = 6;
    static final int CLOSE_WAIT = 7;
    static final int CLOSING = 8;
    static final int LAST_ACK = 9;
    static final int TIME_WAIT = 10;
    /**
     * SACKed ranges the sender remembers: a Linux receiver reports up to 3 blocks per ACK (4
     * without timestamps), and at 5 % loss a 64 KB flight has about two holes.
     */
    static final int SACK_RANGES = 8;

    final int index;
    final ByteRing rx;
    final ByteRing tx;
    final Assembler ooo;
    /** Listener: indexes of connections waiting in SYN_RECEIVED or established and not yet accepted. */
    final int[] acceptQueue;

    boolean inUse;
    /** Bumped on every open and release: a thread blocked on the connection sees it and returns -EINTR. */
    int gen;
    int state;
    /** The socket still owns it (false after close(): the connection finishes on its own). */
    boolean attached;
    /** Listener that created this connection (passive open), or -1. */
    int parent;
    int backlog;
    int acceptCount;

    /** Addresses in the two-long form of {@link IpAddress}; both {@code ::} until known. */
    long localHi;
    long localLo;
    int localPort;
    long remoteHi;
    long remoteLo;
    int remotePort;

    int iss;
    int sndUna;
    int sndNxt;
    /** Highest sequence sent so far (SND.MAX): retransmission after RTO rewinds sndNxt, not this. */
    int sndMax;
    int sndWnd;
    int sndWl1;
    int sndWl2;
    int maxSndWnd;
    int irs;
    int rcvNxt;
    /** Right edge we last advertised (RCV.NXT + window): never moved left (RFC 9293 §3.8.6.2.2). */
    int rcvAdvertised;

    int mss;
    int sndShift;
    int rcvShift;
    boolean wsOk;
    boolean sackOk;
    boolean tsOk;
    int tsRecent;
    /** The latest clock reading this connection stamped a TSval with (Long.MIN_VALUE: none yet). */
    long tsClock = Long.MIN_VALUE;

    boolean finQueued;
    boolean finSent;
    int finSeq;
    boolean finReceived;
    boolean shutRd;

    int srtt;
    int rttvar;
    int rto;
    /** Karn's algorithm (RFC 6298 §3): time the segment at rttSeq only if it is never retransmitted. */
    int rttSeq;
    long rttStart;
    boolean rttTiming;
    int retries;
    long rtoDeadline;
    /** Next time an ACK of new data confirms the IPv6 neighbour (RFC 4861 §7.3.1); at most twice per ReachableTime. */
    long ndHintDue;
    long ackDeadline;
    int unackedSegments;
    boolean ackNow;
    long persistDeadline;
    int persistBackoff;
    long keepaliveDeadline;
    int keepaliveProbes;
    long timeWaitDeadline;
    long connectDeadline;

    int cwnd;
    int ssthresh;
    int dupAcks;
    boolean inRecovery;
    /** RFC 6675 RecoveryPoint / RFC 6582 recover: SND.MAX when recovery or the last RTO began. */
    int recover;
    /** False until the first recovery or RTO sets {@link #recover}: before it, any ACK may start one. */
    boolean recoverSet;
    /** {@link io.jzsock.net.NetConfig#TCP_CC_CUBIC} or {@code TCP_CC_NEWRENO}. */
    int congestionControl;
    /** RFC 9438 §4.2 W_max (bytes): cwnd before the last reduction, after fast convergence (§4.7). */
    int cubicWmax;
    /** RFC 9438 §4.2 K (ms): when the cubic curve of this stage reaches W_max again. */
    int cubicK;
    /** RFC 9438 t_epoch: the start of this congestion avoidance stage (ms), 0 until it starts. */
    long cubicEpoch;
    /** RFC 9438 §4.3 W_est (bytes): the window Reno would have now. */
    int cubicWest;
    /** RFC 9438 §4.6 cwnd_prior (bytes): cwnd when the last congestion event was detected. */
    int cubicCwndPrior;
    /** The next congestion avoidance stage follows a timeout (RFC 9438 §4.8: K = 0). */
    boolean cubicAfterRto;
    /** The peer's SACKed ranges (RFC 6675 §3 scoreboard). */
    final SackScoreboard sacks = new SackScoreboard(SACK_RANGES);
    /** Highest sequence retransmitted in the current recovery, plus one (RFC 6675 HighRxt). */
    int highRxt;
    /**
     * SND.MAX when the segment at SND.UNA was last retransmitted in recovery: a SACK above it
     * covers data sent after that retransmission, so the retransmission was lost (RFC 8985's
     * rule, with sequence order standing in for send times).
     */
    int rxtFence;
    boolean rxtFenceSet;
    /** Tail loss probe timer (RFC 8985 §7.2), 0 when not armed. */
    long tlpDeadline;
    /** A probe is out and no ACK has reached {@link #tlpEnd} (RFC 8985 TLP.end_seq) yet. */
    boolean tlpOut;
    int tlpEnd;
    /** The probe resent the last segment rather than sending new data. */
    boolean tlpRetrans;
    /** The probe went out in fast recovery, which has already reduced cwnd for this loss. */
    boolean tlpInRecovery;
    /** The peer has sent a D-SACK block (RFC 2883): it reports duplicates, so a spurious retransmission shows. */
    boolean peerDsack;
    /** TSval of the probe: an ACK echoing an older one answers the original (RFC 3522 §2). */
    int tlpTsVal;
    /**
     * RFC 2883 D-SACK to report in the next ACK: the duplicate bytes [dsackLeft, dsackRight)
     * that arrived last, sent once as the first SACK block.
     */
    boolean dsackPending;
    int dsackLeft;
    int dsackRight;

    /** Minshall's Nagle: end of the last sub-MSS segment sent, while valid. */
    int smallSentEnd;
    boolean smallSentValid;
    /** The last send call was a short write: the application has more, so a sub-MSS tail may wait (no PSH point). */
    boolean shortWrite;
    /** The persist timer ran out on a sliver of window: send it even though SWS avoidance would hold it. */
    boolean swsOverride;
    /** Listener: when it last answered a SYN with a cookie (0: never); cookie ACKs are checked only for a while after. */
    long cookieSentAt;
    /** An orphaned FIN_WAIT_2 (no socket, peer never closes) ends at this time (Linux tcp_fin_timeout). */
    long finWait2Deadline;

    boolean nodelay;
    boolean keepalive;
    int keepIdle;
    int keepIntvl;
    int keepCnt;
    boolean lingerOn;
    int lingerSeconds;
    boolean nonblock;
    /**
     * Options shared with the other kinds (reuse flags, timeouts, TTL, TOS, priority, bound
     * interface, port range); SO_RCVBUF / SO_SNDBUF as set, reported back as given (Zephyr), the
     * rings use min(value, capacity).
     */
    final SocketOptionValues opts = new SocketOptionValues();
    /** Pending error for SO_ERROR / the next call (positive errno), 0 if none. */
    int error;
    /** Connection ended by RST or timeout: reads past the data report the error, writes fail. */
    boolean reset;
    long nowAtOpen;

    TcpConnection(int index, int rxBytes, int txBytes, int backlogMax) {
        this.index = index;
        this.rx = new ByteRing(rxBytes);
        this.tx = new ByteRing(txBytes);
        this.ooo = new Assembler(4);
        this.acceptQueue = new int[backlogMax];
    }

    /**
     * This connection's timestamp clock at {@code now}: RFC 7323 §5.4 wants it monotonic, but now is the
     * caller's reading, which may be older than one another call already stamped a segment with (a pass of
     * NetStack.poll runs on the time it is given; the net thread once read it before it waited for the
     * monitor an application's send held). A TSval below one already sent would make the peer drop the
     * segment by PAWS (§5.3 R1) with nothing lost on the wire. The readings are compared as the 64-bit
     * milliseconds they are: compared as 32-bit TSvals, a reading after an idle of more than 2^31 ms would
     * look older and freeze the TSval for as long again.
     */
    int tsNow(long now) {
        if (now < tsClock) {
            return (int) tsClock;
        }
        tsClock = now;
        return (int) now;
    }

    boolean synchronizedState() {
        return state >= ESTABLISHED;
    }

    /**
     * RFC 5681 §2 SMSS: the data of the largest segment sent, Eff.snd.MSS (RFC 9293 §3.7.1) less the
     * 12 bytes of the timestamp option every segment carries (RFC 7323 §3). With the bare MSS as the
     * unit, a cwnd of one "segment" (1460) after a timeout sent 1448 bytes and then a 12-byte sliver.
     */
    int smss() {
        return (mss > 0 ? mss : 536) - (tsOk ? 12 : 0);
    }

    /** Bytes sent and not yet acknowledged. */
    int inFlight() {
        return sndNxt - sndUna;
    }

    /** The local address as IPv4 (the only family routed yet); 0 while unbound. */
    int localIp4() {
        return IpAddress.v4(localLo);
    }

    int remoteIp4() {
        return IpAddress.v4(remoteLo);
    }

    void setLocal4(int v4) {
        localHi = IpAddress.v4MappedHi();
        localLo = IpAddress.v4MappedLo(v4);
    }

    void setRemote4(int v4) {
        remoteHi = IpAddress.v4MappedHi();
        remoteLo = IpAddress.v4MappedLo(v4);
    }

    /**
     * The local address in the socket's family: an AF_INET6 socket sees IPv4 ones as ::ffff:a.b.c.d; a
     * link-local one carries the interface as its scope id (RFC 4007 §11).
     */
    void local(SockAddr out) {
        out.setAddress(opts.family, localHi, localLo, localPort, scope(localHi));
    }

    void remote(SockAddr out) {
        out.setAddress(opts.family, remoteHi, remoteLo, remotePort, scope(remoteHi));
    }

    private int scope(long hi) {
        return Ipv6Address.isLinkLocal(hi) ? opts.boundIf : 0;
    }

    boolean localUnspecified() {
        return IpAddress.isUnspecified(localHi, localLo);
    }
}
