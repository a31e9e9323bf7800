package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.sim.testkit.DhcpFrames;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.function.Consumer;

/**
 * A stack whose eth0 is in DHCP mode, on virtual time, wired to a {@link RawPeer} that plays the DHCP
 * server at 198.18.0.2 with literal frames. The client starts without delay (dhcpStartDelayMaxMillis 0),
 * so the first poll sends the DISCOVER; probing and retransmission keep the RFC defaults unless a test
 * changes them.
 */
final class DhcpWire implements AutoCloseable {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    static final int SERVER = RawPeer.IP;
    static final int OFFERED = 0xC6120064;
    static final int ROUTER = 0xC61200FE;
    static final int DNS1 = 0xC6120035;
    static final int DNS2 = 0xC6120036;
    static final int LEASE_SECS = 1000;

    final VirtualClock clock = new VirtualClock(1000);
    final NetStack stack;
    final Dhcp dhcp;
    final RawPeer peer = new RawPeer();
    final int ifc;

    DhcpWire(Consumer<NetConfig> change) {
        NetConfig cfg = NetConfig.defaults();
        cfg.dhcpStartDelayMaxMillis = 0;
        change.accept(cfg);
        stack = NetStack.create(cfg, clock, new SeededEntropy(21));
        dhcp = stack.dhcp();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        ifc = stack.addInterface(nic, InterfaceConfig.dhcp("eth0"));
    }

    DhcpWire() {
        this(c -> { });
    }

    void poll() {
        stack.poll(clock.nowMillis());
    }

    void advance(long ms) {
        clock.advance(ms);
        poll();
    }

    /** Polls until virtual time t (at most the stack's next deadline at a time), returning at t. */
    void runUntil(long t) {
        while (clock.nowMillis() < t) {
            long next = Math.min(stack.pollAt(), t);
            clock.set(Math.max(next, clock.nowMillis() + 1));
            poll();
        }
    }

    byte[] next() {
        return peer.next();
    }

    /** The next frame, asserted to be a client DHCP message of the given type. */
    byte[] nextDhcp(int type) {
        byte[] f = peer.next();
        assertTrue(DhcpFrames.isClientMessage(f), "a DHCP client message, got " + (f == null ? "nothing" : f.length + " bytes"));
        assertEquals(type, DhcpFrames.messageType(f), "option 53");
        return f;
    }

    int state() {
        return dhcp.state(ifc);
    }

    /** The usual server options for a reply of type with lease seconds; extra goes before END. */
    static DhcpFrames.Options serverOptions(int type, int leaseSecs) {
        return DhcpFrames.options().type(type).ip(DhcpOptions.SERVER_ID, SERVER).ip(DhcpOptions.LEASE_TIME, leaseSecs)
                .ip(DhcpOptions.SUBNET_MASK, 0xFFFFFF00).ip(DhcpOptions.ROUTER, ROUTER).ip(DhcpOptions.DNS_SERVERS, DNS1, DNS2);
    }

    /** A reply broadcast to 255.255.255.255 and the broadcast MAC. */
    static byte[] broadcastReply(int xid, int ciaddr, int yiaddr, byte[] options) {
        return DhcpFrames.frame(BROADCAST_MAC, SERVER, -1, DhcpFrames.reply(xid, 0, ciaddr, yiaddr, OUR_MAC, options));
    }

    static byte[] offer(int xid) {
        return broadcastReply(xid, 0, OFFERED, serverOptions(DhcpOptions.DHCPOFFER, LEASE_SECS).end().toBytes());
    }

    static byte[] ack(int xid, int ciaddr, int leaseSecs) {
        return broadcastReply(xid, ciaddr, OFFERED, serverOptions(DhcpOptions.DHCPACK, leaseSecs).end().toBytes());
    }

    static byte[] nak(int xid) {
        return broadcastReply(xid, 0, 0, DhcpFrames.options().type(DhcpOptions.DHCPNAK).ip(DhcpOptions.SERVER_ID, SERVER)
                .end().toBytes());
    }

    /** DISCOVER, OFFER, REQUEST; returns the REQUEST. */
    byte[] toRequesting() {
        poll();
        byte[] discover = nextDhcp(DhcpOptions.DHCPDISCOVER);
        peer.send(offer(DhcpFrames.xid(discover)));
        poll();
        return nextDhcp(DhcpOptions.DHCPREQUEST);
    }

    /**
     * Lets the RFC 5227 probes run out without an answer: returns how many probes went out, each asserted
     * to be an ARP request with sender address 0 for target.
     */
    int passProbes(int target) {
        int probes = 0;
        long giveUp = clock.nowMillis() + 30_000;
        while (state() == Dhcp.PROBING && clock.nowMillis() < giveUp) {
            runUntil(Math.min(stack.pollAt(), giveUp));
            byte[] f;
            while (state() == Dhcp.PROBING && (f = next()) != null) {
                assertEquals(EthernetFrame.TYPE_ARP, EthernetFrame.etherType(f, 0));
                assertEquals(0, ArpPacket.senderIp(f, EthernetFrame.HEADER_LEN), "a probe's sender address is 0");
                assertEquals(target, ArpPacket.targetIp(f, EthernetFrame.HEADER_LEN));
                probes++;
            }
        }
        return probes;
    }

    /** The whole exchange with a lease of leaseSecs; returns the virtual time the REQUEST was sent. */
    long bind(int leaseSecs) {
        byte[] request = toRequesting();
        long requestAt = clock.nowMillis();
        peer.send(ack(DhcpFrames.xid(request), 0, leaseSecs));
        poll();
        passProbes(OFFERED);
        assertEquals(Dhcp.BOUND, state(), Dhcp.stateName(state()));
        assertAnnouncement(next(), OFFERED);
        long boundAt = clock.nowMillis();
        runUntil(stack.pollAt());
        assertEquals(boundAt + 2000, clock.nowMillis(), "RFC 5227 ANNOUNCE_INTERVAL");
        assertAnnouncement(next(), OFFERED);
        return requestAt;
    }

    /** f is an RFC 5227 §2.3 announcement of ip: an ARP request with sender and target both ip. */
    static void assertAnnouncement(byte[] f, int ip) {
        assertNotNull(f, "an ARP announcement");
        assertEquals(EthernetFrame.TYPE_ARP, EthernetFrame.etherType(f, 0));
        assertEquals(ArpPacket.OP_REQUEST, ArpPacket.op(f, EthernetFrame.HEADER_LEN));
        assertEquals(ip, ArpPacket.senderIp(f, EthernetFrame.HEADER_LEN));
        assertEquals(ip, ArpPacket.targetIp(f, EthernetFrame.HEADER_LEN));
    }

    @Override
    public void close() {
        stack.stop();
    }
}
