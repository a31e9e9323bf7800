package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.BROADCAST;
import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static io.jzsock.sim.wire.TestFrames.MAC_C;
import static io.jzsock.sim.wire.TestFrames.MAC_D;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.buf.PacketPool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VirtualSwitchTest {
    private final VirtualSwitch sw = new VirtualSwitch();

    /** A NIC on the switch that stages every frame it sees, so a test counts what the switch sent it. */
    private VirtualNic port(byte[] mac, PacketPool pool) {
        VirtualNic n = new VirtualNic(mac);
        n.setPromiscuous(true);
        sw.attach(n);
        n.open(pool, () -> { });
        return n;
    }

    @Test
    void learnedUnicastIsNotFloodedToThirdPort() {
        PacketPool pa = new PacketPool(4, 1536);
        PacketPool pb = new PacketPool(4, 1536);
        VirtualNic a = port(MAC_A, pa);
        VirtualNic b = port(MAC_B, pb);
        VirtualNic c = port(MAC_C, new PacketPool(4, 1536));

        assertEquals(0, a.transmit(TestFrames.alloc(pa, MAC_B, MAC_A, 60, 0)));
        assertEquals(1, c.staged());
        assertEquals(0, b.transmit(TestFrames.alloc(pb, MAC_A, MAC_B, 60, 0)));
        assertEquals(1, c.staged());
        assertEquals(0, a.transmit(TestFrames.alloc(pa, MAC_B, MAC_A, 60, 0)));

        assertEquals(1, c.staged());
        assertEquals(2, b.staged());
        assertEquals(1, a.staged());
        assertEquals(0, sw.portOf(MAC_A, 0));
        assertEquals(1, sw.portOf(MAC_B, 0));
        assertEquals(-1, sw.portOf(MAC_C, 0));
        assertEquals(2, sw.learnedStations());
        assertEquals(3, sw.frames());
        assertEquals(1, sw.flooded());
    }

    @Test
    void broadcastIsFloodedToAllButIngress() {
        PacketPool pa = new PacketPool(4, 1536);
        VirtualNic a = port(MAC_A, pa);
        VirtualNic b = port(MAC_B, new PacketPool(4, 1536));
        VirtualNic c = port(MAC_C, new PacketPool(4, 1536));
        VirtualNic d = port(MAC_D, new PacketPool(4, 1536));
        sw.attach(new VirtualNic(new byte[] {0x02, 0, 0, 0, 0, 0x0e}));

        assertEquals(0, a.transmit(TestFrames.alloc(pa, BROADCAST, MAC_A, 60, 0)));

        assertEquals(0, a.staged());
        assertEquals(1, b.staged());
        assertEquals(1, c.staged());
        assertEquals(1, d.staged());
        assertEquals(1, sw.flooded());
    }

    @Test
    void unicastToStationLearnedOnIngressPortIsFiltered() {
        PacketPool pa = new PacketPool(4, 1536);
        VirtualNic a = port(MAC_A, pa);
        VirtualNic b = port(MAC_B, new PacketPool(4, 1536));

        // A claims D's address as source, then sends to D: D lives behind A's port.
        assertEquals(0, a.transmit(TestFrames.alloc(pa, BROADCAST, MAC_D, 60, 0)));
        assertEquals(0, a.transmit(TestFrames.alloc(pa, MAC_D, MAC_A, 60, 0)));

        assertEquals(1, b.staged());
        assertEquals(1, sw.filtered());
    }

    @Test
    void switchDeliversFrameByteExact() {
        PacketPool pa = new PacketPool(4, 1536);
        PacketPool pb = new PacketPool(4, 1536);
        VirtualNic a = port(MAC_A, pa);
        VirtualNic b = port(MAC_B, pb);
        byte[] sent = TestFrames.frame(MAC_B, MAC_A, 1514, 9);

        assertEquals(0, a.transmit(TestFrames.alloc(pa, sent)));

        int h = b.receive();
        assertArrayEquals(sent, TestFrames.bytes(pb, h));
        pb.release(h);
        assertEquals(4, pb.available());
        assertEquals(4, pa.available());
    }

    @Test
    void tapSeesEachFrameOnceAtIngress() {
        PacketPool pa = new PacketPool(4, 1536);
        VirtualNic a = port(MAC_A, pa);
        port(MAC_B, new PacketPool(4, 1536));
        port(MAC_C, new PacketPool(4, 1536));
        List<Integer> lens = new ArrayList<>();
        sw.addTap((b, off, len, t) -> lens.add(len));

        assertEquals(0, a.transmit(TestFrames.alloc(pa, BROADCAST, MAC_A, 64, 0)));
        assertEquals(0, a.transmit(TestFrames.alloc(pa, MAC_B, MAC_A, 70, 0)));

        assertEquals(List.of(64, 70), lens);
    }

    @Test
    void attachBeyondLastPortIsRefused() {
        VirtualSwitch two = new VirtualSwitch(2, 4);
        assertEquals(0, two.attach(new VirtualNic(MAC_A)));
        assertEquals(1, two.attach(new VirtualNic(MAC_B)));
        assertThrows(IllegalStateException.class, () -> two.attach(new VirtualNic(MAC_C)));
    }

    @Test
    void fullMacTableFloodsNewStations() {
        VirtualSwitch tiny = new VirtualSwitch(4, 1);
        PacketPool pa = new PacketPool(4, 1536);
        PacketPool pb = new PacketPool(4, 1536);
        VirtualNic a = new VirtualNic(MAC_A);
        VirtualNic b = new VirtualNic(MAC_B);
        VirtualNic c = new VirtualNic(MAC_C);
        c.setPromiscuous(true);
        tiny.attach(a);
        tiny.attach(b);
        tiny.attach(c);
        a.open(pa, () -> { });
        b.open(pb, () -> { });
        c.open(new PacketPool(4, 1536), () -> { });

        assertEquals(0, a.transmit(TestFrames.alloc(pa, MAC_B, MAC_A, 60, 0)));
        assertEquals(0, b.transmit(TestFrames.alloc(pb, MAC_A, MAC_B, 60, 0)));
        assertEquals(0, a.transmit(TestFrames.alloc(pa, MAC_B, MAC_A, 60, 0)));

        assertEquals(1, tiny.learnedStations());
        assertEquals(2, c.staged());
    }

    /**
     * Two stacks' threads exchange 10 000 frames each through the switch at the same time, with a pcap
     * writer tapping it; a window of 32 frames in flight keeps the 64-frame staging rings from overrunning.
     */
    @Test
    void concurrentSendersThroughSwitchLoseNothing() throws Exception {
        final int n = 10_000;
        VirtualSwitch s = new VirtualSwitch();
        VirtualNic a = new VirtualNic(MAC_A);
        VirtualNic b = new VirtualNic(MAC_B);
        VirtualNic c = new VirtualNic(MAC_C);
        s.attach(a);
        s.attach(b);
        s.attach(c);
        PacketPool pa = new PacketPool(16, 1536);
        PacketPool pb = new PacketPool(16, 1536);
        PacketPool pc = new PacketPool(4, 1536);
        AtomicLong wakesA = new AtomicLong();
        AtomicLong wakesB = new AtomicLong();
        a.open(pa, wakesA::incrementAndGet);
        b.open(pb, wakesB::incrementAndGet);
        c.open(pc, () -> { });
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        PcapWriter pcap = new PcapWriter(capture);
        s.addTap(pcap);

        Peer pA = new Peer(a, b, pa, MAC_B, MAC_A, n);
        Peer pB = new Peer(b, a, pb, MAC_A, MAC_B, n);
        Thread tA = new Thread(pA, "stack-A");
        Thread tB = new Thread(pB, "stack-B");
        tA.start();
        tB.start();
        tA.join(60_000);
        tB.join(60_000);
        pcap.close();

        assertEquals(null, pA.error);
        assertEquals(null, pB.error);
        assertEquals(n, pA.received);
        assertEquals(n, pB.received);
        assertEquals(n, a.txFrames());
        assertEquals(n, b.txFrames());
        assertEquals(n, a.rxFrames());
        assertEquals(n, b.rxFrames());
        assertEquals(0, a.rxDropped() + b.rxDropped() + a.txDropped() + b.txDropped());
        assertEquals(2L * n, s.frames());
        assertEquals(2L * n, pcap.records());
        assertEquals(2 * n, PcapReader.read(new ByteArrayInputStream(capture.toByteArray())).records().size());
        assertEquals(n, wakesA.get());
        assertEquals(n, wakesB.get());
        assertTrue(s.flooded() <= 64, "only frames sent before A and B were learned are flooded");
        assertEquals(s.flooded(), c.rxFiltered());
        assertEquals(0, c.rxFrames());
        assertEquals(16, pa.available());
        assertEquals(16, pb.available());
    }

    /** One side of the exchange: sends numbered frames, checks the peer's arrive in order. */
    private static final class Peer implements Runnable {
        private final VirtualNic nic;
        private final VirtualNic peer;
        private final PacketPool pool;
        private final byte[] dst;
        private final byte[] src;
        private final int n;
        volatile int received;
        volatile String error;

        Peer(VirtualNic nic, VirtualNic peer, PacketPool pool, byte[] dst, byte[] src, int n) {
            this.nic = nic;
            this.peer = peer;
            this.pool = pool;
            this.dst = dst;
            this.src = src;
            this.n = n;
        }

        @Override
        public void run() {
            int sent = 0;
            int got = 0;
            long deadline = System.nanoTime() + 50_000_000_000L;
            while ((sent < n || got < n) && System.nanoTime() < deadline) {
                if (sent < n && sent - peer.rxFrames() < 32) {
                    int h = TestFrames.alloc(pool, dst, src, 60 + (sent & 0xff), sent);
                    pool.data[h][TestFrames.HEADROOM + 14] = (byte) (sent >>> 8);
                    pool.data[h][TestFrames.HEADROOM + 15] = (byte) sent;
                    int r = nic.transmit(h);
                    if (r != 0) {
                        error = "transmit " + sent + " returned " + r;
                        return;
                    }
                    sent++;
                }
                int h = nic.receive();
                if (h == -Errno.EAGAIN) {
                    Thread.onSpinWait();
                    continue;
                }
                int seq = ((pool.data[h][pool.off[h] + 14] & 0xff) << 8) | (pool.data[h][pool.off[h] + 15] & 0xff);
                if (seq != (got & 0xffff) || pool.len[h] != 60 + (got & 0xff)) {
                    error = "frame " + got + " arrived as seq " + seq + " len " + pool.len[h];
                    pool.release(h);
                    return;
                }
                pool.release(h);
                got++;
                received = got;
            }
            if (sent < n || got < n) {
                error = "timed out after " + sent + " sent, " + got + " received";
            }
        }
    }
}
