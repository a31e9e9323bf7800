package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.buf.PacketPool;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The impaired link carries every frame of the soak tests, so like the plain wire it must allocate
 * nothing per frame once warm. Same method as {@link WireAllocationTest}: warm up past C2's one-off
 * allocations, then require one window of 10 000 frames to allocate exactly 0 bytes.
 */
@Tag("alloc")
class ImpairedLinkAllocationTest {
    private static final int FRAMES = 10_000;
    private static final int WARM_UP = 30_000;
    private static final int MAX_WINDOWS = 10;

    private final VirtualClock clock = new VirtualClock(0);
    private final PacketPool pa = new PacketPool(8, 1536);
    private final PacketPool pb = new PacketPool(8, 1536);
    private final VirtualNic a = new VirtualNic(MAC_A);
    private final VirtualNic b = new VirtualNic(MAC_B);
    private final byte[] frame = ipv4(TestFrames.frame(MAC_B, MAC_A, 1514, 0));

    /** Corruption only touches IPv4 packets (see ImpairedLink), so the frame claims to be one. */
    private static byte[] ipv4(byte[] f) {
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }
    private long received;
    private ImpairedLink link;

    @Test
    void everyImpairmentAtOnceAllocatesNothingPerFrame() throws Exception {
        link = ImpairedLink.connect(a, b, clock, 99);
        link.aToB().lossPercent(5).duplicatePercent(5).reorderPercent(5).corruptPercent(5)
                .delayMillis(3).jitterMillis(2).rateBitsPerSecond(100_000_000);
        a.open(pa, () -> { });
        b.open(pb, () -> { });
        b.setPromiscuous(true);
        try (PcapWriter pcap = new PcapWriter(OutputStream.nullOutputStream(), clock)) {
            link.addTap(pcap);
            pump(WARM_UP);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] allocated = new long[MAX_WINDOWS];
            int windows = 0;
            do {
                long before = mx.getCurrentThreadAllocatedBytes();
                pump(FRAMES);
                allocated[windows] = mx.getCurrentThreadAllocatedBytes() - before;
            } while (allocated[windows++] != 0 && windows < MAX_WINDOWS);

            assertEquals(0, allocated[windows - 1], () -> "bytes per window: " + Arrays.toString(allocated));
            long sent = WARM_UP + (long) windows * FRAMES;
            assertEquals(sent, link.framesIn());
            assertTrue(link.lost() > 0 && link.duplicated() > 0 && link.reordered() > 0 && link.corrupted() > 0,
                    link::describeCounters);
            assertEquals(link.delivered(), pcap.records());
            assertEquals(link.delivered(), received + b.rxDropped() + b.staged());
        }
    }

    /** One frame per 200 us of virtual time: the 121 us serialization keeps the link busy but not full. */
    private void pump(int n) {
        for (int i = 0; i < n; i++) {
            int h = pa.alloc(TestFrames.HEADROOM);
            System.arraycopy(frame, 0, pa.data[h], TestFrames.HEADROOM, frame.length);
            pa.len[h] = frame.length;
            if (a.transmit(h) != 0) {
                throw new AssertionError("transmit failed");
            }
            if (i % 5 == 4) {
                clock.advance(1);
                link.deliverDue();
            }
            for (int r = b.receive(); r >= 0; r = b.receive()) {
                pb.release(r);
                received++;
            }
        }
    }
}
