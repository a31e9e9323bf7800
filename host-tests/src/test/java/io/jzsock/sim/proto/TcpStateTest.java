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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** RFC 9293 state transitions and RFC 5961 rules on literal segments, virtual time, one wired.stack. */
class TcpStateTest {
    static final int SYN = TcpHeader.SYN;
    static final int ACK = TcpHeader.ACK;
    static final int FIN = TcpHeader.FIN;
    static final int RST = TcpHeader.RST;
    static final int PSH = TcpHeader.PSH;
    static final int PEER_ISS = 1000;

    // A 500 ms TIME_WAIT (2 MSL), so it runs out within a test.
    final NetConfig cfg = WiredStack.defaultsWith(c -> c.tcpTimeWaitMillis = 500);
    @AutoClose
    final WiredStack wired = new WiredStack(cfg, 5, null);
    final Zsock z = wired.z;
    final TcpPeer peer = new TcpPeer(wired.peer, 40000);

    private static TcpOptions synOptions() {
        TcpOptions o = new TcpOptions();
        o.mss = 1200;
        o.windowScale = 2;
        o.sackPermitted = true;
        return o;
    }

    /** Passive open to port 80: returns the stack's ISS. */
    private int handshake(int port) {
        peer.send(port, PEER_ISS, 0, SYN, 8192, synOptions(), new byte[0]);
        wired.poll();
        byte[] synAck = peer.next();
        assertNotNull(synAck, "SYN-ACK");
        int iss = TcpPeer.seq(synAck);
        peer.send(port, PEER_ISS + 1, iss + 1, ACK, 8192 >> 2, null, new byte[0]);
        wired.poll();
        return iss;
    }

    @Test
    void listenAnswersSynWithSynAckEchoingNegotiatedOptions() {
        wired.listener(80, 2);
        peer.send(80, PEER_ISS, 0, SYN, 8192, synOptions(), new byte[0]);
        wired.poll();
        byte[] f = peer.next();
        assertEquals(SYN | ACK, TcpPeer.flags(f));
        assertEquals(PEER_ISS + 1, TcpPeer.ack(f));
        TcpOptions o = TcpPeer.options(f);
        assertEquals(cfg.tcpMss, o.mss);
        assertTrue(o.windowScale >= 0, "window scale answered because the peer offered it");
        assertTrue(o.sackPermitted);
        assertTrue(!o.hasTimestamp, "no timestamps: the peer did not offer them");
    }

