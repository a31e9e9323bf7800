package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.WiredStack.E;
import static io.jzsock.sim.proto.WiredStack.IP4;
import static io.jzsock.sim.proto.WiredStack.OUR_IP;
import static io.jzsock.sim.proto.WiredStack.OUR_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.testkit.RawPeer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IPv4 fragmentation and reassembly (RFC 791 §3.2, RFC 815, RFC 5722 applied to IPv4, RFC 1122 §3.3.2) on
 * literal frames and virtual time: the peer sends fragments in every order and shape, the stack sends its own.
 */
class Ipv4FragmentTest {
    static final int PORT = 7;
    static final int TIMEOUT = NetConfig.defaults().reassemblyTimeoutMillis;

    WiredStack wired;
    NetStack stack;
    Zsock z;
    RawPeer peer;
    int fd;

    void start(NetConfig cfg) {
        wired = new WiredStack(cfg, 3, null);
        stack = wired.stack;
        z = wired.z;
        peer = wired.peer;
        fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(fd, SockAddr.parse("0.0.0.0", PORT)));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535));
    }

    void start() {
        start(NetConfig.defaults());
    }

    @AfterEach
    void stop() {
        if (wired != null) {
            wired.close();
        }
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed + (i >> 8));
        }
        return b;
    }

    /** The whole UDP datagram from the peer to our port, as one (too large) unfragmented frame. */
    static byte[] datagram(byte[] payload) {
        return RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(RawPeer.IP, OUR_IP, 1000, PORT, payload));
    }

    /** The frame's IP data cut in fragments of {@code per} bytes (a multiple of 8), in offset order. */
    static List<byte[]> fragments(byte[] frame, int id, int per) {
        int data = Ipv4Header.totalLen(frame, E) - Ipv4Header.MIN_LEN;
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < data; at += per) {
            int n = Math.min(per, data - at);
            out.add(RawPeer.fragment(frame, id, at, n, at + n < data));
        }
        return out;
    }

    void send(byte[]... frames) {
        for (byte[] f : frames) {
            peer.send(f);
        }
        wired.poll();
    }

    void send(List<byte[]> frames) {
        send(frames.toArray(new byte[0][]));
    }

    byte[] recv() {
        byte[] rx = new byte[70000];
        int n = z.recv(fd, rx, 0, rx.length, Zsock.MSG_DONTWAIT);
        assertTrue(n >= 0, "recv: " + Errno.name(n));
        return Arrays.copyOf(rx, n);
    }

    void assertNothingQueued() {
        assertEquals(-Errno.EAGAIN, z.recv(fd, new byte[8], 0, 8, Zsock.MSG_DONTWAIT));
    }

    void assertPoolFull() {
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "every buffer back in the pool");
    }

    @Test
    void inOrderFragmentsAreReassembledIntoOneDatagramLargerThanABuffer() {
        start();
        byte[] payload = pattern(3000, 1);
        send(fragments(datagram(payload), 0x1111, 1480));
        assertArrayEquals(payload, recv());
        assertEquals(3, stack.counter(NetCounters.IP_FRAG_RX));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_OK));
        assertNull(peer.next(), "nothing answered");
        assertPoolFull();
    }

    @Test
    void fragmentsInReverseAndShuffledOrderAreReassembled() {
        start();
        byte[] payload = pattern(5000, 2);
        List<byte[]> f = fragments(datagram(payload), 0x2222, 1480);
        List<byte[]> reversed = new ArrayList<>(f);
        java.util.Collections.reverse(reversed);
        send(reversed);
        assertArrayEquals(payload, recv());
        byte[] second = pattern(5000, 3);
        List<byte[]> g = fragments(datagram(second), 0x2223, 1480);
        send(g.get(2), g.get(0), g.get(3), g.get(1));
        assertArrayEquals(second, recv());
        assertEquals(2, stack.counter(NetCounters.IP_REASM_OK));
        assertPoolFull();
    }

    @Test
    void datagramThatFitsOneBufferIsCompactedAndReachesIcmpToo() {
        start();
        byte[] ping = RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64,
                RawPeer.echoRequest(0x42, 9, pattern(600, 4)));
        send(fragments(ping, 0x3333, 256));
        byte[] reply = peer.next();
        assertNotNull(reply, "the reassembled echo request is answered");
        assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, Icmpv4Header.type(reply, IP4));
        assertArrayEquals(pattern(600, 4), Arrays.copyOfRange(reply, IP4 + 8, IP4 + 608));
        assertTrue(Icmpv4Header.checksumOk(reply, IP4, 608));
        assertPoolFull();
    }

    @Test
    void tinyEightByteFragmentsAreReassembled() {
        start();
        byte[] payload = pattern(56, 5);
        List<byte[]> f = fragments(datagram(payload), 0x4444, 8);
        assertEquals(8, f.size());
        send(f);
        assertArrayEquals(payload, recv());
        assertPoolFull();
    }

    @Test
    void exactDuplicateFragmentIsDroppedAloneAndTheDatagramCompletes() {
        start();
        byte[] payload = pattern(3000, 6);
        List<byte[]> f = fragments(datagram(payload), 0x5555, 1480);
        send(f.get(0), f.get(1), f.get(1), f.get(0), f.get(2));
        assertArrayEquals(payload, recv());
        assertEquals(2, stack.counter(NetCounters.IP_REASM_DUPLICATE));
        assertEquals(0, stack.counter(NetCounters.IP_REASM_DROP_OVERLAP));
        assertPoolFull();
    }

    @Test
    void overlappingFragmentDropsTheWholeDatagramWithoutIcmp() {
        start();
        byte[] frame = datagram(pattern(3000, 7));
        send(RawPeer.fragment(frame, 0x6666, 0, 1480, true), RawPeer.fragment(frame, 0x6666, 1400, 800, true));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_OVERLAP));
        assertEquals(0, wired.stack.counter(NetCounters.IP_REASM_OK));
        assertPoolFull();
        // The rest arrives: a new datagram without fragment zero, which can only time out, silently (RFC 5722 §4).
        send(RawPeer.fragment(frame, 0x6666, 1480, 1480, true), RawPeer.fragment(frame, 0x6666, 2960, 48, false));
        wired.advance(TIMEOUT);
        assertNothingQueued();
        assertNull(peer.next(), "no ICMP for an overlap, none for a timeout without fragment zero");
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_TIMEOUT));
        assertPoolFull();
    }

    @Test
    void sameOffsetAndLengthWithOtherBytesIsAnOverlap() {
        start();
        byte[] frame = datagram(pattern(3000, 8));
        byte[] first = RawPeer.fragment(frame, 0x7777, 1480, 1480, true);
        byte[] forged = first.clone();
        forged[forged.length - 1] ^= 1;
        send(first, forged);
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_OVERLAP));
        assertPoolFull();
    }

    @Test
    void timeoutWithFragmentZeroSendsTimeExceededCodeOneQuotingIt() {
        start();
        byte[] frame = datagram(pattern(3000, 9));
        byte[] zero = RawPeer.fragment(frame, 0x1234, 0, 1480, true);
        send(zero, RawPeer.fragment(frame, 0x1234, 2960, 48, false));
        wired.advance(TIMEOUT - 1);
        assertNull(peer.next(), "not before the timeout");
        assertEquals(stack.packetBuffers() - 2, stack.freePacketBuffers(), "both fragments held");
        wired.advance(1);
        byte[] icmp = peer.next();
        assertNotNull(icmp, "Time Exceeded sent");
        assertEquals(Ipv4Header.PROTO_ICMP, Ipv4Header.protocol(icmp, E));
        assertEquals(RawPeer.IP, Ipv4Header.dst(icmp, E));
        assertEquals(Icmpv4Header.TYPE_TIME_EXCEEDED, Icmpv4Header.type(icmp, IP4));
        assertEquals(Icmpv4Header.CODE_REASSEMBLY_TIME_EXCEEDED, Icmpv4Header.code(icmp, IP4));
        assertArrayEquals(Arrays.copyOfRange(zero, E, E + 28), Arrays.copyOfRange(icmp, IP4 + 8, IP4 + 36),
                "fragment zero's header and first 8 data bytes");
        assertEquals(1, stack.counter(NetCounters.ICMP_TIME_EXCEEDED_SENT));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_TIMEOUT));
        assertNothingQueued();
        assertPoolFull();
    }

    @Test
    void slotExhaustionDropsFragmentsOfAThirdDatagramUntilASlotFrees() {
        start();
        byte[][] payloads = {pattern(3000, 10), pattern(3000, 11), pattern(3000, 12)};
        List<List<byte[]>> f = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            f.add(fragments(datagram(payloads[i]), 0x100 + i, 1480));
        }
        send(f.get(0).get(0), f.get(1).get(0), f.get(2).get(0));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_NO_SLOT));
        send(f.get(0).get(1), f.get(0).get(2));
        assertArrayEquals(payloads[0], recv());
        send(f.get(2));
        assertArrayEquals(payloads[2], recv());
        wired.advance(TIMEOUT);
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_TIMEOUT), "the second never completed");
        assertPoolFull();
    }

    @Test
    void bufferBudgetBoundsWhatFragmentsHold() {
        start(WiredStack.defaultsWith(c -> c.reassemblyBuffers = 4));
        byte[] payload = pattern(6000, 13);
        List<byte[]> f = fragments(datagram(payload), 0x900, 1480);
        assertEquals(5, f.size());
        send(f);
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_BUDGET));
        assertNothingQueued();
        assertEquals(stack.packetBuffers() - 4, stack.freePacketBuffers(), "four buffers held, no more");
        wired.advance(TIMEOUT);
        assertPoolFull();
        byte[] small = pattern(4000, 14);
        send(fragments(datagram(small), 0x901, 1480));
        assertArrayEquals(small, recv(), "within the budget after the timeout freed it");
    }

    @Test
    void malformedFragmentsAreDroppedAndCounted() {
        start();
        byte[] frame = datagram(pattern(3000, 15));
        wired.assertDroppedAndCounted(RawPeer.fragment(frame, 1, 0, 1477, true), NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
        byte[] far = RawPeer.fragment(frame, 2, 0, 1480, true);
        Ipv4Header.setFlagsFragment(far, E, Ipv4Header.FLAG_MF | 0x1fff);
        Ipv4Header.fillChecksum(far, E);
        wired.assertDroppedAndCounted(far, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
        assertEquals(0, stack.counter(NetCounters.IP_REASM_OK));
    }

    @Test
    void lastFragmentEndingBeforeDataAlreadyHeldAbandonsTheDatagram() {
        start();
        byte[] frame = datagram(pattern(3000, 16));
        send(RawPeer.fragment(frame, 3, 1480, 1480, true), RawPeer.fragment(frame, 3, 1000, 400, false));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_BAD_FRAGMENT));
        assertNothingQueued();
        assertPoolFull();
    }

    @Test
    void reassembledDatagramLargerThanABufferIsDroppedForIcmp() {
        start();
        byte[] ping = RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64,
                RawPeer.echoRequest(1, 1, pattern(3000, 17)));
        send(fragments(ping, 0x55, 1480));
        assertNull(peer.next());
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_TOO_BIG));
        assertPoolFull();
    }

    @Test
    void withoutReassemblySlotsFragmentsAreDroppedAsBefore() {
        start(WiredStack.defaultsWith(c -> c.reassemblySlots = 0));
        wired.assertDroppedAndCounted(RawPeer.fragment(datagram(pattern(100, 1)), 1, 0, 64, true),
                NetCounters.IP_DROP_FRAGMENT);
    }

    @Test
    void fragmentFloodKeepsTheStackUsable() {
        start();
        int flood = 2000;
        for (int i = 0; i < flood; i++) {
            byte[] frame = datagram(pattern(5000, i));
            peer.send(RawPeer.fragment(frame, 0x8000 + i, (i % 3) * 1480, 1480, true));
            if (i % 8 == 7) {
                wired.poll();
            }
        }
        wired.poll();
        assertTrue(stack.freePacketBuffers() >= stack.packetBuffers() - NetConfig.defaults().reassemblyBuffers,
                "fragments hold at most the reassembly budget");
        assertEquals(flood - 2, stack.counter(NetCounters.IP_REASM_DROP_NO_SLOT));
        // Unfragmented traffic still flows: an echo request is answered, a datagram delivered.
        peer.send(WiredStack.ping(RawPeer.IP, OUR_IP, OUR_MAC, 64));
        wired.poll();
        WiredStack.assertEchoReply(peer.next());
        send(datagram(pattern(100, 1)));
        assertArrayEquals(pattern(100, 1), recv());
        // Once the flood's slots time out, fragmented datagrams are reassembled again.
        wired.advance(TIMEOUT);
        assertPoolFull();
        byte[] payload = pattern(4000, 18);
        send(fragments(datagram(payload), 0x77, 1480));
        assertArrayEquals(payload, recv());
    }

    @Test
    void largeSendLeavesAsFragmentsWithDfClearAndOneIdentification() {
        start();
        byte[] payload = pattern(4000, 19);
        assertEquals(4000, z.sendto(fd, payload, 0, payload.length, 0, SockAddr.ipv4(RawPeer.IP, 1000)));
        wired.poll();
        List<byte[]> frames = new ArrayList<>();
        for (byte[] f = peer.next(); f != null; f = peer.next()) {
            frames.add(f);
        }
        assertEquals(3, frames.size());
        assertEquals(3, stack.counter(NetCounters.IP_FRAG_TX));
        int id = Ipv4Header.id(frames.get(0), E);
        ByteArrayOutputStream udp = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] f = frames.get(i);
            int ff = Ipv4Header.flagsFragment(f, E);
            assertEquals(id, Ipv4Header.id(f, E));
            assertEquals(0, ff & Ipv4Header.FLAG_DF, "DF clear on fragments");
            assertEquals(i < 2, (ff & Ipv4Header.FLAG_MF) != 0, "MF on all but the last");
            assertEquals(i * 1480, (ff & Ipv4Header.FRAGMENT_OFFSET_MASK) << 3);
            assertTrue(Ipv4Header.checksumOk(f, E));
            assertTrue(f.length <= 1514, "each fits the MTU");
            udp.write(f, IP4, Ipv4Header.totalLen(f, E) - Ipv4Header.MIN_LEN);
        }
        byte[] u = udp.toByteArray();
        assertEquals(UdpHeader.LEN + 4000, u.length);
        assertEquals(u.length, UdpHeader.length(u, 0));
        assertEquals(0xffff, Checksum.sum(u, 0, u.length,
                Checksum.pseudoHeaderV4(OUR_IP, RawPeer.IP, Ipv4Header.PROTO_UDP, u.length)), "UDP checksum over the whole datagram");
        assertArrayEquals(payload, Arrays.copyOfRange(u, UdpHeader.LEN, u.length));
        assertPoolFull();
    }

    @Test
    void datagramThatFitsTheMtuKeepsDf() {
        start();
        assertEquals(1472, z.sendto(fd, new byte[1472], 0, 1472, 0, SockAddr.ipv4(RawPeer.IP, 1000)));
        wired.poll();
        byte[] f = peer.next();
        assertNotNull(f);
        assertEquals(Ipv4Header.FLAG_DF, Ipv4Header.flagsFragment(f, E));
        assertEquals(0, stack.counter(NetCounters.IP_FRAG_TX));
    }
}
