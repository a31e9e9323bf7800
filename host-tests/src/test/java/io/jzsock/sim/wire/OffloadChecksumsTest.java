package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expected checksums were computed independently (RFC 1071 sum in Python) for these exact frames. */
class OffloadChecksumsTest {
    private static final int ALL = NetDevice.CSUM_IPV4 | NetDevice.CSUM_UDP | NetDevice.CSUM_TCP | NetDevice.CSUM_ICMP;
    private static final int BOTH_OK = PacketPool.RX_IPV4_CSUM_OK | PacketPool.RX_L4_CSUM_OK;

    private final PacketPool poolA = new PacketPool(4, 1536);
    private final PacketPool poolB = new PacketPool(4, 1536);
    private VirtualNic a;
    private VirtualNic b;
    private int lastFlags;

    @BeforeEach
    void wire() {
        a = new VirtualNic(MAC_A);
        b = new VirtualNic(MAC_B);
        VirtualWire.connect(a, b);
        a.open(poolA, () -> { });
        b.open(poolB, () -> { });
    }

    /** 192.0.2.1:1234 -> 192.0.2.2:7 "hello", DF, id 0x1234, both checksums zeroed. */
    private static byte[] udp4() {
        return eth(0x0800, "450000211234400040110000c0000201c0000202" + "04d20007000d0000" + "68656c6c6f");
    }

    /** [2001:db8::1]:40000 -> [2001:db8::2]:80 SYN, seq 1, window 65535, checksum zeroed. */
    private static byte[] tcp6() {
        return eth(0x86dd, "6000000000140640" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002"
                + "9c4000500000000100000000" + "5002ffff00000000");
    }

    private static byte[] eth(int type, String l3Hex) {
        byte[] l3 = HexFormat.of().parseHex(l3Hex);
        byte[] f = new byte[14 + l3.length];
        System.arraycopy(MAC_B, 0, f, 0, 6);
        System.arraycopy(MAC_A, 0, f, 6, 6);
        f[12] = (byte) (type >>> 8);
        f[13] = (byte) type;
        System.arraycopy(l3, 0, f, 14, l3.length);
        return f;
    }

    private static int u16(byte[] f, int off) {
        return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
    }

    private byte[] sendAndReceive(byte[] frame) {
        assertEquals(0, a.transmit(TestFrames.alloc(poolA, frame)));
        int h = b.receive();
        byte[] got = TestFrames.bytes(poolB, h);
        lastFlags = poolB.flags[h];
        poolB.release(h);
        return got;
    }

    /** The eight-bytes-a-load sum against RFC 1071 §4.1's word-by-word loop, every offset, length and tail. */
    @Test
    void sumMatchesTheWordByWordDefinition() {
        byte[] b = new byte[100];
        java.util.Random r = new java.util.Random(7);
        for (int round = 0; round < 20; round++) {
            r.nextBytes(b);
            for (int off = 0; off < 9; off++) {
                for (int len = 0; off + len <= b.length; len++) {
                    long acc = 0x1234;
                    for (int i = 0; i < len; i += 2) {
                        acc += (b[off + i] & 0xff) << 8 | (i + 1 < len ? b[off + i + 1] & 0xff : 0);
                    }
                    while (acc >>> 16 != 0) {
                        acc = (acc & 0xffff) + (acc >>> 16);
                    }
                    assertEquals((int) acc, OffloadChecksums.sum(b, off, len, 0x1234), "off " + off + " len " + len);
                }
            }
        }
        java.util.Arrays.fill(b, (byte) 0xff);
        assertEquals(0xffff, OffloadChecksums.sum(b, 0, b.length, 0xffff), "carries fold back in");
    }

    @Test
    void txOffloadFillsIpv4HeaderAndUdpChecksums() {
        a.setChecksumOffload(ALL, 0);
        byte[] got = sendAndReceive(udp4());
        assertEquals(0xa494, u16(got, 14 + 10));
        assertEquals(0x3325, u16(got, 14 + 20 + 6));
        assertEquals(0, lastFlags);
    }

