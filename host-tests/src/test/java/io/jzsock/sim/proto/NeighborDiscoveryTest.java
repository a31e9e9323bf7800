package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.V6Rig.ALL_NODES;
import static io.jzsock.sim.proto.V6Rig.E;
import static io.jzsock.sim.proto.V6Rig.IP6;
import static io.jzsock.sim.proto.V6Rig.OUR_MAC;
import static io.jzsock.sim.proto.V6Rig.PEER_LL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.NdMessage;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 4861 address resolution and NUD, RFC 4862 DAD, RFC 7217 identifiers: literal frames on virtual time. */
class NeighborDiscoveryTest {
    final V6Rig rig = new V6Rig();

    @AfterEach
    void stop() {
        rig.close();
    }

    private static byte[] mac(byte[] f, int off) {
        byte[] m = new byte[6];
        System.arraycopy(f, off, m, 0, 6);
        return m;
    }

    private static void assertIcmpv6ChecksumOk(byte[] f) {
        assertTrue(Icmpv6Header.checksumOk(f, IP6, Ipv6Header.payloadLen(f, E), Ipv6Header.srcHi(f, E),
                Ipv6Header.srcLo(f, E), Ipv6Header.dstHi(f, E), Ipv6Header.dstLo(f, E)), "ICMPv6 checksum");
    }

    @Test
    void linkLocalIsTentativeWhileDadProbesThenPreferredAndRoutersAreSolicited() {
        int slot = rig.slotWithPrefix(0xfe80);
        assertEquals(Ipv6InterfaceState.TENTATIVE, rig.state(slot));
        byte[] ll = rig.address(slot);
        List<byte[]> sent = rig.bringUp();
        byte[] dad = null;
        byte[] rs = null;
        for (byte[] f : sent) {
            if (V6Rig.isIcmpv6(f, Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION)) {
                dad = f;
            } else if (V6Rig.isIcmpv6(f, Icmpv6Header.TYPE_ROUTER_SOLICITATION)) {
                rs = f;
            }
        }
        assertNotNull(dad, "DAD probe sent");
        // RFC 4862 §5.4.2: from ::, to the solicited-node group, no source link-layer option, hop limit 255.
        assertArrayEquals(new byte[16], V6Frames.at(dad, E + Ipv6Header.SRC));
        assertArrayEquals(V6Frames.solicitedNode(ll), V6Frames.at(dad, E + Ipv6Header.DST));
        assertArrayEquals(V6Frames.groupMac(V6Frames.solicitedNode(ll)), mac(dad, 0));
        assertArrayEquals(ll, V6Frames.at(dad, IP6 + NdMessage.TARGET));
        // RFC 7527 §4.1: only a nonce option, so that the probe is recognised if it comes back.
        assertEquals(NdMessage.NS_OPTIONS + NdMessage.NONCE_OPTION_LEN, Ipv6Header.payloadLen(dad, E));
        assertEquals(NdMessage.OPT_NONCE, dad[IP6 + NdMessage.NS_OPTIONS] & 0xff);
        assertEquals(255, Ipv6Header.hopLimit(dad, E));
        assertIcmpv6ChecksumOk(dad);
        assertEquals(Ipv6InterfaceState.PREFERRED, rig.state(slot));
        assertNotNull(rs, "router solicitation once the link-local address is usable");
        assertArrayEquals(ll, V6Frames.at(rs, E + Ipv6Header.SRC));
        assertArrayEquals(V6Frames.addr("ff02::2"), V6Frames.at(rs, E + Ipv6Header.DST));
        assertEquals(NdMessage.OPT_SOURCE_LLADDR, rs[IP6 + NdMessage.RS_OPTIONS] & 0xff);
        assertArrayEquals(OUR_MAC, mac(rs, IP6 + NdMessage.RS_OPTIONS + 2));
    }

