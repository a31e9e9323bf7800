package io.jzsock.sim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine bench's two loops move data, over two stacks and over one stack's loopback, with every byte checked (they throw on a wrong byte, a missing
 * echo or a stall), and lwIP's report is read as the anchor prints it. Speeds are the bench's business.
 */
class EngineBenchTest {
    static final long WARM_UP_CPU_NANOS = 100_000_000L;
    static final long TIMED_CPU_NANOS = 200_000_000L;

    @Test
    void udpEchoRoundTripsAreCountedOverTheCpuWindow() throws Exception {
        EngineBench.Result r = EngineBench.udpEcho(WARM_UP_CPU_NANOS, TIMED_CPU_NANOS);
        assertTrue(r.count() > 100, r.toString());
        assertTrue(r.cpuNanos() >= TIMED_CPU_NANOS && r.nanos() > 0, r.toString());
    }

    @Test
    void tcpBulkMovesMoreThanOneWindowOfCheckedBytes() throws Exception {
        EngineBench.Result r = EngineBench.tcpBulk(WARM_UP_CPU_NANOS, TIMED_CPU_NANOS);
        assertTrue(r.count() > EngineBench.WINDOW, r.toString());
    }

    @Test
    void udpEchoOverOneStacksLoopbackIsCounted() throws Exception {
        EngineBench.Result r = EngineBench.udpEchoLoopback(WARM_UP_CPU_NANOS, TIMED_CPU_NANOS);
        assertTrue(r.count() > 100, r.toString());
    }

    @Test
    void tcpBulkOverOneStacksLoopbackMovesMoreThanOneWindow() throws Exception {
        try (LoopbackRig rig = new LoopbackRig(EngineBench.config())) {
            EngineBench.Result r = EngineBench.tcpBulk(rig, WARM_UP_CPU_NANOS, TIMED_CPU_NANOS);
            assertTrue(r.count() > EngineBench.WINDOW, r.toString());
        }
    }

    @Test
    void lwipReportAndBashTimesAreParsed() throws Exception {
        String out = "lwip-tuned udp-echo payload=64 round_trips=642048 secs=1.000 bad=0 rt_per_s=642025 us_per_rt=1.558\n"
                + "0m0.002s 0m0.000s\n"
                + "0m0.187s 0m0.013s";
        LwipRaw.Figure f = LwipRaw.figure(out, "rt_per_s");
        assertEquals(642025, f.perSecond(), 0.5);
        assertEquals(0.2, f.cpuSeconds(), 1e-9);
        assertEquals(642025 * 5.0, f.perCpuSecond(), 1);
    }
}
