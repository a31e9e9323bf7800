package io.jzsock.net;

/**
 * Wakes the net thread. A leaf lock of its own, never the stack's monitor, so that a device or a
 * wire delivering from another stack's thread can signal without lock-order deadlocks. On a board
 * the Ethernet ISR raises it; in the simulator the virtual wire does.
 *
 * <p>{@link #run} takes the lock only when the net thread waits: the waiter publishes
 * {@code waiting} before it reads {@code raised}, the raiser publishes {@code raised} before it
 * reads {@code waiting} (both volatile), so at least one of them sees the other's write and no
 * wake-up is lost. The raiser that sees {@code waiting} notifies under the lock, which the waiter
 * holds from publishing until {@code wait} releases it. A raise that lands between the wake and
 * the clear is covered by the poll the net thread runs next. One waiter only, the net thread: a
 * second would clear {@code waiting} under the first.
 */
final class WakeSignal implements Runnable {
    private volatile boolean raised;
    private volatile boolean waiting;

    @Override
    public void run() {
        raised = true;
        if (waiting) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until raised or timeoutMs passes (timeoutMs > 0), then clears the signal. */
    synchronized void await(long timeoutMs) {
        waiting = true;
        try {
            if (!raised) {
                wait(timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting = false;
        }
        raised = false;
    }
}
