package io.jzsock.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.net.AllocationProbe;
import io.jzsock.net.ip.IpAddress;
import org.junit.jupiter.api.Test;

class SynCookiesTest {
    static final int LOCAL = 0xC6120001;
    static final int REMOTE = 0xC6130203;
    static final long LOCAL_LO = IpAddress.v4MappedLo(LOCAL);
    static final long REMOTE_LO = IpAddress.v4MappedLo(REMOTE);
    static final long T0 = 10 * SynCookies.COUNTER_MILLIS + 1234;

    final SynCookies cookies = new SynCookies(new IsnGenerator(new SeededEntropy(9)));

    private int cookie(int peerIss, int mssIndex, long now) {
        return cookies.cookie(0L, LOCAL_LO, 80, 0L, REMOTE_LO, 40000, peerIss, mssIndex, now);
    }

    private int check(int peerIss, int cookie, long now) {
        return cookies.check(0L, LOCAL_LO, 80, 0L, REMOTE_LO, 40000, peerIss, cookie, now);
    }

    @Test
    void everyMssIndexComesBackWhileTheCounterMovesOnByAtMostOne() {
        for (int i = 0; i < 4; i++) {
            int c = cookie(0x12345678, i, T0);
            assertEquals(i, check(0x12345678, c, T0));
            assertEquals(i, check(0x12345678, c, T0 + SynCookies.COUNTER_MILLIS), "one tick later");
            assertEquals(-1, check(0x12345678, c, T0 + 2 * SynCookies.COUNTER_MILLIS), "two ticks: stale");
            assertEquals(-1, check(0x12345678, c, T0 - SynCookies.COUNTER_MILLIS), "from the future");
        }
    }

    @Test
    void aCookieIsBoundToItsTupleAndKey() {
        int c = cookie(777, 3, T0);
        assertEquals(-1, cookies.check(0L, LOCAL_LO, 80, 0L, REMOTE_LO, 40001, 777, c, T0));
        assertEquals(-1, cookies.check(0L, LOCAL_LO, 80, 0L, IpAddress.v4MappedLo(REMOTE + 1), 40000, 777, c, T0));
        assertEquals(-1, cookies.check(0L, LOCAL_LO, 81, 0L, REMOTE_LO, 40000, 777, c, T0));
        SynCookies other = new SynCookies(new IsnGenerator(new SeededEntropy(10)));
        assertEquals(-1, other.check(0L, LOCAL_LO, 80, 0L, REMOTE_LO, 40000, 777, c, T0));
        int rejected = 0;
        for (int bit = 2; bit < 32; bit++) {
            rejected += check(777, c ^ (1 << bit), T0) < 0 ? 1 : 0;
        }
        assertTrue(rejected >= 28, "flipped hash or counter bits fail: " + rejected + " of 30");
    }

    @Test
    void mssRoundsDownToLinuxsTable() {
        assertEquals(536, SynCookies.mss(SynCookies.mssIndex(100)));
        assertEquals(536, SynCookies.mss(SynCookies.mssIndex(1299)));
        assertEquals(1300, SynCookies.mss(SynCookies.mssIndex(1400)));
        assertEquals(1440, SynCookies.mss(SynCookies.mssIndex(1448)));
        assertEquals(1460, SynCookies.mss(SynCookies.mssIndex(9000)));
    }

    @Test
    void timestampCarriesWindowScaleAndSackAndNeverRunsAhead() {
        for (long now : new long[] {T0, T0 + 1, T0 + 63, 0xffffffffL + 5}) {
            int ts = SynCookies.timestamp(now, 7, true);
            assertEquals(7, SynCookies.windowScale(ts));
            assertTrue(SynCookies.sackOk(ts));
            assertTrue(Seq.le(ts, (int) now) && Seq.gt(ts, (int) now - 64), "at most 63 ms behind " + now);
            int none = SynCookies.timestamp(now, -1, false);
            assertEquals(-1, SynCookies.windowScale(none));
            assertFalse(SynCookies.sackOk(none));
        }
        assertEquals(14, SynCookies.windowScale(0x40 | 14));
        assertEquals(-1, SynCookies.windowScale(0x40 | 15), "15 means none");
    }

    @Test
    void cookiesAllocateNothing() {
        int[] sink = new int[1];
        long allocated = AllocationProbe.steadyState(() -> {
            for (int i = 0; i < 10_000; i++) {
                int c = cookie(i, i & 3, T0 + i);
                sink[0] += check(i, c, T0 + i) + SynCookies.timestamp(T0 + i, i & 15, true);
            }
        }, 5);
        assertEquals(0, allocated);
    }
}
