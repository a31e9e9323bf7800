package io.jzsock.bsp;

/**
 * Time that only moves when a test says so. Thread-safe, so a net thread may read it while a test
 * advances it.
 */
public final class VirtualClock implements Clock {
    private long now;

    public VirtualClock(long startMillis) {
        now = startMillis;
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    public synchronized void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time does not go backwards");
        }
        now += millis;
    }

    public synchronized void set(long millis) {
        if (millis < now) {
            throw new IllegalArgumentException("time does not go backwards");
        }
        now = millis;
    }
}
