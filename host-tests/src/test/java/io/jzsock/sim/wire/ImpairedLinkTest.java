package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SystemClock;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.buf.PacketPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpairedLinkTest {
    private static final int STAGING = 4096;

    private final VirtualClock clock = new VirtualClock(1000);
    private final PacketPool poolA = new PacketPool(8, 1536);
    private final PacketPool poolB = new PacketPool(8, 1536);
    private final VirtualNic a = new VirtualNic(MAC_A, STAGING);
    private final VirtualNic b = new VirtualNic(MAC_B, STAGING);

    private ImpairedLink link(long seed) {
        return link(seed, ImpairedLink.DEFAULT_TX_QUEUE);
    }

    private ImpairedLink link(long seed, int txQueue) {
        ImpairedLink l = ImpairedLink.connect(a, b, clock, seed, ImpairedLink.DEFAULT_IN_FLIGHT, txQueue);
        a.open(poolA, () -> { });
        b.open(poolB, () -> { });
        b.setPromiscuous(true); // a flipped bit in the destination MAC must still reach the test
        return l;
    }

    /** Frame k: 100 bytes, sequence number k in bytes 14..17, payload derived from k. */
    private static byte[] frame(int k, int len) {
        byte[] f = TestFrames.frame(MAC_B, MAC_A, len, k);
        f[14] = (byte) (k >>> 24);
        f[15] = (byte) (k >>> 16);
        f[16] = (byte) (k >>> 8);
        f[17] = (byte) k;
        return f;
    }

    private static void send(ImpairedLink l, int k) {
        byte[] f = frame(k, 100);
        l.send(ImpairedLink.A_TO_B, f, 0, f.length, 0);
    }

    private List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        for (int h = b.receive(); h >= 0; h = b.receive()) {
            out.add(TestFrames.bytes(poolB, h));
            poolB.release(h);
        }
        return out;
    }

    private static int seqOf(byte[] f) {
        return (f[14] & 0xff) << 24 | (f[15] & 0xff) << 16 | (f[16] & 0xff) << 8 | (f[17] & 0xff);
    }

    private List<Integer> drainSeqs() {
        List<Integer> s = new ArrayList<>();
        for (byte[] f : drain()) {
            s.add(seqOf(f));
        }
        return s;
    }

    @Test
    void withoutImpairmentsFramesArriveDuringTransmitLikeOnAVirtualWire() {
        ImpairedLink l = link(1);
        List<byte[]> tapped = new ArrayList<>();
        l.addTap((f, off, len, t) -> tapped.add(java.util.Arrays.copyOfRange(f, off, off + len)));
        byte[] ab = TestFrames.frame(MAC_B, MAC_A, 1514, 1);
        byte[] ba = TestFrames.frame(MAC_A, MAC_B, 60, 2);

        assertEquals(0, a.transmit(TestFrames.alloc(poolA, ab)));
        assertEquals(0, b.transmit(TestFrames.alloc(poolB, ba)));

        assertEquals(1, b.staged(), "no deliverDue needed");
        assertEquals(1, a.staged());
        assertArrayEquals(ab, drain().get(0));
        int h = a.receive();
        assertArrayEquals(ba, TestFrames.bytes(poolA, h));
        poolA.release(h);
        assertEquals(2, tapped.size());
        assertArrayEquals(ab, tapped.get(0));
        assertEquals(0, l.inFlight());
        assertEquals(Long.MAX_VALUE, l.nextDeliveryMillis());
        assertEquals(0, l.deliverDue());
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0}, l.counters());
    }

    @Test
    void fullLossDropsEveryFrame() {
        ImpairedLink l = link(1);
        l.aToB().lossPercent(100);
        for (int k = 0; k < 1000; k++) {
            send(l, k);
        }
        clock.advance(1000);
        assertEquals(0, l.deliverDue());
        assertEquals(0, b.staged());
        assertEquals(1000, l.framesIn());
        assertEquals(1000, l.lost());
        assertEquals(0, l.delivered());
    }

    @Test
    void tenPercentLossIsNearTenPercentAndRepeatsExactlyForTheSameSeed() {
        List<Integer> first = lossRun(42);
        List<Integer> again = lossRun(42);
        List<Integer> other = lossRun(43);
        // Binomial(10 000, 0.1): sd 30; 5 sd either side.
        int lost = 10_000 - first.size();
        assertTrue(lost >= 850 && lost <= 1150, "lost " + lost);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    private static List<Integer> lossRun(long seed) {
        VirtualClock c = new VirtualClock(0);
        VirtualNic x = new VirtualNic(MAC_A);
        VirtualNic y = new VirtualNic(MAC_B);
        PacketPool p = new PacketPool(4, 1536);
        ImpairedLink l = ImpairedLink.connect(x, y, c, seed);
        y.open(p, () -> { });
        l.aToB().lossPercent(10);
        List<Integer> got = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            send(l, k);
            int h = y.receive();
            if (h >= 0) {
                got.add(seqOf(TestFrames.bytes(p, h)));
                p.release(h);
            }
        }
        assertEquals(10_000 - got.size(), l.lost());
        assertEquals(got.size(), l.delivered());
        return got;
    }

    @Test
    void duplicatedFrameFollowsRightBehindTheOriginal() {
        ImpairedLink l = link(3);
        l.aToB().duplicatePercent(100);
        send(l, 1);
        send(l, 2);
        assertEquals(List.of(1, 1, 2, 2), drainSeqs());
        assertEquals(2, l.duplicated());
        assertEquals(4, l.delivered());

        l.aToB().duplicatePercent(30);
        for (int k = 0; k < 2000; k++) {
            send(l, k);
        }
        List<Integer> got = drainSeqs();
        long dups = l.duplicated() - 2;
        assertEquals(2000 + dups, got.size());
        assertTrue(dups >= 500 && dups <= 700, "duplicated " + dups); // Binomial(2000, 0.3): sd 20.5
    }

    private static byte[] ipv4Frame(int k, int len) {
        byte[] f = frame(k, len);
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }

    @Test
    void corruptionFlipsExactlyOneBitPastTheEthernetHeaderOfIpv4Frames() {
        ImpairedLink l = link(5);
        l.aToB().corruptPercent(100);
        for (int k = 0; k < 500; k++) {
            byte[] sent = ipv4Frame(k, 60 + k % 1455);
            l.send(ImpairedLink.A_TO_B, sent, 0, sent.length, 0);
            assertArrayEquals(ipv4Frame(k, 60 + k % 1455), sent, "the sender's buffer is not touched");
            List<byte[]> got = drain();
            assertEquals(1, got.size());
            byte[] r = got.get(0);
            assertEquals(sent.length, r.length);
            int flipped = 0;
            for (int i = 0; i < r.length; i++) {
                flipped += Integer.bitCount((r[i] ^ sent[i]) & 0xff);
                assertTrue(r[i] == sent[i] || i >= Mac.HEADER_LEN, "the Ethernet header is never damaged");
            }
            assertEquals(1, flipped, "frame " + k);
        }
        assertEquals(500, l.corrupted());
        assertEquals(500, l.delivered());
    }

    @Test
    void nonIpFramesAreNeverCorruptedAsTheFcsWouldDropThem() {
        ImpairedLink l = link(5);
        l.aToB().corruptPercent(100);
        byte[] sent = frame(1, 100);
        l.send(ImpairedLink.A_TO_B, sent, 0, sent.length, 0);
        List<byte[]> got = drain();
        assertArrayEquals(sent, got.get(0));
        assertEquals(0, l.corrupted());
    }

    @Test
    void reorderedFrameIsDeliveredRightAfterTheNextOne() {
        ImpairedLink l = link(7);
        l.aToB().reorderPercent(40);
        int n = 2000;
        for (int k = 0; k < n; k++) {
            send(l, k);
        }
        clock.advance(Impairment.DEFAULT_REORDER_HOLD_MILLIS);
        l.deliverDue();
        List<Integer> got = drainSeqs();
        assertEquals(n, got.size());
        int swaps = 0;
        for (int i = 0; i < n; i++) {
            int s = got.get(i);
            assertTrue(Math.abs(s - i) <= 1, "frame " + s + " moved from " + s + " to " + i);
            if (i + 1 < n && got.get(i + 1) < s) {
                swaps++;
            }
        }
        assertTrue(swaps > 300, "swaps " + swaps);
        assertTrue(swaps <= l.reordered(), "a held frame overtaken by a held one keeps its place");
    }

    @Test
    void reorderedFrameWithNoFollowerIsReleasedAfterTheHoldTime() {
        ImpairedLink l = link(7);
        l.aToB().reorderPercent(100).reorderHoldMillis(5);
        send(l, 1);
        assertEquals(0, b.staged());
        assertEquals(1005, l.nextDeliveryMillis());
        clock.advance(4);
        assertEquals(0, l.deliverDue());
        clock.advance(1);
        assertEquals(1, l.deliverDue());
        assertEquals(List.of(1), drainSeqs());
        assertEquals(1, l.reordered());
    }

    @Test
    void delayHoldsFramesUntilTheClockReachesTheirArrival() {
        ImpairedLink l = link(9);
        l.aToB().delayMillis(20);
        send(l, 1);
        clock.advance(5);
        send(l, 2);
        assertEquals(0, b.staged());
        assertEquals(2, l.inFlight());
        assertEquals(1020, l.nextDeliveryMillis());
        clock.set(1019);
        assertEquals(0, l.deliverDue());
        clock.set(1020);
        assertEquals(1, l.deliverDue());
        assertEquals(List.of(1), drainSeqs());
        assertEquals(1025, l.nextDeliveryMillis());
        clock.set(1030);
        assertEquals(1, l.deliverDue());
        assertEquals(List.of(2), drainSeqs());
        assertEquals(0, l.inFlight());
    }

    @Test
    void jitterDelaysButNeverReorders() {
        ImpairedLink l = link(11);
        l.aToB().delayMillis(10).jitterMillis(30);
        List<Integer> got = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            send(l, k);
            clock.advance(1);
            l.deliverDue();
            got.addAll(drainSeqs());
        }
        clock.advance(40);
        l.deliverDue();
        got.addAll(drainSeqs());
        assertEquals(500, got.size());
        for (int k = 0; k < 500; k++) {
            assertEquals(k, got.get(k));
        }
    }

    @Test
    void rateLimitSpacesFramesBySerializationTimeAndTailDrops() {
        ImpairedLink l = link(13, 4);
        l.aToB().rateBitsPerSecond(1_000_000); // 1250 bytes = 10 000 bits = 10 ms on the wire
        for (int k = 0; k < 6; k++) {
            byte[] f = frame(k, 1250);
            l.send(ImpairedLink.A_TO_B, f, 0, f.length, 0);
        }
        assertEquals(2, l.queueDrops(), "four fit the transmit queue");
        List<Long> arrivals = new ArrayList<>();
        for (int ms = 0; ms <= 50; ms++) {
            if (l.deliverDue() > 0) {
                arrivals.add(clock.nowMillis() - 1000);
            }
            clock.advance(1);
        }
        assertEquals(List.of(10L, 20L, 30L, 40L), arrivals);
        assertEquals(List.of(0, 1, 2, 3), drainSeqs());
    }

    @Test
    void rateLimitAndDelayAdd() {
        ImpairedLink l = link(13);
        l.aToB().rateBitsPerSecond(8_000_000).delayMillis(5); // 1000 bytes: 1 ms
        byte[] f = frame(0, 1000);
        l.send(ImpairedLink.A_TO_B, f, 0, f.length, 0);
        l.send(ImpairedLink.A_TO_B, f, 0, f.length, 0);
        assertEquals(1006, l.nextDeliveryMillis());
        clock.set(1006);
        assertEquals(1, l.deliverDue());
        assertEquals(1007, l.nextDeliveryMillis());
    }

    @Test
    void cutCableDropsFramesBothWaysAndOnTheWireAndCountsThem() {
        ImpairedLink l = link(15);
        l.aToB().delayMillis(10);
        send(l, 1);
        l.setLinkUp(false);
        send(l, 2);
        byte[] back = TestFrames.frame(MAC_A, MAC_B, 60, 0);
        l.send(ImpairedLink.B_TO_A, back, 0, back.length, 0);
        clock.advance(10);
        assertEquals(0, l.deliverDue());
        assertEquals(0, b.staged());
        assertEquals(0, a.staged());
        assertEquals(3, l.cutDrops());
        assertEquals(2, l.counter(ImpairedLink.A_TO_B, ImpairedLink.CUT_DROPS));
        assertTrue(a.linkUp(), "the NICs keep their carrier");

        l.setLinkUp(true);
        send(l, 3);
        clock.advance(10);
        assertEquals(1, l.deliverDue());
        assertEquals(List.of(3), drainSeqs());
    }

    @Test
    void fullSlotPoolDropsAndCounts() {
        ImpairedLink l = ImpairedLink.connect(a, b, clock, 1, 8, 4);
        b.open(poolB, () -> { });
        l.aToB().delayMillis(1);
        for (int k = 0; k < 10; k++) {
            send(l, k);
        }
        assertEquals(2, l.queueDrops());
        clock.advance(1);
        assertEquals(8, l.deliverDue());
    }

    @Test
    void pumpThreadDeliversOnARealClock() throws Exception {
        try (ImpairedLink l = ImpairedLink.connect(a, b, SystemClock.INSTANCE, 1)) {
            b.open(poolB, () -> { });
            l.aToB().delayMillis(20);
            l.startPump();
            long t0 = System.nanoTime();
            send(l, 1);
            while (b.staged() == 0 && System.nanoTime() - t0 < 2_000_000_000L) {
                Thread.sleep(1);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, b.staged());
            assertTrue(ms >= 19, "delivered after " + ms + " ms");
            l.stopPump();
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("impaired-link-pump") && t.isAlive()));
    }
}
