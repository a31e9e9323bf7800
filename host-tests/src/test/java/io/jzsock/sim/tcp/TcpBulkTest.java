package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetConfig;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.Impairment;
import org.junit.jupiter.api.Test;

/** Byte-exact transfers in virtual time over a clean and an impaired link. */
class TcpBulkTest {
    private static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.packetBuffers = 64;
        cfg.tcpRxBuffer = 16384;
        cfg.tcpTxBuffer = 16384;
        return cfg;
    }

    private static void transfer(long seed, Impairment imp, int bytes, long maxMillis) throws Exception {
        try (NetSim sim = new NetSim(seed, config())) {
            sim.impair(imp);
            sim.maxStepMillis(1000);
            BulkTransfer t = new BulkTransfer(sim, 0, 1, bytes);
            boolean finished = sim.runUntil(t::done, maxMillis);
            assertNull(t.failure(), "seed " + seed + ": " + t.failure());
            assertTrue(finished, "seed " + seed + ": finished, got " + t.received() + " in " + sim.now() + " ms");
            assertEquals(bytes, t.received());
            sim.runFor(10000);
            assertEquals(0, sim.a().tcpConnectionsInUse(), "seed " + seed + ": client side connections released");
            assertEquals(0, sim.b().tcpConnectionsInUse(), "seed " + seed + ": server side connections released");
        }
    }

    @Test
    void oneMegabyteOverACleanLink() throws Exception {
        transfer(1, new Impairment().delayMillis(5), 1 << 20, 120_000);
    }

    @Test
    void oneMegabyteWithFivePercentLossAndCorruption() throws Exception {
        transfer(2, new Impairment().delayMillis(5).lossPercent(5).corruptPercent(1), 1 << 20, 600_000);
    }
}
