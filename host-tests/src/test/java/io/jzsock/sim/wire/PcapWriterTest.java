package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.BROADCAST;
import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.buf.PacketPool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    @TempDir
    Path dir;

    @Test
    void wireTrafficIsWrittenAndReadBack() throws IOException {
        Path file = dir.resolve("wire.pcap");
        VirtualClock clock = new VirtualClock(1_234_567L);
        PacketPool pa = new PacketPool(4, 1536);
        PacketPool pb = new PacketPool(4, 1536);
        VirtualNic a = new VirtualNic(MAC_A);
        VirtualNic b = new VirtualNic(MAC_B);
        VirtualWire w = VirtualWire.connect(a, b);
        a.open(pa, () -> { });
        b.open(pb, () -> { });
        byte[] f1 = TestFrames.frame(MAC_B, MAC_A, 60, 1);
        byte[] f2 = TestFrames.frame(MAC_A, MAC_B, 1514, 2);
        byte[] f3 = TestFrames.frame(BROADCAST, MAC_A, 342, 3);

        try (PcapWriter pcap = new PcapWriter(file, clock)) {
            w.addTap(pcap);
            assertEquals(0, a.transmit(TestFrames.alloc(pa, f1)));
            clock.advance(1_500);
            assertEquals(0, b.transmit(TestFrames.alloc(pb, f2)));
            clock.advance(1);
            assertEquals(0, a.transmit(TestFrames.alloc(pa, f3)));
            assertEquals(3, pcap.records());
        }

        byte[] raw = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, Arrays.copyOf(raw, 4));
        assertEquals(24 + 3 * 16 + 60 + 1514 + 342, raw.length);
        PcapReader r = PcapReader.read(file);
        assertEquals(ByteOrder.LITTLE_ENDIAN, r.byteOrder());
        assertFalse(r.nanosecondTimestamps());
        assertEquals(2, r.versionMajor());
        assertEquals(4, r.versionMinor());
        assertEquals(0, r.thiszone());
        assertEquals(65535, r.snaplen());
        assertEquals(1, r.linkType());
        List<PcapReader.Record> recs = r.records();
        assertEquals(3, recs.size());
        assertRecord(recs.get(0), 1234, 567_000, f1);
        assertRecord(recs.get(1), 1236, 67_000, f2);
        assertRecord(recs.get(2), 1236, 68_000, f3);
    }

    private static void assertRecord(PcapReader.Record rec, long sec, long usec, byte[] frame) {
        assertEquals(sec, rec.tsSec());
        assertEquals(usec, rec.tsFraction());
        assertEquals(frame.length, rec.inclLen());
        assertEquals(frame.length, rec.origLen());
        assertArrayEquals(frame, rec.data());
    }

    @Test
    void wallClockTimestampsFallWithinTheTest() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long before = System.currentTimeMillis() / 1000;
        try (PcapWriter pcap = new PcapWriter(out)) {
            byte[] f = TestFrames.frame(MAC_B, MAC_A, 60, 0);
            pcap.onFrame(f, 0, f.length, 0);
        }
        long after = System.currentTimeMillis() / 1000;

        PcapReader.Record rec = PcapReader.read(new ByteArrayInputStream(out.toByteArray())).records().get(0);
        assertTrue(rec.tsSec() >= before - 1 && rec.tsSec() <= after + 1, rec.tsSec() + " not in " + before + ".." + after);
        assertTrue(rec.tsFraction() < 1_000_000);
    }

    @Test
    void frameAtOffsetIsRecordedWithoutSurroundingBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[100];
        TestFrames.write(buf, 20, MAC_B, MAC_A, 60, 5);
        try (PcapWriter pcap = new PcapWriter(out, new VirtualClock(0))) {
            pcap.onFrame(buf, 20, 60, 0);
        }
        PcapReader.Record rec = PcapReader.read(new ByteArrayInputStream(out.toByteArray())).records().get(0);
        assertArrayEquals(Arrays.copyOfRange(buf, 20, 80), rec.data());
        assertEquals(0, rec.tsSec());
    }

    @Test
    void ioErrorIsHeldUntilClose() throws IOException {
        IOException boom = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            private int bytes;

            @Override
            public void write(int b) throws IOException {
                throw boom;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                bytes += len;
                if (bytes > 24) {
                    throw boom;
                }
            }
        };
        PcapWriter pcap = new PcapWriter(failing, new VirtualClock(0));
        byte[] big = new byte[70_000];
        pcap.onFrame(big, 0, big.length, 0);
        pcap.onFrame(big, 0, 60, 0);

        assertEquals(0, pcap.records());
        assertSame(boom, assertThrows(IOException.class, pcap::close));
    }

    @Test
    void frameLongerThanSnaplenIsTruncated() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[70_000];
        big[65_534] = 42;
        try (PcapWriter pcap = new PcapWriter(out, new VirtualClock(0))) {
            pcap.onFrame(big, 0, big.length, 0);
        }
        PcapReader.Record rec = PcapReader.read(new ByteArrayInputStream(out.toByteArray())).records().get(0);
        assertEquals(65_535, rec.inclLen());
        assertEquals(70_000, rec.origLen());
        assertEquals(42, rec.data()[65_534]);
    }
}
