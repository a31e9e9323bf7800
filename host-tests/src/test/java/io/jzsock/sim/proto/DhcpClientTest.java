package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.DhcpWire.BROADCAST_MAC;
import static io.jzsock.sim.proto.DhcpWire.DNS1;
import static io.jzsock.sim.proto.DhcpWire.DNS2;
import static io.jzsock.sim.proto.DhcpWire.LEASE_SECS;
import static io.jzsock.sim.proto.DhcpWire.OFFERED;
import static io.jzsock.sim.proto.DhcpWire.OUR_MAC;
import static io.jzsock.sim.proto.DhcpWire.ROUTER;
import static io.jzsock.sim.proto.DhcpWire.SERVER;
import static io.jzsock.sim.testkit.DhcpFrames.DHCP;
import static io.jzsock.sim.testkit.DhcpFrames.IP;
import static io.jzsock.sim.testkit.DhcpFrames.UDP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.testkit.DhcpFrames;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 2131 client transitions on literal frames: selecting, requesting, binding, and the exchange's fields. */
class DhcpClientTest {
    private DhcpWire w = new DhcpWire();

    @AfterEach
    void stop() {
        w.close();
    }

    @Test
    void discoverIsByteExactBroadcastFromZero() {
        w.poll();
        byte[] f = w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        assertArrayEquals(BROADCAST_MAC, Arrays.copyOfRange(f, 0, 6), "Ethernet broadcast, no ARP");
        assertArrayEquals(OUR_MAC, Arrays.copyOfRange(f, 6, 12));
        assertEquals(0, Ipv4Header.src(f, IP), "RFC 2131 §4.1: from 0.0.0.0");
        assertEquals(-1, Ipv4Header.dst(f, IP), "to 255.255.255.255");
        int udpLen = UdpHeader.length(f, UDP);
        assertTrue(UdpHeader.checksumOkV4(f, UDP, udpLen, 0, -1) && UdpHeader.checksum(f, UDP) != 0, "UDP checksum filled");
        assertTrue(udpLen - UdpHeader.LEN >= 300, "padded to the BOOTP minimum of 300 octets");
        assertEquals(DhcpMessage.OP_BOOTREQUEST, f[DHCP + DhcpMessage.OP]);
        assertEquals(DhcpMessage.HTYPE_ETHERNET, f[DHCP + DhcpMessage.HTYPE]);
        assertEquals(6, f[DHCP + DhcpMessage.HLEN]);
        assertEquals(0, f[DHCP + DhcpMessage.HOPS]);
        assertEquals(0, DhcpMessage.secs(f, DHCP), "secs 0 on the first DISCOVER");
        assertEquals(0, DhcpMessage.flags(f, DHCP), "broadcast bit clear: we take unicast replies before configuration");
        for (int field = DhcpMessage.CIADDR; field < DhcpMessage.CHADDR; field += 4) {
            assertEquals(0, DhcpMessage.ciaddr(f, DHCP + field - DhcpMessage.CIADDR), "address field at " + field);
        }
        byte[] chaddr = Arrays.copyOfRange(f, DHCP + DhcpMessage.CHADDR, DHCP + DhcpMessage.CHADDR + 16);
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, chaddr);
        for (int i = DhcpMessage.SNAME; i < DhcpMessage.COOKIE; i++) {
            assertEquals(0, f[DHCP + i], "sname/file empty");
        }
        assertEquals(DhcpMessage.MAGIC_COOKIE, DhcpMessage.cookie(f, DHCP));
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 0, 1}, DhcpFrames.option(f, DhcpOptions.CLIENT_ID), "61: type 1 + MAC");
        assertArrayEquals(new byte[] {5, (byte) 0xdc}, DhcpFrames.option(f, DhcpOptions.MAX_MESSAGE_SIZE), "57: 1500");
        assertArrayEquals("jzsock".getBytes(), DhcpFrames.option(f, DhcpOptions.HOSTNAME), "12: NetConfig.hostname");
        assertArrayEquals(new byte[] {1, 3, 6, 26, 51, 58, 59}, DhcpFrames.option(f, DhcpOptions.PARAMETER_REQUEST_LIST));
        assertNull(DhcpFrames.option(f, DhcpOptions.REQUESTED_IP));
        assertNull(DhcpFrames.option(f, DhcpOptions.SERVER_ID));
        byte[] expectedOptions = {53, 1, 1, 61, 7, 1, 2, 0, 0, 0, 0, 1, 57, 2, 5, (byte) 0xdc,
            12, 6, 'j', 'z', 's', 'o', 'c', 'k', 55, 7, 1, 3, 6, 26, 51, 58, 59, (byte) 255};
        int opts = DHCP + DhcpMessage.OPTIONS;
        assertArrayEquals(expectedOptions, Arrays.copyOfRange(f, opts, opts + expectedOptions.length), "options in order");
        assertEquals(Dhcp.SELECTING, w.state());
        assertEquals(1, w.stack.counter(NetCounters.DHCP_TX));
    }

    @Test
    void offerLeadsToRequestNamingTheOfferAndTheServerWithTheSameXid() {
        w.poll();
        byte[] discover = w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        w.advance(1500);
        w.peer.send(DhcpWire.offer(DhcpFrames.xid(discover)));
        w.poll();
        byte[] r = w.nextDhcp(DhcpOptions.DHCPREQUEST);
        assertEquals(DhcpFrames.xid(discover), DhcpFrames.xid(r), "RFC 2131 §4.4.1: the REQUEST keeps the xid");
        assertEquals(OFFERED, DhcpFrames.optionIp(r, DhcpOptions.REQUESTED_IP), "50");
        assertEquals(SERVER, DhcpFrames.optionIp(r, DhcpOptions.SERVER_ID), "54");
        assertEquals(0, DhcpMessage.ciaddr(r, DHCP), "ciaddr 0 in SELECTING");
        assertEquals(1, DhcpMessage.secs(r, DHCP), "secs since the DISCOVER");
        assertEquals(0, Ipv4Header.src(r, IP));
        assertEquals(-1, Ipv4Header.dst(r, IP), "broadcast: other servers learn their offers were declined");
        assertEquals(Dhcp.REQUESTING, w.state());
        assertEquals(1, w.stack.counter(NetCounters.DHCP_RX));
    }

    @Test
    void offerUnicastToTheOfferedAddressIsTakenBeforeTheInterfaceHasOne() {
        w.poll();
        byte[] discover = w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        byte[] payload = DhcpFrames.reply(DhcpFrames.xid(discover), 0, 0, OFFERED, OUR_MAC,
                DhcpWire.serverOptions(DhcpOptions.DHCPOFFER, LEASE_SECS).end().toBytes());
        w.peer.send(DhcpFrames.frame(OUR_MAC, SERVER, OFFERED, payload));
        w.poll();
        w.nextDhcp(DhcpOptions.DHCPREQUEST);
        assertEquals(0, w.stack.counter(NetCounters.IP_DROP_NOT_FOR_US));
    }

    @Test
    void unicastToAnotherPortIsNotTakenWhileUnconfigured() {
        w.poll();
        w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        w.peer.send(RawPeer.ipv4(OUR_MAC, SERVER, OFFERED, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(SERVER, OFFERED, 67, 69, new byte[8])));
        w.poll();
        assertEquals(1, w.stack.counter(NetCounters.IP_DROP_NOT_FOR_US));
        assertNull(w.next());
    }

    @Test
    void ackBindsAddressMaskRouterAndDnsAfterThreeSilentProbes() {
        byte[] request = w.toRequesting();
        w.peer.send(DhcpWire.ack(DhcpFrames.xid(request), 0, LEASE_SECS));
        w.poll();
        assertEquals(Dhcp.PROBING, w.state());
        assertEquals(0, w.dhcp.address(w.ifc), "not bound while probing");
        assertEquals(3, w.passProbes(OFFERED), "RFC 5227 PROBE_NUM");
        assertEquals(Dhcp.BOUND, w.state());
        DhcpWire.assertAnnouncement(w.next(), OFFERED);
        long boundAt = w.clock.nowMillis();
        w.runUntil(w.stack.pollAt());
        DhcpWire.assertAnnouncement(w.next(), OFFERED);
        assertEquals(boundAt + 2000, w.clock.nowMillis(), "RFC 5227: ANNOUNCE_NUM 2, ANNOUNCE_INTERVAL 2 s");
        w.runUntil(w.clock.nowMillis() + 100_000);
        assertNull(w.next(), "then quiet until T1");
        assertEquals(OFFERED, w.dhcp.address(w.ifc));
        assertEquals(0xFFFFFF00, w.dhcp.netmask(w.ifc));
        assertEquals(ROUTER, w.dhcp.router(w.ifc));
        assertEquals(SERVER, w.dhcp.server(w.ifc));
        assertEquals(DNS1, w.dhcp.dnsServer(w.ifc, 0));
        assertEquals(DNS2, w.dhcp.dnsServer(w.ifc, 1));
        assertEquals(0, w.dhcp.dnsServer(w.ifc, 2));
        assertEquals(LEASE_SECS, w.dhcp.leaseSeconds(w.ifc));
        assertTrue(w.stack.describeInterface(w.ifc).contains("198.18.0.100/24"), w.stack.describeInterface(w.ifc));
        assertEquals(1, w.dhcp.events(w.ifc));
        assertEquals(Dhcp.EVENT_BOUND, w.dhcp.lastEvent(w.ifc));
    }

    @Test
    void boundInterfaceRoutesOffLinkTrafficThroughTheLeasedRouter() {
        w.bind(LEASE_SECS);
        int fd = w.stack.zsock().socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(1, w.stack.zsock().sendto(fd, new byte[1], 0, 1, 0, SockAddr.parse("192.0.2.9", 9)));
        byte[] arp = w.next();
        assertEquals(EthernetFrame.TYPE_ARP, EthernetFrame.etherType(arp, 0));
        assertEquals(ROUTER, ArpPacket.targetIp(arp, IP), "the next hop is option 3's router");
        assertEquals(OFFERED, ArpPacket.senderIp(arp, IP));
    }

    @Test
    void ackForAnotherAddressThanOfferedIsIgnored() {
        byte[] request = w.toRequesting();
        byte[] other = DhcpWire.broadcastReply(DhcpFrames.xid(request), 0, OFFERED + 1,
                DhcpWire.serverOptions(DhcpOptions.DHCPACK, LEASE_SECS).end().toBytes());
        w.peer.send(other);
        w.poll();
        assertEquals(Dhcp.REQUESTING, w.state());
        assertEquals(1, w.stack.counter(NetCounters.DHCP_DROP_NOT_OURS));
    }

    @Test
    void nakInRequestingRestartsDiscoveryWithANewXid() {
        byte[] request = w.toRequesting();
        w.peer.send(DhcpWire.nak(DhcpFrames.xid(request)));
        w.poll();
        assertEquals(1, w.stack.counter(NetCounters.DHCP_NAK_RX));
        w.poll();
        byte[] discover = w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        assertNotEquals(DhcpFrames.xid(request), DhcpFrames.xid(discover));
        assertEquals(Dhcp.SELECTING, w.state());
        assertEquals(0, w.dhcp.events(w.ifc), "no lease was lost: none was bound");
    }

    @Test
    void unansweredRequestsFallBackToInit() {
        byte[] request = w.toRequesting();
        int requests = 1;
        byte[] f = null;
        while (requests < 10) {
            w.runUntil(w.stack.pollAt());
            f = w.next();
            if (DhcpFrames.messageType(f) != DhcpOptions.DHCPREQUEST) {
                break;
            }
            assertEquals(DhcpFrames.xid(request), DhcpFrames.xid(f));
            requests++;
        }
        assertEquals(4, requests, "NetConfig.dhcpRequestRetries REQUESTs");
        assertEquals(DhcpOptions.DHCPDISCOVER, DhcpFrames.messageType(f));
    }

    @Test
    void discoverRetransmitsAt4Doubling64SecondsWithinOneSecondOfJitter() {
        w.poll();
        byte[] first = w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        long last = w.clock.nowMillis();
        long[] base = {4000, 8000, 16000, 32000, 64000, 64000, 64000};
        boolean jittered = false;
        for (long b : base) {
            w.runUntil(w.stack.pollAt());
            byte[] f = w.nextDhcp(DhcpOptions.DHCPDISCOVER);
            long gap = w.clock.nowMillis() - last;
            assertTrue(gap >= b - 1000 && gap <= b + 1000, "gap " + gap + " for " + b);
            jittered |= gap != b;
            assertEquals(DhcpFrames.xid(first), DhcpFrames.xid(f), "retransmissions keep the xid");
            assertEquals((w.clock.nowMillis() - 1000) / 1000, DhcpMessage.secs(f, DHCP), "secs since the exchange began");
            last = w.clock.nowMillis();
        }
        assertTrue(jittered, "the randomisation moved at least one retransmission");
    }

    @Test
    void firstDiscoverWaitsARandomStartDelayWithinTheConfiguredMaximum() {
        w.close();
        w = new DhcpWire(c -> c.dhcpStartDelayMaxMillis = 1000);
        w.runUntil(w.stack.pollAt());
        w.nextDhcp(DhcpOptions.DHCPDISCOVER);
        long at = w.clock.nowMillis() - 1000;
        assertTrue(at >= 0 && at <= 1000, "DISCOVER after " + at + " ms");
    }

    @Test
    void repliesWithAnotherXidOrChaddrOrFromAnotherPortAreIgnoredAndCounted() {
        w.poll();
        int xid = DhcpFrames.xid(w.nextDhcp(DhcpOptions.DHCPDISCOVER));
        byte[] opts = DhcpWire.serverOptions(DhcpOptions.DHCPOFFER, LEASE_SECS).end().toBytes();
        w.peer.send(DhcpWire.broadcastReply(xid + 1, 0, OFFERED, opts));
        w.peer.send(DhcpFrames.frame(BROADCAST_MAC, SERVER, -1,
                DhcpFrames.reply(xid, 0, 0, OFFERED, new byte[] {2, 0, 0, 0, 0, 9}, opts)));
        byte[] payload = DhcpFrames.reply(xid, 0, 0, OFFERED, OUR_MAC, opts);
        w.peer.send(RawPeer.ipv4(BROADCAST_MAC, SERVER, -1, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(SERVER, -1, 1067, DhcpMessage.CLIENT_PORT, payload)));
        w.poll();
        assertEquals(3, w.stack.counter(NetCounters.DHCP_DROP_NOT_OURS));
        assertEquals(Dhcp.SELECTING, w.state());
        assertNull(w.next(), "nothing answered");
    }

    @Test
    void malformedRepliesAreIgnoredAndCounted() {
        w.poll();
        int xid = DhcpFrames.xid(w.nextDhcp(DhcpOptions.DHCPDISCOVER));
        byte[] good = DhcpFrames.reply(xid, 0, 0, OFFERED, OUR_MAC,
                DhcpWire.serverOptions(DhcpOptions.DHCPOFFER, LEASE_SECS).end().toBytes());
        byte[] truncated = Arrays.copyOf(good, DhcpMessage.OPTIONS - 1);
        byte[] badCookie = good.clone();
        badCookie[DhcpMessage.COOKIE] = 0;
        byte[] overrun = DhcpFrames.reply(xid, 0, 0, OFFERED, OUR_MAC,
                DhcpFrames.options().type(DhcpOptions.DHCPOFFER).bytes(DhcpOptions.SERVER_ID, 40, 1, 2).toBytes());
        byte[] shortLease = DhcpFrames.reply(xid, 0, 0, OFFERED, OUR_MAC,
                DhcpFrames.options().type(DhcpOptions.DHCPOFFER).raw(DhcpOptions.LEASE_TIME, 0, 0, 1).end().toBytes());
        byte[] noType = DhcpFrames.reply(xid, 0, 0, OFFERED, OUR_MAC,
                DhcpFrames.options().ip(DhcpOptions.SERVER_ID, SERVER).end().toBytes());
        byte[] request = good.clone();
        request[DhcpMessage.OP] = DhcpMessage.OP_BOOTREQUEST;
        for (byte[] p : new byte[][] {truncated, badCookie, overrun, shortLease, noType, request}) {
            w.peer.send(DhcpFrames.frame(BROADCAST_MAC, SERVER, -1, p));
        }
        w.poll();
        assertEquals(6, w.stack.counter(NetCounters.DHCP_DROP_MALFORMED));
        assertEquals(Dhcp.SELECTING, w.state());
        assertNull(w.next());
        w.peer.send(DhcpFrames.frame(BROADCAST_MAC, SERVER, -1, good));
        w.poll();
        w.nextDhcp(DhcpOptions.DHCPREQUEST);
    }

    @Test
    void offerWithoutServerIdentifierIsNotTaken() {
        w.poll();
        int xid = DhcpFrames.xid(w.nextDhcp(DhcpOptions.DHCPDISCOVER));
        w.peer.send(DhcpWire.broadcastReply(xid, 0, OFFERED, DhcpFrames.options().type(DhcpOptions.DHCPOFFER)
                .ip(DhcpOptions.LEASE_TIME, 60).end().toBytes()));
        w.poll();
        assertEquals(Dhcp.SELECTING, w.state());
        assertEquals(1, w.stack.counter(NetCounters.DHCP_DROP_NOT_OURS));
    }

    @Test
    void optionsOverloadedIntoTheFileFieldAreRead() {
        byte[] request = w.toRequesting();
        byte[] payload = DhcpFrames.reply(DhcpFrames.xid(request), 0, 0, OFFERED, OUR_MAC,
                DhcpFrames.options().type(DhcpOptions.DHCPACK).ip(DhcpOptions.SERVER_ID, SERVER)
                        .ip(DhcpOptions.LEASE_TIME, LEASE_SECS).raw(DhcpOptions.OVERLOAD, DhcpOptions.OVERLOAD_FILE).end().toBytes());
        byte[] inFile = DhcpFrames.options().ip(DhcpOptions.ROUTER, ROUTER).ip(DhcpOptions.SUBNET_MASK, 0xFFFF0000).end().toBytes();
        System.arraycopy(inFile, 0, payload, DhcpMessage.FILE, inFile.length);
        w.peer.send(DhcpFrames.frame(BROADCAST_MAC, SERVER, -1, payload));
        w.poll();
        w.passProbes(OFFERED);
        assertEquals(Dhcp.BOUND, w.state());
        assertEquals(ROUTER, w.dhcp.router(w.ifc));
        assertEquals(0xFFFF0000, w.dhcp.netmask(w.ifc));
    }

    @Test
    void interfaceMtuOptionIsHonouredOnlyUpToTheDeviceMtu() {
        byte[] request = w.toRequesting();
        w.peer.send(DhcpWire.broadcastReply(DhcpFrames.xid(request), 0, OFFERED,
                DhcpWire.serverOptions(DhcpOptions.DHCPACK, LEASE_SECS).u16(DhcpOptions.INTERFACE_MTU, 1400).end().toBytes()));
        w.poll();
        w.passProbes(OFFERED);
        Zsock z = w.stack.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        SockAddr dst = SockAddr.parse("198.18.0.2", 9);
        assertEquals(1400 - 28, z.sendto(fd, new byte[1400 - 28], 0, 1400 - 28, 0, dst));
        assertEquals(0, w.stack.counter(NetCounters.IP_FRAG_TX));
        assertEquals(1400 - 27, z.sendto(fd, new byte[1400 - 27], 0, 1400 - 27, 0, dst));
        assertEquals(2, w.stack.counter(NetCounters.IP_FRAG_TX), "over the leased MTU of 1400: two fragments");
    }

    @Test
    void interfaceMtuOptionAboveTheDeviceMtuIsIgnored() {
        byte[] request = w.toRequesting();
        w.peer.send(DhcpWire.broadcastReply(DhcpFrames.xid(request), 0, OFFERED,
                DhcpWire.serverOptions(DhcpOptions.DHCPACK, LEASE_SECS).u16(DhcpOptions.INTERFACE_MTU, 9000).end().toBytes()));
        w.poll();
        w.passProbes(OFFERED);
        Zsock z = w.stack.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(1472, z.sendto(fd, new byte[1472], 0, 1472, 0, SockAddr.parse("198.18.0.2", 9)));
    }
}
