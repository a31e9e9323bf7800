package io.jzsock.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetConfig;
import org.junit.jupiter.api.Test;

class TcpCongestionTest {
    private static TcpConnection established(int peerWindow) {
        TcpConnection c = new TcpConnection(0, 64, 64, 1);
        c.mss = 1460;
        TcpCongestion.init(c, 1000, NetConfig.TCP_CC_NEWRENO);
        c.maxSndWnd = peerWindow;
        return c;
    }

    @Test
    void slowStartGrowsByOneMssPerAck() {
        TcpConnection c = established(65535);
        TcpCongestion.onNewAck(c, 2920, 2920, 0);
        assertEquals(4380 + 1460, c.cwnd);
    }

    @Test
    void cwndStopsGrowingOneMssPastThePeersLargestWindow() {
        TcpConnection c = established(16384);
        for (int i = 0; i < 3_000_000; i++) {
            TcpCongestion.onNewAck(c, 2896, 2896 * (i + 1), 0);
        }
        // 4380 + 10 * 1460: the first value at or past 16384 + 1460. Without the cap this
        // loss-free run took cwnd past Integer.MAX_VALUE (negative: the connection stalled).
        assertEquals(18980, c.cwnd);
    }
}
