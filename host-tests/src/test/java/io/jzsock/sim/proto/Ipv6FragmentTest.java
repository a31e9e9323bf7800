package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6FragmentHeader;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 Fragment header (RFC 8200 §4.5) on literal frames and virtual time: fragmented echo requests
 * reassembled and answered, atomic fragments (RFC 6946), overlaps (RFC 5722), the timeout's Time Exceeded,
 * the length rule's Parameter Problem, and a reply larger than a learned path MTU leaving in fragments.
 */
class Ipv6FragmentTest {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final int E = EthernetFrame.HEADER_LEN;
    static final int IP6 = E + Ipv6Header.LEN;
    static final long LL_HI = 0xfe80000000000000L;
    static final long PEER_LO = 2;

    final VirtualClock clock = new VirtualClock(1000);
    final RawPeer peer = new RawPeer();
    NetStack stack;
    long ourHi;
    long ourLo;

    @BeforeEach
    void start() {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6DadTransmits = 0;
        cfg.ipv6RouterSolicitations = 0;
        stack = NetStack.create(cfg, clock, new SeededEntropy(4));
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        int ifindex = stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6());
        poll();
        byte[] a = new byte[16];
        stack.ipv6Address(ifindex, 0, a);
        ourHi = Bytes.i64(a, 0);
        ourLo = Bytes.i64(a, 8);
        // A unicast Neighbor Solicitation with our link-layer address: the stack learns the peer (RFC 4861 §7.2.3).
        byte[] ns = new byte[32];
        ns[0] = (byte) Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION;
        Bytes.putI64(ns, 8, ourHi);
        Bytes.putI64(ns, 16, ourLo);
        ns[24] = 1;
        ns[25] = 1;
        System.arraycopy(RawPeer.MAC, 0, ns, 26, 6);
        send(icmp(ns, 255));
        drain();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    void poll() {
        stack.poll(clock.nowMillis());
    }

