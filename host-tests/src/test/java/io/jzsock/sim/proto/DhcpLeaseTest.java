package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.DhcpWire.OFFERED;
import static io.jzsock.sim.proto.DhcpWire.OUR_MAC;
import static io.jzsock.sim.proto.DhcpWire.SERVER;
import static io.jzsock.sim.testkit.DhcpFrames.DHCP;
import static io.jzsock.sim.testkit.DhcpFrames.IP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.testkit.DhcpFrames;
import io.jzsock.sim.testkit.RawPeer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bound lease over time (RFC 2131 §4.4.5): T1 renewal unicast, T2 rebinding broadcast, expiry; NAK while
 * bound; RELEASE on stop and INIT-REBOOT on start (§3.2); DECLINE after an RFC 5227 conflict; and what
 * sockets on a lost address see.
 */
class DhcpLeaseTest {
    private final DhcpWire w = new DhcpWire(c -> c.arpExpiryMillis = Integer.MAX_VALUE);

    @AfterEach
    void stop() {
        w.close();
    }

    /** A DHCP message the stack sent and when. */
    record Sent(long at, byte[] frame) {
    }

    /** Runs deadline by deadline until t, answering ARP requests for the server; returns the DHCP messages. */
    private List<Sent> runUntil(long t) {
        List<Sent> out = new ArrayList<>();
        while (w.clock.nowMillis() < t) {
            w.runUntil(Math.min(w.stack.pollAt(), t));
            for (byte[] f; (f = w.next()) != null; ) {
                if (EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_ARP) {
                    assertEquals(SERVER, ArpPacket.targetIp(f, IP), "ARP only for the server");
                    w.peer.send(RawPeer.arp(ArpPacket.OP_REPLY, RawPeer.MAC, SERVER, OUR_MAC, OFFERED));
                    w.poll();
                } else {
                    assertTrue(DhcpFrames.isClientMessage(f));
                    out.add(new Sent(w.clock.nowMillis(), f));
                }
            }
        }
        return out;
    }

