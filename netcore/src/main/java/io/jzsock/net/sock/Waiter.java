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
    /** The thread inside NetStack.poll (the net thread, or a test's), null between passes; set under the monitor. */
    private Thread poller;

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

    /** NetStack.poll calls this on entry, with the monitor held ... */
    public void enterPoll() {
        poller = Thread.currentThread();
    }

    /** ... and this on the way out. */
    public void exitPoll() {
        poller = null;
    }

    /**
     * True when the caller is the thread inside NetStack.poll (a device driver or other code the pass
     * runs): a call that waits for input there would wait for itself, since only that thread reads
     * the devices. Another thread never sees its own reference here.
     */
    public boolean onPollingThread() {
        return poller == Thread.currentThread();
    }
}
