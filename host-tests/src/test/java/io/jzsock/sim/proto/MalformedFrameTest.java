package io.jzsock.sim.proto;

import io.jzsock.sim.testkit.RawPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input from the wire is dropped or answered, never thrown and never leaked: seeded mutations
 * (bit flips, byte overwrites, truncation, garbage lengths) of valid ARP, ICMP, IGMP, UDP and TCP frames,
 * after which every buffer is back in the pool and the stack still answers a ping.
 */
class MalformedFrameTest {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final int OUR_IP = 0xC6120001;

    @Test
    void twentyThousandMutatedFramesLeaveTheStackWorkingAndLeakNothing() {
        for (long seed = 1; seed <= 4; seed++) {
            runSeed(seed, 5000);
        }
    }

    private void runSeed(long seed, int frames) {
        VirtualClock clock = new VirtualClock(0);
        NetStack stack = NetStack.create(NetConfig.defaults(), clock, new SeededEntropy(seed));
        RawPeer peer = new RawPeer();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, "198.18.0.254"));
        Zsock z = stack.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        z.bind(fd, SockAddr.parse("0.0.0.0", 7));
        int listener = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        z.bind(listener, SockAddr.parse("0.0.0.0", 80));
        z.listen(listener, 2);
        z.fcntl(listener, Zsock.F_SETFL, Zsock.O_NONBLOCK);
        byte[] igmp = new byte[IgmpHeader.LEN];
        IgmpHeader.write(igmp, 0, IgmpHeader.TYPE_QUERY, 10, 0);
        byte[][] valid = {
            RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, new byte[] {-1, -1, -1, -1, -1, -1}, OUR_IP),
            RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64, RawPeer.echoRequest(1, 2, new byte[40])),
            RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64, RawPeer.udp(RawPeer.IP, OUR_IP, 9, 7, new byte[30])),
            RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64, RawPeer.udp(RawPeer.IP, OUR_IP, 9, 99, new byte[3])),
            RawPeer.ipv4(new byte[] {1, 0, 0x5e, 0, 0, 1}, RawPeer.IP, 0xE0000001, Ipv4Header.PROTO_IGMP, 1, igmp),
            RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_TCP, 64, tcp(TcpHeader.SYN, synOptions(), 0)),
            RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_TCP, 64, tcp(TcpHeader.ACK | TcpHeader.PSH, null, 40)),
            RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_TCP, 64, tcp(TcpHeader.FIN | TcpHeader.ACK, null, 0)),
        };
        Random rnd = new Random(seed);
        byte[] sink = new byte[2048];
        String context = "seed " + seed;
        for (int i = 0; i < frames; i++) {
            byte[] f = valid[rnd.nextInt(valid.length)].clone();
            int mutations = 1 + rnd.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
                    case 2 -> f = Arrays.copyOf(f, 1 + rnd.nextInt(f.length));
                    default -> f[Math.min(f.length - 1, 16 + rnd.nextInt(2))] = (byte) rnd.nextInt(256);
                }
            }
            peer.send(f);
            clock.advance(1);
            stack.poll(clock.nowMillis());
            while (peer.next() != null) {
                // answers (ARP replies, echo replies, unreachables) are allowed; only leaks and throws are not
            }
            while (z.recv(fd, sink, 0, sink.length, Zsock.MSG_DONTWAIT) >= 0) {
                // drain whatever corrupted-but-valid datagrams were delivered
            }
            int accepted;
            while ((accepted = z.accept(listener, null)) >= 0) {
                z.close(accepted);
            }
        }
        for (int t = 0; t < 700; t++) {
            clock.advance(1000);
            stack.poll(clock.nowMillis());
            while (peer.next() != null) {
                // retransmitted SYN-ACKs and FINs of the half-made connections
            }
        }
        assertEquals(1, stack.tcpConnectionsInUse(), context + ": only the listener is left");
        while (peer.next() != null) {
            // drain
        }
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), context + ": every buffer back in the pool");
        peer.send(RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64, RawPeer.echoRequest(9, 9, new byte[8])));
        stack.poll(clock.nowMillis());
        byte[] reply = peer.next();
        if (reply != null && reply.length > 14 && ((reply[12] & 0xff) << 8 | reply[13] & 0xff) == 0x0806) {
            // the stack forgot the peer (expired) and asks first: answer, then expect the echo reply
            peer.send(RawPeer.arp(ArpPacket.OP_REPLY, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
            stack.poll(clock.nowMillis());
            reply = peer.next();
        }
        assertNotNull(reply, context + ": still answers a ping");
        assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, Icmpv4Header.type(reply, 34), context);
        stack.stop();
    }

    private static TcpOptions synOptions() {
        TcpOptions o = new TcpOptions();
        o.mss = 1200;
        o.windowScale = 3;
        o.sackPermitted = true;
        o.hasTimestamp = true;
        o.tsVal = 12345;
        return o;
    }

    /** A TCP segment from the raw peer's port 5555 to port 80 with a valid checksum. */
    private static byte[] tcp(int flags, TcpOptions opts, int dataLen) {
        byte[] l4 = new byte[60 + dataLen];
        int hl = opts == null ? TcpHeader.MIN_LEN : opts.emit(l4, 0);
        TcpHeader.write(l4, 0, 5555, 80, 1000, 1, hl, flags, 8192);
        byte[] seg = Arrays.copyOf(l4, hl + dataLen);
        TcpHeader.fillChecksumV4(seg, 0, seg.length, RawPeer.IP, OUR_IP);
        return seg;
    }
}
