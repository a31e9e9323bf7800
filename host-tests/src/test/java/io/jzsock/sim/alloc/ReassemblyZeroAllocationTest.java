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
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for fragments: reassembly (a chained 3000-byte UDP datagram read with recv, a shuffled one with a
 * duplicate, an echo request in 256-byte fragments compacted and answered, an overlap abandoned, a timeout
 * with Time Exceeded) and fragmentation on send (4000 bytes in three fragments) allocate nothing, measured
 * on the one thread that drives the stack and the socket on virtual time.
 */
@Tag("alloc")
class ReassemblyZeroAllocationTest {
    private static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final int OUR_IP = 0xC6120001;
    private static final int PORT = 7;
    private static final int WARM_UP = 60_000;
    private static final int ROUNDS = 10_000;

    @Test
    void reassemblyAndFragmentedSendsAllocateNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetConfig cfg = NetConfig.defaults();
        cfg.arpExpiryMillis = Integer.MAX_VALUE; // virtual time runs for hours of timeouts
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(9));
        RawPeer peer = new RawPeer();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
        Zsock z = stack.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(fd, SockAddr.parse("0.0.0.0", PORT)));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535));
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        stack.poll(clock.nowMillis());
        peer.next();

        byte[] udp = RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(RawPeer.IP, OUR_IP, 1000, PORT, new byte[3000]));
        byte[] ping = RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64,
                RawPeer.echoRequest(1, 1, new byte[600]));
        byte[][][] cases = {
            {frag(udp, 0, 1480, true), frag(udp, 1480, 1480, true), frag(udp, 2960, 48, false)},
            {frag(udp, 2960, 48, false), frag(udp, 1480, 1480, true), frag(udp, 1480, 1480, true), frag(udp, 0, 1480, true)},
            {frag(ping, 0, 256, true), frag(ping, 256, 256, true), frag(ping, 512, 96, false)},
            {frag(udp, 0, 1480, true), frag(udp, 1400, 800, true)},
            {frag(udp, 0, 1480, true)},
        };
        byte[] rx = new byte[4000];
        byte[] tx = new byte[4000];
        SockAddr to = SockAddr.ipv4(RawPeer.IP, 1000);
        int timeout = cfg.reassemblyTimeoutMillis;
        List<String> windows = ThreadAllocations.ofWorker("alloc-reassembly", n -> {
            for (int i = 0; i < n; i++) {
                byte[][] frames = cases[i % cases.length];
                for (byte[] f : frames) {
                    peer.send(f);
                }
                stack.poll(clock.nowMillis());
                if (i % cases.length == 4) {
                    clock.advance(timeout);
                    stack.poll(clock.nowMillis());
                }
                z.recv(fd, rx, 0, rx.length, Zsock.MSG_DONTWAIT);
                z.sendto(fd, tx, 0, tx.length, 0, to);
                stack.poll(clock.nowMillis());
                int h;
                while ((h = peer.nic.receive()) >= 0) {
                    peer.pool.release(h);
                }
            }
        }, WARM_UP, ROUNDS, 300_000);
        System.out.println("bytes allocated per " + ROUNDS + "-round window of reassembly and fragmented sends: " + windows);
        assertTrue(stack.counter(NetCounters.IP_REASM_OK) >= 3L * (WARM_UP + ROUNDS) / cases.length);
        assertTrue(stack.counter(NetCounters.IP_REASM_DROP_OVERLAP) > 0);
        assertTrue(stack.counter(NetCounters.ICMP_TIME_EXCEEDED_SENT) > 0);
        assertTrue(stack.counter(NetCounters.IP_FRAG_TX) >= 3L * (WARM_UP + ROUNDS));
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
        stack.stop();
    }

    private static byte[] frag(byte[] frame, int offset, int len, boolean more) {
        return RawPeer.fragment(frame, 0x4242, offset, len, more);
    }
}
