package io.jzsock.net.ip;

/**
 * A token bucket on the injected clock's milliseconds: {@code burst} tokens at most, one more every
 * {@code intervalMillis}. Used for ICMP error rate limiting (RFC 1812 §4.3.2.8, RFC 1122 §3.2.2);
 * an interval of 0 means no limit. Allocates nothing.
 */
final class TokenBucket {
    private final int burst;
    private final int intervalMillis;
    private int tokens;
    private long refilledAt;
    private boolean started;

    TokenBucket(int burst, int intervalMillis) {
        this.burst = burst;
        this.intervalMillis = intervalMillis;
        this.tokens = burst;
    }

    /** Takes a token if one is left at {@code now}; false means the caller must not send. */
    boolean take(long now) {
        if (intervalMillis == 0) {
            return true;
        }
        if (!started) {
            started = true;
            refilledAt = now;
        }
        long elapsed = now - refilledAt;
        if (elapsed >= intervalMillis) {
            long earned = elapsed / intervalMillis;
            if (earned >= burst - tokens) {
                tokens = burst;
                refilledAt = now;
            } else {
                tokens += (int) earned;
                refilledAt += earned * intervalMillis;
            }
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }
}
