package io.jzsock.sim.alloc;

/**
 * A thread that runs its body for a given number of iterations each time it is told to, so that the
 * measuring thread can bracket exactly one batch with allocation snapshots. Hand-offs use a plain
 * monitor (wait/notify inflate monitors in native memory, never on the Java heap), not
 * java.util.concurrent, whose queues allocate a node per parked thread.
 */
final class CommandedThread {
    interface Body {
        void run(int iterations) throws Exception;
    }

    private final Object lock = new Object();
    private final Thread thread;
    private final Body body;
    private int requested;
    private int finished;
    private boolean stopping;
    private volatile Throwable failure;

    CommandedThread(String name, Body body) {
        this.body = body;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    Thread thread() {
        return thread;
    }

    CommandedThread start() {
        thread.start();
        return this;
    }

    private void loop() {
        int done = 0;
        while (true) {
            int iterations;
            synchronized (lock) {
                while (requested == done && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
                iterations = requested - done;
            }
            try {
                body.run(iterations);
            } catch (Throwable t) {
                failure = t;
            }
            done += iterations;
            synchronized (lock) {
                finished = done;
                lock.notifyAll();
            }
        }
    }

    /** Runs the body for {@code iterations} and waits for it; rethrows what the body threw. */
    void runAndWait(int iterations, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (lock) {
            requested += iterations;
            lock.notifyAll();
            while (finished != requested) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError(thread.getName() + ": " + iterations + " iterations not done in "
                            + timeoutMs + " ms");
                }
                lock.wait(left);
            }
        }
        Throwable t = failure;
        if (t != null) {
            throw new AssertionError(thread.getName() + " failed", t);
        }
    }

    void stop() throws InterruptedException {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        thread.join(2000);
    }
}
