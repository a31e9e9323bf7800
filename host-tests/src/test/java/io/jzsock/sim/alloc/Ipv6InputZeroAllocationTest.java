package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.NdMessage;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * IPv6 input allocates nothing: echo to the link-local address and to all-nodes, Neighbor Solicitations and
 * Advertisements, router advertisements refreshing a SLAAC address, the extension-header chain (options,
 * Routing type 0, a first fragment whose datagram never completes), Parameter Problems through the token bucket, and
 * malformed packets, on virtual time with the neighbour cache's timers running.
 */
@Tag("alloc")
class Ipv6InputZeroAllocationTest {
    private static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final byte[] PEER_LL = V6Frames.addr("fe80::2");
    private static final int WARM_UP = 200_000;
    private static final int FRAMES = 10_000;

    @Test
    void ipv6InputNeighborDiscoveryAndErrorsAllocateNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6StableSecret = "zero alloc test!".getBytes();
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(9));
        RawPeer peer = new RawPeer();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6());
        for (int i = 0; i < 30; i++) {
            clock.advance(100);
            stack.poll(clock.nowMillis());
        }
        byte[] ll = new byte[16];
        assertEquals(Ipv6InterfaceState.PREFERRED, stack.ipv6Address(2, 0, ll));
        byte[][] frames = frames(ll);
        List<String> windows = ThreadAllocations.ofWorker("alloc-ip6-input", n -> {
            for (int i = 0; i < n; i++) {
                peer.send(frames[i % frames.length]);
                clock.advance(7);
                stack.poll(clock.nowMillis());
                int h;
                while ((h = peer.nic.receive()) >= 0) {
                    peer.pool.release(h);
                }
            }
        }, WARM_UP, FRAMES, 120_000);
        System.out.println("bytes allocated per " + FRAMES + "-frame window of IPv6 input: " + windows);
        assertTrue(stack.counter(NetCounters.ICMP6_ECHO_REPLIED) > 0);
        assertTrue(stack.counter(NetCounters.ICMP6_ERROR_SENT) > 0);
        assertTrue(stack.counter(NetCounters.ICMP6_ERROR_RATE_LIMITED) > 0);
        assertTrue(stack.counter(NetCounters.ND_RA_RX) > 0);
        clock.advance(cfg.reassemblyTimeoutMillis); // the last first fragment's reassembly times out
        stack.poll(clock.nowMillis());
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
        stack.stop();
    }

    private static byte[][] frames(byte[] ll) {
        byte[] allNodes = V6Frames.addr("ff02::1");
        byte[] allNodesMac = V6Frames.groupMac(allNodes);
        byte[] group = V6Frames.solicitedNode(ll);
        byte[] echo = V6Frames.echoRequest(1, 1, new byte[32]);
        return new byte[][] {
            V6Frames.icmpv6(V6Frames.groupMac(group), RawPeer.MAC, PEER_LL, group, 255, V6Frames.ns(ll, V6Frames.slla(RawPeer.MAC))),
            V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, echo),
            V6Frames.icmpv6(allNodesMac, RawPeer.MAC, PEER_LL, allNodes, 64, echo),
            V6Frames.icmpv6(allNodesMac, RawPeer.MAC, PEER_LL, allNodes, 255, V6Frames.ra(64, 1800, 0, 0,
                    V6Frames.slla(RawPeer.MAC), V6Frames.mtu(1500), V6Frames.prefix(V6Frames.addr("2001:db8:1::"), 64,
                            NdMessage.PI_ON_LINK | NdMessage.PI_AUTONOMOUS, 3600, 1800))),
            V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 255,
                    V6Frames.na(PEER_LL, NdMessage.NA_SOLICITED | NdMessage.NA_OVERRIDE, V6Frames.tlla(RawPeer.MAC))),
            V6Frames.ipv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 253, 64, new byte[8]),
            behind(ll, Ipv6Header.NH_ROUTING, new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 0, 1, 0, 0, 0, 0}, echo),
            behind(ll, Ipv6Header.NH_DEST_OPTIONS, new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, (byte) 0x9e, 4, 0, 0, 0, 0}, echo),
            behind(ll, Ipv6Header.NH_HOP_BY_HOP, new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 5, 2, 0, 0, 1, 0}, echo),
            behind(ll, Ipv6Header.NH_FRAGMENT, new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 0, 1, 0, 0, 0, 1}, echo),
            V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, allNodes, ll, 64, echo),
            V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.ns(ll)),
        };
    }

    private static byte[] behind(byte[] ll, int first, byte[] ext, byte[] icmp) {
        byte[] payload = new byte[ext.length + icmp.length];
        System.arraycopy(ext, 0, payload, 0, ext.length);
        System.arraycopy(icmp, 0, payload, ext.length, icmp.length);
        byte[] f = V6Frames.ipv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, first, 64, payload);
        V6Frames.fillIcmpv6Checksum(f, V6Frames.IP6 + ext.length, icmp.length, PEER_LL, ll);
        return f;
    }
}