    @Test
    void rxOffloadReportsBothChecksumsOk() {
        a.setChecksumOffload(ALL, 0);
        b.setChecksumOffload(0, ALL);
        sendAndReceive(udp4());
        assertEquals(BOTH_OK, lastFlags);
    }

    @Test
    void rxOffloadDoesNotVouchForCorruptPayload() {
        a.setChecksumOffload(ALL, 0);
        byte[] corrupt = sendAndReceive(udp4());
        corrupt[corrupt.length - 1] ^= 1;

        a.setChecksumOffload(0, 0);
        b.setChecksumOffload(0, ALL);
        sendAndReceive(corrupt);
        assertEquals(PacketPool.RX_IPV4_CSUM_OK, lastFlags);
    }

    @Test
    void rxOffloadOnlyReportsCheckedKinds() {
        a.setChecksumOffload(ALL, 0);
        b.setChecksumOffload(0, NetDevice.CSUM_IPV4);
        sendAndReceive(udp4());
        assertEquals(PacketPool.RX_IPV4_CSUM_OK, lastFlags);
    }

    @Test
    void txOffloadFillsTcpChecksumOverIpv6PseudoHeader() {
        a.setChecksumOffload(NetDevice.CSUM_TCP, 0);
        b.setChecksumOffload(0, NetDevice.CSUM_TCP);
        byte[] got = sendAndReceive(tcp6());
        assertEquals(0xb7dc, u16(got, 14 + 40 + 16));
        assertEquals(PacketPool.RX_L4_CSUM_OK, lastFlags);
    }

    @Test
    void withoutOffloadTheFrameIsLeftAlone() {
        byte[] f = udp4();
        byte[] got = sendAndReceive(f);
        assertEquals(0, u16(got, 14 + 10));
        assertEquals(0, u16(got, 14 + 20 + 6));
    }

    @Test
    void checksumsUnnecessaryLeavesTheFieldsAndFlagsTheFrameVerified() {
        a.setChecksumsUnnecessary(ALL);
        b.setChecksumsUnnecessary(ALL);
        assertEquals(ALL, a.txChecksumOffload());
        assertEquals(ALL, b.rxChecksumOffload());
        byte[] got = sendAndReceive(udp4());
        assertEquals(0, u16(got, 14 + 10));
        assertEquals(0, u16(got, 14 + 20 + 6));
        assertEquals(BOTH_OK, lastFlags);
    }

    @Test
    void checksumsUnnecessaryGivesAFragmentNoL4Flag() {
        b.setChecksumsUnnecessary(ALL);
        byte[] f = udp4();
        f[14 + 6] = 0x20; // MF set: the first fragment of a larger datagram
        sendAndReceive(f);
        assertEquals(PacketPool.RX_IPV4_CSUM_OK, lastFlags);
    }

    @Test
    void setChecksumOffloadAfterUnnecessaryComputesAgain() {
        a.setChecksumsUnnecessary(ALL);
        a.setChecksumOffload(ALL, 0);
        byte[] got = sendAndReceive(udp4());
        assertEquals(0xa494, u16(got, 14 + 10));
        assertEquals(0x3325, u16(got, 14 + 20 + 6));
        assertEquals(0, lastFlags);
    }

    @Test
    void icmpv4ChecksumHasNoPseudoHeader() {
        byte[] f = eth(0x0800, "450000200001000040010000c0000201c0000202" + "0800000000010001" + "70696e67");
        byte[] got = sendWithOffload(f, NetDevice.CSUM_ICMP);
        assertEquals(0x192d, u16(got, 14 + 20 + 2));
    }

    private byte[] sendWithOffload(byte[] f, int caps) {
        a.setChecksumOffload(caps, 0);
        b.setChecksumOffload(0, caps);
        byte[] got = sendAndReceive(f);
        assertEquals(PacketPool.RX_L4_CSUM_OK, lastFlags);
        return got;
    }
}
