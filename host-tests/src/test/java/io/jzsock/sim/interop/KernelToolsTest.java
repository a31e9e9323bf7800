package io.jzsock.sim.interop;

import io.jzsock.sim.wire.PcapWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The capture check must catch what it is there to catch: a bad checksum from jzsock's MAC. */
class KernelToolsTest {
    /** Ethernet + IPv4 + UDP, 198.18.0.2:7 -> 198.18.0.1:7, 4 bytes of payload, from 02:00:00:00:00:02. */
    private static byte[] udpFrame(boolean goodIpChecksum) {
        byte[] f = new byte[14 + 20 + 8 + 4];
        byte[] hdr = {0x02, 0, 0, 0, 1, 1, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00};
        System.arraycopy(hdr, 0, f, 0, 14);
        byte[] ip = {0x45, 0, 0, 32, 0, 1, 0x40, 0, 64, 17, 0, 0, (byte) 198, 18, 0, 2, (byte) 198, 18, 0, 1};
        System.arraycopy(ip, 0, f, 14, 20);
        int sum = io.jzsock.net.wire.Checksum.sum(f, 14, 20, 0);
        int c = ~sum & 0xffff;
        if (!goodIpChecksum) {
            c ^= 0x0101;
        }
        f[24] = (byte) (c >> 8);
        f[25] = (byte) c;
        byte[] udp = {0, 7, 0, 7, 0, 12, 0, 0, 'p', 'i', 'n', 'g'};
        System.arraycopy(udp, 0, f, 34, 12);
        return f;
    }

    private static Path capture(byte[] frame) throws Exception {
        Path p = Files.createTempFile("kernel-tools", ".pcap");
        try (PcapWriter w = new PcapWriter(p)) {
            w.onFrame(frame, 0, frame.length, 0);
        }
        return p;
    }

    @Test
    void captureCheckPassesAGoodFrameAndRejectsABadIpChecksumFromJzsock() throws Exception {
        Assumptions.assumeTrue(KernelTools.tsharkAvailable(), "needs tshark");
        Path good = capture(udpFrame(true));
        Path bad = capture(udpFrame(false));
        try {
            assertEquals(1, KernelTools.assertCleanCapture(good, "02:00:00:00:00:02"));
            assertThrows(AssertionError.class, () -> KernelTools.assertCleanCapture(bad, "02:00:00:00:00:02"));
        } finally {
            Files.delete(good);
            Files.delete(bad);
        }
    }
}
