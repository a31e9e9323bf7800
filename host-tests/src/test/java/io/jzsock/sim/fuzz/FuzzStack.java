package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A fresh stack per fuzz input on virtual time (so every finding reproduces from its bytes alone), on an
 * {@link InjectNic} at 198.18.0.1/24 that already knows the peer's MAC, and the oracle every target shares:
 * the stack took the frames without throwing, every timer they started runs out in bounded (virtual) time,
 * every packet buffer is then back in the pool, and the stack still answers a ping.
 */
final class FuzzStack {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final int OUR_IP = 0xC6120001;
    static final int BROADCAST_IP = 0xC61200FF;
    static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    static final int UDP_PORT = 7;
    static final int TCP_PORT = 80;
    static final int GROUP = 0xEF010203;
    /** Virtual time the timers of one input may take to run out: SYN-ACK and data retries back off to ~4 min. */
    private static final long SETTLE_HORIZON_MS = 15 * 60_000L;
    private static final int SETTLE_STEPS = 600;

    final VirtualClock clock = new VirtualClock(1_000);
    final NetStack stack;
    final Zsock z;
    final InjectNic nic = new InjectNic(OUR_MAC);
    /** Every frame the stack sent since the last {@link #sent()} call. */
    private final List<byte[]> sent = new ArrayList<>();
    private final byte[] sink = new byte[2048];
    private final List<Integer> udpFds = new ArrayList<>();
    private final List<Integer> keptFds = new ArrayList<>();
    private int listener = -1;

    /** With IPv6 on: our link-local address after DAD, which knows the peer fe80::2 as a neighbour. */
    final byte[] linkLocal;

    FuzzStack() {
        this(false);
    }

    /** ipv6: the interface runs IPv6 too, its link-local address through DAD, the peer's MAC known. */
    FuzzStack(boolean ipv6) {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6StableSecret = "jzsock fuzz seed".getBytes();
        stack = NetStack.create(cfg, clock, new SeededEntropy(1));
        z = stack.zsock();
        InterfaceConfig ifcfg = InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, "198.18.0.254");
        stack.addInterface(nic, ipv6 ? ifcfg.withIpv6() : ifcfg);
        receive(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
        linkLocal = ipv6 ? bringUpIpv6() : null;
        sent();
    }

    private byte[] bringUpIpv6() {
        for (int i = 0; i < 30; i++) {
            clock.advance(100);
            poll();
        }
        byte[] ll = new byte[16];
        assertEquals(Ipv6InterfaceState.PREFERRED, stack.ipv6Address(2, 0, ll), "link-local through DAD");
        byte[] group = V6Frames.solicitedNode(ll);
        receive(V6Frames.icmpv6(V6Frames.groupMac(group), RawPeer.MAC, V6Frames.addr("fe80::2"), group, 255,
                V6Frames.ns(ll, V6Frames.slla(RawPeer.MAC))));
        return ll;
    }

