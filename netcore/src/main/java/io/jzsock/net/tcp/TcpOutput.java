package io.jzsock.net.tcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Headroom;
import io.jzsock.net.ip.IpRoute;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;

/**
 * Everything a connection sends: SYN, SYN-ACK, data under the send and congestion windows (Nagle,
 * RFC 9293 §3.8.6.2.1 sender SWS avoidance), FIN, ACKs with the receive window (receiver SWS
 * avoidance, §3.8.6.2.2) and SACK blocks, window probes, and RSTs for segments without a
 * connection. Each segment is built in one pool buffer with headroom for the lower headers.
 */
final class TcpOutput {

    private final PacketPool pool;
    private final Ipv4 ip;
    private final TcpOptions opts = new TcpOptions();
    /** The route of the segment being built; every segment is routed afresh. */
    private final IpRoute route = new IpRoute();
    private Ipv6 ip6;
    private final int defaultTtl;
    private final int ourMss;
    private final int delayedAckMillis;

    TcpOutput(PacketPool pool, Ipv4 ip, int defaultTtl, int ourMss, int delayedAckMillis) {
        this.pool = pool;
        this.ip = ip;
        this.defaultTtl = defaultTtl;
        this.ourMss = ourMss;
        this.delayedAckMillis = delayedAckMillis;
    }

    /** Our window scale for a receive buffer: the smallest shift that fits it in 16 bits (RFC 7323 §2.3). */
    static int shiftFor(int bufferBytes) {
        int shift = 0;
        while (shift < 14 && (bufferBytes >> shift) > 65535) {
            shift++;
        }
        return shift;
    }

    void attachIpv6(Ipv6 ipv6) {
        this.ip6 = ipv6;
    }

    /**
     * RFC 4861 §7.3.1: an ACK of new data proves the path to an IPv6 peer forward, so its neighbour entry stays
     * REACHABLE while the connection makes progress (no NUD probes). Rate-limited to half a ReachableTime, as
     * Zephyr's tcp_nbr_reachability_hint, so a bulk transfer does not route every ACK twice. IPv4 has no such
     * hint: ARP entries expire.
     */
    void confirmForwardProgress(TcpConnection c, long now) {
        if (ip6 != null && now >= c.ndHintDue && !IpAddress.isV4Mapped(c.remoteHi, c.remoteLo)) {
            int reachable = ip6.confirmReachable(c.remoteHi, c.remoteLo, c.opts.boundIf, now);
            c.ndHintDue = reachable > 0 ? now + reachable / 2 : now;
        }
    }

    void sendSyn(TcpConnection c, long now) {
        opts.clear();
        opts.mss = TcpEngine.mssFor(ourMss, c.remoteHi, c.remoteLo);
        opts.windowScale = shiftFor(c.rx.capacity());
        opts.sackPermitted = true;
        opts.hasTimestamp = true;
        opts.tsVal = c.tsNow(now);
        opts.tsEcr = 0;
        segment(c, c.iss, TcpHeader.SYN, 0, 0, now, true);
    }

    /** SYN-ACK echoing the options the peer offered (RFC 7323 §1.3, RFC 2018 §2). */
    void sendSynAck(TcpConnection c, long now) {
        opts.clear();
        opts.mss = TcpEngine.mssFor(ourMss, c.remoteHi, c.remoteLo);
        opts.windowScale = c.wsOk ? c.rcvShift : -1;
        opts.sackPermitted = c.sackOk;
        opts.hasTimestamp = c.tsOk;
        opts.tsVal = c.tsNow(now);
        opts.tsEcr = c.tsRecent;
        segment(c, c.iss, TcpHeader.SYN | TcpHeader.ACK, 0, 0, now, true);
    }

