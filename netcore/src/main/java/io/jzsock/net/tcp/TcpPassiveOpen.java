package io.jzsock.net.tcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;

/**
 * Segments for a listener (RFC 9293 §3.10.7.2): a SYN makes a half-open connection while the SYN queue has room,
 * and is answered with a SYN cookie (RFC 4987 §3.6) once it is full, so a flood of spoofed SYNs cannot lock the
 * listener; an ACK is either a cookie coming back, which re-creates the connection, or gets a reset. The accept
 * queue is the other bound: with it full a SYN is dropped (the client retries), as Linux does.
 */
final class TcpPassiveOpen {
    private final TcpTable table;
    private final TcpOutput out;
    private final TcpEngine engine;
    private final SynCookies cookies;
    private final TcpOptions synAckOpts = new TcpOptions();

    TcpPassiveOpen(TcpTable table, TcpOutput out, TcpEngine engine, SynCookies cookies) {
        this.table = table;
        this.out = out;
        this.engine = engine;
        this.cookies = cookies;
    }

    /**
     * Handles a segment for listener {@code l}. Returns the connection the segment goes on into (one a cookie
     * re-created, in SYN_RECEIVED with the handshake's state, so the ACK completes it the normal way), or null.
     * {@code issFloor} is honoured when {@code floorSet} (a SYN that reopened a TIME_WAIT 4-tuple).
     */
    TcpConnection onSegment(NetInterface ifc, TcpConnection l, TcpSegment seg, boolean floorSet, int issFloor, long now) {
        if (seg.has(TcpHeader.RST)) {
            return null;
        }
        if (seg.has(TcpHeader.ACK)) {
            if (!seg.has(TcpHeader.SYN) && l.cookieSentAt != 0 && now - l.cookieSentAt <= SynCookies.VALID_MILLIS) {
                return fromCookie(ifc, l, seg, now);
            }
            out.resetFor(ifc, seg, now);
            return null;
        }
        if (!seg.has(TcpHeader.SYN)) {
            return null;
        }
        int established = children(l, true);
        if (established >= l.backlog) {
            ifc.count(NetCounters.TCP_DROP_BACKLOG_FULL);
            return null;
        }
        int i = established + children(l, false) < l.backlog && engine.synQueueHasRoom() ? table.allocate() : -1;
        if (i < 0) {
            sendCookie(ifc, l, seg, now);
            return null;
        }
        TcpConnection c = child(l, i, seg, now);
        acceptSyn(c, seg, engine);
        c.iss = engine.isn(c, now);
        if (floorSet && !Seq.gt(c.iss, issFloor - 65537)) {
            c.iss = issFloor;
        }
        startSending(c, seg, now);
        out.sendSynAck(c, now);
        c.rtoDeadline = now + c.rto;
        return null;
    }

    /**
     * The send side once our SYN-ACK (sequence c.iss) is out or was a cookie: SND.UNA = ISS,
     * SND.NXT = ISS + 1, the window and its update marks from {@code seg} (RFC 9293 §3.10.7.2), timers.
     */
    private void startSending(TcpConnection c, TcpSegment seg, long now) {
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        c.sndWnd = seg.window;
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = seg.seq;
        c.sndWl2 = c.iss;
        engine.startTimers(c, now);
    }

    /** IRS, RCV.NXT and the options a SYN carries (MSS, RFC 7323 WS/TS, RFC 2018 SACK-permitted). */
    static void acceptSyn(TcpConnection c, TcpSegment seg, TcpEngine engine) {
        c.irs = seg.seq;
        c.rcvNxt = seg.seq + 1;
        c.rcvAdvertised = c.rcvNxt;
        c.mss = seg.opts.mss > 0 ? Math.min(seg.opts.mss, engine.ourMss(seg.srcHi, seg.srcLo)) : Math.min(536, engine.ourMss(seg.srcHi, seg.srcLo));
        setOptions(c, seg.opts.windowScale, seg.opts.sackPermitted, seg.opts.hasTimestamp, seg.opts.tsVal);
        TcpCongestion.init(c, engine.initialRto(), engine.congestionControl());
    }

    private static void setOptions(TcpConnection c, int windowScale, boolean sackOk, boolean tsOk, int tsVal) {
        c.wsOk = windowScale >= 0;
        c.sndShift = c.wsOk ? windowScale : 0;
        c.rcvShift = c.wsOk ? TcpOutput.shiftFor(c.rx.capacity()) : 0;
        c.sackOk = sackOk;
        c.tsOk = tsOk;
        if (tsOk) {
            c.tsRecent = tsVal;
        }
    }

    /** Established (or else half-open) children waiting in the listener's queue. */
    private int children(TcpConnection l, boolean established) {
        int n = 0;
        for (int k = 0; k < l.acceptCount; k++) {
            if ((table.conns[l.acceptQueue[k]].state >= TcpConnection.ESTABLISHED) == established) {
                n++;
            }
        }
        return n;
    }

