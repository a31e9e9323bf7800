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
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The IPv4 input checks and the ICMP error path allocate nothing: martian sources for every protocol,
 * malformed and source-routed options, unicast in a broadcast frame, port unreachables through the
 * token bucket (mostly suppressed at one datagram per 7 virtual ms), and plain pings in between.
 */
@Tag("alloc")
class IpInputZeroAllocationTest {
    private static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    private static final int OUR_IP = 0xC6120001;
    /**
     * The error path runs for about one frame in fourteen, so C2 reaches it late: with 30 000 frames
     * of warm-up its one-off compilation allocations (1000, 320, 128 bytes) still fell in the windows.
     */
    private static final int WARM_UP = 200_000;
    private static final int FRAMES = 10_000;

    @Test
    void rejectedAndRateLimitedTrafficAllocatesNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetConfig cfg = NetConfig.defaults();
        cfg.arpExpiryMillis = Integer.MAX_VALUE; // the peer's MAC must outlive 400 virtual seconds of frames
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(9));
        RawPeer peer = new RawPeer();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
        Zsock z = stack.zsock();
        int listener = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        z.bind(listener, SockAddr.parse("0.0.0.0", 80));
        z.listen(listener, 2);
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        stack.poll(clock.nowMillis());
        peer.next();
        byte[][] frames = frames();
        List<String> windows = ThreadAllocations.ofWorker("alloc-ip-input", n -> {
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
        System.out.println("bytes allocated per " + FRAMES + "-frame window of rejected IPv4 input: "
                + windows);
        assertTrue(stack.counter(NetCounters.ICMP_ERROR_RATE_LIMITED) > 0, "the token bucket ran dry");
        assertTrue(stack.counter(NetCounters.ICMP_UNREACHABLE_SENT) > 0, "and refilled");
        assertTrue(stack.counter(NetCounters.ICMP_ECHO_REPLIED) > 0);
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
        stack.stop();
    }

    private static byte[][] frames() {
        byte[] ping = ping(RawPeer.IP);
        byte[] badOptions = RawPeer.withIpOptions(ping, new byte[] {0x19, 1, 0, 0});
        byte[] sourceRoute = RawPeer.withIpOptions(ping, new byte[] {(byte) 131, 7, 4, (byte) 198, 18, 0, 9, 0});
        return new byte[][] {
            ping(-1), udp(0xC61200FF, OUR_IP, OUR_MAC), syn(0xE0000005), ping(0xF0000001), udp(0x7F000001, OUR_IP, OUR_MAC),
            syn(OUR_IP), ping(0), badOptions, sourceRoute, udp(RawPeer.IP, OUR_IP, BROADCAST_MAC),
            udp(RawPeer.IP, 0xC61200FF, BROADCAST_MAC), udp(RawPeer.IP, OUR_IP, OUR_MAC), udp(RawPeer.IP, OUR_IP, OUR_MAC),
            ping,
        };
    }

    private static byte[] ping(int src) {
        return RawPeer.ipv4(OUR_MAC, src, OUR_IP, Ipv4Header.PROTO_ICMP, 64, RawPeer.echoRequest(1, 1, new byte[16]));
    }

    private static byte[] udp(int src, int dst, byte[] dstMac) {
        return RawPeer.ipv4(dstMac, src, dst, Ipv4Header.PROTO_UDP, 64, RawPeer.udp(src, dst, 1000, 9999, new byte[8]));
    }

    private static byte[] syn(int src) {
        return RawPeer.ipv4(OUR_MAC, src, OUR_IP, Ipv4Header.PROTO_TCP, 64, RawPeer.tcp(src, OUR_IP, 4000, 80, 1, 0, TcpHeader.SYN));
    }
}
