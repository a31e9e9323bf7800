package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4Protocol;
import io.jzsock.net.ip.Ipv6Protocol;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.TcpHeader;

/**
 * Segment arrival, RFC 9293 §3.10.7 in its order: demultiplex, then per state the sequence check,
 * RST (with RFC 5961 §3 challenge ACKs), SYN (RFC 5961 §4), ACK, data and FIN. Everything arriving
 * is copied into the connection's receive ring and the packet buffer is released at once.
 */
final class TcpInput implements Ipv4Protocol, Ipv6Protocol {
    private final TcpTable table;
    private final TcpOutput out;
    private final TcpEngine engine;
    private final PacketPool pool;
    private final TcpSegment seg = new TcpSegment();
    private final TcpAckInput acks;
    private final TcpPassiveOpen passive;
    private int issFloor;
    private boolean issFloorSet;

    TcpInput(TcpTable table, TcpOutput out, TcpEngine engine, PacketPool pool, SynCookies cookies) {
        this.table = table;
        this.out = out;
        this.engine = engine;
        this.pool = pool;
        this.acks = new TcpAckInput(table, out, engine);
        this.passive = new TcpPassiveOpen(table, out, engine, cookies);
    }

    @Override
    public void input(NetInterface ifc, int h, int src, int dst, long now) {
        engine.armTimers();
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        ifc.count(NetCounters.TCP_RX);
        if (malformed(b, o, len)) {
            drop(ifc, h, NetCounters.TCP_DROP_MALFORMED);
            return;
        }
        boolean verified = ifc.loopback || (pool.flags[h] & PacketPool.RX_L4_CSUM_OK) != 0;
        if (!verified && !TcpHeader.checksumOkV4(b, o, len, src, dst)) {
            drop(ifc, h, NetCounters.TCP_DROP_BAD_CHECKSUM);
            return;
        }
        if (Ipv4InterfaceState.isMulticast(dst) || dst == -1 || dst == ifc.v4.subnetBroadcast()) {
            // RFC 1122 §4.2.3.10: segments to broadcast or multicast addresses are silently dropped.
            drop(ifc, h, NetCounters.TCP_DROP_MALFORMED);
            return;
        }
        seg.setAddresses4(src, dst);
        segment(ifc, h, now);
    }

    /** TCP over IPv6: the checksum over RFC 8200 §8.1's pseudo-header; a multicast destination is dropped. */
    @Override
    public void input(NetInterface ifc, int h, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        engine.armTimers();
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        ifc.count(NetCounters.TCP_RX);
        if (malformed(b, o, len) || Ipv6Address.isMulticast(dstHi)) {
            drop(ifc, h, NetCounters.TCP_DROP_MALFORMED);
            return;
        }
        boolean verified = ifc.loopback || (pool.flags[h] & PacketPool.RX_L4_CSUM_OK) != 0;
        if (!verified && Checksum.sum(b, o, len,
                Checksum.pseudoHeaderV6(srcHi, srcLo, dstHi, dstLo, Ipv4Header.PROTO_TCP, len)) != 0xffff) {
            drop(ifc, h, NetCounters.TCP_DROP_BAD_CHECKSUM);
            return;
        }
        seg.srcHi = srcHi;
        seg.srcLo = srcLo;
        seg.dstHi = dstHi;
        seg.dstLo = dstLo;
        segment(ifc, h, now);
    }

    private static boolean malformed(byte[] b, int o, int len) {
        return len < TcpHeader.MIN_LEN || TcpHeader.headerLen(b, o) < TcpHeader.MIN_LEN || TcpHeader.headerLen(b, o) > len;
    }

