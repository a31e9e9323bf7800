package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void readsBigEndianFieldsAtAnOffset() {
        byte[] b = Hex.at(3, "ff 12 34 c0 00 02 01");
        assertEquals(0xff, Bytes.u8(b, 3));
        assertEquals(0x1234, Bytes.u16(b, 4));
        assertEquals(0xC0000201, Bytes.i32(b, 6));
    }

    @Test
    void writesBigEndianFieldsAndTruncatesToFieldWidth() {
        byte[] b = new byte[8];
        Bytes.putU8(b, 0, 0x1ab);
        Bytes.putU16(b, 1, 0x12345);
        Bytes.putI32(b, 3, 0xC0A80001);
        assertArrayEquals(Hex.at(0, "ab 23 45 c0 a8 00 01 00"), b);
        assertEquals(0xC0A80001, Bytes.i32(b, 3));
    }

    @Test
    void equalComparesRangesAtDifferentOffsets() {
        byte[] a = Hex.at(0, "01 02 03 04");
        byte[] c = Hex.at(2, "02 03 05");
        assertTrue(Bytes.equal(a, 1, c, 2, 2));
        assertFalse(Bytes.equal(a, 1, c, 2, 3));
        assertTrue(Bytes.equal(a, 0, c, 0, 0));
    }

    @Test
    void copyMacCopiesExactlySixBytes() {
        byte[] src = Hex.at(1, "02 00 00 00 00 01 77");
        byte[] dst = new byte[10];
        Bytes.copyMac(src, 1, dst, 2);
        assertArrayEquals(Hex.at(2, "02 00 00 00 00 01 00 00"), dst);
    }

    @Test
    void classifiesBroadcastAndGroupMacs() {
        byte[] bcast = Hex.at(1, "ff ff ff ff ff ff");
        byte[] mcast = Hex.at(0, "01 00 5e 00 00 fb");
        byte[] unicast = Hex.at(0, "02 00 00 00 00 01");
        byte[] almostBcast = Hex.at(0, "ff ff ff ff ff fe");
        assertTrue(Bytes.isBroadcastMac(bcast, 1));
        assertTrue(Bytes.isMulticastMac(bcast, 1));
        assertFalse(Bytes.isBroadcastMac(mcast, 0));
        assertTrue(Bytes.isMulticastMac(mcast, 0));
        assertFalse(Bytes.isMulticastMac(unicast, 0));
        assertFalse(Bytes.isBroadcastMac(almostBcast, 0));
    }
}
