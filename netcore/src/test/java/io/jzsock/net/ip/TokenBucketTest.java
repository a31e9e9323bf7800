package io.jzsock.net.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static int takes(TokenBucket b, long now, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += b.take(now) ? 1 : 0;
        }
        return n;
    }

    @Test
    void startsFullGivesTheBurstThenRefillsOneTokenPerInterval() {
        TokenBucket b = new TokenBucket(3, 100);
        assertEquals(3, takes(b, 5_000, 10));
        assertEquals(0, takes(b, 5_099, 10));
        assertEquals(1, takes(b, 5_100, 10));
        assertEquals(2, takes(b, 5_300, 10), "two intervals later, two tokens");
        assertEquals(3, takes(b, 1_000_000, 10), "capped at the burst however long the idle");
    }

    @Test
    void partialIntervalsAreKeptWhileTheBucketIsBelowTheBurst() {
        TokenBucket b = new TokenBucket(3, 100);
        assertEquals(3, takes(b, 0, 3));
        assertEquals(1, takes(b, 150, 2));
        assertEquals(1, takes(b, 200, 2), "the 50 ms left after the first refill count");
    }

    @Test
    void aFullBucketDiscardsTheRemainder() {
        TokenBucket b = new TokenBucket(1, 100);
        assertEquals(1, takes(b, 0, 1));
        assertEquals(1, takes(b, 150, 2));
        assertEquals(0, takes(b, 200, 1), "1.5 tokens were capped at 1: nothing new until 250");
        assertEquals(1, takes(b, 250, 2));
    }

    @Test
    void zeroIntervalNeverLimits() {
        assertEquals(1000, takes(new TokenBucket(1, 0), 0, 1000));
    }

    @Test
    void aClockGoingBackwardsEarnsNothing() {
        TokenBucket b = new TokenBucket(1, 100);
        assertEquals(1, takes(b, 1000, 1));
        assertEquals(0, takes(b, 0, 3));
        assertEquals(1, takes(b, 1100, 3));
    }
}
