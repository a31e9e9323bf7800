package io.jzsock.net;

import java.lang.management.ManagementFactory;

/**
 * Bytes the calling thread allocates in a steady state. JDK 17's C2 recompiles during the first tens
 * of thousands of calls and allocates a few bytes once while doing so (even with escape analysis off),
 * so the body runs {@code warmUp} times first, then up to three measured rounds; the first clean one
 * wins, else the last is reported. The same rule as the alloc-tagged gates in host-tests.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    public static long steadyState(Runnable body, int warmUp) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUp; i++) {
            body.run();
        }
        long allocated = -1;
        for (int window = 0; window < 3 && allocated != 0; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            body.run();
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        return allocated;
    }
}
