package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void sumMatchesRfc1071NumericalExample() {
        // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2 after the end-around carry.
        byte[] b = Hex.at(5, "00 01 f2 03 f4 f5 f6 f7");
        assertEquals(0xddf2, Checksum.sum(b, 5, 8, 0));
        assertEquals(0x220d, Checksum.finish(0xddf2));
    }

    @Test
    void oddLengthPadsTheLastByteWithZeroLowOctet() {
        byte[] b = Hex.at(1, "00 01 f2 03 f4 f5 f6 f7");
        assertEquals(0xdcfb, Checksum.sum(b, 1, 7, 0));
        assertEquals(0xf600, Checksum.sum(b, 7, 1, 0));
    }

    @Test
    void seedIsAddedWithEndAroundCarry() {
        byte[] b = Hex.at(0, "ff ff 00 02");
        assertEquals(0x0002, Checksum.sum(b, 2, 2, 0xffff)); // 0xffff + 2 = 0x10001 -> 0x0002
        assertEquals(Checksum.sum(b, 0, 4, 0), Checksum.sum(b, 2, 2, Checksum.sum(b, 0, 2, 0)));
    }

    @Test
    void emptyRangeReturnsSeed() {
        assertEquals(0x1234, Checksum.sum(new byte[0], 0, 0, 0x1234));
    }

    @Test
    void pseudoHeaderSumsAddressesProtocolAndLength() {
        // 192.0.2.1 -> 192.0.2.2, UDP, length 13: c000+0201+c000+0202+0011+000d = 0x18421 -> 0x8422
        assertEquals(0x8422, Checksum.pseudoHeaderV4(0xC0000201, 0xC0000202, 17, 13));
    }

    @Test
    void longBuffersDoNotOverflow() {
        byte[] b = new byte[65536];
        java.util.Arrays.fill(b, (byte) 0xff);
        assertEquals(0xffff, Checksum.sum(b, 0, b.length, 0xffff));
    }

    @Test
    void eightByteLanesEqualTheWordByWordSumAtEveryOffsetAndLength() {
        java.util.Random r = new java.util.Random(7);
        byte[] b = new byte[3 * 1024 * 1024];
        r.nextBytes(b);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len <= 80; len++) {
                int seed = r.nextInt(0x10000);
                assertEquals(wordByWord(b, off, len, seed), Checksum.sum(b, off, len, seed), off + "+" + len);
            }
        }
        // Past one lane block (2^20 bytes), where the lanes are folded into the long and started again.
        assertEquals(wordByWord(b, 3, b.length - 3, 0), Checksum.sum(b, 3, b.length - 3, 0));
        java.util.Arrays.fill(b, (byte) 0xff);
        assertEquals(wordByWord(b, 1, b.length - 2, 0xffff), Checksum.sum(b, 1, b.length - 2, 0xffff));
    }

    /** RFC 1071's definition, one 16-bit word at a time: the reference for the lanes. */
    private static int wordByWord(byte[] b, int off, int len, int seed) {
        long acc = seed;
        for (int i = 0; i < len; i += 2) {
            acc += ((b[off + i] & 0xff) << 8) | (i + 1 < len ? b[off + i + 1] & 0xff : 0);
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }
}