    @Test
    void linkLocalIdentifierIsStableOpaqueAndChangesWithTheSecret() {
        byte[] ll = rig.linkLocal();
        assertEquals((byte) 0xfe, ll[0]);
        assertEquals((byte) 0x80, ll[1]);
        // Not a modified EUI-64 (RFC 7217 §1, RFC 8064): no ff:fe in the middle, no MAC bytes.
        assertFalse(ll[11] == (byte) 0xff && ll[12] == (byte) 0xfe);
        try (V6Rig same = new V6Rig()) {
            assertArrayEquals(ll, same.linkLocal());
        }
        NetConfig other = V6Rig.config();
        other.ipv6StableSecret = "another secret!!".getBytes();
        try (V6Rig different = new V6Rig(other, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6())) {
            assertFalse(java.util.Arrays.equals(ll, different.linkLocal()));
        }
    }

    @Test
    void solicitationForOurAddressGetsSolicitedAdvertisementToTheSolicitor() {
        rig.bringUp();
        byte[] ll = rig.linkLocal();
        rig.send(V6Frames.icmpv6(V6Frames.groupMac(V6Frames.solicitedNode(ll)), RawPeer.MAC, PEER_LL,
                V6Frames.solicitedNode(ll), 255, V6Frames.ns(ll, V6Frames.slla(RawPeer.MAC))));
        byte[] na = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT);
        assertNotNull(na);
        assertArrayEquals(RawPeer.MAC, mac(na, EthernetFrame.DST));
        assertArrayEquals(ll, V6Frames.at(na, E + Ipv6Header.SRC));
        assertArrayEquals(PEER_LL, V6Frames.at(na, E + Ipv6Header.DST));
        assertEquals(255, Ipv6Header.hopLimit(na, E));
        assertEquals(NdMessage.NA_SOLICITED | NdMessage.NA_OVERRIDE, na[IP6 + NdMessage.NA_FLAGS] & 0xff);
        assertArrayEquals(ll, V6Frames.at(na, IP6 + NdMessage.TARGET));
        assertEquals(NdMessage.OPT_TARGET_LLADDR, na[IP6 + NdMessage.NA_OPTIONS] & 0xff);
        assertArrayEquals(OUR_MAC, mac(na, IP6 + NdMessage.NA_OPTIONS + 2));
        assertIcmpv6ChecksumOk(na);
    }

    @Test
    void ndMessagesFailingTheValidityChecksAreDropped() {
        rig.bringUp();
        byte[] ll = rig.linkLocal();
        byte[] group = V6Frames.solicitedNode(ll);
        byte[] gmac = V6Frames.groupMac(group);
        // RFC 4861 §7.1.1: hop limit not 255 (forwarded), ...
        rig.send(V6Frames.icmpv6(gmac, RawPeer.MAC, PEER_LL, group, 64, V6Frames.ns(ll, V6Frames.slla(RawPeer.MAC))));
        // ... a zero-length option, ...
        byte[] zero = V6Frames.slla(RawPeer.MAC);
        zero[1] = 0;
        rig.send(V6Frames.icmpv6(gmac, RawPeer.MAC, PEER_LL, group, 255, V6Frames.ns(ll, zero)));
        // ... a code other than 0, ...
        byte[] coded = V6Frames.ns(ll, V6Frames.slla(RawPeer.MAC));
        coded[Icmpv6Header.CODE] = 1;
        rig.send(V6Frames.icmpv6(gmac, RawPeer.MAC, PEER_LL, group, 255, coded));
        // ... from :: but not to a solicited-node group, a multicast target, a truncated message.
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, new byte[16], ll, 255, V6Frames.ns(ll)));
        rig.send(V6Frames.icmpv6(gmac, RawPeer.MAC, PEER_LL, group, 255, V6Frames.ns(ALL_NODES)));
        byte[] shortNs = new byte[20];
        System.arraycopy(V6Frames.ns(ll), 0, shortNs, 0, 20);
        rig.send(V6Frames.icmpv6(gmac, RawPeer.MAC, PEER_LL, group, 255, shortNs));
        assertNull(rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT));
        assertEquals(6, rig.stack.counter(NetCounters.ND_DROP_INVALID));
    }

    @Test
    void echoFromAnUnknownNeighbourIsParkedUntilItsAdvertisementThenReplied() {
        rig.bringUp();
        byte[] ll = rig.linkLocal();
        byte[] data = "ping6 payload".getBytes();
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(7, 1, data)));
        byte[] ns = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION);
        assertNotNull(ns, "address resolution for the echo's source");
        assertArrayEquals(V6Frames.solicitedNode(PEER_LL), V6Frames.at(ns, E + Ipv6Header.DST));
        assertArrayEquals(ll, V6Frames.at(ns, E + Ipv6Header.SRC));
        assertArrayEquals(PEER_LL, V6Frames.at(ns, IP6 + NdMessage.TARGET));
        assertArrayEquals(OUR_MAC, mac(ns, IP6 + NdMessage.NS_OPTIONS + 2));
        assertNull(rig.peer.next(), "the reply waits for the neighbour");
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 255,
                V6Frames.na(PEER_LL, NdMessage.NA_SOLICITED | NdMessage.NA_OVERRIDE, V6Frames.tlla(RawPeer.MAC))));
        byte[] reply = rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY);
        assertNotNull(reply);
        assertArrayEquals(RawPeer.MAC, mac(reply, EthernetFrame.DST));
        assertArrayEquals(ll, V6Frames.at(reply, E + Ipv6Header.SRC));
        assertArrayEquals(PEER_LL, V6Frames.at(reply, E + Ipv6Header.DST));
        assertEquals(7, Icmpv6Header.ident(reply, IP6));
        assertEquals(1, Icmpv6Header.seq(reply, IP6));
        byte[] echoed = new byte[data.length];
        System.arraycopy(reply, IP6 + Icmpv6Header.HEADER_LEN, echoed, 0, data.length);
        assertArrayEquals(data, echoed);
        assertIcmpv6ChecksumOk(reply);
        assertEquals(1, rig.stack.counter(NetCounters.ICMP6_ECHO_REPLIED));
    }

    @Test
    void unansweredResolutionGivesUpAfterThreeSolicitationsAndDropsWhatItParked() {
        rig.bringUp();
        byte[] ll = rig.linkLocal();
        int free = rig.stack.freePacketBuffers();
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(7, 1, new byte[4])));
        int solicitations = 0;
        for (int i = 0; i < 5; i++) {
            for (byte[] f : rig.drain()) {
                if (V6Rig.isIcmpv6(f, Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION)) {
                    solicitations++;
                }
            }
            rig.advance(1000);
        }
        assertEquals(3, solicitations);
        assertEquals(1, rig.stack.counter(NetCounters.ND_RESOLVE_FAILED));
        assertEquals(free, rig.stack.freePacketBuffers(), "the parked reply was released");
    }

    @Test
    void reachableNeighbourGoesStaleThenDelayThenProbesByUnicastAndAnAdvertisementConfirmsIt() {
        rig.bringUp();
        byte[] ll = rig.linkLocal();
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(7, 1, new byte[4])));
        rig.drain();
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 255,
                V6Frames.na(PEER_LL, NdMessage.NA_SOLICITED | NdMessage.NA_OVERRIDE, V6Frames.tlla(RawPeer.MAC))));
        rig.drain();
        // ReachableTime is at most 1.5 x 30 s: the entry is STALE after that, and sending does not wait.
        rig.advance(46000);
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 64, V6Frames.echoRequest(7, 2, new byte[4])));
        assertNotNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY), "a STALE entry sends at once");
        assertNull(rig.peer.next());
        rig.advance(5000);
        byte[] probe = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION);
        assertNotNull(probe, "DELAY_FIRST_PROBE_TIME later: a unicast probe");
        assertArrayEquals(RawPeer.MAC, mac(probe, EthernetFrame.DST));
        assertArrayEquals(PEER_LL, V6Frames.at(probe, E + Ipv6Header.DST));
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ll, 255,
                V6Frames.na(PEER_LL, NdMessage.NA_SOLICITED, V6Frames.tlla(RawPeer.MAC))));
        rig.advance(1000);
        rig.advance(1000);
        assertNull(rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION), "confirmed: no more probes");
    }

    @Test
    void advertisementForOurTentativeAddressIsADuplicateAndANewIdentifierIsTried() {
        int slot = rig.slotWithPrefix(0xfe80);
        byte[] first = rig.address(slot);
        rig.send(V6Frames.icmpv6(V6Rig.ALL_NODES_MAC, RawPeer.MAC, first, ALL_NODES, 255,
                V6Frames.na(first, NdMessage.NA_OVERRIDE, V6Frames.tlla(RawPeer.MAC))));
        assertEquals(1, rig.stack.counter(NetCounters.ND_DAD_DUPLICATE));
        byte[] second = rig.linkLocal();
        assertNotNull(second);
        assertFalse(java.util.Arrays.equals(first, second), "RFC 7217 §6: DAD_Counter + 1, another identifier");
        rig.bringUp();
        assertArrayEquals(second, rig.linkLocal());
    }

    @Test
    void ourOwnProbeLoopedBackIsRecognisedByItsNonceAndIsNoConflict() {
        byte[] ll = rig.linkLocal();
        byte[] probe = null;
        for (int i = 0; i < 12 && probe == null; i++) {
            rig.advance(100);
            probe = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION);
        }
        assertNotNull(probe);
        rig.send(probe);
        assertEquals(0, rig.stack.counter(NetCounters.ND_DAD_DUPLICATE), "RFC 7527 §4.2: our nonce, our probe");
        byte[] other = probe.clone();
        other[IP6 + NdMessage.NS_OPTIONS + 7] ^= 1;
        V6Frames.fillIcmpv6Checksum(other, IP6, Ipv6Header.payloadLen(other, E), new byte[16], V6Frames.solicitedNode(ll));
        rig.send(other);
        assertEquals(1, rig.stack.counter(NetCounters.ND_DAD_DUPLICATE), "another nonce: another node's probe");
    }

    @Test
    void staticAddressFoundDuplicateByAnotherNodesProbeIsNeverUsed() {
        try (V6Rig r = new V6Rig(V6Rig.config(),
                InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6("2001:db8::1", 64))) {
            byte[] addr = V6Frames.addr("2001:db8::1");
            byte[] group = V6Frames.solicitedNode(addr);
            r.send(V6Frames.icmpv6(V6Frames.groupMac(group), RawPeer.MAC, new byte[16], group, 255, V6Frames.ns(addr)));
            r.bringUp();
            int slot = -1;
            for (int n = 0; n < 4; n++) {
                if (java.util.Arrays.equals(addr, r.address(n))) {
                    slot = n;
                }
            }
            assertEquals(Ipv6InterfaceState.DUPLICATE, r.state(slot));
            assertEquals(1, r.stack.counter(NetCounters.ND_DAD_DUPLICATE));
            r.introducePeer();
            r.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, addr, 64, V6Frames.echoRequest(1, 1, new byte[4])));
            assertNull(r.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY), "a duplicate address takes nothing");
            assertTrue(r.stack.counter(NetCounters.IP6_DROP_NOT_FOR_US) >= 1);
        }
    }

    @Test
    void anotherNodesProbeForOurPreferredAddressIsDefendedToAllNodes() {
        rig.bringUp();
        byte[] ll = rig.linkLocal();
        byte[] group = V6Frames.solicitedNode(ll);
        rig.send(V6Frames.icmpv6(V6Frames.groupMac(group), RawPeer.MAC, new byte[16], group, 255, V6Frames.ns(ll)));
        byte[] na = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT);
        assertNotNull(na);
        assertArrayEquals(ALL_NODES, V6Frames.at(na, E + Ipv6Header.DST));
        assertEquals(NdMessage.NA_OVERRIDE, na[IP6 + NdMessage.NA_FLAGS] & 0xff);
        assertEquals(Ipv6InterfaceState.PREFERRED, rig.state(rig.slotWithPrefix(0xfe80)));
    }

    @Test
    void interfaceWithoutIpv6DropsIpv6FramesAsAnUnknownType() {
        try (V6Rig r = new V6Rig(V6Rig.config(), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null))) {
            assertNull(r.linkLocal());
            r.advance(5000);
            assertTrue(r.drain().isEmpty(), "an IPv4-only interface sends no IPv6");
            r.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 64, V6Frames.echoRequest(1, 1, new byte[4])));
            assertEquals(1, r.stack.counter(NetCounters.ETH_DROP_UNKNOWN_TYPE));
        }
    }
}
