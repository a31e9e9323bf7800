package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6FragmentHeader;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for IPv6 fragments and MLD: a fragmented echo request reassembled and answered, an overlap
 * abandoned, and MLDv2 general queries answered with reports allocate nothing, on the thread that drives the
 * stack on virtual time.
 */
@Tag("alloc")
class Ipv6ReassemblyZeroAllocationTest {
    private static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final int E = EthernetFrame.HEADER_LEN;
    private static final long LL_HI = 0xfe80000000000000L;
    private static final long PEER_LO = 2;
    private static final int WARM_UP = 60_000;
    private static final int ROUNDS = 10_000;

    private long ourHi;
    private long ourLo;

    @Test
    void ipv6ReassemblyAndMldAllocateNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6DadTransmits = 0;
        cfg.ipv6RouterSolicitations = 0;
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(9));
        RawPeer peer = new RawPeer();
        peer.nic.setPromiscuous(true);
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        int ifindex = stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6());
        byte[] a = new byte[16];
        stack.ipv6Address(ifindex, 0, a);
        ourHi = Bytes.i64(a, 0);
        ourLo = Bytes.i64(a, 8);

        byte[] req = new byte[8 + 1000];
        Icmpv6Header.write(req, 0, Icmpv6Header.TYPE_ECHO_REQUEST, 0, (5 << 16) | 5);
        Icmpv6Header.fillChecksum(req, 0, req.length, LL_HI, PEER_LO, ourHi, ourLo);
        byte[] query = new byte[28];
        Icmpv6Header.write(query, 0, Icmpv6Header.TYPE_MLD_QUERY, 0, 10 << 16);
        byte[][][] cases = {
            {fragment(req, 0, 504, true), fragment(req, 504, 504, false)},
            {fragment(req, 0, 504, true), fragment(req, 496, 512, false)},
            {mldQuery(query)},
        };
        List<String> windows = ThreadAllocations.ofWorker("alloc-ipv6-reassembly", n -> {
            for (int i = 0; i < n; i++) {
                // The peer never answers Neighbor Solicitations: echo replies park and fail with the resolution.
                for (byte[] f : cases[i % cases.length]) {
                    peer.send(f);
                }
                stack.poll(clock.nowMillis());
                clock.advance(11);
                stack.poll(clock.nowMillis());
                int h;
                while ((h = peer.nic.receive()) >= 0) {
                    peer.pool.release(h);
                }
            }
        }, WARM_UP, ROUNDS, 300_000);
        System.out.println("bytes allocated per " + ROUNDS + "-round window of IPv6 reassembly and MLD: " + windows);
        assertTrue(stack.counter(NetCounters.IP_REASM_OK) >= (WARM_UP + ROUNDS) / cases.length);
        assertTrue(stack.counter(NetCounters.IP_REASM_DROP_OVERLAP) > 0);
        assertTrue(stack.counter(NetCounters.MLD_TX) > (WARM_UP + ROUNDS) / cases.length / 2);
        // Two minutes a second at a time: held fragments time out, and every resolution (also one for the Time
        // Exceeded a timeout sends) runs its three solicitations and fails, its parked packets back to the pool.
        for (int s = 0; s < 120; s++) {
            clock.advance(1000);
            stack.poll(clock.nowMillis());
            int h;
            while ((h = peer.nic.receive()) >= 0) {
                peer.pool.release(h);
            }
        }
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
        stack.stop();
    }

    /**
     * A 4000-byte UDP datagram over {@code ::1}: cut into three fragment buffers on send, reassembled into a chain
     * and read with recv, every round, on the one thread that drives the stack.
     */
    @Test
    void ipv6FragmentedUdpSendAndReceiveAllocateNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetStack stack = NetStack.create(NetConfig.defaults(), clock, new SeededEntropy(11));
        Zsock z = stack.zsock();
        int fd = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(fd, SockAddr.parse("::1", 7)));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535));
        SockAddr to = SockAddr.parse("::1", 7);
        byte[] tx = new byte[4000];
        byte[] rx = new byte[4100];
        long[] bad = new long[1];
        List<String> windows = ThreadAllocations.ofWorker("alloc-ipv6-fragmented-udp", n -> {
            for (int i = 0; i < n; i++) {
                tx[i & 1023] = (byte) i;
                if (z.sendto(fd, tx, 0, tx.length, 0, to) != tx.length) {
                    bad[0]++;
                }
                stack.poll(clock.nowMillis());
                if (z.recv(fd, rx, 0, rx.length, Zsock.MSG_DONTWAIT) != tx.length || rx[i & 1023] != (byte) i) {
                    bad[0]++;
                }
            }
        }, WARM_UP, ROUNDS, 300_000);
        System.out.println("bytes allocated per " + ROUNDS + "-round window of 4000-byte IPv6 UDP over ::1: " + windows);
        assertEquals(0, bad[0], "sends or receives that failed");
        assertTrue(stack.counter(NetCounters.IP_FRAG_TX) >= 3L * (WARM_UP + ROUNDS));
        assertEquals(0, z.close(fd));
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
        stack.stop();
    }

    private byte[] ipv6(long dstHi, long dstLo, byte[] dstMac, int nextHeader, byte[] payload, int hopLimit) {
        byte[] f = new byte[E + Ipv6Header.LEN + payload.length];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, RawPeer.MAC, 0, EthernetFrame.TYPE_IPV6);
        Ipv6Header.write(f, E, 0, 0, payload.length, nextHeader, hopLimit, LL_HI, PEER_LO, dstHi, dstLo);
        System.arraycopy(payload, 0, f, E + Ipv6Header.LEN, payload.length);
        return f;
    }

    private byte[] fragment(byte[] upper, int offset, int len, boolean more) {
        byte[] p = new byte[Ipv6FragmentHeader.LEN + len];
        Ipv6FragmentHeader.write(p, 0, Ipv6Header.NH_ICMPV6, offset, more, 0x1234);
        System.arraycopy(upper, offset, p, Ipv6FragmentHeader.LEN, Math.min(len, upper.length - offset));
        return ipv6(ourHi, ourLo, OUR_MAC, Ipv6Header.NH_FRAGMENT, p, 64);
    }

    private byte[] mldQuery(byte[] query) {
        long allNodesHi = 0xff02000000000000L;
        Icmpv6Header.fillChecksum(query, 0, query.length, LL_HI, PEER_LO, allNodesHi, 1);
        byte[] p = new byte[8 + query.length];
        byte[] hbh = {(byte) Ipv6Header.NH_ICMPV6, 0, 5, 2, 0, 0, 1, 0};
        System.arraycopy(hbh, 0, p, 0, 8);
        System.arraycopy(query, 0, p, 8, query.length);
        return ipv6(allNodesHi, 1, new byte[] {0x33, 0x33, 0, 0, 0, 1}, Ipv6Header.NH_HOP_BY_HOP, p, 1);
    }
}
