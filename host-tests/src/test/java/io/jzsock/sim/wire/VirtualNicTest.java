package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.ALL_NODES;
import static io.jzsock.sim.wire.TestFrames.BROADCAST;
import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static io.jzsock.sim.wire.TestFrames.MAC_C;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VirtualNicTest {
    private final PacketPool poolA = new PacketPool(8, 1536);
    private final PacketPool poolB = new PacketPool(8, 1536);
    private final AtomicInteger wakesB = new AtomicInteger();
    private VirtualNic a;
    private VirtualNic b;

    @BeforeEach
    void wire() {
        a = new VirtualNic(MAC_A);
        b = new VirtualNic(MAC_B);
        VirtualWire.connect(a, b);
        a.open(poolA, () -> { });
        b.open(poolB, wakesB::incrementAndGet);
    }

    @Test
    void frameCrossesWireByteExact() {
        byte[] sent = TestFrames.frame(MAC_B, MAC_A, 60, 7);
        int h = TestFrames.alloc(poolA, sent);

        assertEquals(0, a.transmit(h));
        assertEquals(8, poolA.available());
        assertEquals(1, wakesB.get());
        assertEquals(1, b.staged());

        int r = b.receive();
        assertTrue(r >= 0);
        assertEquals(VirtualNic.RX_HEADROOM, poolB.off[r]);
        assertEquals(60, poolB.len[r]);
        assertEquals(0, poolB.flags[r]);
        assertEquals(0, poolB.timeNanos[r]);
        assertArrayEquals(sent, TestFrames.bytes(poolB, r));
        assertEquals(7, poolB.available());
        poolB.release(r);

        assertEquals(-Errno.EAGAIN, b.receive());
        assertEquals(8, poolB.available());
        assertEquals(1, a.txFrames());
        assertEquals(1, b.rxFrames());
        assertEquals(0, a.rxFrames());
        assertEquals(0, b.txFrames());
    }

    @Test
    void fullSizeFrameCrossesWireInBothDirections() {
        byte[] ab = TestFrames.frame(MAC_B, MAC_A, 1514, 1);
        byte[] ba = TestFrames.frame(MAC_A, MAC_B, 1514, 2);
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, ab)));
        assertEquals(0, b.transmit(TestFrames.alloc(poolB, ba)));

        int ra = a.receive();
        int rb = b.receive();
        assertArrayEquals(ba, TestFrames.bytes(poolA, ra));
        assertArrayEquals(ab, TestFrames.bytes(poolB, rb));
        poolA.release(ra);
        poolB.release(rb);
        assertEquals(8, poolA.available());
        assertEquals(8, poolB.available());
    }

    @Test
    void transmitWithLinkDownReturnsEnetdownAndReleasesHandle() {
        a.setLink(false);
        assertFalse(a.linkUp());

        assertEquals(-Errno.ENETDOWN, a.transmit(TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0)));

        assertEquals(8, poolA.available());
        assertEquals(1, a.txDropped());
        assertEquals(0, a.txFrames());
        assertEquals(0, b.staged());
        a.setLink(true);
        assertTrue(a.linkUp());
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0)));
        assertEquals(1, b.staged());
    }

    @Test
    void unattachedNicIsDownAndRefusesToTransmit() {
        PacketPool pool = new PacketPool(4, 1536);
        VirtualNic lone = new VirtualNic(MAC_C);
        lone.open(pool, () -> { });

        assertFalse(lone.linkUp());
        assertEquals(-Errno.ENETDOWN, lone.transmit(TestFrames.alloc(pool, MAC_B, MAC_C, 60, 0)));
        assertEquals(4, pool.available());
    }

    @Test
    void framesArrivingWhileLinkDownAreDropped() {
        b.setLink(false);
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0)));
        assertEquals(0, b.staged());
        assertEquals(1, b.rxDropped());
    }

    @Test
    void oversizeFrameIsRefusedWithEmsgsize() {
        PacketPool big = new PacketPool(2, 4096);
        VirtualNic c = new VirtualNic(MAC_C);
        VirtualNic d = new VirtualNic(MAC_A);
        VirtualWire.connect(c, d);
        c.open(big, () -> { });

        assertEquals(-Errno.EMSGSIZE, c.transmit(TestFrames.alloc(big, MAC_A, MAC_C, VirtualNic.MAX_FRAME + 1, 0)));
        assertEquals(2, big.available());
        assertEquals(1, c.txDropped());
    }

    @Test
    void receiveWithEmptyPoolReturnsEagainAndKeepsFrameStaged() {
        int[] held = new int[8];
        for (int i = 0; i < 8; i++) {
            held[i] = poolB.alloc(0);
        }
        byte[] sent = TestFrames.frame(MAC_B, MAC_A, 100, 3);
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, sent)));

        assertEquals(-Errno.EAGAIN, b.receive());
        assertEquals(-Errno.EAGAIN, b.receive());
        assertEquals(2, b.rxNoBuffer());
        assertEquals(1, b.staged());
        assertEquals(0, b.rxDropped());

        poolB.release(held[0]);
        int r = b.receive();
        assertArrayEquals(sent, TestFrames.bytes(poolB, r));
        assertEquals(0, b.staged());
        assertEquals(1, b.rxFrames());
    }

    @Test
    void stagingOverflowIsCountedAsOverrun() {
        VirtualNic small = new VirtualNic(MAC_C, 4);
        small.open(new PacketPool(8, 1536), () -> { });
        byte[] f = TestFrames.frame(MAC_C, MAC_A, 60, 0);
        for (int i = 0; i < 6; i++) {
            small.deliver(f, 0, f.length, 0);
        }
        assertEquals(4, small.stagingCapacity());
        assertEquals(4, small.staged());
        assertEquals(2, small.rxOverrun());
        assertEquals(2, small.rxDropped());
    }

    @Test
    void macFilterDropsFrameForAnotherUnicastMac() {
        byte[] f = TestFrames.frame(MAC_C, MAC_A, 60, 0);
        b.deliver(f, 0, f.length, 0);

        assertEquals(0, b.staged());
        assertEquals(1, b.rxFiltered());
        assertEquals(0, b.rxDropped());
        assertEquals(0, wakesB.get());
    }

    @Test
    void promiscuousNicAcceptsFrameForAnotherUnicastMac() {
        b.setPromiscuous(true);
        byte[] f = TestFrames.frame(MAC_C, MAC_A, 60, 0);
        b.deliver(f, 0, f.length, 0);
        assertEquals(1, b.staged());
        assertEquals(0, b.rxFiltered());
    }

    @Test
    void broadcastIsAccepted() {
        byte[] f = TestFrames.frame(BROADCAST, MAC_A, 60, 0);
        b.deliver(f, 0, f.length, 0);
        assertEquals(1, b.staged());
    }

    @Test
    void multicastIsAcceptedOnlyWhileJoined() {
        byte[] f = TestFrames.frame(ALL_NODES, MAC_A, 60, 0);
        b.deliver(f, 0, f.length, 0);
        assertEquals(0, b.staged());

        b.multicastFilter(ALL_NODES, 0, true);
        b.deliver(f, 0, f.length, 0);
        assertEquals(1, b.staged());

        b.multicastFilter(ALL_NODES, 0, false);
        b.deliver(f, 0, f.length, 0);
        assertEquals(1, b.staged());
        assertEquals(2, b.rxFiltered());
    }

    @Test
    void fullMulticastFilterFallsBackToAllMulticast() {
        byte[] group = {0x01, 0x00, 0x5e, 0, 0, 0};
        for (int i = 0; i < VirtualNic.MULTICAST_FILTER_SLOTS; i++) {
            group[5] = (byte) i;
            b.multicastFilter(group, 0, true);
        }
        byte[] other = TestFrames.frame(new byte[] {0x01, 0x00, 0x5e, 0, 1, 0}, MAC_A, 60, 0);
        b.deliver(other, 0, other.length, 0);
        assertEquals(0, b.staged());

        group[5] = (byte) 0xff;
        b.multicastFilter(group, 0, true);
        b.deliver(other, 0, other.length, 0);
        assertEquals(1, b.staged());
    }

    @Test
    void txTimeOfEachFrameIsRecorded() {
        int h = TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0);
        poolA.timeNanos[h] = 1_500_000_000L;
        assertEquals(0, a.transmit(h));
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0)));

        assertEquals(1_500_000_000L, a.lastTxTimeNanos());
        assertEquals(1, a.txTimedFrames());
        assertEquals(2, a.txFrames());
    }

    @Test
    void closeDiscardsStagedFramesAndStopsReceiving() {
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0)));
        b.close();
        assertEquals(0, b.staged());
        assertEquals(-Errno.EAGAIN, b.receive());
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, MAC_B, MAC_A, 60, 0)));
        assertEquals(0, b.staged());
        assertEquals(1, b.rxDropped());
        assertEquals(8, poolB.available());
    }

    @Test
    void reportsMacMtuAndDefaultOffloads() {
        byte[] out = new byte[8];
        a.macAddress(out, 1);
        assertArrayEquals(new byte[] {0, 0x02, 0, 0, 0, 0, 0x0a, 0}, out);
        assertEquals(1500, a.mtu());
        assertEquals(0, a.txChecksumOffload());
        assertEquals(0, a.rxChecksumOffload());
        a.setChecksumOffload(NetDevice.CSUM_IPV4 | NetDevice.CSUM_TCP, NetDevice.CSUM_UDP);
        assertEquals(NetDevice.CSUM_IPV4 | NetDevice.CSUM_TCP, a.txChecksumOffload());
        assertEquals(NetDevice.CSUM_UDP, a.rxChecksumOffload());
    }

    @Test
    void constructorRejectsBadMac() {
        assertThrows(IllegalArgumentException.class, () -> new VirtualNic(new byte[5]));
    }

    @Test
    void secondAttachIsRefused() {
        VirtualNic c = new VirtualNic(MAC_C);
        assertThrows(IllegalStateException.class, () -> VirtualWire.connect(a, c));
        assertThrows(IllegalStateException.class, () -> VirtualWire.connect(c, b));
        assertFalse(c.isAttached());
    }
}
