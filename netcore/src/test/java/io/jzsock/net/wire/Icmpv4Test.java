package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class Icmpv4Test {
    /** Windows ping: id 1, seq 1, 32-byte "abcdefghijklmnopqrstuvwabcdefghi" payload, checksum 4d5a. */
    private static final String ECHO_REQUEST =
            "08 00 4d5a 0001 0001 6162636465666768696a6b6c6d6e6f7071727374757677616263646566676869";
    private static final int O = 34;
    private static final int LEN = 40;

    @Test
    void readsAndVerifiesCapturedEchoRequest() {
        byte[] b = Hex.at(O, ECHO_REQUEST);
        assertEquals(Icmpv4.TYPE_ECHO_REQUEST, Icmpv4.type(b, O));
        assertEquals(0, Icmpv4.code(b, O));
        assertEquals(1, Icmpv4.ident(b, O));
        assertEquals(1, Icmpv4.seq(b, O));
        assertTrue(Icmpv4.checksumOk(b, O, LEN));
        b[O + LEN - 1] ^= 1;
        assertFalse(Icmpv4.checksumOk(b, O, LEN));
    }

    @Test
    void echoReplyInPlaceGetsValidChecksum() {
        byte[] b = Hex.at(O, ECHO_REQUEST);
        Icmpv4.setType(b, O, Icmpv4.TYPE_ECHO_REPLY);
        Icmpv4.fillChecksum(b, O, LEN);
        assertEquals(0x555a, Bytes.u16(b, O + Icmpv4.CHECKSUM)); // type 8 -> 0 adds 0x0800
        assertTrue(Icmpv4.checksumOk(b, O, LEN));
    }

    @Test
    void fillChecksumReproducesCapturedValue() {
        byte[] b = Hex.at(O, ECHO_REQUEST);
        Bytes.putU16(b, O + Icmpv4.CHECKSUM, 0x1234);
        Icmpv4.setCode(b, O, 0);
        Icmpv4.setIdentSeq(b, O, 1, 1);
        Icmpv4.fillChecksum(b, O, LEN);
        assertArrayEquals(Hex.at(O, ECHO_REQUEST), b);
    }

    @Test
    void oddLengthMessageChecksumRoundTrips() {
        byte[] b = Hex.at(0, "08 00 0000 abcd 0007 616263");
        Icmpv4.fillChecksum(b, 0, 11);
        assertTrue(Icmpv4.checksumOk(b, 0, 11));
        assertEquals(7, Icmpv4.seq(b, 0));
        assertEquals(0xabcd, Icmpv4.ident(b, 0));
    }

    @Test
    void unreachableHeaderClearsChecksumAndUnusedWord() {
        byte[] b = Hex.at(2, "ffffffffffffffff");
        Icmpv4.writeUnreachableHeader(b, 2, Icmpv4.CODE_PORT_UNREACHABLE);
        assertArrayEquals(Hex.at(2, "03 03 0000 00000000"), b);
        assertEquals(Icmpv4.TYPE_DEST_UNREACHABLE, Icmpv4.type(b, 2));
    }
}
