package io.jzsock.sim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A warm-up and a timed window counted in the calling thread's CPU time, not wall time: on a shared VM a
 * single-threaded benchmark gets a varying share of a CPU (10-40 % here under load), and a wall-clock
 * warm-up may end before the JIT has compiled the path. The clocks are read every {@link #CHECK_EVERY}
 * steps, the CPU clock being a system call.
 */
final class CpuWindow {
    static final int CHECK_EVERY = 64;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long warmUpCpuNanos;
    private final long timedCpuNanos;
    private final long cpuOrigin = THREADS.getCurrentThreadCpuTime();
    private long startCpu = -1;
    private long startWall;
    private long startCount;
    private long calls;
    private EngineBench.Result result;

    CpuWindow(long warmUpCpuNanos, long timedCpuNanos) {
        this.warmUpCpuNanos = warmUpCpuNanos;
        this.timedCpuNanos = timedCpuNanos;
    }

    /** Called once per step with the running count (round trips, bytes); false once the timed window is over. */
    boolean more(long count) {
        if (++calls % CHECK_EVERY != 0) {
            return true;
        }
        long cpu = THREADS.getCurrentThreadCpuTime();
        if (startCpu < 0) {
            if (cpu - cpuOrigin >= warmUpCpuNanos) {
                startCpu = cpu;
                startWall = System.nanoTime();
                startCount = count;
            }
            return true;
        }
        if (cpu - startCpu < timedCpuNanos) {
            return true;
        }
        result = new EngineBench.Result(count - startCount, System.nanoTime() - startWall, cpu - startCpu);
        return false;
    }

    EngineBench.Result result() {
        return result;
    }
}
