package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.V6Rig.ALL_NODES;
import static io.jzsock.sim.proto.V6Rig.ALL_NODES_MAC;
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
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 4861 router discovery, RFC 4862 SLAAC and lifetimes, RFC 7217 identifiers, redirects: literal frames, virtual time. */
class RouterDiscoveryTest {
    static final byte[] PREFIX = V6Frames.addr("2001:db8:1::");
    static final byte[] FAR = V6Frames.addr("2001:db8:99::1");
    static final int LA = NdMessage.PI_ON_LINK | NdMessage.PI_AUTONOMOUS;
    final V6Rig rig = new V6Rig();

    @AfterEach
    void stop() {
        rig.close();
    }

    private void advertise(int hopLimit, int lifetime, byte[]... options) {
        rig.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 255,
                V6Frames.ra(hopLimit, lifetime, 0, 0, options)));
    }

    private int slaacSlot() {
        return rig.slotWithPrefix(0x2001);
    }

    /** RA with the prefix L|A, DAD run: the SLAAC address. */
    private byte[] autoconfigure(int hopLimit, int lifetime, long valid, long preferred) {
        advertise(hopLimit, lifetime, V6Frames.slla(RawPeer.MAC), V6Frames.prefix(PREFIX, 64, LA, valid, preferred));
        rig.advance(1000);
        rig.advance(1000);
        rig.drain();
        assertEquals(Ipv6InterfaceState.PREFERRED, rig.state(slaacSlot()));
        return rig.address(slaacSlot());
    }

    private static byte[] mac(byte[] f, int off) {
        return Arrays.copyOfRange(f, off, off + 6);
    }

    @Test
    void advertisedPrefixGivesATentativeStableAddressThatDadMakesPreferredAndTheMtuOptionApplies() {
        rig.bringUp();
        advertise(64, 1800, V6Frames.slla(RawPeer.MAC), V6Frames.prefix(PREFIX, 64, LA, 3600, 1800), V6Frames.mtu(1400));
        int slot = slaacSlot();
        assertEquals(Ipv6InterfaceState.TENTATIVE, rig.state(slot));
        byte[] addr = rig.address(slot);
        assertArrayEquals(Arrays.copyOf(PREFIX, 8), Arrays.copyOf(addr, 8));
        byte[] ll = rig.linkLocal();
        assertFalse(Arrays.equals(Arrays.copyOfRange(ll, 8, 16), Arrays.copyOfRange(addr, 8, 16)),
                "RFC 7217: another prefix, an unrelated identifier");
        rig.advance(1000);
        byte[] dad = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION);
        assertNotNull(dad);
        assertArrayEquals(addr, V6Frames.at(dad, IP6 + NdMessage.TARGET));
        rig.advance(1000);
        assertEquals(Ipv6InterfaceState.PREFERRED, rig.state(slot));
        assertEquals(1400, rig.stack.ipv6PathMtu(V6Frames.addr("2001:db8:1::99"), 0));
        assertEquals(1, rig.stack.counter(NetCounters.ND_RA_RX));
        try (V6Rig again = new V6Rig()) {
            again.bringUp();
            again.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 255,
                    V6Frames.ra(64, 1800, 0, 0, V6Frames.prefix(PREFIX, 64, LA, 3600, 1800))));
            assertArrayEquals(addr, again.address(again.slotWithPrefix(0x2001)), "same secret and prefix, same address");
        }
    }

    @Test
    void offLinkTrafficGoesToTheDefaultRouterWithTheAdvertisedHopLimit() {
        rig.bringUp();
        byte[] addr = autoconfigure(32, 1800, 3600, 1800);
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, FAR, addr, 60, V6Frames.echoRequest(3, 4, new byte[8])));
        byte[] reply = rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY);
        assertNotNull(reply, "through the router, whose MAC the advertisement gave");
        assertArrayEquals(RawPeer.MAC, mac(reply, EthernetFrame.DST));
        assertArrayEquals(addr, V6Frames.at(reply, E + Ipv6Header.SRC));
        assertArrayEquals(FAR, V6Frames.at(reply, E + Ipv6Header.DST));
        assertEquals(32, Ipv6Header.hopLimit(reply, E));
    }

    @Test
    void routerLifetimeZeroTakesTheRouterOffTheList() {
        rig.bringUp();
        byte[] addr = autoconfigure(64, 1800, 3600, 1800);
        advertise(64, 0);
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, FAR, addr, 60, V6Frames.echoRequest(3, 4, new byte[8])));
        assertNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY));
        assertEquals(1, rig.stack.counter(NetCounters.IP6_DROP_NO_ROUTE));
    }

    @Test
    void advertisementsFailingTheValidityChecksChangeNothing() {
        rig.bringUp();
        byte[] ra = V6Frames.ra(64, 1800, 0, 0, V6Frames.prefix(PREFIX, 64, LA, 3600, 1800));
        // RFC 4861 §6.1.2: the source must be link-local, the hop limit 255.
        rig.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, V6Frames.addr("2001:db8:1::1"), ALL_NODES, 255, ra));
        rig.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 254, ra));
        assertEquals(-1, slaacSlot());
        assertEquals(2, rig.stack.counter(NetCounters.ND_DROP_INVALID));
        assertEquals(0, rig.stack.counter(NetCounters.ND_RA_RX));
    }

    @Test
    void prefixesSlaacMustIgnoreFormNoAddress() {
        rig.bringUp();
        // RFC 4862 §5.5.3: no A flag, a prefix length other than 64, preferred > valid, a link-local prefix.
        advertise(64, 0, V6Frames.prefix(PREFIX, 64, NdMessage.PI_ON_LINK, 3600, 1800),
                V6Frames.prefix(V6Frames.addr("2001:db8:2::"), 48, LA, 3600, 1800),
                V6Frames.prefix(V6Frames.addr("2001:db8:3::"), 64, LA, 100, 200),
                V6Frames.prefix(V6Frames.addr("fe80::"), 64, LA, 3600, 1800));
        assertEquals(-1, rig.slotWithPrefix(0x2001));
        // The on-link prefix is still on-link: its addresses are resolved directly, not through a router.
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, V6Frames.addr("2001:db8:1::5"), rig.linkLocal(), 64,
                V6Frames.echoRequest(1, 1, new byte[4])));
        byte[] ns = rig.nextIcmpv6(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION);
        assertNotNull(ns);
        assertArrayEquals(V6Frames.addr("2001:db8:1::5"), V6Frames.at(ns, IP6 + NdMessage.TARGET));
    }

    @Test
    void preferredLifetimeDeprecatesAndValidLifetimeRemovesTheAddress() {
        rig.bringUp();
        autoconfigure(64, 0, 20, 10);
        int slot = slaacSlot();
        rig.advance(8000);
        assertEquals(Ipv6InterfaceState.DEPRECATED, rig.state(slot));
        rig.advance(10000);
        assertEquals(-1, slaacSlot());
    }

    @Test
    void aShortValidLifetimeForAnAddressWithMoreLeftIsCutToTwoHoursOnly() {
        rig.bringUp();
        autoconfigure(64, 0, 86400, 86400);
        advertise(64, 0, V6Frames.prefix(PREFIX, 64, LA, 60, 60));
        rig.advance(61000);
        assertEquals(Ipv6InterfaceState.DEPRECATED, rig.state(slaacSlot()), "preferred lifetime taken as sent");
        rig.advance(7200L * 1000 - 62000);
        assertTrue(slaacSlot() >= 0, "RFC 4862 §5.5.3(e): still valid just before two hours");
        rig.advance(2000);
        assertEquals(-1, slaacSlot());
    }

    @Test
    void solicitationsRepeatThenBackOffUntilAnAdvertisementWithALifetime() {
        long[] at = new long[6];
        int n = 0;
        for (int i = 0; i < 1200 && n < at.length; i++) {
            rig.advance(100);
            for (byte[] f : rig.drain()) {
                if (V6Rig.isIcmpv6(f, Icmpv6Header.TYPE_ROUTER_SOLICITATION)) {
                    at[n++] = rig.clock.nowMillis();
                }
            }
        }
        assertEquals(6, n);
        // RFC 4861 §10: three 4 s apart; RFC 7559: then doubling.
        assertEquals(4000, at[1] - at[0]);
        assertEquals(4000, at[2] - at[1]);
        assertEquals(8000, at[3] - at[2]);
        assertEquals(16000, at[4] - at[3]);
        assertEquals(32000, at[5] - at[4]);
        advertise(64, 1800);
        rig.advance(3600L * 1000);
        assertNull(rig.nextIcmpv6(Icmpv6Header.TYPE_ROUTER_SOLICITATION));
    }

    @Test
    void redirectFromTheFirstHopRouterIsFollowedAndOneFromAnyoneElseIgnored() {
        rig.bringUp();
        byte[] addr = autoconfigure(64, 1800, 3600, 1800);
        byte[] otherMac = {0x02, 0, 0, 0, 0, 0x03};
        byte[] other = V6Frames.addr("fe80::3");
        byte[] forged = V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, V6Frames.addr("fe80::4"), rig.linkLocal(), 255,
                V6Frames.redirect(other, FAR, V6Frames.tlla(otherMac)));
        rig.send(forged);
        assertEquals(1, rig.stack.counter(NetCounters.ND_REDIRECT_REJECTED));
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, FAR, addr, 60, V6Frames.echoRequest(3, 1, new byte[8])));
        assertArrayEquals(RawPeer.MAC, mac(rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY), EthernetFrame.DST));
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, rig.linkLocal(), 255,
                V6Frames.redirect(other, FAR, V6Frames.tlla(otherMac))));
        assertEquals(1, rig.stack.counter(NetCounters.ND_REDIRECT_ACCEPTED));
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, FAR, addr, 60, V6Frames.echoRequest(3, 2, new byte[8])));
        byte[] reply = rig.nextIcmpv6(Icmpv6Header.TYPE_ECHO_REPLY);
        assertNotNull(reply);
        assertArrayEquals(otherMac, mac(reply, EthernetFrame.DST), "the better first hop the redirect named");
        assertArrayEquals(FAR, V6Frames.at(reply, E + Ipv6Header.DST));
        // Once redirected, the old router is no longer the first hop for FAR: its second redirect is not taken.
        rig.send(V6Frames.icmpv6(OUR_MAC, RawPeer.MAC, PEER_LL, rig.linkLocal(), 255,
                V6Frames.redirect(V6Frames.addr("fe80::5"), FAR, V6Frames.tlla(otherMac))));
        assertEquals(2, rig.stack.counter(NetCounters.ND_REDIRECT_REJECTED));
    }

    @Test
    void withoutDadTheFirstSolicitationFollowsTheStartDelay() {
        NetConfig cfg = V6Rig.config();
        cfg.ipv6DadTransmits = 0;
        try (V6Rig r = new V6Rig(cfg, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6())) {
            assertEquals(Ipv6InterfaceState.PREFERRED, r.state(r.slotWithPrefix(0xfe80)));
            r.advance(1000);
            assertNotNull(r.nextIcmpv6(Icmpv6Header.TYPE_ROUTER_SOLICITATION), "RS within MAX_RTR_SOLICITATION_DELAY");
        }
    }
}