    /**
     * Sends what may be sent now: new data within min(SND.WND, cwnd), then the FIN, then an ACK if
     * one is owed and nothing else carried it. Returns the segments sent.
     */
    int flush(TcpConnection c, long now) {
        if (c.state == TcpConnection.SYN_SENT || c.state == TcpConnection.SYN_RECEIVED || c.state < TcpConnection.SYN_SENT) {
            return 0;
        }
        int sent = 0;
        boolean held = false;
        boolean canSendData = c.state == TcpConnection.ESTABLISHED || c.state == TcpConnection.CLOSE_WAIT
                || ((c.state == TcpConnection.FIN_WAIT_1 || c.state == TcpConnection.CLOSING
                || c.state == TcpConnection.LAST_ACK) && !c.finSent);
        while (canSendData) {
            int mss = effectiveMss(c);
            int n = c.sackOk && c.inRecovery ? TcpRecovery.sendInRecovery(this, c, mss, now)
                    : sendNew(c, mss, TcpRecovery.congestionRoom(c, mss), now);
            if (n <= 0) {
                held = n == HELD;
                break;
            }
            sent++;
        }
        if (c.finQueued && !c.finSent && c.tx.size() == c.sndNxt - c.sndUna && c.state != TcpConnection.TIME_WAIT) {
            c.finSeq = c.sndNxt;
            if (segmentWithOptions(c, c.sndNxt, TcpHeader.FIN | TcpHeader.ACK, 0, 0, now) >= 0) {
                c.finSent = true;
                c.sndNxt += 1;
                if (Seq.gt(c.sndNxt, c.sndMax)) {
                    c.sndMax = c.sndNxt;
                }
                armRto(c, now);
                sent++;
            }
        }
        if (sent == 0 && c.ackNow) {
            sendAck(c, now);
            sent++;
        }
        armPersistIfStalled(c, now, held);
        TcpLossProbe.arm(c, effectiveMss(c), now);
        return sent;
    }

    /**
     * Sender SWS avoidance (RFC 9293 §3.8.6.2.1, RFC 1122 §4.2.3.4) for a segment shorter than the MSS.
     * Cut by the window: it goes once a fraction Fs = 1/2 of the largest window the peer offered fits. The
     * tail of the queued data goes when pushed, Nagle (RFC 896, in Minshall's form as Linux) permitting; a
     * send that was cut short by a full buffer is no push point (the application is writing more), so its
     * tail waits to become part of a full segment while the buffer has room to make one. The persist timer
     * is the override timeout.
     */
    private static boolean holdBack(TcpConnection c, int len, int mss, boolean last) {
        if (c.swsOverride) {
            return false;
        }
        if (!last && len < c.maxSndWnd / 2) {
            return true;
        }
        if (c.nodelay || c.finQueued) {
            return false;
        }
        if (last && c.shortWrite && len + c.tx.free() >= mss) {
            return true;
        }
        return c.inFlight() > 0 && c.smallSentValid && Seq.gt(c.smallSentEnd, c.sndUna);
    }

    /** {@link #sendNew}: a short segment held back by sender SWS avoidance or Nagle. */
    static final int HELD = -1;

    /**
     * One segment at SND.NXT within the peer's window and {@code room}: new data, or after an RTO
     * the go-back-N resend, which skips what the peer has SACKed (RFC 6675 §5.1). Returns the
     * bytes sent, 0 when nothing may go, {@link #HELD} when sender SWS
     * avoidance or Nagle holds a short segment back (the persist timer is then its override).
     */
    int sendNew(TcpConnection c, int mss, int room, long now) {
        boolean resend = Seq.lt(c.sndNxt, c.sndMax);
        if (resend) {
            // Never past the data: a SACKed FIN (Linux's SACK blocks count it) is sent again by
            // flush, so that finSent holds when the ACK of the FIN comes.
            int next = c.sacks.nextUnsacked(c.sndNxt);
            int dataEnd = c.sndUna + c.tx.size();
            c.sndNxt = Seq.gt(next, dataEnd) ? dataEnd : next;
            resend = Seq.lt(c.sndNxt, c.sndMax);
        }
        int queuedAfterNxt = c.tx.size() - (c.sndNxt - c.sndUna);
        int usable = Math.min(c.sndUna + c.sndWnd - c.sndNxt, room);
        int len = Math.min(queuedAfterNxt, Math.min(mss, usable));
        if (resend) {
            len = Math.min(len, c.sacks.nextSackedAbove(c.sndNxt, c.sndMax) - c.sndNxt);
        }
        if (len <= 0) {
            return 0;
        }
        boolean last = len == queuedAfterNxt;
        if (len < mss && !resend && holdBack(c, len, mss, last)) {
            return HELD;
        }
        int flags = TcpHeader.ACK | (last ? TcpHeader.PSH : 0);
        len = segmentWithOptions(c, c.sndNxt, flags, c.sndNxt - c.sndUna, len, now);
        if (len <= 0) {
            return 0;
        }
        if (len < mss) {
            c.smallSentEnd = c.sndNxt + len;
            c.smallSentValid = true;
        }
        startRttIfIdle(c, now);
        c.sndNxt += len;
        if (Seq.gt(c.sndNxt, c.sndMax)) {
            c.sndMax = c.sndNxt;
        }
        armRto(c, now);
        return len;
    }