    void send(byte[]... frames) {
        for (byte[] f : frames) {
            peer.send(f);
        }
        poll();
    }

    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f = peer.next(); f != null; f = peer.next()) {
            out.add(f);
        }
        return out;
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 11 + (i >> 8));
        }
        return b;
    }

    /** An IPv6 frame from the peer's link-local address to ours carrying upper-layer bytes after nextHeader. */
    byte[] ipv6(int nextHeader, byte[] payload, int hopLimit) {
        byte[] f = new byte[IP6 + payload.length];
        EthernetFrame.writeHeader(f, 0, OUR_MAC, 0, RawPeer.MAC, 0, EthernetFrame.TYPE_IPV6);
        Ipv6Header.write(f, E, 0, 0, payload.length, nextHeader, hopLimit, LL_HI, PEER_LO, ourHi, ourLo);
        System.arraycopy(payload, 0, f, IP6, payload.length);
        return f;
    }

    byte[] icmp(byte[] message, int hopLimit) {
        Icmpv6Header.fillChecksum(message, 0, message.length, LL_HI, PEER_LO, ourHi, ourLo);
        return ipv6(Ipv6Header.NH_ICMPV6, message, hopLimit);
    }

    byte[] echoRequest(int dataLen) {
        byte[] m = new byte[8 + dataLen];
        Icmpv6Header.write(m, 0, Icmpv6Header.TYPE_ECHO_REQUEST, 0, (0x77 << 16) | 1);
        System.arraycopy(pattern(dataLen), 0, m, 8, dataLen);
        Icmpv6Header.fillChecksum(m, 0, m.length, LL_HI, PEER_LO, ourHi, ourLo);
        return m;
    }

    /** Fragment [offset, offset + len) of the upper-layer bytes, in a Fragment header with this identification. */
    byte[] fragment(byte[] upper, int nextHeader, int id, int offset, int len, boolean more) {
        byte[] p = new byte[Ipv6FragmentHeader.LEN + len];
        Ipv6FragmentHeader.write(p, 0, nextHeader, offset, more, id);
        System.arraycopy(upper, offset, p, Ipv6FragmentHeader.LEN, len);
        return ipv6(Ipv6Header.NH_FRAGMENT, p, 64);
    }

    List<byte[]> fragments(byte[] upper, int id, int per) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < upper.length; at += per) {
            int n = Math.min(per, upper.length - at);
            out.add(fragment(upper, Ipv6Header.NH_ICMPV6, id, at, n, at + n < upper.length));
        }
        return out;
    }

    byte[] onlyReply() {
        List<byte[]> sent = drain();
        assertEquals(1, sent.size(), "one frame answers");
        byte[] r = sent.get(0);
        assertEquals(Ipv6Header.NH_ICMPV6, Ipv6Header.nextHeader(r, E));
        return r;
    }

    void assertPoolFull() {
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "every buffer back in the pool");
    }

    @Test
    void fragmentedEchoRequestIsReassembledAndAnswered() {
        byte[] req = echoRequest(1000);
        List<byte[]> f = fragments(req, 0xabcdef01, 336);
        send(f.get(2), f.get(0), f.get(1));
        byte[] r = onlyReply();
        assertEquals(Icmpv6Header.TYPE_ECHO_REPLY, r[IP6] & 0xff);
        assertEquals(8 + 1000, Ipv6Header.payloadLen(r, E));
        assertArrayEquals(pattern(1000), Arrays.copyOfRange(r, IP6 + 8, IP6 + 1008));
        assertTrue(Icmpv6Header.checksumOk(r, IP6, 1008, ourHi, ourLo, LL_HI, PEER_LO));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_OK));
        assertPoolFull();
    }

    @Test
    void atomicFragmentIsProcessedAloneAndLeavesAReassemblyInProgressAlone() {
        byte[] big = echoRequest(1000);
        List<byte[]> f = fragments(big, 7, 504);
        send(f.get(0));
        byte[] small = echoRequest(16);
        send(fragment(small, Ipv6Header.NH_ICMPV6, 7, 0, small.length, false));
        assertEquals(Icmpv6Header.TYPE_ECHO_REPLY, onlyReply()[IP6] & 0xff);
        send(f.get(1));
        byte[] r = onlyReply();
        assertEquals(8 + 1000, Ipv6Header.payloadLen(r, E), "the fragmented one completes as well (RFC 6946 §4)");
        assertEquals(1, stack.counter(NetCounters.IP_REASM_OK));
        assertPoolFull();
    }

    @Test
    void overlappingFragmentsAbandonTheDatagramSilently() {
        byte[] req = echoRequest(1000);
        send(fragment(req, Ipv6Header.NH_ICMPV6, 9, 0, 512, true), fragment(req, Ipv6Header.NH_ICMPV6, 9, 504, 504, false));
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_OVERLAP));
        assertTrue(drain().isEmpty(), "no ICMP for an overlap (RFC 5722 §4)");
        assertPoolFull();
    }

    @Test
    void timeoutWithTheFirstFragmentSendsTimeExceededCodeOne() {
        byte[] req = echoRequest(1000);
        send(fragment(req, Ipv6Header.NH_ICMPV6, 11, 0, 504, true));
        clock.advance(NetConfig.defaults().reassemblyTimeoutMillis);
        poll();
        // Neighbor Unreachability Detection may probe the peer meanwhile: look for the error among what was sent.
        byte[] r = drain().stream().filter(f -> (f[IP6] & 0xff) == Icmpv6Header.TYPE_TIME_EXCEEDED).findFirst().orElse(null);
        assertTrue(r != null, "Time Exceeded sent");
        assertEquals(Icmpv6Header.CODE_REASSEMBLY_TIMEOUT, r[IP6 + 1] & 0xff);
        assertEquals(Ipv6Header.NH_FRAGMENT, Ipv6Header.nextHeader(r, IP6 + 8), "it quotes the first fragment");
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_TIMEOUT));
        assertPoolFull();
    }

    @Test
    void nonFinalFragmentWhoseLengthIsNotAMultipleOfEightGetsParameterProblem() {
        byte[] req = echoRequest(1000);
        send(fragment(req, Ipv6Header.NH_ICMPV6, 12, 0, 500, true));
        byte[] r = onlyReply();
        assertEquals(Icmpv6Header.TYPE_PARAMETER_PROBLEM, r[IP6] & 0xff);
        assertEquals(0, r[IP6 + 1]);
        assertEquals(Ipv6Header.PAYLOAD_LEN, Bytes.i32(r, IP6 + 4), "pointing at the Payload Length field");
        assertEquals(1, stack.counter(NetCounters.IP_REASM_DROP_BAD_FRAGMENT));
        assertPoolFull();
    }

    @Test
    void replyLargerThanTheLearnedPathMtuLeavesInFragments() {
        // Packet Too Big (RFC 8201 §4) from the peer: 1280 towards it, quoting a packet of ours.
        byte[] quoted = new byte[48];
        Ipv6Header.write(quoted, 0, 0, 0, 8, Ipv6Header.NH_ICMPV6, 64, ourHi, ourLo, LL_HI, PEER_LO);
        byte[] ptb = new byte[8 + quoted.length];
        Icmpv6Header.write(ptb, 0, Icmpv6Header.TYPE_PACKET_TOO_BIG, 0, 1280);
        System.arraycopy(quoted, 0, ptb, 8, quoted.length);
        send(icmp(ptb, 64));
        drain();
        byte[] req = echoRequest(1400);
        send(ipv6(Ipv6Header.NH_ICMPV6, req, 64));
        List<byte[]> sent = drain();
        assertEquals(2, sent.size(), "two fragments");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int id = 0;
        for (int i = 0; i < sent.size(); i++) {
            byte[] f = sent.get(i);
            assertTrue(f.length - E <= 1280, "fits the path MTU");
            assertEquals(Ipv6Header.NH_FRAGMENT, Ipv6Header.nextHeader(f, E));
            assertEquals(Ipv6Header.NH_ICMPV6, Ipv6FragmentHeader.nextHeader(f, IP6));
            assertEquals(i == 0, Ipv6FragmentHeader.more(f, IP6));
            assertEquals(whole.size(), Ipv6FragmentHeader.offset(f, IP6));
            if (i == 0) {
                id = Ipv6FragmentHeader.identification(f, IP6);
            }
            assertEquals(id, Ipv6FragmentHeader.identification(f, IP6));
            int data = Ipv6Header.payloadLen(f, E) - Ipv6FragmentHeader.LEN;
            whole.write(f, IP6 + Ipv6FragmentHeader.LEN, data);
        }
        byte[] reply = whole.toByteArray();
        assertEquals(1408, reply.length);
        assertEquals(Icmpv6Header.TYPE_ECHO_REPLY, reply[0] & 0xff);
        assertTrue(Icmpv6Header.checksumOk(reply, 0, reply.length, ourHi, ourLo, LL_HI, PEER_LO));
        assertEquals(2, stack.counter(NetCounters.IP_FRAG_TX));
        assertPoolFull();
    }
}
