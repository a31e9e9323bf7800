package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.testkit.DhcpFrames;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3: DHCP renewals allocate nothing. A bound client on virtual time renews at every T1 (a 10 s
 * lease); the server side answers each REQUEST with the same ACK frame, its xid and UDP checksum patched
 * in place, so the measured thread (which runs both) allocates only if the stack does. Warm-up, then a
 * 10 000-renewal window at exactly 0 bytes, at most three windows (see UdpZeroAllocationTest).
 */
@Tag("alloc")
class DhcpRenewalZeroAllocationTest {
    private static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final int SERVER = RawPeer.IP;
    private static final int ADDRESS = 0xC6120064;
    private static final int LEASE_SECS = 10;
    private static final int WARM_UP = 30_000;
    private static final int RENEWALS = 10_000;

    @Test
    void renewalsAllocateNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetConfig cfg = NetConfig.defaults();
        cfg.dhcpStartDelayMaxMillis = 0;
        cfg.arpExpiryMillis = Integer.MAX_VALUE;
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(3));
        RawPeer peer = new RawPeer();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        int ifc = stack.addInterface(nic, InterfaceConfig.dhcp("eth0"));
        bind(stack, clock, peer, ifc);
        byte[] ack = DhcpFrames.frame(OUR_MAC, SERVER, ADDRESS, DhcpFrames.reply(0, 0, ADDRESS, ADDRESS, OUR_MAC,
                DhcpFrames.options().type(DhcpOptions.DHCPACK).ip(DhcpOptions.SERVER_ID, SERVER)
                        .ip(DhcpOptions.LEASE_TIME, LEASE_SECS).ip(DhcpOptions.SUBNET_MASK, 0xFFFFFF00)
                        .ip(DhcpOptions.DNS_SERVERS, SERVER).end().toBytes()));
        int udpLen = UdpHeader.length(ack, DhcpFrames.UDP);
        long rxBefore = stack.counter(NetCounters.DHCP_RX);
        List<String> windows = ThreadAllocations.ofWorker("alloc-dhcp", n -> {
            for (int i = 0; i < n; i++) {
                clock.set(stack.pollAt());
                stack.poll(clock.nowMillis());
                int xid = 0;
                int h;
                while ((h = peer.nic.receive()) >= 0) {
                    xid = Bytes.i32(peer.pool.data[h], peer.pool.off[h] + DhcpFrames.DHCP + DhcpMessage.XID);
                    peer.pool.release(h);
                }
                Bytes.putI32(ack, DhcpFrames.DHCP + DhcpMessage.XID, xid);
                UdpHeader.fillChecksumV4(ack, DhcpFrames.UDP, udpLen, SERVER, ADDRESS);
                peer.send(ack);
                stack.poll(clock.nowMillis());
            }
        }, WARM_UP, RENEWALS, 120_000);
        System.out.println("bytes allocated per " + RENEWALS + "-renewal window: " + windows);
        assertEquals(Dhcp.BOUND, stack.dhcp().state(ifc));
        assertTrue(stack.counter(NetCounters.DHCP_RX) - rxBefore >= WARM_UP + RENEWALS, "every REQUEST was ACKed");
        assertEquals(0, stack.counter(NetCounters.DHCP_LEASE_LOST));
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
        stack.stop();
    }

    /** DISCOVER, OFFER, REQUEST, ACK, the probes; then the server's MAC is learned from its ARP request. */
    private static void bind(NetStack stack, VirtualClock clock, RawPeer peer, int ifc) {
        stack.poll(clock.nowMillis());
        byte[] discover = peer.next();
        byte[] offer = DhcpFrames.frame(OUR_MAC, SERVER, ADDRESS, DhcpFrames.reply(DhcpFrames.xid(discover), 0, 0, ADDRESS,
                OUR_MAC, DhcpFrames.options().type(DhcpOptions.DHCPOFFER).ip(DhcpOptions.SERVER_ID, SERVER)
                        .ip(DhcpOptions.LEASE_TIME, LEASE_SECS).end().toBytes()));
        peer.send(offer);
        stack.poll(clock.nowMillis());
        byte[] request = peer.next();
        byte[] ack = DhcpFrames.frame(OUR_MAC, SERVER, ADDRESS, DhcpFrames.reply(DhcpFrames.xid(request), 0, 0, ADDRESS,
                OUR_MAC, DhcpFrames.options().type(DhcpOptions.DHCPACK).ip(DhcpOptions.SERVER_ID, SERVER)
                        .ip(DhcpOptions.LEASE_TIME, LEASE_SECS).end().toBytes()));
        peer.send(ack);
        stack.poll(clock.nowMillis());
        while (stack.dhcp().state(ifc) == Dhcp.PROBING) {
            clock.set(stack.pollAt());
            stack.poll(clock.nowMillis());
        }
        assertEquals(Dhcp.BOUND, stack.dhcp().state(ifc));
        clock.advance(2000);
        stack.poll(clock.nowMillis());
        while (peer.next() != null) {
            // probes and the two announcements
        }
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, SERVER, OUR_MAC, ADDRESS));
        stack.poll(clock.nowMillis());
        peer.next();
    }
}
