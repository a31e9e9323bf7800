package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ArpPacketTest {
    private static final String REQUEST =
            "0001 0800 06 04 0001 020000000001 c0000201 000000000000 c0000202";

    @Test
    void writeProducesRfc826Request() {
        byte[] mac = Hex.at(0, "02 00 00 00 00 01");
        byte[] zero = new byte[6];
        byte[] b = new byte[14 + ArpPacket.LEN];
        ArpPacket.write(b, 14, ArpPacket.OP_REQUEST, mac, 0, 0xC0000201, zero, 0, 0xC0000202);
        assertArrayEquals(Hex.at(14, REQUEST), b);
    }

    @Test
    void parsesRequestFields() {
        byte[] b = Hex.at(14, REQUEST);
        assertTrue(ArpPacket.isEthernetIpv4(b, 14));
        assertEquals(ArpPacket.OP_REQUEST, ArpPacket.op(b, 14));
        assertEquals(0xC0000201, ArpPacket.senderIp(b, 14));
        assertEquals(0xC0000202, ArpPacket.targetIp(b, 14));
        assertEquals(22, ArpPacket.senderMacOffset(14));
        assertEquals(32, ArpPacket.targetMacOffset(14));
        assertTrue(Bytes.equal(b, ArpPacket.senderMacOffset(14), Hex.at(0, "020000000001"), 0, 6));
    }

    @Test
    void replyRoundTripsFromRequestInPlace() {
        byte[] b = Hex.at(14, REQUEST);
        byte[] ourMac = Hex.at(0, "02 00 00 00 00 02");
        byte[] peerMac = new byte[6];
        Bytes.copyMac(b, ArpPacket.senderMacOffset(14), peerMac, 0);
        int peerIp = ArpPacket.senderIp(b, 14);
        int ourIp = ArpPacket.targetIp(b, 14);
        ArpPacket.write(b, 14, ArpPacket.OP_REPLY, ourMac, 0, ourIp, peerMac, 0, peerIp);
        assertArrayEquals(Hex.at(14, "0001 0800 06 04 0002 020000000002 c0000202 020000000001 c0000201"), b);
    }

    @Test
    void rejectsNonEthernetOrNonIpv4Layouts() {
        assertFalse(ArpPacket.isEthernetIpv4(Hex.at(0, "0006 0800 06 04 0001"), 0));
        assertFalse(ArpPacket.isEthernetIpv4(Hex.at(0, "0001 86dd 06 04 0001"), 0));
        assertFalse(ArpPacket.isEthernetIpv4(Hex.at(0, "0001 0800 08 04 0001"), 0));
        assertFalse(ArpPacket.isEthernetIpv4(Hex.at(0, "0001 0800 06 10 0001"), 0));
    }
}