    /** The segment in h, its addresses in {@link #seg} already: options, fields, demultiplexing. */
    private void segment(NetInterface ifc, int h, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        int hl = TcpHeader.headerLen(b, o);
        seg.opts.clear();
        if (seg.opts.parse(b, o, hl) < 0) {
            drop(ifc, h, NetCounters.TCP_DROP_MALFORMED);
            return;
        }
        seg.buf = b;
        seg.dataOff = o + hl;
        seg.dataLen = len - hl;
        seg.srcPort = TcpHeader.srcPort(b, o);
        seg.dstPort = TcpHeader.dstPort(b, o);
        seg.seq = TcpHeader.seq(b, o);
        seg.ack = TcpHeader.ack(b, o);
        seg.flags = TcpHeader.flags(b, o);
        seg.window = TcpHeader.window(b, o);
        seg.ifindex = ifc.index;
        TcpConnection c = table.find(seg.dstHi, seg.dstLo, seg.dstPort, seg.srcHi, seg.srcLo, seg.srcPort);
        issFloorSet = false;
        if (c != null && c.state == TcpConnection.TIME_WAIT && newIncarnation(c)) {
            // RFC 1122 §4.2.2.13, RFC 6191: a SYN beyond the old connection may reopen it at once; the
            // new ISS must lie beyond the old SND.NXT (Linux adds 65537, as here).
            issFloor = c.sndNxt + 65537;
            issFloorSet = true;
            table.finish(c);
            c = null;
        }
        if (c != null) {
            onSegment(ifc, c, now);
        } else {
            TcpConnection l = table.findListener(seg.dstHi, seg.dstLo, seg.dstPort, ifc.index);
            if (l == null) {
                out.resetFor(ifc, seg, now);
            } else if ((c = passive.onSegment(ifc, l, seg, issFloorSet, issFloor, now)) != null) {
                onSegment(ifc, c, now);
            }
        }
        pool.release(h);
    }

    /** A SYN in TIME_WAIT whose sequence number (or timestamp) is newer than the old connection's. */
    private boolean newIncarnation(TcpConnection c) {
        if (!seg.has(TcpHeader.SYN) || seg.has(TcpHeader.ACK) || seg.has(TcpHeader.RST)) {
            return false;
        }
        if (c.tsOk && seg.opts.hasTimestamp) {
            return Seq.gt(seg.opts.tsVal, c.tsRecent);
        }
        return Seq.gt(seg.seq, c.rcvNxt);
    }

    private void onSegment(NetInterface ifc, TcpConnection c, long now) {
        if (c.state == TcpConnection.SYN_SENT) {
            onSynSent(ifc, c, now);
            return;
        }
        if (c.state == TcpConnection.CLOSED) {
            out.resetFor(ifc, seg, now);
            return;
        }
        if (c.state == TcpConnection.SYN_RECEIVED && seg.has(TcpHeader.SYN) && !seg.has(TcpHeader.ACK)
                && seg.seq == c.irs) {
            // The peer did not get our SYN-ACK and sent its SYN again: answer it again (as Linux does),
            // not with the bare ACK the acceptability check would produce.
            out.sendSynAck(c, now);
            return;
        }
        if (c.state == TcpConnection.SYN_RECEIVED && seg.has(TcpHeader.ACK) && !seg.has(TcpHeader.RST)
                && (!Seq.gt(seg.ack, c.sndUna) || Seq.gt(seg.ack, c.sndNxt))) {
            // RFC 9293 §3.10.7.4 fifth check and §3.5.2: an unacceptable ACK in SYN-RECEIVED gets
            // <SEQ=SEG.ACK><CTL=RST>. Checked before the sequence number, as Linux's tcp_check_req does:
            // a peer holding an old connection in TIME_WAIT answers our SYN-ACK with that connection's
            // ACK, whose sequence number is outside our window; only the reset lets it move on.
            ifc.count(NetCounters.TCP_RST_SENT);
            out.sendRstFor(seg, 0, true, now);
            return;
        }
        if (c.tsOk && seg.opts.hasTimestamp && !seg.has(TcpHeader.RST) && c.synchronizedState()
                && Seq.lt(seg.opts.tsVal, c.tsRecent)) {
            // RFC 7323 §5.3 R1 (PAWS): an older timestamp than TS.Recent is an old duplicate.
            ifc.count(NetCounters.TCP_DROP_OUT_OF_WINDOW);
            out.sendAck(c, now);
            return;
        }
        if (!acceptable(c)) {
            if (c.sackOk && seg.dataLen > 0 && !seg.has(TcpHeader.RST) && c.synchronizedState()
                    && Seq.le(seg.seq + seg.dataLen, c.rcvNxt) && Seq.gt(seg.seq + seg.dataLen, c.irs)) {
                // RFC 2883 §4.1.1: a segment received before is reported in a D-SACK block.
                reportDuplicate(c, seg.seq, seg.dataLen);
            }
            if (!seg.has(TcpHeader.RST)) {
                c.ackNow = true;
                out.flush(c, now);
                if (c.ackNow) {
                    out.sendAck(c, now);
                }
            }
            // RFC 5961 §4.2: a SYN is answered with a challenge ACK whatever its sequence number.
            ifc.count(seg.has(TcpHeader.SYN) && !seg.has(TcpHeader.RST) ? NetCounters.TCP_CHALLENGE_ACK
                    : NetCounters.TCP_DROP_OUT_OF_WINDOW);
            return;
        }
        if (seg.has(TcpHeader.RST)) {
            onRst(ifc, c, now);
            return;
        }
        if (seg.has(TcpHeader.SYN)) {
            ifc.count(NetCounters.TCP_CHALLENGE_ACK);
            out.sendAck(c, now);
            return;
        }
        if (!seg.has(TcpHeader.ACK)) {
            return;
        }
        if (c.tsOk && seg.opts.hasTimestamp && Seq.le(seg.seq, c.rcvNxt)) {
            c.tsRecent = seg.opts.tsVal;
        }
        if (c.state == TcpConnection.SYN_RECEIVED) {
            establish(c, now);
            // RFC 9293 §3.10.7.4 fifth check, SYN-RECEIVED: SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK.
            c.sndWnd = seg.window << c.sndShift;
            c.maxSndWnd = Math.max(c.maxSndWnd, c.sndWnd);
            c.sndWl1 = seg.seq;
            c.sndWl2 = seg.ack;
        }
        if (!acks.onAck(ifc, c, seg, now)) {
            return;
        }
        if (seg.dataLen > 0) {
            onData(ifc, c, now);
        }
        if (seg.has(TcpHeader.FIN)) {
            onFin(c, now);
        }
        engine.touchKeepalive(c, now);
        out.flush(c, now);
    }

