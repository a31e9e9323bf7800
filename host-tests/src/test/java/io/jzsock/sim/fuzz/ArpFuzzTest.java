package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;

/**
 * ARP input (EthernetLink, RFC 826): the fuzzer's bytes are the ARP packet after an Ethernet header.
 * <pre>
 *  input = mode packet
 *  mode  : 0x01 to the broadcast MAC (else ours); 0x02 the peer sends an echo request right after
 * </pre>
 * Besides the shared oracle: the stack sends an ARP reply only to a well-formed Ethernet/IPv4 request for its
 * own address, and the reply names the stack as sender and the requester as target (RFC 826 "Packet Reception").
 */
class ArpFuzzTest {
    static final int E = EthernetFrame.HEADER_LEN;

    @FuzzTest(maxDuration = "20s")
    void arpPacket(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] arp = Frames.tail(in, 1);
        FuzzStack s = new FuzzStack();
        byte[] dstMac = (mode & 0x01) != 0 ? FuzzStack.BROADCAST_MAC : FuzzStack.OUR_MAC;
        s.receive(Frames.ethernet(dstMac, EthernetFrame.TYPE_ARP, arp, 0, arp.length));
        for (byte[] f : s.sent()) {
            if (EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_ARP && ArpPacket.op(f, E) == ArpPacket.OP_REPLY) {
                assertReplyAnswers(arp, f);
            }
        }
        if ((mode & 0x02) != 0) {
            // traffic right after a (possibly poisoning) ARP packet: whatever MAC it goes to, nothing may leak
            s.receive(RawPeer.ipv4(FuzzStack.OUR_MAC, RawPeer.IP, FuzzStack.OUR_IP, Ipv4Header.PROTO_ICMP, 64,
                    RawPeer.echoRequest(7, 7, new byte[4])));
        }
        s.settle(null);
        s.assertHealthy();
    }

    private static void assertReplyAnswers(byte[] request, byte[] reply) {
        assertTrue(request.length >= ArpPacket.LEN && ArpPacket.isEthernetIpv4(request, 0), "replied to a malformed packet");
        assertEquals(ArpPacket.OP_REQUEST, ArpPacket.op(request, 0), "replied to a non-request");
        assertEquals(FuzzStack.OUR_IP, ArpPacket.targetIp(request, 0), "replied for another host's address");
        assertEquals(FuzzStack.OUR_IP, ArpPacket.senderIp(reply, E));
        assertArrayEquals(FuzzStack.OUR_MAC, Arrays.copyOfRange(reply, E + ArpPacket.SHA, E + ArpPacket.SHA + 6));
        assertEquals(ArpPacket.senderIp(request, 0), ArpPacket.targetIp(reply, E));
        byte[] requester = Arrays.copyOfRange(request, ArpPacket.SHA, ArpPacket.SHA + 6);
        assertArrayEquals(requester, Arrays.copyOfRange(reply, E + ArpPacket.THA, E + ArpPacket.THA + 6));
        assertArrayEquals(requester, Arrays.copyOfRange(reply, 0, 6), "sent to the requester's MAC");
    }
}
