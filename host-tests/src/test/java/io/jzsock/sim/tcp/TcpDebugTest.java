package io.jzsock.sim.tcp;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.Impairment;
import org.junit.jupiter.api.Test;

class TcpDebugTest {
    @Test
    void debug() throws Exception {
        long seed = Long.getLong("seed", 21);
        NetConfig cfg = NetConfig.defaults();
        cfg.packetBuffers = 64;
        cfg.tcpRxBuffer = 16384;
        cfg.tcpTxBuffer = 16384;
        cfg.tcpMaxRetries = 15;
        cfg.tcpConnectTimeoutMillis = 120_000;
        Impairment imp = new Impairment().delayMillis(1 + seed % 20).lossPercent(seed % 21).corruptPercent(1)
                .duplicatePercent(seed % 3).reorderPercent(seed % 5);
        try (NetSim sim = new NetSim(seed, cfg)) {
            if (Boolean.getBoolean("pcap")) { sim.capture("debug-" + seed); }
            sim.impair(imp);
            sim.maxStepMillis(1000);
            BulkTransfer ab = new BulkTransfer(sim, 0, 1, 1 << 20);
            BulkTransfer ba = new BulkTransfer(sim, 1, 0, 1 << 20, BulkTransfer.PORT + 1);
            boolean fin = sim.runUntil(() -> ab.done() && ba.done(), Long.getLong("limit", 600_000));
            System.out.println("finished " + fin + " at " + sim.now() + " ab " + ab.failure() + " " + ab.received() + " ba " + ba.failure() + " " + ba.received());
            for (int h = 0; h < 2; h++) {
                StringBuilder sb = new StringBuilder("host " + h + ":");
                for (int i = 0; i < NetCounters.COUNT; i++) {
                    long v = sim.stack(h).counter(i);
                    if (v != 0) sb.append(' ').append(NetCounters.name(i)).append('=').append(v);
                }
                System.out.println(sb);
            }
            System.out.println(sim.link().describeCounters());
            System.out.println("A tcp:\n" + sim.a().describeTcp() + "B tcp:\n" + sim.b().describeTcp() + "now " + sim.now());
        }
    }
}