    /** The stack learns the server's MAC the way it would from any peer: an ARP request for our address. */
    private void serverKnown() {
        w.peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, SERVER, DhcpWire.BROADCAST_MAC, OFFERED));
        w.poll();
        assertEquals(ArpPacket.OP_REPLY, ArpPacket.op(w.next(), IP));
    }

    private static byte[] unicastAck(int xid, int leaseSecs) {
        byte[] payload = DhcpFrames.reply(xid, 0, OFFERED, OFFERED, OUR_MAC,
                DhcpWire.serverOptions(DhcpOptions.DHCPACK, leaseSecs).end().toBytes());
        return DhcpFrames.frame(OUR_MAC, SERVER, OFFERED, payload);
    }

    @Test
    void renewalAtT1IsUnicastToTheServerFromTheLeasedAddress() {
        long requestAt = w.bind(DhcpWire.LEASE_SECS);
        long t1 = requestAt + 500_000;
        List<Sent> sent = runUntil(t1 - 1);
        assertTrue(sent.isEmpty(), "nothing before T1");
        assertEquals(Dhcp.BOUND, w.state());
        sent = runUntil(t1 + 1);
        assertEquals(Dhcp.RENEWING, w.state());
        assertEquals(1, sent.size());
        byte[] r = sent.get(0).frame();
        assertEquals(t1, sent.get(0).at(), "at T1 = lease / 2 from the REQUEST");
        assertEquals(DhcpOptions.DHCPREQUEST, DhcpFrames.messageType(r));
        assertEquals(OFFERED, Ipv4Header.src(r, IP));
        assertEquals(SERVER, Ipv4Header.dst(r, IP), "unicast to the server");
        assertEquals(OFFERED, DhcpMessage.ciaddr(r, DHCP), "ciaddr is the leased address");
        assertNull(DhcpFrames.option(r, DhcpOptions.REQUESTED_IP), "RFC 2131 §4.3.2: no 50 when renewing");
        assertNull(DhcpFrames.option(r, DhcpOptions.SERVER_ID), "no 54 when renewing");
        assertEquals(0, DhcpMessage.secs(r, DHCP));
        w.advance(3000);
        w.peer.send(unicastAck(DhcpFrames.xid(r), DhcpWire.LEASE_SECS));
        w.poll();
        assertEquals(Dhcp.BOUND, w.state());
        assertEquals(2, w.dhcp.events(w.ifc));
        assertEquals(Dhcp.EVENT_RENEWED, w.dhcp.lastEvent(w.ifc));
        assertEquals(OFFERED, w.dhcp.address(w.ifc));
        List<Sent> next = runUntil(t1 + 500_000 + 1);
        assertEquals(1, next.size());
        assertEquals(t1 + 500_000, next.get(0).at(), "the next T1 counts from the renewing REQUEST");
    }

    @Test
    void unansweredRenewalRetransmitsHalfwayToT2ThenRebindsByBroadcastThenExpires() {
        long requestAt = w.bind(DhcpWire.LEASE_SECS);
        int fd = w.stack.zsock().socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        List<Sent> sent = runUntil(requestAt + 1_000_000);
        long[] expected = {500_000, 687_500, 781_250, 841_250, 875_000, 937_500, 997_500, 1_000_000};
        assertEquals(expected.length, sent.size(), "renewing x4, rebinding x3, then a DISCOVER");
        for (int i = 0; i < expected.length; i++) {
            byte[] f = sent.get(i).frame();
            assertEquals(requestAt + expected[i], sent.get(i).at(), "message " + i);
            if (i < 4) {
                assertEquals(SERVER, Ipv4Header.dst(f, IP), "RENEWING is unicast");
            } else if (i < 7) {
                assertEquals(-1, Ipv4Header.dst(f, IP), "REBINDING is broadcast");
                assertEquals(OFFERED, Ipv4Header.src(f, IP), "from the leased address");
                assertEquals(OFFERED, DhcpMessage.ciaddr(f, DHCP));
                assertEquals(DhcpOptions.DHCPREQUEST, DhcpFrames.messageType(f));
            } else {
                assertEquals(DhcpOptions.DHCPDISCOVER, DhcpFrames.messageType(f), "expiry: back to INIT at once");
                assertEquals(0, Ipv4Header.src(f, IP));
            }
        }
        assertEquals(0, w.dhcp.address(w.ifc));
        assertTrue(w.stack.describeInterface(w.ifc).contains("0.0.0.0/0"), w.stack.describeInterface(w.ifc));
        assertEquals(Dhcp.EVENT_LOST, w.dhcp.lastEvent(w.ifc));
        assertEquals(1, w.stack.counter(NetCounters.DHCP_LEASE_LOST));
        assertEquals(-Errno.ENETUNREACH, w.stack.zsock().sendto(fd, new byte[1], 0, 1, 0, SockAddr.parse("192.0.2.1", 9)),
                "no route without the lease's router");
    }

    @Test
    void rebindingAckFromAnyServerExtendsTheLease() {
        long requestAt = w.bind(DhcpWire.LEASE_SECS);
        List<Sent> sent = runUntil(requestAt + 875_001);
        byte[] rebind = sent.get(sent.size() - 1).frame();
        assertEquals(-1, Ipv4Header.dst(rebind, IP));
        assertEquals(Dhcp.REBINDING, w.state());
        byte[] payload = DhcpFrames.reply(DhcpFrames.xid(rebind), 0, OFFERED, OFFERED, OUR_MAC,
                DhcpFrames.options().type(DhcpOptions.DHCPACK).ip(DhcpOptions.SERVER_ID, SERVER + 7)
                        .ip(DhcpOptions.LEASE_TIME, 600).end().toBytes());
        w.peer.send(DhcpFrames.frame(OUR_MAC, SERVER, OFFERED, payload));
        w.poll();
        assertEquals(Dhcp.BOUND, w.state());
        assertEquals(SERVER + 7, w.dhcp.server(w.ifc), "RFC 2131 §4.4.5: the new server's lease");
        assertEquals(600, w.dhcp.leaseSeconds(w.ifc));
    }

    @Test
    void renewalWithNewRouterAndDnsServersReconfiguresTheInterface() {
        w.bind(DhcpWire.LEASE_SECS);
        byte[] renew = runUntil(w.stack.pollAt() + 1).get(0).frame();
        byte[] payload = DhcpFrames.reply(DhcpFrames.xid(renew), 0, OFFERED, OFFERED, OUR_MAC,
                DhcpFrames.options().type(DhcpOptions.DHCPACK).ip(DhcpOptions.SERVER_ID, SERVER)
                        .ip(DhcpOptions.LEASE_TIME, DhcpWire.LEASE_SECS).ip(DhcpOptions.SUBNET_MASK, 0xFFFFFF00)
                        .ip(DhcpOptions.ROUTER, 0xC61200FD).ip(DhcpOptions.DNS_SERVERS, 0x01010101).end().toBytes());
        w.peer.send(DhcpFrames.frame(OUR_MAC, SERVER, OFFERED, payload));
        w.poll();
        assertEquals(Dhcp.EVENT_RENEWED, w.dhcp.lastEvent(w.ifc));
        assertEquals(0xC61200FD, w.dhcp.router(w.ifc));
        assertEquals(0x01010101, w.dhcp.dnsServer(w.ifc, 0), "the interface's resolver slots");
        assertEquals(0, w.dhcp.dnsServer(w.ifc, 1), "one server now");
        assertNull(w.next(), "same address: no announcement");
    }

    @Test
    void renewalWithAnotherAddressMovesTheInterfaceAndAbortsConnectionsOnTheOldOne() {
        w.bind(DhcpWire.LEASE_SECS);
        serverKnown();
        Zsock z = w.stack.zsock();
        int conn = establishedConnection(z);
        byte[] renew = runUntil(w.stack.pollAt() + 1).get(0).frame();
        byte[] payload = DhcpFrames.reply(DhcpFrames.xid(renew), 0, OFFERED, OFFERED + 1, OUR_MAC,
                DhcpWire.serverOptions(DhcpOptions.DHCPACK, DhcpWire.LEASE_SECS).end().toBytes());
        w.peer.send(DhcpFrames.frame(OUR_MAC, SERVER, OFFERED, payload));
        w.poll();
        assertEquals(OFFERED + 1, w.dhcp.address(w.ifc));
        DhcpWire.assertAnnouncement(w.next(), OFFERED + 1);
        assertEquals(-Errno.ECONNABORTED, z.recv(conn, new byte[8], 0, 8, Zsock.MSG_DONTWAIT));
    }

    /** A connection from the server to our port 80, accepted; returns its fd. */
    private int establishedConnection(Zsock z) {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(l, SockAddr.parse("0.0.0.0", 80)));
        assertEquals(0, z.listen(l, 1));
        w.peer.send(RawPeer.ipv4(OUR_MAC, SERVER, OFFERED, Ipv4Header.PROTO_TCP, 64,
                RawPeer.tcp(SERVER, OFFERED, 4000, 80, 100, 0, TcpHeader.SYN)));
        w.poll();
        int iss = TcpHeader.seq(w.next(), IP + Ipv4Header.MIN_LEN);
        w.peer.send(RawPeer.ipv4(OUR_MAC, SERVER, OFFERED, Ipv4Header.PROTO_TCP, 64,
                RawPeer.tcp(SERVER, OFFERED, 4000, 80, 101, iss + 1, TcpHeader.ACK)));
        w.poll();
        int conn = z.accept(l, null);
        assertTrue(conn >= 0, "accepted: " + conn);
        return conn;
    }

    @Test
    void nakWhileRenewingRemovesTheAddressAndStartsOver() {
        w.bind(DhcpWire.LEASE_SECS);
        List<Sent> sent = runUntil(w.stack.pollAt() + 1);
        byte[] renew = sent.get(0).frame();
        w.peer.send(DhcpWire.nak(DhcpFrames.xid(renew)));
        w.poll();
        assertEquals(1, w.stack.counter(NetCounters.DHCP_NAK_RX));
        assertEquals(1, w.stack.counter(NetCounters.DHCP_LEASE_LOST));
        assertEquals(0, w.dhcp.address(w.ifc));
        assertEquals(Dhcp.EVENT_LOST, w.dhcp.lastEvent(w.ifc));
        assertEquals(DhcpOptions.DHCPDISCOVER, DhcpFrames.messageType(w.next()));
    }

    @Test
    void lostAddressAbortsItsTcpConnectionsAndUdpSocketsBoundToItGetEaddrnotavail() {
        w.bind(DhcpWire.LEASE_SECS);
        serverKnown();
        Zsock z = w.stack.zsock();
        int udp = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(udp, SockAddr.parse("198.18.0.100", 5000)));
        int conn = establishedConnection(z);
        assertEquals(1, z.sendto(udp, new byte[1], 0, 1, 0, SockAddr.parse("198.18.0.2", 9)), "sends while bound");
        assertNotNull(w.next());
        w.dhcp.stop(w.ifc);
        assertEquals(DhcpOptions.DHCPRELEASE, DhcpFrames.messageType(w.next()));
        byte[] b = new byte[8];
        assertEquals(-Errno.ECONNABORTED, z.recv(conn, b, 0, b.length, Zsock.MSG_DONTWAIT));
        assertEquals(-Errno.EADDRNOTAVAIL, z.sendto(udp, new byte[1], 0, 1, 0, SockAddr.parse("198.18.0.2", 9)));
        assertNull(w.next(), "no RST from an address we no longer have");
    }

    @Test
    void stopReleasesTheLeaseAndStartRebootsWithTheLastAddress() {
        w.bind(DhcpWire.LEASE_SECS);
        serverKnown();
        w.advance(10_000);
        assertEquals(0, w.dhcp.stop(w.ifc));
        byte[] release = w.next();
        assertEquals(DhcpOptions.DHCPRELEASE, DhcpFrames.messageType(release));
        assertEquals(SERVER, Ipv4Header.dst(release, IP), "RFC 2131 §4.4.6: unicast to the server");
        assertEquals(OFFERED, Ipv4Header.src(release, IP));
        assertEquals(OFFERED, DhcpMessage.ciaddr(release, DHCP));
        assertEquals(SERVER, DhcpFrames.optionIp(release, DhcpOptions.SERVER_ID));
        assertNull(DhcpFrames.option(release, DhcpOptions.REQUESTED_IP));
        assertNull(DhcpFrames.option(release, DhcpOptions.PARAMETER_REQUEST_LIST), "Table 5: MUST NOT");
        assertEquals(Dhcp.STOPPED, w.state());
        assertEquals(0, w.dhcp.address(w.ifc));
        assertEquals(Dhcp.EVENT_LOST, w.dhcp.lastEvent(w.ifc));
        assertEquals(0, w.stack.counter(NetCounters.DHCP_LEASE_LOST), "a release is not a lost lease");
        w.advance(60_000);
        assertNull(w.next(), "a stopped client is silent");

        assertEquals(0, w.dhcp.start(w.ifc));
        byte[] reboot = w.next();
        assertEquals(DhcpOptions.DHCPREQUEST, DhcpFrames.messageType(reboot));
        assertEquals(Dhcp.REBOOTING, w.state());
        assertEquals(OFFERED, DhcpFrames.optionIp(reboot, DhcpOptions.REQUESTED_IP), "INIT-REBOOT: 50 = the last address");
        assertNull(DhcpFrames.option(reboot, DhcpOptions.SERVER_ID), "RFC 2131 §4.3.2: no 54 in INIT-REBOOT");
        assertEquals(0, DhcpMessage.ciaddr(reboot, DHCP));
        assertEquals(0, Ipv4Header.src(reboot, IP));
        assertEquals(-1, Ipv4Header.dst(reboot, IP));
        w.peer.send(DhcpWire.ack(DhcpFrames.xid(reboot), 0, DhcpWire.LEASE_SECS));
        w.poll();
        w.passProbes(OFFERED);
        assertEquals(Dhcp.BOUND, w.state());
        assertEquals(OFFERED, w.dhcp.address(w.ifc));
    }

    @Test
    void initRebootTakesAnAckFromAnotherServer() {
        w.bind(DhcpWire.LEASE_SECS);
        serverKnown();
        w.dhcp.stop(w.ifc);
        w.next();
        w.dhcp.start(w.ifc);
        byte[] reboot = w.next();
        w.peer.send(DhcpWire.broadcastReply(DhcpFrames.xid(reboot), 0, OFFERED,
                DhcpFrames.options().type(DhcpOptions.DHCPACK).ip(DhcpOptions.SERVER_ID, SERVER + 5)
                        .ip(DhcpOptions.LEASE_TIME, 300).end().toBytes()));
        w.poll();
        w.passProbes(OFFERED);
        assertEquals(Dhcp.BOUND, w.state());
        assertEquals(SERVER + 5, w.dhcp.server(w.ifc), "RFC 2131 §3.2: the REQUEST named no server");
    }

    @Test
    void nakToInitRebootForgetsTheLastLeaseAndDiscovers() {
        w.bind(DhcpWire.LEASE_SECS);
        serverKnown();
        w.dhcp.stop(w.ifc);
        w.next();
        w.dhcp.start(w.ifc);
        byte[] reboot = w.next();
        w.peer.send(DhcpWire.nak(DhcpFrames.xid(reboot)));
        w.poll();
        assertEquals(DhcpOptions.DHCPDISCOVER, DhcpFrames.messageType(w.next()));
        assertEquals(Dhcp.SELECTING, w.state());
        w.dhcp.stop(w.ifc);
        w.dhcp.start(w.ifc);
        w.runUntil(w.stack.pollAt() + 1);
        assertEquals(DhcpOptions.DHCPDISCOVER, DhcpFrames.messageType(w.next()), "no last lease to reboot with");
    }

    @Test
    void stackStopReleasesABoundLease() {
        w.bind(DhcpWire.LEASE_SECS);
        serverKnown();
        w.stack.stop();
        assertEquals(DhcpOptions.DHCPRELEASE, DhcpFrames.messageType(w.next()));
    }

    @Test
    void arpReplyForTheOfferedAddressDuringProbingSendsDeclineAndWaitsBeforeDiscovering() {
        byte[] request = w.toRequesting();
        w.peer.send(DhcpWire.ack(DhcpFrames.xid(request), 0, DhcpWire.LEASE_SECS));
        w.poll();
        w.runUntil(w.stack.pollAt());
        byte[] probe = w.next();
        assertEquals(0, ArpPacket.senderIp(probe, IP));
        w.peer.send(RawPeer.arp(ArpPacket.OP_REPLY, new byte[] {2, 0, 0, 0, 0, 9}, OFFERED, OUR_MAC, 0));
        w.poll();
        byte[] decline = w.next();
        assertEquals(DhcpOptions.DHCPDECLINE, DhcpFrames.messageType(decline));
        assertEquals(OFFERED, DhcpFrames.optionIp(decline, DhcpOptions.REQUESTED_IP));
        assertEquals(SERVER, DhcpFrames.optionIp(decline, DhcpOptions.SERVER_ID));
        assertEquals(0, DhcpMessage.ciaddr(decline, DHCP));
        assertEquals(0, Ipv4Header.src(decline, IP));
        assertEquals(-1, Ipv4Header.dst(decline, IP));
        assertEquals(1, w.stack.counter(NetCounters.DHCP_DECLINE_SENT));
        assertEquals(Dhcp.INIT, w.state());
        assertEquals(0, w.dhcp.address(w.ifc), "never bound");
        long declinedAt = w.clock.nowMillis();
        w.runUntil(w.stack.pollAt());
        assertEquals(DhcpOptions.DHCPDISCOVER, DhcpFrames.messageType(w.next()));
        assertEquals(10_000, w.clock.nowMillis() - declinedAt, "RFC 2131 §3.1.5: ten seconds");
    }

    @Test
    void anotherHostProbingForTheSameAddressIsAConflictToo() {
        byte[] request = w.toRequesting();
        w.peer.send(DhcpWire.ack(DhcpFrames.xid(request), 0, DhcpWire.LEASE_SECS));
        w.poll();
        w.peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, new byte[] {2, 0, 0, 0, 0, 9}, 0, DhcpWire.BROADCAST_MAC, OFFERED));
        w.poll();
        byte[] f = w.next();
        assertNotNull(f);
        assertEquals(DhcpOptions.DHCPDECLINE, DhcpFrames.messageType(f));
    }

    @Test
    void noProbesWhenProbeCountIsZero() {
        DhcpWire quick = new DhcpWire(c -> c.dhcpProbeCount = 0);
        try {
            byte[] request = quick.toRequesting();
            quick.peer.send(DhcpWire.ack(DhcpFrames.xid(request), 0, DhcpWire.LEASE_SECS));
            quick.poll();
            assertEquals(Dhcp.BOUND, quick.state());
        } finally {
            quick.close();
        }
    }
}
