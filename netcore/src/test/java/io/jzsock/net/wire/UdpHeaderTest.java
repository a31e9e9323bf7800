package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class UdpHeaderTest {
    private static final int SRC_IP = 0xC0000201; // 192.0.2.1
    private static final int DST_IP = 0xC0000202; // 192.0.2.2
    /** 5000 -> 7, "hello"; checksum 246f computed independently over the pseudo-header (RFC 768). */
    private static final String HELLO = "1388 0007 000d 246f 68656c6c6f";
    private static final int O = 34;

    @Test
    void readsHeaderFields() {
        byte[] b = Hex.at(O, HELLO);
        assertEquals(5000, UdpHeader.srcPort(b, O));
        assertEquals(7, UdpHeader.dstPort(b, O));
        assertEquals(13, UdpHeader.length(b, O));
        assertEquals(0x246f, UdpHeader.checksum(b, O));
    }

    @Test
    void knownDatagramChecksumVerifies() {
        byte[] b = Hex.at(O, HELLO);
        assertTrue(UdpHeader.checksumOkV4(b, O, 13, SRC_IP, DST_IP));
        assertFalse(UdpHeader.checksumOkV4(b, O, 13, SRC_IP, DST_IP + 1));
        b[O + 12] = 'O';
        assertFalse(UdpHeader.checksumOkV4(b, O, 13, SRC_IP, DST_IP));
    }

    @Test
    void writeThenFillReproducesKnownDatagram() {
        byte[] b = Hex.at(O, "ffffffffffffffff 68656c6c6f");
        UdpHeader.write(b, O, 5000, 7, 13);
        assertEquals(0, UdpHeader.checksum(b, O));
        UdpHeader.fillChecksumV4(b, O, 13, SRC_IP, DST_IP);
        assertArrayEquals(Hex.at(O, HELLO), b);
    }

    @Test
    void zeroChecksumMeansNoneAndIsAccepted() {
        byte[] b = Hex.at(O, "1388 0007 000d 0000 68656c6c6f");
        assertTrue(UdpHeader.checksumOkV4(b, O, 13, SRC_IP, DST_IP));
    }

    @Test
    void computedZeroChecksumIsSentAsAllOnes() {
        // Payload 6847 makes the one's-complement sum 0xffff, so the computed checksum is 0 (RFC 768).
        byte[] b = Hex.at(0, "1388 0007 000a 0000 6847");
        UdpHeader.fillChecksumV4(b, 0, 10, SRC_IP, DST_IP);
        assertEquals(0xffff, UdpHeader.checksum(b, 0));
        assertTrue(UdpHeader.checksumOkV4(b, 0, 10, SRC_IP, DST_IP));
    }
}
