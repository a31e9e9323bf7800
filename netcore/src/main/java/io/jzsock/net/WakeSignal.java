package io.jzsock.net;

/**
 * Wakes the net thread. A leaf lock of its own, never the stack's monitor, so that a device or a
 * wire delivering from another stack's thread can signal without lock-order deadlocks. On a board
 * the Ethernet ISR raises it; in the simulator the virtual wire does.
 */
final class WakeSignal implements Runnable {
    private boolean raised;

    @Override
    public synchronized void run() {
        raised = true;
        notifyAll();
    }

    /** Waits until raised or timeoutMs passes (timeoutMs > 0), then clears the signal. */
    synchronized void await(long timeoutMs) {
        if (!raised) {
            try {
                wait(timeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        raised = false;
    }
}
