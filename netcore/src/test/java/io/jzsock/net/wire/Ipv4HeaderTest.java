package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    /** The widely used captured header: 192.168.0.1 -> 192.168.0.199, UDP, total length 115, DF, checksum b861. */
    private static final String CAPTURED = "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7";
    private static final int O = 14;

    private static byte[] packet(String header, int payload) {
        byte[] h = Hex.at(O, header);
        return java.util.Arrays.copyOf(h, h.length + payload);
    }

    @Test
    void readsEveryFieldOfCapturedHeader() {
        byte[] b = packet(CAPTURED, 95);
        assertEquals(4, Ipv4Header.version(b, O));
        assertEquals(20, Ipv4Header.headerLen(b, O));
        assertEquals(0, Ipv4Header.tos(b, O));
        assertEquals(0x73, Ipv4Header.totalLen(b, O));
        assertEquals(0, Ipv4Header.id(b, O));
        assertEquals(Ipv4Header.FLAG_DF, Ipv4Header.flagsFragment(b, O));
        assertFalse(Ipv4Header.isFragment(b, O));
        assertEquals(64, Ipv4Header.ttl(b, O));
        assertEquals(Ipv4Header.PROTO_UDP, Ipv4Header.protocol(b, O));
        assertEquals(0xC0A80001, Ipv4Header.src(b, O));
        assertEquals(0xC0A800C7, Ipv4Header.dst(b, O));
        assertTrue(Ipv4Header.checksumOk(b, O));
    }

    @Test
    void writeReproducesCapturedHeaderAndChecksum() {
        byte[] b = new byte[O + 20];
        Ipv4Header.write(b, O, 0, 0x73, 0, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP, 0xC0A80001, 0xC0A800C7, true);
        assertArrayEquals(Hex.at(O, CAPTURED), b);
        assertEquals(0xb861, Bytes.u16(b, O + Ipv4Header.CHECKSUM));
    }

    @Test
    void checksumSummedFromFieldsEqualsTheOneSummedOverTheWrittenBytes() {
        java.util.Random r = new java.util.Random(791);
        byte[] b = new byte[O + 20];
        byte[] reference = new byte[O + 20];
        for (int i = 0; i < 10_000; i++) {
            boolean allOnes = i == 0;
            int tos = allOnes ? 0xff : r.nextInt(256);
            int totalLen = allOnes ? 0xffff : r.nextInt(0x10000);
            int id = allOnes ? 0xffff : r.nextInt(0x10000);
            int flagsFragment = allOnes ? 0xffff : r.nextInt(0x10000);
            int ttl = allOnes ? 0xff : r.nextInt(256);
            int protocol = allOnes ? 0xff : r.nextInt(256);
            int src = allOnes ? -1 : r.nextInt();
            int dst = allOnes ? -1 : r.nextInt();
            Ipv4Header.write(b, O, tos, totalLen, id, flagsFragment, ttl, protocol, src, dst, true);
            Ipv4Header.write(reference, O, tos, totalLen, id, flagsFragment, ttl, protocol, src, dst, false);
            Ipv4Header.fillChecksum(reference, O);
            assertArrayEquals(reference, b, "header " + i);
            assertTrue(Ipv4Header.checksumOk(b, O), "header " + i);
        }
    }

    @Test
    void writeLeavesChecksumZeroForDeviceOffload() {
        byte[] b = Hex.at(O, "ffffffffffffffffffffffffffffffffffffffff");
        Ipv4Header.write(b, O, 0, 0x73, 0, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP, 0xC0A80001, 0xC0A800C7, false);
        assertArrayEquals(Hex.at(O, "4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7"), b);
    }

    @Test
    void decrementedTtlNeedsRefilledChecksum() {
        byte[] b = Hex.at(O, CAPTURED);
        Ipv4Header.setTtl(b, O, 63);
        assertFalse(Ipv4Header.checksumOk(b, O));
        Ipv4Header.fillChecksum(b, O);
        assertEquals(0xb961, Bytes.u16(b, O + Ipv4Header.CHECKSUM)); // RFC 1624: ttl -1 adds 0x0100
        assertTrue(Ipv4Header.checksumOk(b, O));
    }

    @Test
    void checksumCoversOptions() {
        byte[] b = packet("4600 0018 0001 0000 4001 0000 c0000201 c0000202 01010100", 0); // IHL 6, NOP options
        Ipv4Header.fillChecksum(b, O);
        assertTrue(Ipv4Header.checksumOk(b, O));
        b[O + 23] = 1;
        assertFalse(Ipv4Header.checksumOk(b, O));
    }

    @Test
    void fragmentsAreDetectedByMoreFragmentsOrOffset() {
        byte[] b = Hex.at(O, CAPTURED);
        Bytes.putU16(b, O + Ipv4Header.FLAGS_FRAGMENT, Ipv4Header.FLAG_MF);
        assertTrue(Ipv4Header.isFragment(b, O));
        Bytes.putU16(b, O + Ipv4Header.FLAGS_FRAGMENT, 0x0001);
        assertTrue(Ipv4Header.isFragment(b, O));
        Bytes.putU16(b, O + Ipv4Header.FLAGS_FRAGMENT, Ipv4Header.FLAG_DF);
        assertFalse(Ipv4Header.isFragment(b, O));
    }

    @Test
    void validateAcceptsCapturedPacketWithLinkPadding() {
        byte[] b = packet(CAPTURED, 95 + 4);
        assertEquals(Ipv4Header.OK, Ipv4Header.validate(b, O, 0x73 + 4, true));
        assertEquals(Ipv4Header.OK, Ipv4Header.validate(b, O, 0x73, true));
    }

    @Test
    void validateRejectsShortBuffer() {
        assertEquals(Ipv4Header.BAD_LENGTH, Ipv4Header.validate(packet(CAPTURED, 0), O, 19, true));
    }

    @Test
    void validateRejectsVersionOtherThanFour() {
        assertEquals(Ipv4Header.BAD_VERSION,
                Ipv4Header.validate(packet("6500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7", 95), O, 0x73, false));
    }

    @Test
    void validateRejectsHeaderLengthBelowFiveWordsOrBeyondData() {
        assertEquals(Ipv4Header.BAD_HEADER_LEN,
                Ipv4Header.validate(packet("4400 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7", 95), O, 0x73, false));
        assertEquals(Ipv4Header.BAD_HEADER_LEN,
                Ipv4Header.validate(packet("4f00 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7", 0), O, 20, false));
    }

    @Test
    void validateRejectsTotalLengthShorterThanHeaderOrLongerThanData() {
        assertEquals(Ipv4Header.BAD_TOTAL_LEN,
                Ipv4Header.validate(packet("4500 0013 0000 4000 4011 b861 c0a8 0001 c0a8 00c7", 95), O, 0x73, false));
        assertEquals(Ipv4Header.BAD_TOTAL_LEN, Ipv4Header.validate(packet(CAPTURED, 95), O, 0x72, false));
    }

    @Test
    void validateRejectsBadChecksumOnlyWhenAskedToVerify() {
        byte[] b = packet("4500 0073 0000 4000 4011 b862 c0a8 0001 c0a8 00c7", 95);
        assertEquals(Ipv4Header.BAD_CHECKSUM, Ipv4Header.validate(b, O, 0x73, true));
        assertEquals(Ipv4Header.OK, Ipv4Header.validate(b, O, 0x73, false));
    }
}