    /** RFC 9293 §3.10.7.3. */
    private void onSynSent(NetInterface ifc, TcpConnection c, long now) {
        boolean hasAck = seg.has(TcpHeader.ACK);
        if (hasAck && (Seq.le(seg.ack, c.iss) || Seq.gt(seg.ack, c.sndNxt))) {
            if (!seg.has(TcpHeader.RST)) {
                ifc.count(NetCounters.TCP_RST_SENT);
                out.sendRstFor(seg, 0, true, now);
            }
            return;
        }
        if (seg.has(TcpHeader.RST)) {
            if (hasAck) {
                ifc.count(NetCounters.TCP_RST_RX);
                table.fail(c, Errno.ECONNREFUSED);
            }
            return;
        }
        if (!seg.has(TcpHeader.SYN)) {
            return;
        }
        TcpPassiveOpen.acceptSyn(c, seg, engine);
        if (hasAck) {
            if (c.retries == 0) {
                TcpCongestion.rttSample(c, (int) (now - c.rttStart), engine.minRto(), engine.maxRto());
            }
            c.sndWnd = seg.window;
            c.maxSndWnd = c.sndWnd;
            c.sndWl1 = seg.seq;
            c.sndWl2 = seg.ack;
            c.sndUna = seg.ack;
            establish(c, now);
            c.ackNow = true;
            out.flush(c, now);
        } else {
            // Simultaneous open (RFC 9293 §3.5 figure 8).
            c.state = TcpConnection.SYN_RECEIVED;
            c.sndWnd = seg.window;
            c.sndWl1 = seg.seq;
            c.sndWl2 = c.iss;
            out.sendSynAck(c, now);
        }
    }

    private void establish(TcpConnection c, long now) {
        c.state = TcpConnection.ESTABLISHED;
        c.retries = 0;
        c.rtoDeadline = 0;
        c.connectDeadline = 0;
        c.rttTiming = false;
        engine.touchKeepalive(c, now);
    }

    /** RFC 9293 §3.10.7.4 first check, the four-case acceptability table. */
    private boolean acceptable(TcpConnection c) {
        int wnd = Math.max(0, c.rcvAdvertised - c.rcvNxt);
        int len = seg.seqLen(TcpHeader.SYN, TcpHeader.FIN);
        if (len == 0) {
            return wnd == 0 ? seg.seq == c.rcvNxt : Seq.inWindow(seg.seq, c.rcvNxt, wnd) || seg.seq == c.rcvNxt;
        }
        if (wnd == 0) {
            return false;
        }
        return Seq.inWindow(seg.seq, c.rcvNxt, wnd) || Seq.inWindow(seg.seq + len - 1, c.rcvNxt, wnd)
                || (Seq.lt(seg.seq, c.rcvNxt) && Seq.gt(seg.seq + len, c.rcvNxt + wnd));
    }

