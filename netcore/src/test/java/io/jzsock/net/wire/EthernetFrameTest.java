package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EthernetFrameTest {
    @Test
    void writeHeaderLaysOutDstSrcAndEtherType() {
        byte[] dst = Hex.at(0, "ff ff ff ff ff ff");
        byte[] src = Hex.at(2, "02 00 00 00 00 01");
        byte[] b = new byte[16];
        EthernetFrame.writeHeader(b, 2, dst, 0, src, 2, EthernetFrame.TYPE_ARP);
        assertArrayEquals(Hex.at(2, "ffffffffffff 020000000001 0806"), b);
        assertEquals(EthernetFrame.TYPE_ARP, EthernetFrame.etherType(b, 2));
        EthernetFrame.setEtherType(b, 2, EthernetFrame.TYPE_IPV6);
        assertEquals(0x86DD, EthernetFrame.etherType(b, 2));
    }

    @Test
    void mdnsGroupMapsToRfc1112MulticastMac() {
        byte[] out = new byte[8];
        EthernetFrame.ipv4MulticastMac(0xE00000FB, out, 1); // 224.0.0.251
        assertArrayEquals(Hex.at(1, "01 00 5e 00 00 fb 00"), out);
    }

    @Test
    void multicastMacKeepsOnlyLow23Bits() {
        byte[] out = new byte[6];
        EthernetFrame.ipv4MulticastMac(0xEFFFFFFA, out, 0); // 239.255.255.250 (SSDP)
        assertArrayEquals(Hex.at(0, "01 00 5e 7f ff fa"), out);
    }
}
