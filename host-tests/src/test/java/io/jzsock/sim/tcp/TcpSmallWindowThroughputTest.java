package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetConfig;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.Impairment;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 symptom 2 in the simulator: 1 MiB into a receiver whose whole buffer (its window) is 2920 bytes,
 * 5 ms each way, virtual time. The window allows at most 2920 bytes per 10 ms round trip; a sender whose send
 * buffer may hold more than the window keeps it full with full-sized segments.
 */
class TcpSmallWindowThroughputTest {
    static final int WINDOW = 2920;
    static final int ONE_WAY_MS = 5;
    static final int BYTES = 1 << 20;

    /** Goodput in bytes per virtual second. */
    private static double goodput(int sendBuffer, long readRate) throws Exception {
        NetConfig cfg = NetConfig.defaults();
        cfg.tcpRxBuffer = WINDOW;
        cfg.tcpTxBuffer = sendBuffer;
        try (NetSim sim = new NetSim(1, cfg)) {
            sim.impair(new Impairment().delayMillis(ONE_WAY_MS));
            BulkTransfer t = new BulkTransfer(sim, 0, 1, BYTES).readRate(readRate);
            long start = sim.now();
            boolean finished = sim.runUntil(t::done, 600_000);
            assertNull(t.failure(), t.failure());
            assertTrue(finished, "got " + t.received());
            double rate = BYTES * 1000.0 / (sim.now() - start);
            System.out.printf("small window: send buffer %d B, reader %s -> %.0f kB/s (window/RTT = %.0f kB/s)%n",
                    sendBuffer, readRate == 0 ? "unlimited" : readRate / 1000 + " kB/s", rate / 1000,
                    WINDOW * 1000.0 / (2 * ONE_WAY_MS) / 1000);
            return rate;
        }
    }

    @Test
    void aSendBufferLargerThanTheWindowKeepsTheWindowFull() throws Exception {
        double ideal = WINDOW * 1000.0 / (2 * ONE_WAY_MS);
        double equal = goodput(WINDOW, 0);
        double larger = goodput(4 * WINDOW, 0);
        assertTrue(larger >= 0.8 * ideal, "goodput " + larger + " of an ideal " + ideal);
        assertTrue(equal >= 0.8 * ideal, "goodput " + equal + " of an ideal " + ideal);
    }

    @Test
    void aSlowReaderIsFedAtItsOwnRate() throws Exception {
        long reader = 200_000;
        double equal = goodput(WINDOW, reader);
        double larger = goodput(4 * WINDOW, reader);
        assertTrue(larger >= 0.9 * reader, "goodput " + larger + " for a reader of " + reader);
        assertTrue(equal >= 0.9 * reader, "goodput " + equal + " for a reader of " + reader);
    }
}