    /** RFC 9293 §3.10.7.4 second check with RFC 5961 §3.2: only an exact RST resets. */
    private void onRst(NetInterface ifc, TcpConnection c, long now) {
        if (seg.seq != c.rcvNxt) {
            ifc.count(NetCounters.TCP_CHALLENGE_ACK);
            out.sendAck(c, now);
            return;
        }
        ifc.count(NetCounters.TCP_RST_RX);
        if (c.state == TcpConnection.SYN_RECEIVED && c.parent >= 0) {
            table.finish(c);
        } else if (c.state == TcpConnection.SYN_RECEIVED) {
            table.fail(c, Errno.ECONNREFUSED);
        } else if (c.state == TcpConnection.CLOSING || c.state == TcpConnection.LAST_ACK
                || c.state == TcpConnection.TIME_WAIT) {
            table.finish(c);
        } else {
            table.fail(c, Errno.ECONNRESET);
        }
    }


    /** Seventh step: in-order data into the ring, out-of-order data placed past it (for SACK). */
    private void onData(NetInterface ifc, TcpConnection c, long now) {
        if (c.state != TcpConnection.ESTABLISHED && c.state != TcpConnection.FIN_WAIT_1
                && c.state != TcpConnection.FIN_WAIT_2) {
            return;
        }
        int skip = 0;
        if (Seq.lt(seg.seq, c.rcvNxt)) {
            skip = c.rcvNxt - seg.seq;
        }
        int len = seg.dataLen - skip;
        if (skip > 0 && c.sackOk) {
            // RFC 2883 §4.1.1: report the bytes that arrived again below RCV.NXT as a D-SACK.
            reportDuplicate(c, seg.seq, Math.min(skip, seg.dataLen));
        }
        if (len <= 0) {
            c.ackNow = true;
            return;
        }
        int offset = seg.seq + skip - c.rcvNxt;
        int room = c.rx.free() - offset;
        if (c.shutRd) {
            // SHUT_RD: keep the peer flowing but throw the bytes away.
            if (offset == 0) {
                c.rcvNxt += len;
                c.rcvAdvertised = Seq.gt(c.rcvNxt, c.rcvAdvertised) ? c.rcvNxt : c.rcvAdvertised;
            }
            out.scheduleAck(c, now, true);
            return;
        }
        int n = Math.min(len, room);
        if (n <= 0) {
            c.ackNow = true;
            return;
        }
        if (offset == 0) {
            boolean fillsHole = !c.ooo.isEmpty();
            c.rx.write(seg.buf, seg.dataOff + skip, n);
            c.rcvNxt += n;
            int more = c.ooo.advance(n);
            while (more > 0) {
                c.rx.commit(more);
                c.rcvNxt += more;
                more = c.ooo.advance(more);
            }
            out.scheduleAck(c, now, fillsHole || seg.has(TcpHeader.PSH) && n < c.mss);
        } else {
            ifc.count(NetCounters.TCP_DROP_OUT_OF_ORDER);
            if (c.sackOk && c.ooo.covers(offset, n)) {
                // RFC 2883 §4.1.2: an out-of-order duplicate is reported too.
                reportDuplicate(c, c.rcvNxt + offset, n);
            }
            if (c.ooo.add(offset, n)) {
                c.rx.writeAt(offset, seg.buf, seg.dataOff + skip, n);
            }
            c.ackNow = true;
        }
    }

    private static void reportDuplicate(TcpConnection c, int seq, int len) {
        c.dsackPending = true;
        c.dsackLeft = seq;
        c.dsackRight = seq + len;
        c.ackNow = true;
    }

    /** Eighth step: the FIN, once every byte before it has arrived. */
    private void onFin(TcpConnection c, long now) {
        if (c.finReceived) {
            if (c.state == TcpConnection.TIME_WAIT) {
                c.timeWaitDeadline = now + engine.timeWaitMillis();
            }
            c.ackNow = true;
            return;
        }
        if (seg.seq + seg.dataLen != c.rcvNxt) {
            return;
        }
        c.rcvNxt += 1;
        c.finReceived = true;
        c.ackNow = true;
        if (c.state == TcpConnection.ESTABLISHED || c.state == TcpConnection.SYN_RECEIVED) {
            c.state = TcpConnection.CLOSE_WAIT;
        } else if (c.state == TcpConnection.FIN_WAIT_1) {
            if (c.finSent && Seq.gt(c.sndUna, c.finSeq)) {
                table.enterTimeWait(c, now, engine.timeWaitMillis());
            } else {
                c.state = TcpConnection.CLOSING;
            }
        } else if (c.state == TcpConnection.FIN_WAIT_2) {
            table.enterTimeWait(c, now, engine.timeWaitMillis());
        }
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
