package io.jzsock.tls;

/**
 * Calendar time for certificate validity. Not {@code io.jzsock.bsp.Clock}, which is monotonic time
 * since boot: a board learns the date from an RTC, SNTP or the application, or never.
 */
public interface WallClock {
    /** Returned by {@link #currentTimeMillis} when the board does not know the date. */
    long UNKNOWN = -1;

    /** ms since 1970, or -1 when the board has no wall clock. */
    long currentTimeMillis();
}
