package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's SACK loss recovery on literal segments in virtual time: RFC 6675 duplicate ACKs
 * whose window changes (as Linux's do), IsLost, pipe, RFC 6582 cwnd on leaving recovery, go-back-N
 * after an RTO that skips SACKed data, D-SACK in both directions. The peer offers MSS 1000, SACK,
 * no timestamps and no window scaling, so every segment carries exactly 1000 bytes.
 */
class TcpSackRecoveryTest {
    static final int ACK = TcpHeader.ACK;
    static final int PSH = TcpHeader.PSH;
    static final int MSS = 1000;
    static final int PEER_ISS = 1000;
    static final int PORT = 80;

    final VirtualClock clock = new VirtualClock(1000);
    final NetConfig cfg = NetConfig.defaults();
    NetStack stack;
    Zsock z;
    RawPeer raw;
    TcpPeer peer;
    int iss;
    int conn;

    /** NewReno: the recovery tests' windows are RFC 6675's FlightSize / 2. */
    TcpSackRecoveryTest() {
        start(NetConfig.TCP_CC_NEWRENO);
    }

    /** A fresh stack with {@code congestionControl} and a fresh peer (replacing any earlier pair). */
    private void start(int congestionControl) {
        if (stack != null) {
            stack.stop();
        }
        cfg.tcpTxBuffer = 32768;
        cfg.tcpRxBuffer = 8192;
        cfg.tcpCongestionControl = congestionControl;
        raw = new RawPeer();
        peer = new TcpPeer(raw, 40000);
        stack = NetStack.create(cfg, clock, new SeededEntropy(5));
        VirtualNic nic = new VirtualNic(TcpPeer.STACK_MAC);
        VirtualWire.connect(nic, raw.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
        z = stack.zsock();
        raw.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, TcpPeer.STACK_MAC, TcpPeer.STACK_IP));
        poll();
        raw.next();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    private void poll() {
        stack.poll(clock.nowMillis());
    }

    /** Passive open with MSS 1000 and SACK; {@link #conn} is the accepted socket. */
    private void establish() {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(l, SockAddr.parse("0.0.0.0", PORT)));
        assertEquals(0, z.listen(l, 2));
        TcpOptions o = new TcpOptions();
        o.mss = MSS;
        o.sackPermitted = true;
        peer.send(PORT, PEER_ISS, 0, TcpHeader.SYN, 60000, o, new byte[0]);
        poll();
        iss = TcpPeer.seq(peer.next());
        peer.send(PORT, PEER_ISS + 1, iss + 1, ACK, 60000, null, new byte[0]);
        poll();
        conn = z.accept(l, null);
        assertTrue(conn >= 0);
    }

    /**
     * Sends 24000 bytes and ACKs the first four segments one by one (slow start to cwnd 8001).
     * Returns B, the first unacknowledged byte; segments B .. B + 7000 are in flight.
     */
    private int eightSegmentsInFlight() {
        establish();
        assertEquals(24000, z.send(conn, new byte[24000], 0, 24000, Zsock.MSG_DONTWAIT));
        poll();
        assertEquals(4, drain().size(), "initial window: 4 segments");
        int una = iss + 1;
        for (int k = 1; k <= 4; k++) {
            ack(una + k * MSS, 60000);
            assertEquals(2, drain().size(), "slow start: each ACK of a full segment releases two");
        }
        assertEquals(8001, cwnd(), "4000 + 1 for the SYN's ACK + 4 x 1000");
        return una + 4 * MSS;
    }

    private void ack(int ack, int window, int... sack) {
        TcpOptions o = null;
        if (sack.length > 0) {
            o = new TcpOptions();
            o.sackCount = sack.length / 2;
            for (int i = 0; i < o.sackCount; i++) {
                o.sackLeft[i] = sack[2 * i];
                o.sackRight[i] = sack[2 * i + 1];
            }
        }
        peer.send(PORT, PEER_ISS + 1, ack, ACK, window, o, new byte[0]);
        poll();
    }

    /** Every segment the stack sent since the last call, as {seq, data length}. */
    private List<int[]> drain() {
        List<int[]> out = new ArrayList<>();
        byte[] f;
        while ((f = peer.next()) != null) {
            out.add(new int[] {TcpPeer.seq(f), TcpPeer.dataLen(f)});
        }
        return out;
    }

    private static void assertSegments(List<int[]> got, int... seqLen) {
        StringBuilder g = new StringBuilder();
        for (int[] s : got) {
            g.append(s[0]).append('+').append(s[1]).append(' ');
        }
        assertEquals(seqLen.length / 2, got.size(), "segments sent: " + g);
        for (int i = 0; i < got.size(); i++) {
            assertEquals(seqLen[2 * i], got.get(i)[0], "seq of segment " + i + ": " + g);
            assertEquals(seqLen[2 * i + 1], got.get(i)[1], "length of segment " + i + ": " + g);
        }
    }

    private int cwnd() {
        String d = stack.describeTcp();
        int lastConn = d.lastIndexOf("ESTABLISHED");
        int i = d.indexOf("cwnd=", lastConn) + 5;
        int e = d.indexOf(' ', i);
        return Integer.parseInt(d.substring(i, e));
    }

    @Test
    void sackDuplicateAcksWithChangingWindowsCountAndTheThirdRetransmitsTheHole() {
        int b = eightSegmentsInFlight();
        ack(b, 59000, b + 1000, b + 2000);
        assertSegments(drain(), b + 8000, MSS);
        ack(b, 58000, b + 1000, b + 3000);
        assertSegments(drain(), b + 9000, MSS);
        ack(b, 57000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_FAST_RETRANSMIT));
        assertEquals(5000, cwnd(), "RFC 6675 (4.2): cwnd = ssthresh = FlightSize / 2, no inflation");
    }

    @Test
    void cubicFastRetransmitSetsCwndToSevenTenthsOfTheFlight() {
        start(NetConfig.TCP_CC_CUBIC);
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        // RFC 9438 §4.6: ssthresh = cwnd = FlightSize (8000) x beta_cubic, 0.7 in 1/1024: 5601 (NewReno:
        // 4000). Pipe is 8000 - 3000 SACKed - 1000 lost + 1000 resent = 5000: no room for a segment.
        assertEquals(8000 * 717 / 1024, cwnd(), "RFC 9438 §4.6: FlightSize x 0.7");
        ack(b, 60000, b + 1000, b + 5000);
        assertSegments(drain(), b + 8000, MSS);
    }

    @Test
    void cubicGrowsPerSegmentAcknowledgedNotPerAckAfterRecovery() {
        start(NetConfig.TCP_CC_CUBIC);
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        ack(b + 8000, 60000);
        int start = cwnd();
        assertEquals(8000 * 717 / 1024, start, "recovery ends at ssthresh");
        assertSegments(drain(), b + 8000, MSS, b + 9000, MSS, b + 10000, MSS, b + 11000, MSS, b + 12000, MSS);
        // Congestion avoidance, Reno-friendly region (RFC 9438 §4.3): a delayed ACK of two segments
        // grows W_est, and cwnd with it, by alpha_cubic x 2 SMSS x SMSS / cwnd: 2 x 0.53 x 1000 x
        // 1000 / 5601 = 188 bytes, where NewReno's SMSS x SMSS / cwnd per ACK gives 178.
        ack(b + 10000, 60000);
        assertEquals(start + 541 * 2000 / 1024 * MSS / start, cwnd());
    }

    @Test
    void oneAckSackingThreeSegmentsMarksTheHoleLostAndStartsRecovery() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        assertEquals(0, stack.counter(NetCounters.TCP_RETRANSMIT), "no timer involved");
    }

    @Test
    void pipeHoldsSendingUntilEnoughHasLeftTheNetworkThenNewDataFollows() {
        int b = eightSegmentsInFlight();
        ack(b, 59000, b + 1000, b + 2000);
        ack(b, 58000, b + 1000, b + 3000);
        ack(b, 57000, b + 1000, b + 4000);
        drain();
        // In flight: 10000 bytes, 3000 SACKed, 1000 lost and resent: pipe 7000 against cwnd 5000.
        ack(b, 57000, b + 1000, b + 5000);
        assertSegments(drain());
        ack(b, 57000, b + 1000, b + 6000);
        assertSegments(drain());
        ack(b, 57000, b + 1000, b + 7000);
        assertSegments(drain(), b + 10000, MSS);
    }

    @Test
    void everyLostHoleIsRetransmittedBeforeNewData() {
        int b = eightSegmentsInFlight();
        // Holes at b and b + 2000, three segments SACKed above both: both are lost (IsLost). cwnd
        // 4000, pipe after the first retransmission 3000: room for one more, the second hole
        // (NextSeg rule 1) although new data waits.
        ack(b, 60000, b + 1000, b + 2000, b + 3000, b + 6000);
        assertSegments(drain(), b, MSS, b + 2000, MSS);
        // Two more SACKed: pipe 2000, and no lost hole is left unsent: new data (rule 2).
        ack(b, 60000, b + 3000, b + 8000, b + 1000, b + 2000);
        assertSegments(drain(), b + 8000, MSS, b + 9000, MSS);
    }

    @Test
    void leavingSackRecoveryWithNothingInFlightSetsCwndToSsthresh() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 4000);
        drain();
        ack(b + 8000, 60000);
        List<int[]> after = drain();
        // RFC 6582 §3.2 step 3, option 2 with SACK (PRR's end state): cwnd = ssthresh = 4000.
        assertEquals(4000, cwnd(), "cwnd on leaving recovery");
        assertSegments(after, b + 8000, MSS, b + 9000, MSS, b + 10000, MSS, b + 11000, MSS);
    }

    @Test
    void dsackBelowTheCumulativeAckIsNeitherADuplicateAckNorARetransmissionTrigger() {
        int b = eightSegmentsInFlight();
        for (int i = 0; i < 4; i++) {
            ack(b, 60000, b - 1000, b);
        }
        assertSegments(drain());
        assertEquals(4, stack.counter(NetCounters.TCP_DSACK_RX));
        assertEquals(0, stack.counter(NetCounters.TCP_FAST_RETRANSMIT));
    }

    @Test
    void dsackInsideTheSecondBlockDoesNotCountTwice() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 2000);
        drain();
        ack(b, 60000, b + 1000, b + 2000, b + 1000, b + 2000);
        ack(b, 60000, b + 1000, b + 2000, b + 1000, b + 2000);
        assertSegments(drain());
        assertEquals(2, stack.counter(NetCounters.TCP_DSACK_RX));
    }

    @Test
    void quietFlightIsProbedWithNewDataBeforeTheTimerAndGoBackNThenSkipsWhatThePeerSacked() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 2000, b + 3000);
        assertSegments(drain(), b + 8000, MSS);
        clock.advance(cfg.tcpInitialRtoMillis);
        poll();
        assertSegments(drain(), b + 9000, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE), "RFC 8985 §7.3: new data past cwnd");
        assertEquals(0, stack.counter(NetCounters.TCP_RETRANSMIT), "the probe came first");
        clock.advance(cfg.tcpInitialRtoMillis);
        poll();
        assertSegments(drain(), b, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_RETRANSMIT), "an unanswered probe leaves it to the timer");
        ack(b + 1000, 60000, b + 2000, b + 3000);
        assertSegments(drain(), b + 1000, MSS, b + 3000, MSS);
    }

    @Test
    void aFlightWhoseAcksWereLostIsProbedWithItsLastSegmentAndTheDsackAnswerKeepsCwnd() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b - 1000, b);
        assertEquals(1, stack.counter(NetCounters.TCP_DSACK_RX), "the peer reports duplicates");
        // Every ACK of the flight is lost (Linux acknowledges a coalesced burst with one). New data
        // would arrive in order and wait for the receiver's delayed ACK; a copy of the last segment
        // is a duplicate, answered at once.
        clock.advance(5);
        poll();
        assertSegments(drain(), b + 7000, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE));
        ack(b + 8000, 60000, b + 7000, b + 8000);
        assertEquals(9001, cwnd(), "a D-SACKed probe was spurious: no reduction (RFC 8985 §7.4.2), slow start goes on");
        List<int[]> next = drain();
        assertEquals(9, next.size(), "the whole cwnd goes at once");
        assertEquals(b + 8000, next.get(0)[0]);
    }

    @Test
    void tailProbeResendsTheLastSegmentAndAnAckWithoutDsackHalvesCwnd() {
        establish();
        int x = iss + 1;
        z.send(conn, new byte[MSS], 0, MSS, Zsock.MSG_DONTWAIT);
        poll();
        drain();
        ack(x + MSS, 60000);
        x += MSS;
        assertEquals(3000, z.send(conn, new byte[3000], 0, 3000, Zsock.MSG_DONTWAIT));
        poll();
        assertEquals(3, drain().size());
        clock.advance(5);
        poll();
        assertSegments(drain(), x + 2000, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE));
        assertEquals(0, stack.counter(NetCounters.TCP_RETRANSMIT));
        assertEquals(5001, cwnd());
        ack(x + 3000, 60000);
        // Slow start takes the ACK to 6001 first; then RFC 8985 §7.4.2: the probe repaired a loss.
        assertEquals(3000, cwnd(), "cwnd halved");
    }

    @Test
    void aQuietRecoveryWhoseLastSentSegmentIsTheRetransmissionProbesItBeforeTheTimer() {
        int b = eightSegmentsInFlight();
        // Window-limited: nothing new may go while the hole holds the window's left edge.
        ack(b, 8000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        ack(b, 8000, b + 1000, b + 8000);
        assertSegments(drain());
        // The peer's ACK of everything, answering the retransmission, is lost.
        clock.advance(5);
        poll();
        assertSegments(drain(), b, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE), "the probe resends the most recently sent segment");
        assertEquals(0, stack.counter(NetCounters.TCP_RETRANSMIT), "the probe came first");
        ack(b + 8000, 60000, b, b + 1000);
        assertEquals(4000, cwnd(), "the D-SACK answer ends recovery at ssthresh (RFC 6582 §3.2 step 3), no second reduction");
        assertSegments(drain(), b + 8000, MSS, b + 9000, MSS, b + 10000, MSS, b + 11000, MSS);
    }

    @Test
    void afterTheApplicationClosedAFlightWhoseAckIsLostIsStillProbed() {
        int b = eightSegmentsInFlight();
        assertEquals(0, z.close(conn), "FIN-WAIT-1 once the queued data is out");
        ack(b, 60000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        ack(b + 8000, 60000);
        assertSegments(drain(), b + 8000, MSS, b + 9000, MSS, b + 10000, MSS, b + 11000, MSS);
        clock.advance(5);
        poll();
        assertSegments(drain(), b + 12000, MSS);
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE), "RFC 8985 §7.3: new data past cwnd");
        assertEquals(0, stack.counter(NetCounters.TCP_RETRANSMIT));
    }

    @Test
    void theTailProbeAfterTheFinResendsTheLastSegmentWithTheFin() {
        establish();
        int x = iss + 1;
        assertEquals(3000, z.send(conn, new byte[3000], 0, 3000, Zsock.MSG_DONTWAIT));
        assertEquals(0, z.close(conn));
        poll();
        List<byte[]> sent = new ArrayList<>();
        for (byte[] f; (f = peer.next()) != null; ) {
            sent.add(f);
        }
        assertEquals(TcpHeader.FIN, TcpPeer.flags(sent.get(sent.size() - 1)) & TcpHeader.FIN, "data and FIN are out");
        ack(x + 1000, 60000);
        drain();
        clock.advance(5);
        poll();
        byte[] probe = peer.next();
        assertNotNull(probe, "the probe comes before the 200 ms timer");
        assertEquals(x + 2000, TcpPeer.seq(probe));
        assertEquals(MSS, TcpPeer.dataLen(probe));
        assertEquals(TcpHeader.FIN, TcpPeer.flags(probe) & TcpHeader.FIN, "the last segment carries the FIN");
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE));
        assertEquals(0, stack.counter(NetCounters.TCP_RETRANSMIT));
    }

    @Test
    void goBackNAfterATimeoutResendsASackedFinSoItsAckEndsFinWait1() {
        establish();
        int x = iss + 1;
        assertEquals(3000, z.send(conn, new byte[3000], 0, 3000, Zsock.MSG_DONTWAIT));
        assertEquals(0, z.close(conn));
        poll();
        drain();
        // Only the FIN got through, out of order, and is SACKed (Linux's blocks count it).
        ack(x, 60000, x + 3000, x + 3001);
        drain();
        clock.advance(cfg.tcpInitialRtoMillis);
        poll();
        clock.advance(cfg.tcpInitialRtoMillis);
        poll();
        drain();
        assertTrue(stack.counter(NetCounters.TCP_RETRANSMIT) >= 1, "the timer fired");
        // The peer now holds all the data; the FIN must go again before its ACK can mean anything.
        ack(x + 3000, 60000, x + 3000, x + 3001);
        List<byte[]> sent = new ArrayList<>();
        for (byte[] f; (f = peer.next()) != null; ) {
            sent.add(f);
        }
        for (byte[] f : sent) {
            assertTrue(TcpPeer.seq(f) - (x + 3000) <= 0, "nothing beyond the FIN's sequence number: " + TcpPeer.seq(f));
        }
        ack(x + 3001, 60000);
        assertTrue(stack.describeTcp().contains("FIN_WAIT_2"), "the ACK of the FIN is seen: " + stack.describeTcp());
    }

    @Test
    void aLostLastSegmentAheadOfASackedFinIsProbedWithoutWaitingForADelayedAck() {
        establish();
        int x = iss + 1;
        assertEquals(2500, z.send(conn, new byte[2500], 0, 2500, Zsock.MSG_DONTWAIT));
        assertEquals(0, z.close(conn));
        poll();
        drain();
        // The last data segment (500 bytes, less than one SMSS) is lost; the FIN arrives out of order and is SACKed.
        ack(x + 2000, 60000, x + 2500, x + 2501);
        drain();
        clock.advance(5);
        poll();
        byte[] probe = peer.next();
        assertNotNull(probe, "one segment in flight, but the peer holds data above it: no delayed-ACK allowance");
        assertEquals(x + 2000, TcpPeer.seq(probe));
        assertEquals(500, TcpPeer.dataLen(probe));
        assertEquals(1, stack.counter(NetCounters.TCP_LOSS_PROBE));
    }

    @Test
    void partialAckOntoAHoleWithSackedDataAboveResendsItAtOnce() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 2000, b + 3000, b + 5000);
        assertSegments(drain(), b, MSS);
        // The hole at b + 2000 has only two segments above it: not lost by IsLost, but data
        // sent after it has arrived.
        ack(b + 2000, 60000, b + 3000, b + 5000);
        assertSegments(drain(), b + 2000, MSS);
    }

    @Test
    void lostRetransmissionIsResentOnceDataSentAfterItIsSacked() {
        int b = eightSegmentsInFlight();
        ack(b, 60000, b + 1000, b + 4000);
        assertSegments(drain(), b, MSS);
        ack(b, 60000, b + 1000, b + 6000);
        assertSegments(drain(), b + 8000, MSS);
        ack(b, 60000, b + 8000, b + 9000, b + 1000, b + 6000);
        assertSegments(drain(), b, MSS, b + 9000, MSS);
    }

    @Test
    void duplicateBelowRcvNxtIsReportedAsTheFirstSackBlock() {
        establish();
        byte[] data = new byte[500];
        peer.send(PORT, PEER_ISS + 1, iss + 1, ACK | PSH, 60000, null, data);
        poll();
        drain();
        peer.send(PORT, PEER_ISS + 1, iss + 1, ACK | PSH, 60000, null, data);
        poll();
        byte[] f = peer.next();
        assertNotNull(f, "a duplicate is acknowledged at once");
        assertEquals(PEER_ISS + 501, TcpPeer.ack(f));
        TcpOptions o = TcpPeer.options(f);
        assertEquals(1, o.sackCount);
        assertEquals(PEER_ISS + 1, o.sackLeft[0], "RFC 2883: the D-SACK block reports the duplicate");
        assertEquals(PEER_ISS + 501, o.sackRight[0]);
        z.send(conn, new byte[10], 0, 10, Zsock.MSG_DONTWAIT);
        poll();
        assertEquals(0, TcpPeer.options(peer.next()).sackCount, "a D-SACK is reported once");
    }

    @Test
    void outOfOrderDuplicateGoesFirstThenItsBlockThenTheOthersNewestFirst() {
        establish();
        int base = PEER_ISS + 1;
        peer.send(PORT, base + 3000, iss + 1, ACK, 60000, null, new byte[500]);
        poll();
        peer.send(PORT, base + 1000, iss + 1, ACK, 60000, null, new byte[500]);
        poll();
        byte[] f = drainLast();
        TcpOptions o = TcpPeer.options(f);
        assertEquals(2, o.sackCount);
        assertEquals(base + 1000, o.sackLeft[0], "RFC 2018 §4: the newest block first");
        assertEquals(base + 3000, o.sackLeft[1]);
        peer.send(PORT, base + 3000, iss + 1, ACK, 60000, null, new byte[500]);
        poll();
        o = TcpPeer.options(drainLast());
        assertEquals(3, o.sackCount);
        assertEquals(base + 3000, o.sackLeft[0], "D-SACK first");
        assertEquals(base + 3500, o.sackRight[0]);
        assertEquals(base + 3000, o.sackLeft[1], "then the block holding it");
        assertEquals(base + 1000, o.sackLeft[2]);
    }

    private byte[] drainLast() {
        byte[] last = null;
        byte[] f;
        while ((f = peer.next()) != null) {
            last = f;
        }
        assertNotNull(last, "an immediate ACK for out-of-order data (RFC 5681 §4.2)");
        return last;
    }
}
