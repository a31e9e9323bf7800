package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The passive open under pressure on literal segments, virtual time: RFC 9293 §3.5.2's reset for an unacceptable
 * ACK in SYN-RECEIVED, and SYN cookies (RFC 4987 §3.6, Linux's layout) once the SYN queue is full.
 */
class TcpSynCookieTest {
    static final int SYN = TcpHeader.SYN;
    static final int ACK = TcpHeader.ACK;
    static final int RST = TcpHeader.RST;
    static final int PSH = TcpHeader.PSH;
    static final int PEER_ISS = 1000;
    static final int PORT = 80;

    final NetConfig cfg = NetConfig.defaults();
    // The raw peer is also the gateway, so SYN-ACKs to spoofed off-link sources come back to it.
    @AutoClose
    final WiredStack wired = new WiredStack(cfg, 7, "198.18.0.2");
    final Zsock z = wired.z;
    final TcpPeer peer = new TcpPeer(wired.peer, 40000);

    /** Runs the timers second by second up to {@code t}, the SYN-ACKs they send read and ignored. */
    private void advanceTo(long t) {
        while (wired.clock.nowMillis() < t) {
            wired.advance(Math.min(1000, t - wired.clock.nowMillis()));
            while (peer.next() != null) {
                continue;
            }
        }
    }

    /** A SYN from another port of the peer that takes a SYN queue slot (its SYN-ACK is read and ignored). */
    private void occupySlot(int port) {
        new TcpPeer(wired.peer, port).send(PORT, 9000 + port, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        assertEquals(SYN | ACK, TcpPeer.flags(peer.next()));
    }

    private static TcpOptions synOptions(boolean timestamps) {
        TcpOptions o = new TcpOptions();
        o.mss = 1400;
        o.windowScale = 2;
        o.sackPermitted = true;
        o.hasTimestamp = timestamps;
        o.tsVal = 5000;
        return o;
    }

    private static TcpOptions timestamp(int tsVal, int tsEcr) {
        TcpOptions o = new TcpOptions();
        o.hasTimestamp = true;
        o.tsVal = tsVal;
        o.tsEcr = tsEcr;
        return o;
    }

    /** The peer's SYN to a full queue; returns the cookie SYN-ACK. */
    private byte[] cookieSynAck(boolean timestamps) {
        peer.send(PORT, PEER_ISS, 0, SYN, 8192, synOptions(timestamps), new byte[0]);
        wired.poll();
        byte[] synAck = peer.next();
        assertEquals(SYN | ACK, TcpPeer.flags(synAck));
        assertEquals(PEER_ISS + 1, TcpPeer.ack(synAck));
        return synAck;
    }

    /** All data bytes the stack sends now, with every segment's length checked against {@code maxSeg}. */
    private int drainData(int maxSeg) {
        int total = 0;
        byte[] f;
        while ((f = peer.next()) != null) {
            assertTrue(TcpPeer.dataLen(f) <= maxSeg, "segment of " + TcpPeer.dataLen(f));
            total += TcpPeer.dataLen(f);
        }
        return total;
    }

    @Test
    void synReceivedAnswersTheAckOfAnOldConnectionWithResetAndTheSlotGoesOnThePeersReset() {
        wired.listener(PORT, 4);
        peer.send(PORT, PEER_ISS, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        int iss = TcpPeer.seq(peer.next());
        // The kernel holds this 4-tuple in TIME_WAIT: our SYN-ACK is out of its window, it re-ACKs its old state.
        int oldSndNxt = 0x7000_0000;
        int oldRcvNxt = 0x1234_5678;
        peer.send(PORT, oldSndNxt, oldRcvNxt, ACK, 502, null, new byte[0]);
        wired.poll();
        byte[] rst = peer.next();
        assertNotNull(rst, "an answer: not the ACK the sequence check would give, a reset");
        assertEquals(RST, TcpPeer.flags(rst), "RFC 9293 §3.5.2: <SEQ=SEG.ACK><CTL=RST>, no ACK bit");
        assertEquals(oldRcvNxt, TcpPeer.seq(rst), "SEQ=SEG.ACK: in the TIME_WAIT's window, so it ends it");
        assertNull(peer.next());
        // The SYN-ACK is retransmitted; the peer, its TIME_WAIT gone, resets it, and the slot is free.
        wired.advance(cfg.tcpInitialRtoMillis);
        byte[] again = peer.next();
        assertEquals(SYN | ACK, TcpPeer.flags(again));
        assertEquals(iss, TcpPeer.seq(again));
        peer.send(PORT, PEER_ISS + 1, 0, RST, 0, null, new byte[0]);
        wired.poll();
        assertEquals(1, wired.stack.tcpConnectionsInUse(), "only the listener: the half-open entry is gone");
    }

    @Test
    void synReceivedWithAnAckInWindowButWrongStillResets() {
        wired.listener(PORT, 4);
        peer.send(PORT, PEER_ISS, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        int iss = TcpPeer.seq(peer.next());
        peer.send(PORT, PEER_ISS + 1, iss + 2, ACK, 8192, null, new byte[0]);
        wired.poll();
        byte[] rst = peer.next();
        assertEquals(RST, TcpPeer.flags(rst));
        assertEquals(iss + 2, TcpPeer.seq(rst));
        assertEquals(2, wired.stack.tcpConnectionsInUse(),
                "the embryonic entry stays (a blind ACK cannot abort it), as Linux");
    }

    @Test
    void cookieCarriesMssWindowScaleAndSackInTheTimestamp() {
        int l = wired.listener(PORT, 1);
        occupySlot(40001);
        byte[] synAck = cookieSynAck(true);
        assertEquals(1, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT));
        TcpOptions o = TcpPeer.options(synAck);
        assertEquals(cfg.tcpMss, o.mss);
        assertTrue(o.windowScale >= 0 && o.sackPermitted && o.hasTimestamp);
        assertEquals(2 | 0x10, o.tsVal & 0x3f, "Linux's cookie_init_timestamp: WS in bits 0-3, SACK bit 4");
        assertTrue(o.tsVal <= (int) wired.clock.nowMillis(), "moved back, never ahead of the clock");
        assertEquals(5000, o.tsEcr);
        assertEquals(2, wired.stack.tcpConnectionsInUse(), "the cookie keeps no state");

        int cookie = TcpPeer.seq(synAck);
        wired.advance(10);
        peer.send(PORT, PEER_ISS + 1, cookie + 1, ACK, 1000, timestamp(5010, o.tsVal), new byte[0]);
        wired.poll();
        assertEquals(1, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_ACCEPTED));
        int a = z.accept(l, null);
        assertTrue(a >= 0, "the cookie's ACK made an ESTABLISHED connection: " + Errno.name(a));
        assertNull(peer.next(), "nothing to say yet");

        // Window field 1000 << WS 2 = 4000: all 2900 bytes go; the decoded MSS 1300 less 12 timestamp bytes cuts them.
        assertEquals(2900, z.send(a, new byte[2900], 0, 2900, Zsock.MSG_DONTWAIT));
        byte[] first = peer.next();
        assertEquals(cookie + 1, TcpPeer.seq(first));
        assertEquals(1288, TcpPeer.dataLen(first), "msstab: 1400 rounds down to 1300");
        assertEquals(2900 - 1288, drainData(1288), "the scaled window took everything");

        // SACK-permitted came back: out-of-order data is answered with a SACK block.
        peer.send(PORT, PEER_ISS + 1 + 100, cookie + 1, ACK | PSH, 1000, timestamp(5020, o.tsVal), new byte[50]);
        wired.poll();
        TcpOptions dup = TcpPeer.options(peer.next());
        assertEquals(1, dup.sackCount);
        assertEquals(PEER_ISS + 101, dup.sackLeft[0]);
    }

    @Test
    void cookieWithoutTimestampsOffersNeitherWindowScaleNorSack() {
        int l = wired.listener(PORT, 1);
        occupySlot(40001);
        byte[] synAck = cookieSynAck(false);
        TcpOptions o = TcpPeer.options(synAck);
        assertEquals(cfg.tcpMss, o.mss);
        assertEquals(-1, o.windowScale, "nothing could carry it back (Linux clears the options too)");
        assertTrue(!o.sackPermitted && !o.hasTimestamp);
        int cookie = TcpPeer.seq(synAck);
        peer.send(PORT, PEER_ISS + 1, cookie + 1, ACK, 1000, null, new byte[0]);
        wired.poll();
        int a = z.accept(l, null);
        assertTrue(a >= 0, Errno.name(a));
        assertEquals(2900, z.send(a, new byte[2900], 0, 2900, Zsock.MSG_DONTWAIT));
        assertEquals(1000, drainData(1300), "an unscaled window of 1000");
    }

    @Test
    void ackWithABadCookieIsResetAndCounted() {
        wired.listener(PORT, 1);
        occupySlot(40001);
        int cookie = TcpPeer.seq(cookieSynAck(false));
        // Hash bits changed (the low bits are not checked beyond the MSS index: Linux's layout adds them).
        int forged = (cookie ^ 0x00550000) + 1;
        peer.send(PORT, PEER_ISS + 1, forged, ACK, 1000, null, new byte[0]);
        wired.poll();
        byte[] rst = peer.next();
        assertEquals(RST, TcpPeer.flags(rst));
        assertEquals(forged, TcpPeer.seq(rst));
        assertEquals(1, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_REJECTED));
        assertEquals(0, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_ACCEPTED));
        new TcpPeer(wired.peer, 40002).send(PORT, PEER_ISS + 1, cookie + 1, ACK, 1000, null, new byte[0]);
        wired.poll();
        assertEquals(RST, TcpPeer.flags(peer.next()), "the cookie is bound to its 4-tuple");
        assertEquals(2, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_REJECTED));
        assertEquals(2, wired.stack.tcpConnectionsInUse(), "listener + the slot's embryonic entry");
    }

    @Test
    void cookieIsValidForOneCounterTickAndRejectedAfterTwo() {
        int l = wired.listener(PORT, 2);
        occupySlot(40001);
        occupySlot(40005);
        TcpPeer late = new TcpPeer(wired.peer, 40004);
        late.send(PORT, 7000, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        int lateCookie = TcpPeer.seq(peer.next());
        int cookie = TcpPeer.seq(cookieSynAck(false));
        assertEquals(2, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT));

        advanceTo(61_000);
        late.send(PORT, 7001, lateCookie + 1, ACK, 1000, null, new byte[0]);
        wired.poll();
        assertTrue(z.accept(l, null) >= 0, "one counter tick later the cookie still holds");

        advanceTo(119_000);
        occupySlot(40002);
        occupySlot(40006);
        new TcpPeer(wired.peer, 40003).send(PORT, 8000, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        assertEquals(3, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT),
                "a fresh cookie keeps cookie ACKs checked");
        peer.next();
        advanceTo(121_000);
        peer.send(PORT, PEER_ISS + 1, cookie + 1, ACK, 1000, null, new byte[0]);
        wired.poll();
        assertEquals(RST, TcpPeer.flags(peer.next()), "two ticks old: stale");
        assertEquals(1, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_REJECTED));
    }

    @Test
    void aRealClientConnectsWithinOneSecondDuringA5000SynSpoofedFlood() {
        int l = wired.listener(PORT, 4);
        Random rnd = new Random(42);
        int synAcks = 0;
        int clientCookie = 0;
        long clientSynAt = -1;
        long connectedAt = -1;
        long wallStart = System.nanoTime();
        for (int i = 0; i < 5000; i++) {
            int src = 0xC6130000 | rnd.nextInt(0x10000);
            wired.peer.send(TcpPeer.frame(src, 1024 + rnd.nextInt(60000), PORT, rnd.nextInt(), 0, SYN, 8192,
                    synOptions(true), new byte[0]));
            if (i == 2500) {
                clientSynAt = wired.clock.nowMillis();
                peer.send(PORT, PEER_ISS, 0, SYN, 8192, synOptions(true), new byte[0]);
            }
            if (i % 8 == 7) {
                wired.advance(1);
                byte[] f;
                while ((f = peer.next()) != null) {
                    synAcks++;
                    if (TcpPeer.dstIp(f) == RawPeer.IP && TcpPeer.dstPort(f) == peer.port) {
                        clientCookie = TcpPeer.seq(f);
                        peer.send(PORT, PEER_ISS + 1, clientCookie + 1, ACK, 1000,
                                timestamp(5001, TcpPeer.options(f).tsVal), new byte[0]);
                    }
                }
                if (connectedAt < 0 && clientCookie != 0) {
                    wired.poll();
                    int a = z.accept(l, null);
                    if (a >= 0) {
                        connectedAt = wired.clock.nowMillis();
                    }
                }
            }
        }
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
        System.out.println("5000-SYN flood: " + synAcks + " SYN-ACKs, cookies sent "
                + wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT) + ", " + wallMs + " ms wall time");
        assertTrue(connectedAt >= 0, "the client never connected");
        assertTrue(connectedAt - clientSynAt < 1000, "connected after " + (connectedAt - clientSynAt) + " ms");
        assertTrue(wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT) >= 5000 - cfg.tcpSynQueue);
        assertEquals(1, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_ACCEPTED));
        assertTrue(wired.stack.tcpConnectionsInUse() <= 2 + cfg.tcpSynQueue,
                "the flood holds no more than the SYN queue");
    }
}