    @Test
    void synReceivedAnswersAnAckTooLowWithReset() {
        wired.listener(80, 2);
        peer.send(80, PEER_ISS, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        int iss = TcpPeer.seq(peer.next());
        peer.send(80, PEER_ISS + 1, iss, ACK, 8192, null, new byte[0]);
        wired.poll();
        byte[] rst = peer.next();
        assertEquals(RST, TcpPeer.flags(rst) & RST);
        assertEquals(iss, TcpPeer.seq(rst), "RFC 9293 §3.10.7.4: <SEQ=SEG.ACK><CTL=RST>");
    }

    @Test
    void synToAClosedPortIsAnsweredWithResetAck() {
        peer.send(81, PEER_ISS, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        byte[] rst = peer.next();
        assertEquals(RST | ACK, TcpPeer.flags(rst));
        assertEquals(PEER_ISS + 1, TcpPeer.ack(rst));
        assertEquals(1, wired.stack.counter(NetCounters.TCP_RST_SENT));
    }

    @Test
    void resetToAClosedPortIsNotAnswered() {
        peer.send(81, PEER_ISS, 0, RST, 0, null, new byte[0]);
        wired.poll();
        assertNull(peer.next());
    }

    @Test
    void establishedAnswersSynAndInexactResetWithChallengeAcksAndExactResetResets() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        assertTrue(a >= 0);
        peer.send(80, PEER_ISS + 1, iss + 1, SYN, 8192, null, new byte[0]);
        wired.poll();
        byte[] challenge = peer.next();
        assertEquals(ACK, TcpPeer.flags(challenge));
        assertEquals(PEER_ISS + 1, TcpPeer.ack(challenge));
        peer.send(80, PEER_ISS + 11, 0, RST, 0, null, new byte[0]);
        wired.poll();
        assertEquals(ACK, TcpPeer.flags(peer.next()), "RFC 5961 §3.2: in window, not exact: challenge ACK");
        assertEquals(2, wired.stack.counter(NetCounters.TCP_CHALLENGE_ACK));
        peer.send(80, PEER_ISS + 1, 0, RST, 0, null, new byte[0]);
        wired.poll();
        System.out.println("DBG " + wired.stack.describeTcp());
        assertEquals(-Errno.ECONNRESET, z.recv(a, new byte[4], 0, 4, Zsock.MSG_DONTWAIT));
    }

    @Test
    void fullAcceptQueueDropsFurtherSynsAndCountsThem() {
        wired.listener(80, 1);
        handshake(80);
        TcpPeer second = new TcpPeer(wired.peer, 40001);
        second.send(80, 5000, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        assertNull(peer.next(), "no SYN-ACK while an unaccepted connection fills the backlog (Linux drops too)");
        assertEquals(1, wired.stack.counter(NetCounters.TCP_DROP_BACKLOG_FULL));
        assertEquals(0, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT));
        assertEquals(2, wired.stack.tcpConnectionsInUse(), "listener + the established connection");
    }

    @Test
    void fullSynQueueAnswersWithACookieAndKeepsNoState() {
        wired.listener(80, 1);
        peer.send(80, PEER_ISS, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        assertNotNull(peer.next());
        TcpPeer second = new TcpPeer(wired.peer, 40001);
        second.send(80, 5000, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        byte[] synAck = peer.next();
        assertEquals(SYN | ACK, TcpPeer.flags(synAck), "RFC 4987 §3.6: a SYN beyond the SYN queue gets a cookie");
        assertEquals(5001, TcpPeer.ack(synAck));
        assertEquals(1, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT));
        assertEquals(0, wired.stack.counter(NetCounters.TCP_DROP_BACKLOG_FULL));
        assertEquals(2, wired.stack.tcpConnectionsInUse(),
                "listener + one embryonic connection; the cookie holds nothing");
    }

    @Test
    void peerFinGivesEofThenCloseSendsFinAndTheAckFreesTheConnection() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        peer.send(80, PEER_ISS + 1, iss + 1, FIN | ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(PEER_ISS + 2, TcpPeer.ack(peer.next()), "FIN acknowledged");
        assertEquals(0, z.recv(a, new byte[4], 0, 4, Zsock.MSG_DONTWAIT));
        assertEquals(0, z.recv(a, new byte[4], 0, 4, Zsock.MSG_DONTWAIT), "EOF again");
        z.close(a);
        byte[] fin = peer.next();
        assertEquals(FIN | ACK, TcpPeer.flags(fin), "CLOSE_WAIT -> LAST_ACK");
        peer.send(80, PEER_ISS + 2, TcpPeer.seq(fin) + 1, ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(1, wired.stack.tcpConnectionsInUse(), "only the listener is left");
    }

    @Test
    void simultaneousCloseGoesThroughClosingAndTimeWait() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        z.close(a);
        byte[] ourFin = peer.next();
        assertEquals(FIN | ACK, TcpPeer.flags(ourFin));
        peer.send(80, PEER_ISS + 1, iss + 1, FIN | ACK, 2048, null, new byte[0]);
        wired.poll();
        byte[] ackOfPeerFin = peer.next();
        assertEquals(PEER_ISS + 2, TcpPeer.ack(ackOfPeerFin), "FIN_WAIT_1 + FIN -> CLOSING");
        peer.send(80, PEER_ISS + 2, iss + 2, ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(2, wired.stack.tcpConnectionsInUse(), "TIME_WAIT holds the connection");
        peer.send(80, PEER_ISS + 1, iss + 2, FIN | ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(PEER_ISS + 2, TcpPeer.ack(peer.next()), "TIME_WAIT acknowledges a retransmitted FIN");
        wired.advance(cfg.tcpTimeWaitMillis);
        assertEquals(1, wired.stack.tcpConnectionsInUse(), "2 MSL over: released");
    }

    @Test
    void zeroWindowRefusesDataAndIsProbedUntilItOpens() {
        int l = wired.listener(80, 2);
        peer.send(80, PEER_ISS, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        int iss = TcpPeer.seq(peer.next());
        peer.send(80, PEER_ISS + 1, iss + 1, ACK, 0, null, new byte[0]);
        wired.poll();
        int a = z.accept(l, null);
        assertEquals(10, z.send(a, new byte[10], 0, 10, Zsock.MSG_DONTWAIT), "buffered past the window (Linux)");
        assertNull(peer.next(), "the window is closed: nothing is sent");
        wired.advance(cfg.tcpInitialRtoMillis + 10);
        byte[] probe = peer.next();
        assertNotNull(probe, "the persist timer probes");
        assertEquals(iss + 1, TcpPeer.seq(probe), "RFC 9293 §3.8.6.1: one byte of new data past the window");
        assertEquals(1, TcpPeer.dataLen(probe));
        assertEquals(1, wired.stack.counter(NetCounters.TCP_WINDOW_PROBE));
        peer.send(80, PEER_ISS + 1, iss + 1, ACK, 4096, null, new byte[0]);
        wired.poll();
        byte[] data = peer.next();
        assertEquals(iss + 1, TcpPeer.seq(data));
        assertEquals(10, TcpPeer.dataLen(data), "the window update releases what was buffered");
    }

    @Test
    void outOfOrderDataIsSackedAndDeliveredOnceTheHoleIsFilled() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        peer.send(80, PEER_ISS + 1 + 100, iss + 1, ACK | PSH, 2048, null, new byte[50]);
        wired.poll();
        byte[] dupAck = peer.next();
        assertEquals(PEER_ISS + 1, TcpPeer.ack(dupAck), "duplicate ACK at once");
        TcpOptions o = TcpPeer.options(dupAck);
        assertEquals(1, o.sackCount);
        assertEquals(PEER_ISS + 101, o.sackLeft[0]);
        assertEquals(PEER_ISS + 151, o.sackRight[0]);
        assertEquals(-Errno.EAGAIN, z.recv(a, new byte[200], 0, 200, Zsock.MSG_DONTWAIT));
        byte[] first = new byte[100];
        first[0] = 7;
        peer.send(80, PEER_ISS + 1, iss + 1, ACK | PSH, 2048, null, first);
        wired.poll();
        assertEquals(PEER_ISS + 151, TcpPeer.ack(peer.next()), "the hole is filled: everything acknowledged");
        byte[] buf = new byte[200];
        assertEquals(150, z.recv(a, buf, 0, 200, Zsock.MSG_DONTWAIT));
        assertEquals(7, buf[0]);
    }

    @Test
    void synFloodFillsOnlyTheSynQueueAndLeavesTheTableUsable() {
        wired.listener(80, 4);
        for (int i = 0; i < 10; i++) {
            new TcpPeer(wired.peer, 41000 + i).send(80, 7000 + i, 0, SYN, 8192, null, new byte[0]);
        }
        wired.poll();
        int synAcks = 0;
        while (peer.next() != null) {
            synAcks++;
        }
        assertEquals(10, synAcks, "every SYN answered: the SYN queue's, then cookies");
        assertEquals(10 - cfg.tcpSynQueue, wired.stack.counter(NetCounters.TCP_SYNCOOKIE_SENT));
        assertEquals(0, wired.stack.counter(NetCounters.TCP_DROP_BACKLOG_FULL));
        int client = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertTrue(client >= 0, "the flood did not exhaust the connection table: " + client);
        assertEquals(2 + cfg.tcpSynQueue, wired.stack.tcpConnectionsInUse());
        for (int t = 0; t < 6; t++) {
            wired.advance(1000);
        }
        assertEquals(2 + cfg.tcpSynQueue, wired.stack.tcpConnectionsInUse(),
                "SYN-ACK sent at 0, 1 and 3 s; given up at 7 s");
        wired.advance(1000);
        assertEquals(2, wired.stack.tcpConnectionsInUse(),
                "with the queue full, half-open entries go after two retries");
    }

    @Test
    void orphanedFinWait2EndsAfterTheFinTimeoutWhenThePeerNeverCloses() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        z.close(a);
        byte[] fin = peer.next();
        peer.send(80, PEER_ISS + 1, TcpPeer.seq(fin) + 1, ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(2, wired.stack.tcpConnectionsInUse(), "FIN_WAIT_2: our FIN acknowledged, the peer's never comes");
        for (int t = 0; t < 61; t++) {
            wired.advance(1000);
        }
        assertEquals(1, wired.stack.tcpConnectionsInUse(), "freed after Linux's 60 s tcp_fin_timeout");
        assertEquals(iss + 1, TcpPeer.seq(fin));
    }

    @Test
    void newSynInTimeWaitOpensANewConnectionAtOnce() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        z.close(a);
        byte[] fin = peer.next();
        peer.send(80, PEER_ISS + 1, TcpPeer.seq(fin) + 1, FIN | ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(PEER_ISS + 2, TcpPeer.ack(peer.next()), "our side is in TIME_WAIT");
        assertEquals(2, wired.stack.tcpConnectionsInUse());
        peer.send(80, PEER_ISS + 100_000, 0, SYN, 8192, null, new byte[0]);
        wired.poll();
        byte[] synAck = peer.next();
        assertEquals(SYN | ACK, TcpPeer.flags(synAck), "RFC 6191: a newer SYN reopens the 4-tuple at once");
        assertEquals(PEER_ISS + 100_001, TcpPeer.ack(synAck));
        assertTrue(iss != TcpPeer.seq(synAck));
    }

    @Test
    void timeWaitEndingUnderAnOpenSocketLeavesNoTimerBehind() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        assertEquals(0, z.shutdown(a, Zsock.SHUT_WR));
        byte[] fin = peer.next();
        assertEquals(FIN | ACK, TcpPeer.flags(fin));
        peer.send(80, PEER_ISS + 1, iss + 2, FIN | ACK, 2048, null, new byte[0]);
        wired.poll();
        assertEquals(PEER_ISS + 2, TcpPeer.ack(peer.next()), "TIME_WAIT, the socket still open");
        wired.advance(cfg.tcpTimeWaitMillis);
        assertEquals(0, z.recv(a, new byte[4], 0, 4, Zsock.MSG_DONTWAIT), "EOF: the connection is over");
        assertTrue(wired.stack.pollAt() > wired.clock.nowMillis(),
                "no past deadline is left (the net thread would spin until close): pollAt " + wired.stack.pollAt());
        z.close(a);
        assertEquals(1, wired.stack.tcpConnectionsInUse(), "close frees the connection");
    }

    @Test
    void resetWithDataInFlightUnderAnOpenSocketLeavesNoLossProbeTimerBehind() {
        int l = wired.listener(80, 2);
        int iss = handshake(80);
        int a = z.accept(l, null);
        assertEquals(100, z.send(a, new byte[100], 0, 100, 0));
        wired.poll();
        assertEquals(100, TcpPeer.dataLen(peer.next()));
        wired.advance(1);
        peer.send(80, PEER_ISS + 1, iss + 101, ACK, 8192, null, new byte[0]);
        wired.poll();
        assertEquals(100, z.send(a, new byte[100], 0, 100, 0), "an RTT sample taken, more data in flight");
        wired.poll();
        assertEquals(100, TcpPeer.dataLen(peer.next()));
        assertTrue(wired.stack.describeTcp().matches("(?s).*tlpAt=[1-9].*"), "the loss probe is armed: " + wired.stack.describeTcp());
        peer.send(80, PEER_ISS + 1, iss + 101, RST, 0, null, new byte[0]);
        wired.poll();
        assertEquals(-Errno.ECONNRESET, z.recv(a, new byte[4], 0, 4, Zsock.MSG_DONTWAIT));
        assertTrue(wired.stack.pollAt() > wired.clock.nowMillis() + 1000,
                "no loss-probe deadline survives the reset (the net thread would spin): pollAt " + wired.stack.pollAt());
        z.close(a);
    }
}
