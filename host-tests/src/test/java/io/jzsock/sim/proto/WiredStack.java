package io.jzsock.sim.proto;

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
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.function.Consumer;

/**
 * A stack at 198.18.0.1/24 on virtual time, wired to a {@link RawPeer} at 198.18.0.2 whose MAC it
 * already knows; literal frames in, frames out. The IPv4 tests' stack also listens on port 80.
 */
final class WiredStack implements AutoCloseable {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    static final int OUR_IP = 0xC6120001;
    static final int SUBNET_BROADCAST = 0xC61200FF;
    static final int E = EthernetFrame.HEADER_LEN;
    static final int IP4 = E + Ipv4Header.MIN_LEN;
    static final int LISTEN_PORT = 80;
    static final int CLOSED_PORT = 9999;

    final VirtualClock clock = new VirtualClock(1000);
    final NetStack stack;
    final Zsock z;
    final RawPeer peer = new RawPeer();

    /**
     * The stack on {@code cfg} and {@code SeededEntropy(seed)}, no socket open; {@code gateway} (dotted, or null
     * for none) routes off the subnet.
     */
    WiredStack(NetConfig cfg, long seed, String gateway) {
        stack = NetStack.create(cfg, clock, new SeededEntropy(seed));
        z = stack.zsock();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, gateway));
        peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        poll();
        peer.next();
    }

    /** The IPv4 tests' stack: no gateway, a listener on {@link #LISTEN_PORT}. */
    WiredStack(NetConfig cfg) {
        this(cfg, 5, null);
        listener(LISTEN_PORT, 2);
    }

    WiredStack() {
        this(NetConfig.defaults());
    }

    /** {@link NetConfig#defaults()} with {@code change} applied, for a test that changes a setting. */
    static NetConfig defaultsWith(Consumer<NetConfig> change) {
        NetConfig cfg = NetConfig.defaults();
        change.accept(cfg);
        return cfg;
    }

    void poll() {
        stack.poll(clock.nowMillis());
    }

    void advance(long ms) {
        clock.advance(ms);
        poll();
    }

    /** A non-blocking TCP listener on {@code port} with {@code backlog}. */
    int listener(int port, int backlog) {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(l, SockAddr.parse("0.0.0.0", port)));
        assertEquals(0, z.listen(l, backlog));
        assertEquals(0, z.fcntl(l, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        return l;
    }

    /** Sends the frame and asserts that it is dropped, counted once under counter, and not answered. */
    void assertDroppedAndCounted(byte[] frame, int counter) {
        long before = stack.counter(counter);
        peer.send(frame);
        poll();
        assertNull(peer.next(), "no answer to a dropped packet");
        assertEquals(before + 1, stack.counter(counter), NetCounters.name(counter));
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "dropped packet returned to the pool");
    }

    /** Sends the frame and returns the one frame the stack answers with. */
    byte[] exchange(byte[] frame) {
        peer.send(frame);
        poll();
        byte[] answer = peer.next();
        assertNotNull(answer, "the stack answers");
        assertNull(peer.next(), "exactly one answer");
        return answer;
    }

    static byte[] ping(int src, int dst, byte[] dstMac, int ttl) {
        return RawPeer.ipv4(dstMac, src, dst, Ipv4Header.PROTO_ICMP, ttl, RawPeer.echoRequest(0x77, 1, "ping".getBytes()));
    }

    static byte[] udpToClosedPort(int src, int dst, byte[] dstMac) {
        return RawPeer.ipv4(dstMac, src, dst, Ipv4Header.PROTO_UDP, 64, RawPeer.udp(src, dst, 1000, CLOSED_PORT, "x".getBytes()));
    }

    static byte[] syn(int src, int dst, byte[] dstMac, int srcPort) {
        return RawPeer.ipv4(dstMac, src, dst, Ipv4Header.PROTO_TCP, 64,
                RawPeer.tcp(src, dst, srcPort, LISTEN_PORT, 5000, 0, TcpHeader.SYN));
    }

    static void assertEchoReply(byte[] f) {
        assertEquals(Ipv4Header.PROTO_ICMP, Ipv4Header.protocol(f, E));
        assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, Icmpv4Header.type(f, IP4));
    }

    static void assertPortUnreachable(byte[] f) {
        assertEquals(Ipv4Header.PROTO_ICMP, Ipv4Header.protocol(f, E));
        assertEquals(Icmpv4Header.TYPE_DEST_UNREACHABLE, Icmpv4Header.type(f, IP4));
        assertEquals(Icmpv4Header.CODE_PORT_UNREACHABLE, Icmpv4Header.code(f, IP4));
    }

    static void assertSynAck(byte[] f) {
        assertEquals(Ipv4Header.PROTO_TCP, Ipv4Header.protocol(f, E));
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, TcpHeader.flags(f, IP4) & (TcpHeader.SYN | TcpHeader.ACK | TcpHeader.RST));
    }

    @Override
    public void close() {
        stack.stop();
    }
}
