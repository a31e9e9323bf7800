package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;


import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** select() and fd_set (zsock-scenarios SEL-01..03; Zephyr tests/net/socket/select). */
class SelectScenarioTest extends LoopbackScenario {
    private int udp(int port) {
        int s = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertTrue(s >= 0, "socket: " + s);
        assertEquals(0, z.bind(s, SockAddr.parse("127.0.0.1", port)));
        return s;
    }

    @Test
    @DisplayName("SEL-01 fd_set bit layout: fd n is bit n%32 of word n/32; zero() clears")
    void fdSetBitLayout() {
        FdSet set = new FdSet().zero();
        set.set(0);
        assertEquals(1, set.word(0));
        set.set(31);
        assertEquals(0x80000001, set.word(0));
        assertEquals(0, set.word(1));
        set.set(33);
        assertEquals(2, set.word(1));
        assertTrue(set.isSet(0) && set.isSet(31) && set.isSet(33));
        assertFalse(set.isSet(1) || set.isSet(32));
        set.clr(31);
        assertEquals(1, set.word(0));
        set.zero();
        assertEquals(0, set.word(0));
        assertEquals(0, set.word(1));
        assertFalse(set.isSet(0) || set.isSet(33));
    }

    @Test
    @DisplayName("SEL-02 timeout 0 returns 0 at once and clears the not-ready bits")
    void zeroTimeoutReturnsZero() {
        int s = udp(4242);
        FdSet r = new FdSet().zero().set(s);
        long t0 = now();
        assertEquals(0, z.select(s + 1, r, null, null, 0));
        assertTrue(now() - t0 < 100);
        assertFalse(r.isSet(s));
    }

    @Test
    @DisplayName("SEL-02 a 120 ms timeout waits 120 ms and returns 0")
    void hundredTwentyMsTimeoutWaits() {
        int s = udp(4242);
        FdSet r = new FdSet().zero().set(s);
        long t0 = now();
        assertEquals(0, z.select(s + 1, r, null, null, 120));
        long elapsed = now() - t0;
        assertTrue(elapsed >= 120 && elapsed <= 120 + SLACK_MS, "waited " + elapsed + " ms");
        assertFalse(r.isSet(s));
    }

    @Test
    @DisplayName("SEL-02 a datagram makes only the receiver readable; after reading it is not")
    void readinessOnlyOnReceiver() {
        int c = udp(0);
        int s = udp(4242);
        int nfds = Math.max(c, s) + 1;
        byte[] msg = {1, 2, 3};
        assertEquals(3, z.sendto(c, msg, 0, 3, 0, SockAddr.parse("127.0.0.1", 4242)));
        FdSet r = new FdSet().zero().set(c).set(s);
        assertEquals(1, z.select(nfds, r, null, null, 1000));
        assertTrue(r.isSet(s));
        assertFalse(r.isSet(c));

        byte[] in = new byte[8];
        assertEquals(3, z.recv(s, in, 0, in.length, 0));
        r.zero().set(c).set(s);
        assertEquals(0, z.select(nfds, r, null, null, 0));
        assertFalse(r.isSet(s));
        assertFalse(r.isSet(c));
    }

    @Test
    @DisplayName("SEL-02 a UDP socket is writable at once")
    void udpWritableImmediately() {
        int s = udp(4242);
        FdSet w = new FdSet().zero().set(s);
        long t0 = now();
        assertEquals(1, z.select(s + 1, null, w, null, 5000));
        assertTrue(now() - t0 < 100);
        assertTrue(w.isSet(s));
    }

    @Test
    @DisplayName("SEL-02 a closed fd in a set gives -EBADF")
    void closedFdIsEbadf() {
        int s = udp(4242);
        int closed = udp(4243);
        assertEquals(0, z.close(closed));
        FdSet r = new FdSet().zero().set(s).set(closed);
        assertEquals(-Errno.EBADF, z.select(Math.max(s, closed) + 1, r, null, null, 0));
        FdSet w = new FdSet().zero().set(closed);
        assertEquals(-Errno.EBADF, z.select(closed + 1, null, w, null, 1000));
    }

    @Test
    @DisplayName("SEL-03 a 4295 s timeout is honoured; data after 200 ms wakes select with 1")
    void hugeTimeoutIsHonouredAndWokenByData() throws Exception {
        int c = udp(0);
        int s = udp(4242);
        FdSet r = new FdSet().zero().set(s);
        long t0 = now();
        CompletableFuture<long[]> selector = CompletableFuture.supplyAsync(() -> {
            int n = z.select(s + 1, r, null, null, 4_295_000);
            return new long[] {n, now() - t0};
        });
        Thread.sleep(200);
        assertFalse(selector.isDone(), "select must not return before data arrives");
        byte[] msg = {42};
        assertEquals(1, z.sendto(c, msg, 0, 1, 0, SockAddr.parse("127.0.0.1", 4242)));
        long[] result = selector.get(5, TimeUnit.SECONDS);
        assertEquals(1, result[0]);
        assertTrue(r.isSet(s));
        assertTrue(result[1] >= 200 && result[1] < 200 + 2000, "woke after " + result[1] + " ms");
    }
}
