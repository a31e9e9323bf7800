package io.jzsock.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetConfig;
import org.junit.jupiter.api.Test;

/** RFC 9438 CUBIC in bytes and ms, SMSS 1000 (no timestamps), against the RFC's formulas worked by hand. */
class TcpCubicTest {
    private static final int MSS = 1000;

    /** A CUBIC connection in congestion avoidance with cwnd {@code cwnd}, 20 ms SRTT, the whole cwnd in flight. */
    private static TcpConnection cubic(int cwnd) {
        TcpConnection c = new TcpConnection(0, 64, 64, 1);
        c.mss = MSS;
        TcpCongestion.init(c, 1000, NetConfig.TCP_CC_CUBIC);
        c.maxSndWnd = 1 << 20;
        c.cwnd = cwnd;
        c.srtt = 20 << 3;
        return c;
    }

    /** A congestion event with the whole cwnd in flight; recovery then leaves cwnd = ssthresh (RFC 6675). */
    private static void loss(TcpConnection c) {
        c.ssthresh = TcpCongestion.onCongestion(c, c.cwnd);
        c.cwnd = c.ssthresh;
    }

    /** ACKs {@code segments} full segments one by one at {@code now}, with the flight kept at cwnd. */
    private static void ackSegments(TcpConnection c, int segments, long now) {
        for (int i = 0; i < segments; i++) {
            c.sndUna += MSS;
            c.sndMax = c.sndUna + c.cwnd;
            TcpCongestion.onNewAck(c, MSS, c.sndUna, now);
        }
    }

    @Test
    void aCongestionEventSetsSsthreshToSevenTenthsOfTheFlightAndWmaxToCwnd() {
        TcpConnection c = cubic(20000);
        assertEquals(20000 * 717 / 1024, TcpCongestion.onCongestion(c, 20000), "§4.6 ssthresh = flight_size x 0.7");
        assertEquals(20000, c.cubicWmax, "§4.7: W_max = cwnd");
        assertEquals(20000, c.cubicCwndPrior);
        assertEquals(10000 * 717 / 1024, TcpCongestion.onCongestion(cubic(20000), 10000), "the flight, not cwnd, is reduced");
        assertEquals(2 * MSS, TcpCongestion.onCongestion(cubic(2000), 2000), "at least 2 SMSS");
    }

    @Test
    void newRenoHalvesTheFlight() {
        TcpConnection c = cubic(20000);
        c.congestionControl = NetConfig.TCP_CC_NEWRENO;
        assertEquals(10000, TcpCongestion.onCongestion(c, 20000));
    }

    @Test
    void fastConvergenceLowersWmaxWhenTheWindowShrinksBetweenEvents() {
        TcpConnection c = cubic(20000);
        loss(c);
        c.cwnd = 16000;
        TcpCongestion.onCongestion(c, 16000);
        assertEquals(16000 * (1024 + 717) / 2048, c.cubicWmax, "§4.7: W_max = cwnd (1 + beta) / 2");
    }

    @Test
    void kIsTheTimeTheCurveTakesBackToWmax() {
        TcpConnection c = cubic(20000);
        loss(c);
        ackSegments(c, 1, 5000);
        // §4.2: K = cbrt((W_max - cwnd_epoch) / C) = cbrt((20 - 14.003) / 0.4) s = 2.4658 s.
        assertEquals(2465, c.cubicK);
        assertEquals(5000, c.cubicEpoch);
        assertEquals(20000, TcpCubic.wCubic(c, c.cubicK, MSS), "W_cubic(K) = W_max");
        assertEquals(20000 + 400, TcpCubic.wCubic(c, c.cubicK + 1000, MSS), "one second past K: + C x 1^3 segments");
        assertEquals(20000 - 400, TcpCubic.wCubic(c, c.cubicK - 1000, MSS));
    }

    @Test
    void renoFriendlyRegionGrowsAlphaSegmentsPerWindowAcknowledged() {
        TcpConnection c = cubic(20000);
        loss(c);
        int start = c.cwnd;
        // One window of 14 segments acknowledged at once (t = 0): W_cubic(0) is cwnd_epoch, so W_est
        // (alpha = 3 x 0.3 / 1.7 = 0.53 segment per window, §4.3) decides. Per segment, not per ACK.
        ackSegments(c, 14, 5000);
        int grown = c.cwnd - start;
        assertTrue(grown >= 500 && grown <= 540, "grew " + grown + " bytes, alpha_cubic x SMSS = 529");
    }

    @Test
    void alphaBecomesOneOnceWestReachesCwndPrior() {
        TcpConnection c = cubic(20000);
        loss(c);
        ackSegments(c, 1, 5000);
        c.cubicWest = c.cubicCwndPrior;
        int before = c.cubicWest;
        int cwnd = c.cwnd;
        ackSegments(c, 1, 5000);
        assertEquals(MSS * MSS / cwnd, c.cubicWest - before, "§4.3: alpha_cubic = 1, W_est grows 1 SMSS per window");
    }

    @Test
    void theConcaveRegionStepsTowardsTheCurveOneRttAhead() {
        TcpConnection c = cubic(20000);
        loss(c);
        ackSegments(c, 1, 5000);
        // At t = K - 20 ms W_cubic(t + RTT) = W_max: far above W_est, so cwnd takes (target - cwnd) / cwnd per segment.
        c.cwnd = 19000;
        int cwnd = c.cwnd;
        ackSegments(c, 1, 5000 + c.cubicK - 20);
        assertEquals(cwnd + (20000 - cwnd) * MSS / cwnd, c.cwnd);
    }

    @Test
    void aWindowTheFlightDoesNotFillDoesNotGrow() {
        TcpConnection c = cubic(20000);
        loss(c);
        int cwnd = c.cwnd;
        for (int i = 0; i < 100; i++) {
            c.sndUna += MSS;
            c.sndMax = c.sndUna + cwnd / 2;
            TcpCongestion.onNewAck(c, MSS, c.sndUna, 5000 + i * 100);
        }
        assertEquals(cwnd, c.cwnd, "RFC 9438 §4.6: cwnd grows only while used (the send buffer held half of it)");
    }

    @Test
    void afterATimeoutTheCurveStartsAtTheWindowCongestionAvoidanceBeginsWith() {
        TcpConnection c = cubic(20000);
        c.sndMax = c.sndUna + 20000;
        TcpCongestion.onTimeout(c, 60000);
        assertEquals(MSS, c.cwnd);
        assertEquals(20000 * 717 / 1024, c.ssthresh);
        c.cwnd = c.ssthresh;
        ackSegments(c, 1, 9000);
        assertEquals(0, c.cubicK, "§4.8: K = 0");
        assertEquals(20000 * 717 / 1024, c.cubicWmax, "§4.8: W_max = cwnd at the start of congestion avoidance");
    }

    @Test
    void cubeRootRoundsDown() {
        assertEquals(0, TcpCubic.cbrt(0));
        assertEquals(1, TcpCubic.cbrt(7));
        assertEquals(2, TcpCubic.cbrt(8));
        assertEquals(2466, TcpCubic.cbrt(15_000_000_000L));
        assertEquals(2097151, TcpCubic.cbrt(Long.MAX_VALUE));
    }
}
