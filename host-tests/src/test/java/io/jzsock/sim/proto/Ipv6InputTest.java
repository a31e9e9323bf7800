package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.V6Rig.ALL_NODES;
import static io.jzsock.sim.proto.V6Rig.ALL_NODES_MAC;
import static io.jzsock.sim.proto.V6Rig.E;
import static io.jzsock.sim.proto.V6Rig.IP6;
import static io.jzsock.sim.proto.V6Rig.OUR_MAC;
import static io.jzsock.sim.proto.V6Rig.PEER_LL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.net.NetCounters;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6 input (RFC 8200): header checks, the extension-header chain with its Parameter Problems (RFC 8200 §4,
 * RFC 5095), ICMPv6 echo and errors with RFC 4443 §2.4's exclusions and rate limit, Packet Too Big (RFC 8201).
 */
class Ipv6InputTest {
    final V6Rig rig = new V6Rig();
    byte[] ll;

    @BeforeEach
    void up() {
        rig.bringUp();
        rig.introducePeer();
        ll = rig.linkLocal();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** An IPv6 frame from the peer to our link-local address with this next header and payload. */
    private byte[] toUs(int nextHeader, byte[] payload) {
        return V6Frames.ipv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, nextHeader, 64, payload);
    }

    /** An echo request behind the given extension headers (the last one's next header is ICMPv6). */
    private byte[] echoBehind(int firstHeader, byte[] extensions) {
        byte[] echo = V6Frames.echoRequest(9, 9, new byte[4]);
        byte[] payload = new byte[extensions.length + echo.length];
        System.arraycopy(extensions, 0, payload, 0, extensions.length);
        System.arraycopy(echo, 0, payload, extensions.length, echo.length);
        byte[] f = toUs(firstHeader, payload);
        V6Frames.fillIcmpv6Checksum(f, IP6 + extensions.length, echo.length, PEER_LL, ll);
        return f;
    }

    /** An 8-byte options header (Hop-by-Hop or Destination Options) carrying one option of this type, 4 data bytes. */
    private static byte[] optionsHeader(int nextHeader, int optionType) {
        return new byte[] {(byte) nextHeader, 0, (byte) optionType, 4, 0, 0, 0, 0};
    }

    private byte[] parameterProblem() {
        byte[] f = rig.nextIcmpv6(Icmpv6Header.TYPE_PARAMETER_PROBLEM);
        assertNotNull(f, "Parameter Problem sent");
        assertArrayEquals(ll, V6Frames.at(f, E + Ipv6Header.SRC));
        assertArrayEquals(PEER_LL, V6Frames.at(f, E + Ipv6Header.DST));
        return f;
    }

