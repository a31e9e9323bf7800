package io.jzsock.bsp;

/**
 * The only source of time in jzsock. Protocol code never reads the wall clock itself, so tests can
 * drive a {@link VirtualClock} and get the same run for the same seed.
 */
public interface Clock {
    /** Milliseconds from an arbitrary origin; never goes backwards. */
    long nowMillis();
}
