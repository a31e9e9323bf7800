package io.jzsock.net.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Ipv4Header;
import org.junit.jupiter.api.Test;

/** The caller-owned route: what {@link Ipv4#route} fills, in the two-long address form, and the pseudo-header from it. */
class IpRouteTest {
    static final int GATEWAY = 0xC6120001;
    static final int NEIGHBOUR = 0xC6120007;
    static final int FAR = 0x08080808;

    final PacketPool pool = new PacketPool(4, 1536);
    final Ipv4 ip = new Ipv4(pool, 2, 0, 64, 10, 100);
    final NetInterface eth = new NetInterface(1, "eth0", new StubDevice(),
            InterfaceConfig.ipv4("eth0", "198.18.0.2", 24, "198.18.0.1"), 1500, 1, 1, 1);

    IpRouteTest() {
        ip.addInterface(eth);
    }

    @Test
    void onLinkDestinationIsItsOwnNextHop() {
        IpRoute r = new IpRoute();
        assertEquals(0, ip.route(r, NEIGHBOUR, 0, 0));
        assertEquals(ZsockConstants.AF_INET, r.family);
        assertSame(eth, r.ifc);
        assertEquals(NEIGHBOUR, r.dst4());
        assertEquals(NEIGHBOUR, r.nextHop4());
    }

    @Test
    void offLinkDestinationGoesThroughTheGateway() {
        IpRoute r = new IpRoute();
        assertEquals(0, ip.route(r, FAR, 0, 0));
        assertEquals(FAR, r.dst4());
        assertEquals(GATEWAY, r.nextHop4());
    }

    @Test
    void twoCallersRoutesDoNotDisturbEachOther() {
        IpRoute a = new IpRoute();
        IpRoute b = new IpRoute();
        ip.route(a, FAR, 0, 0);
        ip.route(b, NEIGHBOUR, 0, 0);
        assertEquals(GATEWAY, a.nextHop4());
        assertEquals(NEIGHBOUR, b.nextHop4());
    }

    @Test
    void unknownBoundInterfaceIsEnodevAndMtuComesFromTheRoute() {
        assertEquals(-Errno.ENODEV, ip.route(new IpRoute(), FAR, 9, 0));
        assertEquals(1500, ip.pathMtu(FAR, 0, 0));
        assertEquals(0, ip.reachable(NEIGHBOUR, 0, 0));
    }

    @Test
    void addressesAreHeldIpv4Mapped() {
        IpRoute r = new IpRoute();
        ip.route(r, FAR, 0, 0);
        r.setSrc4(0xC6120002);
        assertEquals(0L, r.dstHi);
        assertEquals(0x0000ffff08080808L, r.dstLo);
        assertTrue(IpAddress.isV4Mapped(r.srcHi, r.srcLo));
        assertEquals(0xC6120002, IpAddress.v4(r.srcLo));
        assertFalse(IpAddress.isV4Mapped(0x20010db800000000L, 1L));
    }

    @Test
    void pseudoHeaderSumIsTheIpv4OneOverTheRouteAddresses() {
        IpRoute r = new IpRoute();
        ip.route(r, FAR, 0, 0);
        r.setSending4(0xC6120002, 64, 0);
        assertEquals(Checksum.pseudoHeaderV4(0xC6120002, FAR, Ipv4Header.PROTO_UDP, 36),
                r.pseudoHeaderSum(Ipv4Header.PROTO_UDP, 36));
    }

    @Test
    void aTwoLongDestinationRoutesWhenIpv4MappedAndIsUnreachableOtherwise() {
        IpRoute r = new IpRoute();
        assertEquals(0, ip.route(r, 0L, IpAddress.v4MappedLo(FAR), 0, 0));
        assertEquals(GATEWAY, r.nextHop4());
        assertEquals(-Errno.ENETUNREACH, ip.route(r, 0x20010db800000000L, 1L, 0, 0));
    }
}
