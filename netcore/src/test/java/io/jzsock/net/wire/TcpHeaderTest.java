package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TcpHeaderTest {
    private static final int CLIENT_IP = 0xC0000201; // 192.0.2.1
    private static final int SERVER_IP = 0xC0000202; // 192.0.2.2
    private static final int O = 34;
    /**
     * SYN 192.0.2.1:49152 -> 192.0.2.2:80, seq 0x12345678, window 64240, options MSS 1460, SACK-permitted,
     * TS 0x0a0b0c0d/0, NOP, WS 7. Checksum 89f6 computed independently with a Python struct-based RFC 1071 sum
     * over the pseudo-header (RFC 9293 §3.1).
     */
    private static final String SYN = "c000 0050 12345678 00000000 a0 02 faf0 89f6 0000"
            + " 020405b4 0402 080a 0a0b0c0d 00000000 01 030307";
    /** ACK|PSH 192.0.2.2:80 -> 192.0.2.1:49152 with "hello" (odd length); checksum 017e from the same script. */
    private static final String DATA = "0050 c000 fedcba98 12345679 50 18 0400 017e 0000 68656c6c6f";

    @Test
    void readsSynHeaderFields() {
        byte[] b = Hex.at(O, SYN);
        assertEquals(49152, TcpHeader.srcPort(b, O));
        assertEquals(80, TcpHeader.dstPort(b, O));
        assertEquals(0x12345678, TcpHeader.seq(b, O));
        assertEquals(0, TcpHeader.ack(b, O));
        assertEquals(40, TcpHeader.headerLen(b, O));
        assertEquals(TcpHeader.SYN, TcpHeader.flags(b, O));
        assertEquals(64240, TcpHeader.window(b, O));
        assertEquals(0x89f6, TcpHeader.checksum(b, O));
        assertEquals(0, TcpHeader.urgent(b, O));
    }

    @Test
    void sequenceNumbersAboveTwoToThe31AreRawInts() {
        byte[] b = Hex.at(O, DATA);
        assertEquals(0xfedcba98, TcpHeader.seq(b, O));
        assertEquals(0x12345679, TcpHeader.ack(b, O));
        assertEquals(TcpHeader.ACK | TcpHeader.PSH, TcpHeader.flags(b, O));
    }

    @Test
    void flagsExcludeReservedBitsOfByte12() {
        byte[] b = Hex.at(O, DATA);
        b[O + 12] = 0x5f;
        assertEquals(20, TcpHeader.headerLen(b, O));
        assertEquals(0x18, TcpHeader.flags(b, O));
        b[O + 13] = (byte) 0xff;
        assertEquals(TcpHeader.CWR | TcpHeader.ECE | TcpHeader.URG | TcpHeader.ACK | TcpHeader.PSH
                | TcpHeader.RST | TcpHeader.SYN | TcpHeader.FIN, TcpHeader.flags(b, O));
    }

    @Test
    void knownSynChecksumVerifies() {
        byte[] b = Hex.at(O, SYN);
        assertTrue(TcpHeader.checksumOkV4(b, O, 40, CLIENT_IP, SERVER_IP));
        assertFalse(TcpHeader.checksumOkV4(b, O, 40, CLIENT_IP, SERVER_IP + 1));
        b[O + 25] = 0x03;
        assertFalse(TcpHeader.checksumOkV4(b, O, 40, CLIENT_IP, SERVER_IP));
    }

    @Test
    void zeroChecksumIsNotAcceptedAsNone() {
        byte[] b = Hex.at(O, DATA);
        b[O + 16] = 0;
        b[O + 17] = 0;
        assertFalse(TcpHeader.checksumOkV4(b, O, 25, SERVER_IP, CLIENT_IP));
    }

    @Test
    void writeThenFillReproducesKnownSyn() {
        byte[] b = Hex.at(O, "ffffffffffffffffffffffffffffffffffffffff 020405b4 0402 080a 0a0b0c0d 00000000 01 030307");
        TcpHeader.write(b, O, 49152, 80, 0x12345678, 0, 40, TcpHeader.SYN, 64240);
        assertEquals(0, TcpHeader.checksum(b, O));
        assertEquals(0, TcpHeader.urgent(b, O));
        TcpHeader.fillChecksumV4(b, O, 40, CLIENT_IP, SERVER_IP);
        assertArrayEquals(Hex.at(O, SYN), b);
    }

    @Test
    void writeThenFillReproducesOddLengthDataSegment() {
        byte[] b = Hex.at(O, "ffffffffffffffffffffffffffffffffffffffff 68656c6c6f");
        TcpHeader.write(b, O, 80, 49152, 0xfedcba98, 0x12345679, 20, TcpHeader.ACK | TcpHeader.PSH, 1024);
        TcpHeader.fillChecksumV4(b, O, 25, SERVER_IP, CLIENT_IP);
        assertArrayEquals(Hex.at(O, DATA), b);
        assertTrue(TcpHeader.checksumOkV4(b, O, 25, SERVER_IP, CLIENT_IP));
    }

    @Test
    void writeRoundTripsEveryField() {
        byte[] b = new byte[60];
        TcpHeader.write(b, 0, 65535, 1, -1, 0x80000000, 60, TcpHeader.FIN | TcpHeader.ACK, 65535);
        assertEquals(65535, TcpHeader.srcPort(b, 0));
        assertEquals(1, TcpHeader.dstPort(b, 0));
        assertEquals(-1, TcpHeader.seq(b, 0));
        assertEquals(0x80000000, TcpHeader.ack(b, 0));
        assertEquals(60, TcpHeader.headerLen(b, 0));
        assertEquals(0x11, TcpHeader.flags(b, 0));
        assertEquals(65535, TcpHeader.window(b, 0));
    }
}