    /** A UDP socket bound to 0.0.0.0:7 whose datagrams {@link #settle} reads and discards. */
    int udpSocket() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(fd, SockAddr.parse("0.0.0.0", UDP_PORT)));
        udpFds.add(fd);
        return fd;
    }

    /** Joins {@link #GROUP} on the UDP socket (an unsolicited report goes out and is drained). */
    void joinGroup(int udpFd) {
        byte[] mreq = new byte[8];
        OptionCodec.putIpv4(mreq, 0, GROUP);
        OptionCodec.putIpv4(mreq, 4, OUR_IP);
        assertEquals(0, z.setsockopt(udpFd, Zsock.IPPROTO_IP, Zsock.IP_ADD_MEMBERSHIP, mreq, 0, 8));
        poll();
    }

    /** A non-blocking listener on port 80; {@link #settle} accepts and closes what it queues. */
    int listen() {
        listener = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(listener, SockAddr.parse("0.0.0.0", TCP_PORT)));
        assertEquals(0, z.listen(listener, 2));
        z.fcntl(listener, Zsock.F_SETFL, Zsock.O_NONBLOCK);
        return listener;
    }

    /** Accepts one queued connection and keeps it open through {@link #settle} (the target's own). */
    int acceptKept() {
        int fd = z.accept(listener, null);
        assertTrue(fd >= 0, "the handshake queued a connection: " + fd);
        z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK);
        keptFds.add(fd);
        return fd;
    }

    /** Hands one frame to the stack's receive path and runs a poll at the current time. */
    void receive(byte[] frame) {
        nic.inject(frame);
        poll();
    }

    void poll() {
        stack.poll(clock.nowMillis());
        byte[] f;
        while ((f = nic.next()) != null) {
            sent.add(f);
        }
    }

    /** The frames sent since the last call; the list is the caller's. */
    List<byte[]> sent() {
        List<byte[]> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    /**
     * Reads every queued datagram (each passed to {@code datagrams}), accepts and closes every queued
     * connection, then runs the stack's timers, jumping from deadline to deadline, until none is left within
     * the horizon and no packet is parked (a persist probe may wait for an ARP answer that never comes: its
     * resolution fails a few seconds later). Fails if the deadlines do not thin out: a timer that keeps
     * firing is a busy net thread on the board.
     */
    void settle(Consumer<byte[]> datagrams) {
        long horizon = clock.nowMillis() + SETTLE_HORIZON_MS;
        for (int step = 0; step < SETTLE_STEPS; step++) {
            drainSockets(datagrams);
            long next = stack.pollAt();
            boolean parked = stack.freePacketBuffers() != stack.packetBuffers();
            if (next == Long.MAX_VALUE || (next > horizon && !parked)) {
                return;
            }
            clock.set(Math.max(next, clock.nowMillis() + 1));
            poll();
        }
        fail("timers still firing after " + SETTLE_STEPS + " deadlines: " + stack.describeTcp());
    }

    private void drainSockets(Consumer<byte[]> datagrams) {
        for (int fd : udpFds) {
            // a pending ICMP error reads once as -ECONNREFUSED (connected UDP), then the queue goes on
            for (int i = 0; i < 64; i++) {
                int n = z.recv(fd, sink, 0, sink.length, Zsock.MSG_DONTWAIT);
                if (n >= 0 && datagrams != null) {
                    datagrams.accept(Arrays.copyOf(sink, n));
                } else if (n < 0 && n != -Errno.ECONNREFUSED) {
                    break;
                }
            }
        }
        for (int fd : keptFds) {
            while (z.recv(fd, sink, 0, sink.length, Zsock.MSG_DONTWAIT) > 0) {
                // the peer's data: read so the window reopens
            }
        }
        if (listener >= 0) {
            int fd;
            while ((fd = z.accept(listener, null)) >= 0) {
                z.close(fd);
            }
        }
    }

    /** The shared oracle, after {@link #settle}: nothing leaked and a ping is still answered. */
    void assertHealthy() {
        sent();
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "every packet buffer back in the pool");
        clock.advance(1_000); // a second later, so no rate limit the input spent stands in the ping's way
        poll();
        sent();
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        receive(RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64, RawPeer.echoRequest(0x4a5a, 1, payload)));
        byte[] reply = echoReply();
        if (reply == null) {
            // the input may have made the stack forget or doubt the peer's MAC: it asks, the peer answers
            receive(RawPeer.arp(ArpPacket.OP_REPLY, RawPeer.MAC, RawPeer.IP, OUR_MAC, OUR_IP));
            reply = echoReply();
        }
        assertTrue(reply != null, "the stack still answers a ping");
        assertEquals(0x4a5a, Icmpv4Header.ident(reply, Frames.l4(reply)));
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "the ping leaked nothing");
    }

    private byte[] echoReply() {
        for (byte[] f : sent()) {
            if (Frames.isIpv4(f, Ipv4Header.PROTO_ICMP) && Icmpv4Header.type(f, Frames.l4(f)) == Icmpv4Header.TYPE_ECHO_REPLY
                    && EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_IPV4) {
                return f;
            }
        }
        return null;
    }
}