    /** Counts on the interface the connection's segments leave by. */
    void count(TcpConnection c, int counter) {
        if (ip.route(route, c.remoteHi, c.remoteLo, c.opts.boundIf, 0) == 0) {
            route.ifc.count(counter);
        }
    }

    /** A pure ACK now (also a challenge ACK, RFC 5961 §3.2). */
    void sendAck(TcpConnection c, long now) {
        segmentWithOptions(c, c.sndNxt, TcpHeader.ACK, 0, 0, now);
    }

    /** Retransmits the first unacknowledged segment (RTO, fast retransmit, NewReno partial ACK). */
    void retransmitFirst(TcpConnection c, long now) {
        if (c.state == TcpConnection.SYN_SENT) {
            sendSyn(c, now);
            return;
        }
        if (c.state == TcpConnection.SYN_RECEIVED) {
            sendSynAck(c, now);
            return;
        }
        int start = firstUnsacked(c);
        int offset = start - c.sndUna;
        int dataLeft = c.tx.size() - offset;
        int outstanding = c.sndMax - start;
        int len = Math.min(Math.min(TcpRecovery.holeLength(c, start, effectiveMss(c)), Math.max(0, dataLeft)),
                outstanding);
        if (len > 0) {
            len = segmentWithOptions(c, start, TcpHeader.ACK | TcpHeader.PSH, offset, len, now);
            if (len > 0 && Seq.gt(start + len, c.highRxt)) {
                c.highRxt = start + len;
            }
        } else if (c.finSent && Seq.le(c.sndUna, c.finSeq)) {
            segmentWithOptions(c, c.finSeq, TcpHeader.FIN | TcpHeader.ACK, 0, 0, now);
        }
    }

    /** The first byte after SND.UNA the peer has not SACKed (RFC 6675's first hole). */
    private static int firstUnsacked(TcpConnection c) {
        int seq = c.sacks.nextUnsacked(c.sndUna);
        return Seq.lt(seq, c.sndMax) ? seq : c.sndUna;
    }

    /**
     * Zero-window probe (RFC 9293 §3.8.6.1): one byte past the window, or, when nothing is queued
     * and for keepalive (RFC 1122 §4.2.3.6), an ACK at SND.NXT - 1: it is outside the peer's window
     * so the peer must answer with an ACK carrying its current window. An ACK at SND.NXT would be
     * acceptable to a zero window and draw no answer.
     */
    void sendProbe(TcpConnection c, long now, boolean keepalive) {
        int queuedAfterNxt = c.tx.size() - (c.sndNxt - c.sndUna);
        if (!keepalive && queuedAfterNxt > 0) {
            segmentWithOptions(c, c.sndNxt, TcpHeader.ACK, c.sndNxt - c.sndUna, 1, now);
        } else {
            segmentWithOptions(c, c.sndNxt - 1, TcpHeader.ACK, 0, 0, now);
        }
    }

    /** RST from a connection (abort, RFC 9293 §3.10.4 ABORT call). */
    void sendRst(TcpConnection c, long now) {
        segment(c, c.sndNxt, TcpHeader.RST | TcpHeader.ACK, 0, 0, now, false);
    }

    /**
     * RST for a segment that has no connection (RFC 9293 §3.10.7.1): if it carried an ACK, seq =
     * SEG.ACK and no ACK; otherwise seq 0 and ACK = SEG.SEQ + SEG.LEN. Sent from seg's destination to its source.
     */
    void sendRstFor(TcpSegment seg, int segLen, boolean hadAck, long now) {
        int h = allocRouted(seg.srcHi, seg.srcLo, 0);
        if (h < 0) {
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        if (hadAck) {
            TcpHeader.write(b, o, seg.dstPort, seg.srcPort, seg.ack, 0, TcpHeader.MIN_LEN, TcpHeader.RST, 0);
        } else {
            TcpHeader.write(b, o, seg.dstPort, seg.srcPort, 0, seg.seq + segLen, TcpHeader.MIN_LEN,
                    TcpHeader.RST | TcpHeader.ACK, 0);
        }
        pool.len[h] = TcpHeader.MIN_LEN;
        route.setSource(seg.dstHi, seg.dstLo);
        finish(h, defaultTtl, 0, now);
    }

    /**
     * A buffer with headroom for a segment no connection sends (a reset, a cookie SYN-ACK) to
     * the remote address, or -1: no route, or no buffer (counted on the route's interface).
     */
    private int allocRouted(long remoteHi, long remoteLo, int ifindex) {
        if (ip.route(route, remoteHi, remoteLo, ifindex, 0) < 0) {
            return -1;
        }
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            route.ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return -1;
        }
        return h;
    }