    @Test
    void echoToOurLinkLocalAddressIsAnswered() {
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(1, 2, new byte[56])));
        byte[] reply = rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY);
        assertNotNull(reply);
        assertEquals(Icmpv6Header.HEADER_LEN + 56, Ipv6Header.payloadLen(reply, E));
    }

    @Test
    void echoToAllNodesIsAnsweredFromOurUnicastAddress() {
        rig.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 64, V6Frames.echoRequest(1, 2, new byte[8])));
        byte[] reply = rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY);
        assertNotNull(reply, "RFC 4443 §4.1: an echo to a group is answered");
        assertArrayEquals(ll, V6Frames.at(reply, E + Ipv6Header.SRC));
    }

    @Test
    void unknownNextHeaderGetsParameterProblemCodeOnePointingAtTheField() {
        rig.send(toUs(253, new byte[8]));
        byte[] pp = parameterProblem();
        assertEquals(Icmpv6Header.CODE_UNKNOWN_NEXT_HEADER, Icmpv6Header.code(pp, IP6));
        assertEquals(Ipv6Header.NEXT_HEADER, Icmpv6Header.word(pp, IP6));
        // The invoking packet is quoted from its IPv6 header on (RFC 4443 §3.4).
        assertEquals(253, Ipv6Header.nextHeader(pp, IP6 + Icmpv6Header.HEADER_LEN));
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_UNKNOWN_HEADER));
    }

    @Test
    void routingHeaderTypeZeroWithSegmentsLeftIsRejectedAtItsType() {
        byte[] rh0 = {(byte) Ipv6Header.NH_ICMPV6, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        rig.send(echoBehind(Ipv6Header.NH_ROUTING, rh0));
        byte[] pp = parameterProblem();
        assertEquals(Icmpv6Header.CODE_ERRONEOUS_HEADER, Icmpv6Header.code(pp, IP6));
        assertEquals(Ipv6Header.LEN + 2, Icmpv6Header.word(pp, IP6), "RFC 5095 §3 / RFC 8200 §4.4: the Routing Type");
        assertNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY));
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_ROUTING_HEADER));
    }

    @Test
    void routingHeaderWithNoSegmentsLeftIsSkipped() {
        byte[] rh = {(byte) Ipv6Header.NH_ICMPV6, 0, 4, 0, 0, 0, 0, 0};
        rig.send(echoBehind(Ipv6Header.NH_ROUTING, rh));
        assertNotNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY));
    }

    @Test
    void hopByHopAndDestinationOptionsWithPaddingAndRouterAlertAreProcessed() {
        byte[] hbh = {(byte) Ipv6Header.NH_DEST_OPTIONS, 0, 5, 2, 0, 0, 1, 0};
        byte[] dst = {(byte) Ipv6Header.NH_ICMPV6, 0, 0, 1, 2, 0, 0, 0};
        byte[] both = new byte[16];
        System.arraycopy(hbh, 0, both, 0, 8);
        System.arraycopy(dst, 0, both, 8, 8);
        rig.send(echoBehind(Ipv6Header.NH_HOP_BY_HOP, both));
        assertNotNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY));
    }

    @Test
    void hopByHopAnywhereButFirstIsAnUnknownNextHeader() {
        byte[] dst = {(byte) Ipv6Header.NH_HOP_BY_HOP, 0, 1, 4, 0, 0, 0, 0};
        byte[] hbh = {(byte) Ipv6Header.NH_ICMPV6, 0, 1, 4, 0, 0, 0, 0};
        byte[] both = new byte[16];
        System.arraycopy(dst, 0, both, 0, 8);
        System.arraycopy(hbh, 0, both, 8, 8);
        rig.send(echoBehind(Ipv6Header.NH_DEST_OPTIONS, both));
        byte[] pp = parameterProblem();
        assertEquals(Icmpv6Header.CODE_UNKNOWN_NEXT_HEADER, Icmpv6Header.code(pp, IP6));
        assertEquals(Ipv6Header.LEN, Icmpv6Header.word(pp, IP6), "the Destination Options' next header field");
    }

    @Test
    void unknownOptionsAreActedOnByTheirTwoHighBits() {
        // 00: skipped.
        rig.send(echoBehind(Ipv6Header.NH_DEST_OPTIONS, optionsHeader(Ipv6Header.NH_ICMPV6, 0x1e)));
        assertNotNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY));
        // 01: discarded silently.
        rig.send(echoBehind(Ipv6Header.NH_DEST_OPTIONS, optionsHeader(Ipv6Header.NH_ICMPV6, 0x5e)));
        assertNull(rig.peer.next());
        // 10: discarded, Parameter Problem code 2 pointing at the option.
        rig.send(echoBehind(Ipv6Header.NH_DEST_OPTIONS, optionsHeader(Ipv6Header.NH_ICMPV6, 0x9e)));
        byte[] pp = parameterProblem();
        assertEquals(Icmpv6Header.CODE_UNKNOWN_OPTION, Icmpv6Header.code(pp, IP6));
        assertEquals(Ipv6Header.LEN + 2, Icmpv6Header.word(pp, IP6));
        // 11 to a group: discarded without an error.
        byte[] echo = V6Frames.echoRequest(9, 9, new byte[4]);
        byte[] payload = new byte[8 + echo.length];
        System.arraycopy(optionsHeader(Ipv6Header.NH_ICMPV6, 0xde), 0, payload, 0, 8);
        System.arraycopy(echo, 0, payload, 8, echo.length);
        byte[] f = V6Frames.ipv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, Ipv6Header.NH_DEST_OPTIONS, 64, payload);
        V6Frames.fillIcmpv6Checksum(f, IP6 + 8, echo.length, PEER_LL, ALL_NODES);
        rig.send(f);
        assertNull(rig.peer.next());
        assertEquals(3, rig.stack.counter(NetCounters.IP6_DROP_BAD_EXTENSION));
    }

    @Test
    void fragmentWithoutReassemblyIsDroppedAndCounted() {
        byte[] frag = {(byte) Ipv6Header.NH_ICMPV6, 0, 0, 1, 0, 0, 0, 1};
        rig.send(echoBehind(Ipv6Header.NH_FRAGMENT, frag));
        assertNull(rig.peer.next());
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_FRAGMENT));
    }

    @Test
    void malformedPacketsAreDroppedWithTheirReason() {
        byte[] good = V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(1, 1, new byte[4]));
        byte[] longer = good.clone();
        Bytes.putU16(longer, E + Ipv6Header.PAYLOAD_LEN, 200);
        rig.send(longer);
        byte[] v4 = good.clone();
        v4[E] = 0x46;
        rig.send(v4);
        byte[] badSum = good.clone();
        badSum[IP6 + Icmpv6Header.CHECKSUM] ^= 1;
        rig.send(badSum);
        byte[] fromGroup = V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, ALL_NODES, ll, 64, V6Frames.echoRequest(1, 1, new byte[4]));
        rig.send(fromGroup);
        byte[] fromLoopback = V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, V6Frames.addr("::1"), ll, 64,
                V6Frames.echoRequest(1, 1, new byte[4]));
        rig.send(fromLoopback);
        byte[] notOurs = V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, V6Frames.addr("fe80::77"), 64,
                V6Frames.echoRequest(1, 1, new byte[4]));
        rig.send(notOurs);
        assertNull(rig.peer.next());
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_TOO_SHORT));
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_BAD_VERSION));
        assertEquals(1, rig.stack.counter(NetCounters.ICMP6_DROP_BAD_CHECKSUM));
        assertEquals(2, rig.stack.counter(NetCounters.IP6_DROP_BAD_SOURCE));
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_NOT_FOR_US));
        // Padding past the payload length is link padding, not an error.
        byte[] padded = Arrays.copyOf(good, good.length + 6);
        rig.send(padded);
        assertNotNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY));
    }

    @Test
    void errorsAreNotSentAboutGroupPacketsOrErrorsAndAreRateLimited() {
        rig.send(V6Frames.ipv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 253, 64, new byte[8]));
        byte[] err = new byte[Icmpv6Header.HEADER_LEN];
        Icmpv6Header.write(err, 0, Icmpv6Header.TYPE_DEST_UNREACHABLE, 0, 0);
        byte[] errorBehindUnknownOption = new byte[8 + err.length];
        System.arraycopy(optionsHeader(Ipv6Header.NH_ICMPV6, 0x9e), 0, errorBehindUnknownOption, 0, 8);
        System.arraycopy(err, 0, errorBehindUnknownOption, 8, err.length);
        rig.send(toUs(Ipv6Header.NH_DEST_OPTIONS, errorBehindUnknownOption));
        assertNull(rig.peer.next(), "RFC 4443 §2.4(e): none to a group, none about an error");
        assertEquals(2, rig.stack.counter(NetCounters.ICMP6_ERROR_SUPPRESSED));
        for (int i = 0; i < 15; i++) {
            rig.send(toUs(253, new byte[8]));
        }
        int sent = 0;
        while (rig.nextIcmpv6(Icmpv6Header.TYPE_PARAMETER_PROBLEM) != null) {
            sent++;
        }
        assertEquals(10, sent, "the burst of NetConfig.icmpErrorBurst");
        assertEquals(5, rig.stack.counter(NetCounters.ICMP6_ERROR_RATE_LIMITED));
        rig.advance(100);
        rig.send(toUs(253, new byte[8]));
        assertNotNull(rig.nextIcmpv6(Icmpv6Header.TYPE_PARAMETER_PROBLEM), "one token back per interval");
    }

    /** A Packet Too Big from a router on the path about a packet we sent from src to dst. */
    private byte[] packetTooBig(byte[] src, byte[] dst, int mtu) {
        byte[] quoted = new byte[Ipv6Header.LEN + 8];
        Ipv6Header.write(quoted, 0, 0, 0, 8, Ipv6Header.NH_ICMPV6, 64, Bytes.i64(src, 0), Bytes.i64(src, 8),
                Bytes.i64(dst, 0), Bytes.i64(dst, 8));
        byte[] msg = new byte[Icmpv6Header.HEADER_LEN + quoted.length];
        Icmpv6Header.write(msg, 0, Icmpv6Header.TYPE_PACKET_TOO_BIG, 0, mtu);
        System.arraycopy(quoted, 0, msg, Icmpv6Header.HEADER_LEN, quoted.length);
        return V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, src, 64, msg);
    }

    @Test
    void packetTooBigLowersThePathMtuOfThatDestinationNeverBelow1280AndItAgesOut() {
        byte[] dst = V6Frames.addr("fe80::2");
        assertEquals(1500, rig.stack.ipv6PathMtu(dst, V6Rig.ETH));
        rig.send(packetTooBig(ll, dst, 1400));
        assertEquals(1400, rig.stack.ipv6PathMtu(dst, V6Rig.ETH));
        rig.send(packetTooBig(ll, dst, 1450));
        assertEquals(1400, rig.stack.ipv6PathMtu(dst, V6Rig.ETH), "RFC 8201 §4: never raised by a Packet Too Big");
        rig.send(packetTooBig(ll, dst, 600));
        assertEquals(1280, rig.stack.ipv6PathMtu(dst, V6Rig.ETH), "RFC 8200 §5: not below 1280");
        assertEquals(1500, rig.stack.ipv6PathMtu(V6Frames.addr("fe80::9"), V6Rig.ETH), "per destination");
        rig.send(packetTooBig(V6Frames.addr("fe80::66"), V6Frames.addr("fe80::9"), 1300));
        assertEquals(1500, rig.stack.ipv6PathMtu(V6Frames.addr("fe80::9"), V6Rig.ETH), "about a packet that was not ours");
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(1, 1, new byte[1300])));
        assertNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY), "a reply over the path MTU is not sent unfragmented");
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_TOO_BIG));
        rig.advance(600000);
        assertEquals(1500, rig.stack.ipv6PathMtu(dst, V6Rig.ETH), "RFC 8201 §4: aged out after 10 minutes");
    }
}
