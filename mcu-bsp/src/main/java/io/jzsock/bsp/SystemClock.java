package io.jzsock.bsp;

/**
 * Monotonic real time. On a board this is the SysTick counter; on a PC {@code System.nanoTime()}.
 */
public final class SystemClock implements Clock {
    public static final SystemClock INSTANCE = new SystemClock();

    private final long origin = System.nanoTime();

    private SystemClock() {
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1000000L;
    }
}