    /** RFC 9293 §3.10.7.1: a segment for no connection is answered with RST, unless it is one. */
    void resetFor(NetInterface ifc, TcpSegment seg, long now) {
        if (seg.has(TcpHeader.RST)) {
            return;
        }
        ifc.count(NetCounters.TCP_RST_SENT);
        sendRstFor(seg, seg.seqLen(TcpHeader.SYN, TcpHeader.FIN), seg.has(TcpHeader.ACK), now);
    }

    /**
     * A SYN-ACK that no connection stands behind (a SYN cookie, RFC 4987 §3.6): the caller gives the ISS, the
     * options and the window (unscaled, as every SYN's, RFC 7323 §2.2); addresses come from the SYN.
     */
    void sendCookieSynAck(TcpConnection listener, TcpSegment syn, int iss, int window, TcpOptions synAckOpts, long now) {
        int h = allocRouted(syn.srcHi, syn.srcLo, listener.opts.boundIf);
        if (h < 0) {
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int headerLen = synAckOpts.emit(b, o);
        TcpHeader.write(b, o, syn.dstPort, syn.srcPort, iss, syn.seq + 1, headerLen, TcpHeader.SYN | TcpHeader.ACK, window);
        pool.len[h] = headerLen;
        route.setSource(syn.dstHi, syn.dstLo);
        int ttl = listener.opts.ttl >= 0 ? listener.opts.ttl : defaultTtl;
        finish(h, ttl, listener.opts.tos, now);
    }

    /** Data and ACK segments carry timestamps and SACK blocks when negotiated. */
    int segmentWithOptions(TcpConnection c, int seq, int flags, int txOffset, int len, long now) {
        opts.clear();
        if (c.tsOk) {
            opts.hasTimestamp = true;
            opts.tsVal = c.tsNow(now);
            opts.tsEcr = c.tsRecent;
        }
        if (c.sackOk && (!c.ooo.isEmpty() || c.dsackPending)) {
            addSackBlocks(c);
        }
        return segment(c, seq, flags, txOffset, len, now, true);
    }

    /**
     * RFC 2018 §4: the block holding the newest segment first, then the others. A duplicate that
     * just arrived goes before them all as a D-SACK block (RFC 2883 §4), sent once; when it lies
     * inside an out-of-order range, that range is the newest and follows it (§4.1.2).
     */
    private void addSackBlocks(TcpConnection c) {
        Assembler a = c.ooo;
        int newest = a.newest();
        int n = 0;
        if (c.dsackPending) {
            opts.sackLeft[n] = c.dsackLeft;
            opts.sackRight[n] = c.dsackRight;
            n++;
            c.dsackPending = false;
        }
        if (newest >= 0) {
            opts.sackLeft[n] = c.rcvNxt + a.start(newest);
            opts.sackRight[n] = c.rcvNxt + a.end(newest);
            n++;
        }
        for (int i = 0; i < a.count() && n < opts.sackLeft.length; i++) {
            if (i != newest) {
                opts.sackLeft[n] = c.rcvNxt + a.start(i);
                opts.sackRight[n] = c.rcvNxt + a.end(i);
                n++;
            }
        }
        opts.sackCount = n;
    }

    /** Builds and sends one segment; returns the data bytes it carries (len may shrink to fit the MTU), or -1. */
    private int segment(TcpConnection c, int seq, int flags, int txOffset, int len, long now, boolean withOpts) {
        if (ip.route(route, c.remoteHi, c.remoteLo, c.opts.boundIf, 0) < 0) {
            return -1;
        }
        NetInterface ifc = route.ifc;
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return -1;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int headerLen = withOpts ? opts.emit(b, o) : TcpHeader.MIN_LEN;
        len = Math.min(len, ifc.mtu - route.ipHeaderLen() - headerLen);
        int window = advertisedWindow(c, (flags & TcpHeader.SYN) != 0);
        int ackField = (flags & TcpHeader.ACK) != 0 ? c.rcvNxt : 0;
        TcpHeader.write(b, o, c.localPort, c.remotePort, seq, ackField, headerLen, flags, window);
        if (len > 0) {
            c.tx.peek(txOffset, b, o + headerLen, len);
        }
        pool.len[h] = headerLen + len;
        pool.priority[h] = c.opts.priority;
        if ((flags & TcpHeader.ACK) != 0) {
            c.ackNow = false;
            c.ackDeadline = 0;
            c.unackedSegments = 0;
        }
        boolean v6 = route.family == ZsockConstants.AF_INET6;
        if (!c.localUnspecified()) {
            route.setSource(c.localHi, c.localLo);
        } else if (!v6) {
            route.setSrc4(ip.sourceFor(ifc, c.remoteIp4()));
        } else if (ip6.selectSource(route) < 0) {
            pool.release(h);
            return -1;
        }
        if (v6) {
            finish(h, c.opts.hopLimit >= 0 ? c.opts.hopLimit : ip6.hopLimit(ifc), c.opts.tclass, now);
        } else {
            finish(h, c.opts.ttl >= 0 ? c.opts.ttl : defaultTtl, c.opts.tos, now);
        }
        return len;
    }

    /** Checksums and sends h along {@link #route}, which the caller routed to the peer and gave its source. */
    private void finish(int h, int ttl, int tos, long now) {
        NetInterface ifc = route.ifc;
        route.hopLimit = ttl;
        route.trafficClass = tos;
        boolean v6 = route.family == ZsockConstants.AF_INET6;
        // The device offload bit covers IPv4 only; over IPv6 the checksum is ours (RFC 8200 §8.1).
        if (v6 || (ifc.txChecksumOffload & NetDevice.CSUM_TCP) == 0) {
            TcpHeader.fillChecksum(pool.data[h], pool.off[h], pool.len[h],
                    route.pseudoHeaderSum(Ipv4Header.PROTO_TCP, pool.len[h]));
        }
        ifc.count(NetCounters.TCP_TX);
        if (v6) {
            ip6.output(h, Ipv4Header.PROTO_TCP, route, now);
        } else {
            ip.output(h, Ipv4Header.PROTO_TCP, route, now);
        }
    }

    /**
     * The window field: free receive space, never moving the right edge left, and held back until it
     * opens by min(MSS, buffer / 2) (receiver SWS avoidance, RFC 9293 §3.8.6.2.2). SYN windows are
     * never scaled (RFC 7323 §2.2).
     */
    int advertisedWindow(TcpConnection c, boolean syn) {
        int edge = c.rcvNxt + c.rx.free();
        if (Seq.lt(edge, c.rcvAdvertised)) {
            // The buffer shrank (SO_RCVBUF): never move the right edge left.
            edge = c.rcvAdvertised;
        } else if (!syn && Seq.lt(edge, c.rcvAdvertised + swsThreshold(c))) {
            edge = c.rcvAdvertised;
        }
        c.rcvAdvertised = edge;
        int wnd = Math.max(0, edge - c.rcvNxt);
        return Math.min(wnd >> (syn ? 0 : c.rcvShift), 65535);
    }

    /**
     * RFC 9293 §3.8.6.2.2: min(RCV.BUFF / 2, Eff.snd.MSS), the MSS less the options every segment
     * carries. With the 12 timestamp bytes a full segment holds 1448 bytes, not 1460: with the bare
     * MSS, reading one full segment was not enough to announce the space, so a window-limited
     * sender waited for the 40 ms delayed ACK after every odd segment.
     */
    private int swsThreshold(TcpConnection c) {
        return Math.max(1, Math.min(effectiveMss(c), c.rx.limit() / 2));
    }

    /** True when reading freed enough space that the peer should hear about it now (window update). */
    boolean windowUpdateDue(TcpConnection c) {
        return Seq.ge(c.rcvNxt + c.rx.free(), c.rcvAdvertised + swsThreshold(c));
    }

    int effectiveMss(TcpConnection c) {
        return c.smss();
    }

    private void startRttIfIdle(TcpConnection c, long now) {
        if (!c.rttTiming && !c.tsOk) {
            c.rttTiming = true;
            c.rttSeq = c.sndNxt;
            c.rttStart = now;
        }
    }

    private static void armRto(TcpConnection c, long now) {
        if (c.rtoDeadline == 0) {
            c.rtoDeadline = now + c.rto;
        }
    }

    private static void armPersistIfStalled(TcpConnection c, long now, boolean held) {
        int queuedAfterNxt = c.tx.size() - (c.sndNxt - c.sndUna);
        if ((c.sndWnd == 0 || held) && queuedAfterNxt > 0 && c.inFlight() == 0 && c.persistDeadline == 0) {
            c.persistDeadline = now + Math.max(c.rto, 200);
        }
    }

    /** An ACK is owed: send it at once for every second full segment (RFC 5681 §4.2), else delay it. */
    void scheduleAck(TcpConnection c, long now, boolean immediately) {
        c.unackedSegments++;
        if (immediately || c.unackedSegments >= 2) {
            c.ackNow = true;
        } else if (c.ackDeadline == 0) {
            c.ackDeadline = now + delayedAckMillis;
        }
    }
}
