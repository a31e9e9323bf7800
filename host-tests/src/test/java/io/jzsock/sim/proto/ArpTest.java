package io.jzsock.sim.proto;

import io.jzsock.sim.testkit.RawPeer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 826 resolution, parking, retries, expiry: on virtual time, driven by hand. */
class ArpTest {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final int OUR_IP = 0xC6120001;
    static final int E = EthernetFrame.HEADER_LEN;

    final VirtualClock clock = new VirtualClock(1000);
    final NetConfig cfg = NetConfig.defaults();
    final NetStack stack;
    final Zsock z;
    final RawPeer peer = new RawPeer();

    ArpTest() {
        cfg.arpRetries = 3;
        cfg.arpRetryMillis = 1000;
        cfg.arpExpiryMillis = 60000;
        cfg.arpPendingPackets = 2;
        stack = NetStack.create(cfg, clock, new SeededEntropy(7));
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, "198.18.0.254"));
        z = stack.zsock();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    private void poll() {
        stack.poll(clock.nowMillis());
    }

    private int udpSocket() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(fd, SockAddr.parse("0.0.0.0", 5000)));
        return fd;
    }

    @Test
    void requestForOurAddressIsAnsweredWithOurMac() {
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, new byte[] {-1, -1, -1, -1, -1, -1}, OUR_IP));
        poll();
        byte[] reply = peer.next();
        assertNotNull(reply);
        assertEquals(EthernetFrame.TYPE_ARP, EthernetFrame.etherType(reply, 0));
        assertEquals(ArpPacket.OP_REPLY, ArpPacket.op(reply, E));
        assertEquals(OUR_IP, ArpPacket.senderIp(reply, E));
        assertEquals(RawPeer.IP, ArpPacket.targetIp(reply, E));
        byte[] sha = new byte[6];
        System.arraycopy(reply, ArpPacket.senderMacOffset(E), sha, 0, 6);
        assertArrayEquals(OUR_MAC, sha);
        assertEquals(1, stack.counter(NetCounters.ARP_TX));
    }

    @Test
    void requestForAnotherAddressIsNotAnswered() {
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, new byte[] {-1, -1, -1, -1, -1, -1}, 0xC6120009));
        poll();
        assertNull(peer.next());
        assertEquals(1, stack.counter(NetCounters.ARP_RX));
    }

    @Test
    void datagramToUnresolvedHostIsParkedUntilTheReplyArrives() {
        int fd = udpSocket();
        assertEquals(3, z.sendto(fd, new byte[] {1, 2, 3}, 0, 3, 0, SockAddr.parse("198.18.0.2", 7)));
        byte[] request = peer.next();
        assertEquals(ArpPacket.OP_REQUEST, ArpPacket.op(request, E));
        assertEquals(RawPeer.IP, ArpPacket.targetIp(request, E));
        assertNull(peer.next(), "the datagram waits for resolution");
        peer.send(RawPeer.arp(ArpPacket.OP_REPLY, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        poll();
        byte[] datagram = peer.next();
        assertNotNull(datagram);
        assertEquals(Ipv4Header.PROTO_UDP, Ipv4Header.protocol(datagram, E));
        assertEquals(7, UdpHeader.dstPort(datagram, E + Ipv4Header.MIN_LEN));
        assertEquals(3, z.sendto(fd, new byte[] {1, 2, 3}, 0, 3, 0, SockAddr.parse("198.18.0.2", 7)));
        assertNotNull(peer.next(), "a resolved entry sends at once");
    }

    @Test
    void unansweredResolutionRetriesThenDropsParkedPacketsAndCountsFailure() {
        int fd = udpSocket();
        z.sendto(fd, new byte[4], 0, 4, 0, SockAddr.parse("198.18.0.2", 7));
        assertNotNull(peer.next());
        for (int i = 2; i <= 3; i++) {
            clock.advance(999);
            poll();
            assertNull(peer.next(), "no retry before arpRetryMillis");
            clock.advance(1);
            poll();
            assertEquals(ArpPacket.OP_REQUEST, ArpPacket.op(peer.next(), E), "request " + i);
        }
        clock.advance(1000);
        poll();
        assertNull(peer.next());
        assertEquals(1, stack.counter(NetCounters.ARP_RESOLVE_FAILED));
        assertEquals(3, stack.counter(NetCounters.ARP_TX));
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
    }

    @Test
    void parkingMoreThanTheQueueHoldsDropsAndCounts() {
        int fd = udpSocket();
        for (int i = 0; i < 3; i++) {
            z.sendto(fd, new byte[4], 0, 4, 0, SockAddr.parse("198.18.0.2", 7));
        }
        assertEquals(1, stack.counter(NetCounters.ARP_DROP_PENDING_FULL));
        peer.send(RawPeer.arp(ArpPacket.OP_REPLY, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        poll();
        peer.next();
        assertNotNull(peer.next());
        assertNotNull(peer.next());
        assertNull(peer.next());
    }

    @Test
    void resolvedEntryExpiresAndIsResolvedAgain() {
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        poll();
        peer.next();
        int fd = udpSocket();
        z.sendto(fd, new byte[4], 0, 4, 0, SockAddr.parse("198.18.0.2", 7));
        assertEquals(EthernetFrame.TYPE_IPV4, EthernetFrame.etherType(peer.next(), 0), "learned from the request");
        clock.advance(cfg.arpExpiryMillis);
        poll();
        z.sendto(fd, new byte[4], 0, 4, 0, SockAddr.parse("198.18.0.2", 7));
        assertEquals(EthernetFrame.TYPE_ARP, EthernetFrame.etherType(peer.next(), 0), "expired: ask again");
    }

    @Test
    void offLinkDestinationIsResolvedThroughTheGateway() {
        int fd = udpSocket();
        z.sendto(fd, new byte[4], 0, 4, 0, SockAddr.parse("203.0.113.9", 7));
        byte[] request = peer.next();
        assertEquals(0xC61200FE, ArpPacket.targetIp(request, E));
    }
}