    /** A new child of {@code l} in SYN_RECEIVED for the SYN's 4-tuple, queued on the listener. */
    private TcpConnection child(TcpConnection l, int i, TcpSegment seg, long now) {
        TcpConnection c = table.open(i, now, l.opts.family);
        engine.inheritOptions(l, c);
        c.parent = l.index;
        l.acceptQueue[l.acceptCount++] = c.index;
        c.localHi = seg.dstHi;
        c.localLo = seg.dstLo;
        c.localPort = seg.dstPort;
        c.remoteHi = seg.srcHi;
        c.remoteLo = seg.srcLo;
        c.remotePort = seg.srcPort;
        if (Ipv6Address.isLinkLocal(seg.srcHi)) {
            // RFC 4007 §11: a link-local peer is reachable only through the interface it came in on.
            c.opts.boundIf = seg.ifindex;
        }
        c.state = TcpConnection.SYN_RECEIVED;
        return c;
    }

    /**
     * The SYN-ACK of a full queue: the ISS is the cookie, and, as Linux does (tcp_conn_request), the window
     * scale and SACK-permitted are offered only when timestamps can carry them back; the window is what the
     * re-created connection will have.
     */
    private void sendCookie(NetInterface ifc, TcpConnection l, TcpSegment seg, long now) {
        int mssIndex = SynCookies.mssIndex(seg.opts.mss > 0 ? seg.opts.mss : 536);
        int iss = cookies.cookie(seg.dstHi, seg.dstLo, seg.dstPort, seg.srcHi, seg.srcLo, seg.srcPort, seg.seq, mssIndex, now);
        boolean ts = seg.opts.hasTimestamp;
        synAckOpts.clear();
        synAckOpts.mss = engine.ourMss(seg.srcHi, seg.srcLo);
        if (ts) {
            synAckOpts.windowScale = seg.opts.windowScale >= 0 ? TcpOutput.shiftFor(l.rx.capacity()) : -1;
            synAckOpts.sackPermitted = seg.opts.sackPermitted;
            synAckOpts.hasTimestamp = true;
            synAckOpts.tsVal = SynCookies.timestamp(now, seg.opts.windowScale, seg.opts.sackPermitted);
            synAckOpts.tsEcr = seg.opts.tsVal;
        }
        l.cookieSentAt = now == 0 ? 1 : now;
        ifc.count(NetCounters.TCP_SYNCOOKIE_SENT);
        out.sendCookieSynAck(l, seg, iss, synWindow(l), synAckOpts, now);
    }

    private static int synWindow(TcpConnection l) {
        return Math.min(l.rx.limit(), 65535);
    }

    /**
     * RFC 4987 §3.6 (Linux's cookie_v4_check): SEG.ACK - 1 must be a cookie for SEG.SEQ - 1; its MSS and the
     * echoed timestamp's WS and SACK become the connection's. A bad cookie gets the reset any stray ACK gets; a
     * good one with the accept queue full is dropped, and the client's retransmission may find room.
     */
    private TcpConnection fromCookie(NetInterface ifc, TcpConnection l, TcpSegment seg, long now) {
        int mssIndex = cookies.check(seg.dstHi, seg.dstLo, seg.dstPort, seg.srcHi, seg.srcLo, seg.srcPort, seg.seq - 1,
                seg.ack - 1, now);
        int ws = seg.opts.hasTimestamp ? SynCookies.windowScale(seg.opts.tsEcr) : -1;
        if (mssIndex < 0) {
            ifc.count(NetCounters.TCP_SYNCOOKIE_REJECTED);
            out.resetFor(ifc, seg, now);
            return null;
        }
        int i = children(l, true) < l.backlog ? table.allocate() : -1;
        if (i < 0) {
            ifc.count(NetCounters.TCP_DROP_BACKLOG_FULL);
            return null;
        }
        ifc.count(NetCounters.TCP_SYNCOOKIE_ACCEPTED);
        TcpConnection c = child(l, i, seg, now);
        c.irs = seg.seq - 1;
        c.rcvNxt = seg.seq;
        c.rcvAdvertised = c.rcvNxt + synWindow(l);
        c.mss = Math.min(SynCookies.mss(mssIndex), engine.ourMss(seg.srcHi, seg.srcLo));
        boolean ts = seg.opts.hasTimestamp;
        setOptions(c, ws, ts && SynCookies.sackOk(seg.opts.tsEcr), ts, seg.opts.tsVal);
        TcpCongestion.init(c, engine.initialRto(), engine.congestionControl());
        c.iss = seg.ack - 1;
        startSending(c, seg, now);
        // The caller hands the ACK to SYN-RECEIVED processing at once, which establishes it.
        c.rtoDeadline = now + c.rto;
        return c;
    }
}
