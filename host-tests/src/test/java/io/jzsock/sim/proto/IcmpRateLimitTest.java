package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.WiredStack.OUR_IP;
import static io.jzsock.sim.proto.WiredStack.OUR_MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.sim.testkit.RawPeer;
import org.junit.jupiter.api.Test;

/**
 * RFC 1812 §4.3.2.8 / RFC 1122 §3.2.2: ICMP errors leave through a token bucket of
 * {@code icmpErrorBurst} tokens refilled one per {@code icmpErrorIntervalMillis} of virtual time;
 * suppressed ones are counted. Echo replies are not limited.
 */
class IcmpRateLimitTest {
    /** Sends n datagrams to a closed port in one poll; returns how many port unreachables came back. */
    private static int closedPortBurst(WiredStack w, int n) {
        for (int i = 0; i < n; i++) {
            w.peer.send(WiredStack.udpToClosedPort(RawPeer.IP, OUR_IP, OUR_MAC));
        }
        w.poll();
        int answers = 0;
        byte[] f;
        while ((f = w.peer.next()) != null) {
            WiredStack.assertPortUnreachable(f);
            answers++;
        }
        assertEquals(w.stack.packetBuffers(), w.stack.freePacketBuffers());
        return answers;
    }

    @Test
    void portUnreachablesStopAfterTheBurstAndRefillOnePerInterval() {
        try (WiredStack w = new WiredStack()) {
            assertEquals(10, closedPortBurst(w, 15), "the default burst of 10");
            assertEquals(5, w.stack.counter(NetCounters.ICMP_ERROR_RATE_LIMITED));
            assertEquals(15, w.stack.counter(NetCounters.UDP_DROP_NO_PORT), "every datagram still counted");
            w.clock.advance(99);
            assertEquals(0, closedPortBurst(w, 1), "no token before 100 ms");
            w.clock.advance(1);
            assertEquals(1, closedPortBurst(w, 3), "one token after 100 ms");
            w.clock.advance(350);
            assertEquals(3, closedPortBurst(w, 5), "three tokens after 350 ms");
            w.clock.advance(50);
            assertEquals(1, closedPortBurst(w, 2), "the 50 ms left over count towards the next token");
            w.clock.advance(60000);
            assertEquals(10, closedPortBurst(w, 14), "a long idle period refills only up to the burst");
            assertEquals(5 + 1 + 2 + 2 + 1 + 4, w.stack.counter(NetCounters.ICMP_ERROR_RATE_LIMITED));
        }
    }

    @Test
    void burstAndIntervalComeFromNetConfigAndZeroIntervalDisablesTheLimit() {
        NetConfig cfg = NetConfig.defaults();
        cfg.icmpErrorBurst = 2;
        cfg.icmpErrorIntervalMillis = 1000;
        try (WiredStack w = new WiredStack(cfg)) {
            assertEquals(2, closedPortBurst(w, 4));
            w.clock.advance(999);
            assertEquals(0, closedPortBurst(w, 1));
            w.clock.advance(1);
            assertEquals(1, closedPortBurst(w, 2));
        }
        cfg.icmpErrorIntervalMillis = 0;
        try (WiredStack w = new WiredStack(cfg)) {
            assertEquals(16, closedPortBurst(w, 16));
            assertEquals(0, w.stack.counter(NetCounters.ICMP_ERROR_RATE_LIMITED));
        }
    }

    @Test
    void echoRepliesAreNotRateLimitedAndDoNotSpendErrorTokens() {
        try (WiredStack w = new WiredStack()) {
            for (int i = 0; i < 16; i++) {
                w.peer.send(WiredStack.ping(RawPeer.IP, OUR_IP, OUR_MAC, 64));
            }
            w.poll();
            int replies = 0;
            byte[] f;
            while ((f = w.peer.next()) != null) {
                WiredStack.assertEchoReply(f);
                replies++;
            }
            assertEquals(16, replies);
            assertEquals(10, closedPortBurst(w, 10), "the error bucket is still full");
        }
    }
}
