package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetConfig;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.Impairment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 soak: byte-exact 1 MB transfers in both directions at once, for many seeds, with loss
 * 0–20 %, corruption, duplication and reordering, in virtual time. Every transfer must complete
 * and every connection object must be released afterwards. {@code -Djzsock.soak.seeds=N} changes
 * the seed count (default 200).
 */
class TcpSoakTest {
    static final int BYTES = 1 << 20;

    private static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.packetBuffers = 64;
        cfg.tcpRxBuffer = 16384;
        cfg.tcpTxBuffer = 16384;
        // Linux's tcp_retries2: at 20 % loss each way a round trip fails 36 % of the time, and
        // Zephyr's 9 retries would end about one transfer in ten thousand stalls.
        cfg.tcpMaxRetries = 15;
        // Zephyr's 3 s connect timeout is two SYN losses: at 20 % loss that fails every ~8th connect.
        cfg.tcpConnectTimeoutMillis = 120_000;
        return cfg;
    }

    @Test
    void megabyteBothWaysSurvivesLossCorruptionDuplicationAndReordering() throws Exception {
        int seeds = Integer.getInteger("jzsock.soak.seeds", 200);
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            double loss = (seed % 21);
            Impairment imp = new Impairment().delayMillis(1 + seed % 20).lossPercent(loss).corruptPercent(1)
                    .duplicatePercent(seed % 3).reorderPercent(seed % 5);
            try (NetSim sim = new NetSim(seed, config())) {
                sim.impair(imp);
                sim.maxStepMillis(1000);
                BulkTransfer ab = new BulkTransfer(sim, 0, 1, BYTES);
                BulkTransfer ba = new BulkTransfer(sim, 1, 0, BYTES, BulkTransfer.PORT + 1);
                boolean finished = sim.runUntil(() -> ab.done() && ba.done(), 3_600_000);
                String what = "seed " + seed + " loss " + loss + "%: ";
                if (ab.failure() != null || ba.failure() != null || !finished) {
                    failures.add(what + ab.failure() + " / " + ba.failure() + " / finished " + finished
                            + " received " + ab.received() + "," + ba.received());
                    continue;
                }
                slowest = Math.max(slowest, sim.now());
                sim.runFor(900_000);
                if (sim.a().tcpConnectionsInUse() != 0 || sim.b().tcpConnectionsInUse() != 0) {
                    failures.add(what + "connections left " + sim.a().tcpConnectionsInUse() + "/"
                            + sim.b().tcpConnectionsInUse());
                }
            }
        }
        System.out.println("soak: " + seeds + " seeds x 2 MB, slowest " + slowest + " virtual ms");
        assertTrue(failures.isEmpty(), failures.size() + " failed: " + failures);
        assertEquals(List.of(), failures);
    }
}
