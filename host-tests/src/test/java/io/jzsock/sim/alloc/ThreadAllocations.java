package io.jzsock.sim.alloc;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bytes allocated by a fixed set of threads, read with HotSpot's per-thread TLAB accounting
 * ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}). The reads allocate in
 * the calling thread only, so the measuring thread must not be one of the measured ones.
 */
final class ThreadAllocations {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final List<Thread> threads;
    private final long[] ids;

    ThreadAllocations(List<Thread> threads) {
        if (!MX.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
        }
        MX.setThreadAllocatedMemoryEnabled(true);
        this.threads = List.copyOf(threads);
        this.ids = this.threads.stream().mapToLong(Thread::getId).toArray();
    }

    /** True when the JVM runs with -XX:-DoEscapeAnalysis, so no zero is owed to scalar replacement. */
    static boolean escapeAnalysisOff() {
        com.sun.management.HotSpotDiagnosticMXBean hs =
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return "false".equals(hs.getVMOption("DoEscapeAnalysis").getValue());
    }

    /** Live threads called {@code name} (e.g. the stacks' "jzsock-net"), for diffing before/after a start. */
    static Set<Thread> named(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .collect(Collectors.toSet());
    }

    /** The threads called {@code name} that were not in {@code before}. */
    static List<Thread> startedSince(Set<Thread> before, String name) {
        List<Thread> fresh = new ArrayList<>(named(name));
        fresh.removeAll(before);
        return fresh;
    }

    /** Allocated bytes so far, per thread; fails if a thread has died (its count would read -1). */
    long[] snapshot() {
        long[] v = MX.getThreadAllocatedBytes(ids);
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw new IllegalStateException("thread " + threads.get(i).getName() + " is no longer alive");
            }
        }
        return v;
    }

    static long[] delta(long[] before, long[] after) {
        long[] d = new long[before.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = after[i] - before[i];
        }
        return d;
    }

    static boolean allZero(long[] delta) {
        for (long v : delta) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** One measured stretch of work. */
    interface Window {
        void run() throws Exception;
    }

    /**
     * Runs {@code window} until one run allocates 0 bytes on every thread, at most {@code maxWindows}
     * times, and fails unless the last run did; returns each run's {@link #describe} for the test to print.
     * On JDK 17 C2 replacing C1 code allocates a few one-off 56..1000 byte objects in the thread running
     * the method, so an early window may see them after any warm-up; an allocation per operation shows in
     * every window.
     */
    List<String> untilZero(int maxWindows, Window window) throws Exception {
        List<String> windows = new ArrayList<>();
        long[] delta;
        do {
            long[] before = snapshot();
            window.run();
            delta = delta(before, snapshot());
            windows.add(describe(delta));
        } while (!allZero(delta) && windows.size() < maxWindows);
        if (!allZero(delta)) {
            throw new AssertionError("allocated bytes per window: " + windows);
        }
        return windows;
    }

    /**
     * Runs {@code body} on a thread of its own named {@code name}: {@code warmUp} iterations, then windows of
     * {@code window} iterations {@link #untilZero until one allocates 0 bytes} (at most three); stops the
     * thread. For the single-threaded tests that drive a stack on virtual time.
     */
    static List<String> ofWorker(String name, CommandedThread.Body body, int warmUp, int window, long timeoutMs)
            throws Exception {
        CommandedThread worker = new CommandedThread(name, body).start();
        try {
            ThreadAllocations allocations = new ThreadAllocations(List.of(worker.thread()));
            worker.runAndWait(warmUp, timeoutMs);
            return allocations.untilZero(3, () -> worker.runAndWait(window, timeoutMs));
        } finally {
            worker.stop();
        }
    }

    /** "client=0 server=0 jzsock-net#31=0". */
    String describe(long[] delta) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < delta.length; i++) {
            Thread t = threads.get(i);
            sb.append(i == 0 ? "" : " ").append(t.getName()).append('#').append(t.getId()).append('=').append(delta[i]);
        }
        return sb.toString();
    }
}
