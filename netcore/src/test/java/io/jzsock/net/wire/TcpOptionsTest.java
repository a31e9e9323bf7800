package io.jzsock.net.wire;

import io.jzsock.net.AllocationProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private static final int O = 14;
    private static final String HEADER = "c000 0050 12345678 00000000 a0 02 faf0 0000 0000";
    /** The option block of a Linux SYN: MSS 1460, SACK-permitted, TS (val 0x5a3c9e01, ecr 0), NOP, WS 7. */
    private static final String LINUX_SYN_OPTIONS = "020405b4 0402 080a 5a3c9e01 00000000 01 030307";

    private static byte[] segment(String options) {
        return Hex.at(O, HEADER + options);
    }

    private static int optionsLen(String hex) {
        return hex.replace(" ", "").length() / 2;
    }

    @Test
    void parsesLinuxSynOptions() {
        TcpOptions t = new TcpOptions();
        assertEquals(0, t.parse(segment(LINUX_SYN_OPTIONS), O, 40));
        assertEquals(1460, t.mss);
        assertTrue(t.sackPermitted);
        assertTrue(t.hasTimestamp);
        assertEquals(0x5a3c9e01, t.tsVal);
        assertEquals(0, t.tsEcr);
        assertEquals(7, t.windowScale);
        assertEquals(0, t.sackCount);
    }

    @Test
    void noOptionsLeaveEverythingAbsent() {
        TcpOptions t = new TcpOptions();
        t.mss = 536;
        t.hasTimestamp = true;
        assertEquals(0, t.parse(segment(""), O, 20));
        assertEquals(0, t.mss);
        assertEquals(-1, t.windowScale);
        assertFalse(t.sackPermitted);
        assertFalse(t.hasTimestamp);
        assertEquals(0, t.sackCount);
    }

    @Test
    void windowScaleAbove14IsClampedTo14() {
        TcpOptions t = new TcpOptions();
        assertEquals(0, t.parse(segment("01 03030f"), O, 24));
        assertEquals(14, t.windowScale);
        assertEquals(0, t.parse(segment("01 0303ff"), O, 24));
        assertEquals(14, t.windowScale);
    }

    @Test
    void rejectsZeroLength() {
        assertEquals(-1, new TcpOptions().parse(segment("0200 0000"), O, 24));
    }

    @Test
    void rejectsLengthOne() {
        assertEquals(-1, new TcpOptions().parse(segment("0201 0000"), O, 24));
    }

    @Test
    void rejectsOptionRunningPastHeader() {
        // Timestamps claims 10 bytes, only 8 remain before the Data Offset.
        assertEquals(-1, new TcpOptions().parse(segment("080a 01020304 0506"), O, 28));
        // An unknown option overruns the same way.
        assertEquals(-1, new TcpOptions().parse(segment("01 1e05 0000"), O, 24));
    }

    @Test
    void rejectsMissingLengthByte() {
        assertEquals(-1, new TcpOptions().parse(segment("010101 02"), O, 24));
    }

    @Test
    void rejectsKnownOptionWithWrongLength() {
        assertEquals(-1, new TcpOptions().parse(segment("020305 00"), O, 24));
        assertEquals(-1, new TcpOptions().parse(segment("0304 0700"), O, 24));
        assertEquals(-1, new TcpOptions().parse(segment("0403 0000"), O, 24));
        assertEquals(-1, new TcpOptions().parse(segment("0508 01020304 05060000 0000"), O, 32));
        assertEquals(-1, new TcpOptions().parse(segment("0502 0000"), O, 24));
    }

    @Test
    void rejectsHeaderLengthOutsideTwentyToSixty() {
        TcpOptions t = new TcpOptions();
        assertEquals(-1, t.parse(segment(""), O, 16));
        assertEquals(-1, t.parse(new byte[O + 64], O, 64));
    }

    @Test
    void unknownOptionIsSkipped() {
        // Kind 30 (MPTCP, RFC 8684) with 6 bytes, then MSS.
        TcpOptions t = new TcpOptions();
        assertEquals(0, t.parse(segment("1e06 aabbccdd 020405b4 0101"), O, 32));
        assertEquals(1460, t.mss);
    }

    @Test
    void endOfOptionListStopsParsing() {
        // Bytes after EOL are padding, even if they look like a malformed option.
        TcpOptions t = new TcpOptions();
        assertEquals(0, t.parse(segment("020405b4 00 0200 00"), O, 28));
        assertEquals(1460, t.mss);
    }

    @Test
    void parsesSackBlocks() {
        TcpOptions t = new TcpOptions();
        String sack = "0101 0512 00001000 00002000 fffff000 00000010";
        assertEquals(0, t.parse(segment(sack), O, 20 + optionsLen(sack)));
        assertEquals(2, t.sackCount);
        assertEquals(0x1000, t.sackLeft[0]);
        assertEquals(0x2000, t.sackRight[0]);
        assertEquals(0xfffff000, t.sackLeft[1]);
        assertEquals(0x10, t.sackRight[1]);
    }

    @Test
    void emitsLinuxStyleSynOptions() {
        TcpOptions t = new TcpOptions();
        t.mss = 1460;
        t.windowScale = 7;
        t.sackPermitted = true;
        t.hasTimestamp = true;
        t.tsVal = 0x5a3c9e01;
        byte[] b = new byte[O + 60];
        assertEquals(44, t.emit(b, O));
        assertEquals(44, t.emittedLength());
        assertArrayEquals(Hex.at(O + 20, "020405b4 01030307 01010402 0101080a 5a3c9e01 00000000"),
                Arrays.copyOf(b, O + 44));
    }

    @Test
    void emitWithNothingSetIsTheBareHeader() {
        TcpOptions t = new TcpOptions();
        assertEquals(20, t.emit(new byte[20], 0));
        assertEquals(20, t.emittedLength());
    }

    @Test
    void emitThenParseRoundTripsSackBlocks() {
        TcpOptions out = new TcpOptions();
        out.hasTimestamp = true;
        out.tsVal = 123456789;
        out.tsEcr = -2;
        out.sackCount = 3;
        for (int k = 0; k < 3; k++) {
            out.sackLeft[k] = 1000 * k - 7;
            out.sackRight[k] = 1000 * k + 500;
        }
        byte[] b = new byte[O + 60];
        int hl = out.emit(b, O);
        assertEquals(20 + 12 + 4 + 24, hl);
        assertEquals(hl, out.emittedLength());
        assertEquals(0, hl % 4);

        TcpOptions in = new TcpOptions();
        assertEquals(0, in.parse(b, O, hl));
        assertTrue(in.hasTimestamp);
        assertEquals(123456789, in.tsVal);
        assertEquals(-2, in.tsEcr);
        assertEquals(3, in.sackCount);
        for (int k = 0; k < 3; k++) {
            assertEquals(1000 * k - 7, in.sackLeft[k]);
            assertEquals(1000 * k + 500, in.sackRight[k]);
        }
        assertEquals(0, in.mss);
        assertEquals(-1, in.windowScale);
        assertFalse(in.sackPermitted);
    }

    @Test
    void fourSackBlocksFitWithoutTimestamps() {
        TcpOptions t = sackOnly(4);
        byte[] b = new byte[60];
        assertEquals(56, t.emit(b, 0));
        TcpOptions in = new TcpOptions();
        assertEquals(0, in.parse(b, 0, 56));
        assertEquals(4, in.sackCount);
        assertEquals(4, in.sackLeft[3]);
    }

    @Test
    void sackBlocksThatDoNotFitAreDroppedAtSixtyBytes() {
        TcpOptions t = sackOnly(4);
        t.hasTimestamp = true;
        byte[] b = new byte[60];
        // 12 bytes of timestamps leave room for NOP NOP + 3 blocks (RFC 2018 §3).
        assertEquals(60, t.emit(b, 0));
        assertEquals(60, t.emittedLength());
        assertEquals(4, t.sackCount);
        TcpOptions in = new TcpOptions();
        assertEquals(0, in.parse(b, 0, 60));
        assertEquals(3, in.sackCount);
        assertEquals(1, in.sackLeft[0]);
        assertEquals(3, in.sackLeft[2]);

        // Every SYN option as well: 24 bytes used, one block fits in the remaining 16.
        t.mss = 1460;
        t.windowScale = 14;
        t.sackPermitted = true;
        assertEquals(56, t.emit(b, 0));
        assertEquals(0, in.parse(b, 0, 56));
        assertEquals(1, in.sackCount);
        assertEquals(1, in.sackLeft[0]);
    }

    @Test
    void emitNeverExceedsSixtyBytes() {
        TcpOptions t = sackOnly(4);
        t.mss = 1460;
        t.windowScale = 7;
        t.sackPermitted = true;
        t.hasTimestamp = true;
        byte[] b = new byte[O + 60 + 1];
        b[O + 60] = 0x55;
        assertTrue(t.emit(b, O) <= 60);
        assertEquals(0x55, b[O + 60]);
    }

    @Test
    void parseAndEmitAllocateNothing() {
        TcpOptions t = sackOnly(3);
        t.hasTimestamp = true;
        TcpOptions in = new TcpOptions();
        byte[] b = new byte[60];
        int[] sink = new int[1];
        int[] rounds = new int[1];
        long allocated = AllocationProbe.steadyState(() -> {
            rounds[0]++;
            for (int i = 0; i < 10_000; i++) {
                sink[0] += in.parse(b, 0, t.emit(b, 0)) + t.emittedLength();
            }
        }, 5);
        assertEquals(0, allocated);
        assertEquals(rounds[0] * 10_000 * 60, sink[0], "every round trip parsed OK (0) and emitted 60 bytes");
    }

    private static TcpOptions sackOnly(int blocks) {
        TcpOptions t = new TcpOptions();
        t.sackCount = blocks;
        for (int k = 0; k < blocks; k++) {
            t.sackLeft[k] = k + 1;
            t.sackRight[k] = 100 * (k + 1);
        }
        return t;
    }
}
