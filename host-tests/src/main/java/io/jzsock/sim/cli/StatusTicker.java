package io.jzsock.sim.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/** {@code run --verbose}: at most one status line per second, and only when a figure changed. */
final class StatusTicker implements AutoCloseable {
    static final long PERIOD_MILLIS = 1000;

    private final Supplier<String> line;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    private StatusTicker(Supplier<String> line, PrintStream out) {
        this.line = line;
        this.out = out;
        thread = new Thread(this::loop, "jzsock-run-status");
        thread.setDaemon(true);
    }

    static StatusTicker start(Supplier<String> line, PrintStream out) {
        StatusTicker t = new StatusTicker(line, out);
        t.thread.start();
        return t;
    }

    private void loop() {
        String last = null;
        long start = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            String now = line.get();
            if (running && !now.equals(last)) {
                out.println("[status " + (System.nanoTime() - start) / 1_000_000_000L + " s] " + now);
                out.flush();
                last = now;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        RunCommand.join(thread);
    }
}
