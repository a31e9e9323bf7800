package io.jzsock.net.sock;

import io.jzsock.bsp.Clock;

/**
 * Blocking for socket calls: every wait is on the stack's monitor, which the caller holds, and every
 * state change ends in {@link #wakeAll()}. One monitor keeps the rules simple on a board with one
 * net thread and a few application threads.
 */
public final class Waiter {
    /** A deadline that never passes. */
    public static final long FOREVER = Long.MAX_VALUE;

    private final Object monitor;
    private final Clock clock;

    public Waiter(Object monitor, Clock clock) {
        this.monitor = monitor;
        this.clock = clock;
    }

    /**
     * The deadline of a timeout in ms; negative means wait forever, 0 means do not wait. One tick is
     * added to a positive timeout: the clock counts whole milliseconds, so "now" may already be up to
     * one behind real time, and a timeout must never end early (Zephyr's tests check at-least).
     */
    public long deadline(int timeoutMs) {
        if (timeoutMs < 0) {
            return FOREVER;
        }
        return clock.nowMillis() + timeoutMs + (timeoutMs > 0 ? 1 : 0);
    }

    public long now() {
        return clock.nowMillis();
    }

    /**
     * Waits on the monitor until woken or the deadline passes. Returns false when the deadline has
     * already passed (the caller gives up) or the thread was interrupted.
     */
    public boolean await(long deadline) {
        long wait;
        if (deadline == FOREVER) {
            wait = 0;
        } else {
            wait = deadline - clock.nowMillis();
            if (wait <= 0) {
                return false;
            }
        }
        try {
            monitor.wait(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    public void wakeAll() {
        monitor.notifyAll();
    }
}
