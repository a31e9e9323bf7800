package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class Icmpv4HeaderTest {
    /** Windows ping: id 1, seq 1, 32-byte "abcdefghijklmnopqrstuvwabcdefghi" payload, checksum 4d5a. */
    private static final String ECHO_REQUEST =
            "08 00 4d5a 0001 0001 6162636465666768696a6b6c6d6e6f7071727374757677616263646566676869";
    private static final int O = 34;
    private static final int LEN = 40;

    @Test
    void readsAndVerifiesCapturedEchoRequest() {
        byte[] b = Hex.at(O, ECHO_REQUEST);
        assertEquals(Icmpv4Header.TYPE_ECHO_REQUEST, Icmpv4Header.type(b, O));
        assertEquals(0, Icmpv4Header.code(b, O));
        assertEquals(1, Icmpv4Header.ident(b, O));
        assertEquals(1, Icmpv4Header.seq(b, O));
        assertTrue(Icmpv4Header.checksumOk(b, O, LEN));
        b[O + LEN - 1] ^= 1;
        assertFalse(Icmpv4Header.checksumOk(b, O, LEN));
    }

    @Test
    void echoReplyInPlaceGetsValidChecksum() {
        byte[] b = Hex.at(O, ECHO_REQUEST);
        Icmpv4Header.setType(b, O, Icmpv4Header.TYPE_ECHO_REPLY);
        Icmpv4Header.fillChecksum(b, O, LEN);
        assertEquals(0x555a, Bytes.u16(b, O + Icmpv4Header.CHECKSUM)); // type 8 -> 0 adds 0x0800
        assertTrue(Icmpv4Header.checksumOk(b, O, LEN));
    }

    @Test
    void fillChecksumReproducesCapturedValue() {
        byte[] b = Hex.at(O, ECHO_REQUEST);
        Bytes.putU16(b, O + Icmpv4Header.CHECKSUM, 0x1234);
        Icmpv4Header.setCode(b, O, 0);
        Icmpv4Header.setIdentSeq(b, O, 1, 1);
        Icmpv4Header.fillChecksum(b, O, LEN);
        assertArrayEquals(Hex.at(O, ECHO_REQUEST), b);
    }

    @Test
    void oddLengthMessageChecksumRoundTrips() {
        byte[] b = Hex.at(0, "08 00 0000 abcd 0007 616263");
        Icmpv4Header.fillChecksum(b, 0, 11);
        assertTrue(Icmpv4Header.checksumOk(b, 0, 11));
        assertEquals(7, Icmpv4Header.seq(b, 0));
        assertEquals(0xabcd, Icmpv4Header.ident(b, 0));
    }

    @Test
    void unreachableHeaderClearsChecksumAndUnusedWord() {
        byte[] b = Hex.at(2, "ffffffffffffffff");
        Icmpv4Header.writeUnreachableHeader(b, 2, Icmpv4Header.CODE_PORT_UNREACHABLE);
        assertArrayEquals(Hex.at(2, "03 03 0000 00000000"), b);
        assertEquals(Icmpv4Header.TYPE_DEST_UNREACHABLE, Icmpv4Header.type(b, 2));
    }
}
