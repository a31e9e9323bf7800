package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 1035 §4.1 messages at an offset, and names with compression pointers, hostile ones first. */
class DnsMessageTest {
    private static final int OFF = 5;
    /** Header (id 0x1234, response, 1 question), then "a.b" at 12, then a pointer to "b" at 19. */
    private static final String MSG = "1234 8180 0001 0000 0000 0000 01 61 01 62 00 0001 0001 c00e";
    private final byte[] dst = new byte[DnsMessage.MAX_NAME];

    @Test
    void headerFieldsReadAtTheirOffsets() {
        byte[] b = Hex.at(OFF, MSG);
        assertEquals(0x1234, DnsMessage.id(b, OFF));
        assertEquals(DnsMessage.FLAG_QR | DnsMessage.FLAG_RD | DnsMessage.FLAG_RA, DnsMessage.flags(b, OFF));
        assertEquals(1, DnsMessage.count(b, OFF, DnsMessage.QDCOUNT));
    }

    @Test
    void writeQueryLaysOutAStandardRecursiveQuery() {
        byte[] name = {1, 'a', 1, 'b', 0};
        byte[] b = new byte[OFF + 40];
        int n = DnsMessage.writeQuery(b, OFF, 0xbeef, name, 0, name.length, DnsMessage.TYPE_A);
        assertEquals(12 + 5 + 4, n);
        assertArrayEquals(Hex.at(0, "beef 0100 0001 0000 0000 0000 0161 0162 00 0001 0001"),
                Arrays.copyOfRange(b, OFF, OFF + n));
    }

    @Test
    void aPointerToAnEarlierSuffixExpands() {
        byte[] b = Hex.at(OFF, MSG);
        int end = b.length;
        assertEquals(5, DnsMessage.expandName(b, OFF, end, OFF + 12, dst, 0));
        assertEquals(3, DnsMessage.expandName(b, OFF, end, OFF + 21, dst, 0));
        assertArrayEquals(new byte[] {1, 'b', 0}, Arrays.copyOf(dst, 3));
        assertEquals(OFF + 23, DnsMessage.skipName(b, OFF + 21, end), "a pointer ends the name's own bytes");
        assertEquals(OFF + 17, DnsMessage.skipName(b, OFF + 12, end));
    }

    @Test
    void aPointerToItselfIsRejected() {
        byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 c00c");
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0));
    }

    @Test
    void twoPointersToEachOtherAreRejected() {
        byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 c00e c00c");
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 14, dst, 0));
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0));
    }

    @Test
    void aPointerBackIntoARunOfLabelsEndingInItIsRejected() {
        byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 0161 0162 c00c");
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0));
    }

    @Test
    void aForwardPointerIsRejected() {
        byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 c00e 0161 00");
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0));
    }

    @Test
    void aPointerPastTheEndOrCutInHalfIsRejected() {
        byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 c0ff");
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0));
        byte[] cut = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 c0");
        assertEquals(-1, DnsMessage.expandName(cut, OFF, cut.length, OFF + 12, dst, 0));
        assertEquals(-1, DnsMessage.skipName(cut, OFF + 12, cut.length));
    }

    @Test
    void aLabelRunningPastTheEndIsRejected() {
        byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 05 6162");
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0));
        assertEquals(-1, DnsMessage.skipName(b, OFF + 12, b.length));
    }

    @Test
    void reservedLabelTypesAreRejected() {
        for (String type : new String[] {"41", "81"}) {
            byte[] b = Hex.at(OFF, "0000 8180 0001 0000 0000 0000 " + type + " 61 00");
            assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + 12, dst, 0), type);
            assertEquals(-1, DnsMessage.skipName(b, OFF + 12, b.length), type);
        }
    }

    @Test
    void aNameOver255BytesIsRejectedEvenWhenBuiltFromPointers() {
        // Four 63-byte labels (256 bytes with the root), the last three reached by pointers.
        StringBuilder h = new StringBuilder("0000 8180 0001 0000 0000 0000");
        String label = "3f" + "61".repeat(63);
        h.append(label).append("00");
        int first = 12;
        h.append(label).append(String.format("c0%02x", first));
        int second = first + 65;
        h.append(label).append(String.format("c0%02x", second));
        int third = second + 66;
        byte[] ok = Hex.at(OFF, h.toString());
        assertEquals(3 * 64 + 1, DnsMessage.expandName(ok, OFF, ok.length, OFF + third, dst, 0), "193 bytes is fine");
        h.append(label).append(String.format("c0%02x", third));
        byte[] b = Hex.at(OFF, h.toString());
        assertEquals(-1, DnsMessage.expandName(b, OFF, b.length, OFF + third + 66, dst, 0));
    }

    @Test
    void namesCompareWithoutCaseAndZonesAtLabelBoundaries() {
        byte[] a = {3, 'W', 'w', 'W', 1, 'B', 0};
        byte[] b = {3, 'w', 'w', 'w', 1, 'b', 0};
        assertTrue(DnsMessage.namesEqual(a, 0, b, 0, a.length));
        assertFalse(DnsMessage.namesEqual(a, 0, new byte[] {3, 'w', 'w', 'x', 1, 'b', 0}, 0, a.length));
        assertTrue(DnsMessage.isWithin(a, a.length, new byte[] {1, 'b', 0}, 3));
        assertTrue(DnsMessage.isWithin(a, a.length, b, b.length));
        assertFalse(DnsMessage.isWithin(new byte[] {2, 'x', 'b', 0}, 4, new byte[] {1, 'b', 0}, 3), "xb is not below b");
    }
}
