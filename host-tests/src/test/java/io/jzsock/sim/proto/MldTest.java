package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.ip.Mld;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MLDv2 listener (RFC 3810) on literal frames and virtual time: the solicited-node groups of the link-local
 * and a static address reported at start-up, general and group-specific queries answered, malformed queries
 * ignored, MLDv1 compatibility after an MLDv1 query; every report with hop limit 1 and Router Alert.
 */
class MldTest {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final int E = EthernetFrame.HEADER_LEN;
    static final int HBH = E + Ipv6Header.LEN;
    static final int ICMP = HBH + 8;
    static final long ROUTER_LO = 1;

    final VirtualClock clock = new VirtualClock(1000);
    final RawPeer peer = new RawPeer();
    NetStack stack;
    long llHi;
    long llLo;
    long staticLo;

    @BeforeEach
    void start() {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6DadTransmits = 0;
        cfg.ipv6RouterSolicitations = 0;
        stack = NetStack.create(cfg, clock, new SeededEntropy(6));
        peer.nic.setPromiscuous(true); // the peer plays the router: it hears every group
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        int ifindex = stack.addInterface(nic,
                InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6("2001:db8::1:2:3", 64));
        byte[] a = new byte[16];
        stack.ipv6Address(ifindex, 0, a);
        llHi = Bytes.i64(a, 0);
        llLo = Bytes.i64(a, 8);
        stack.ipv6Address(ifindex, 1, a);
        staticLo = Bytes.i64(a, 8);
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    void poll() {
        stack.poll(clock.nowMillis());
    }

    /** MLD messages the stack sent, every one checked for RFC 3810 §5's envelope. */
    List<byte[]> reports() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f = peer.next(); f != null; f = peer.next()) {
            if (EthernetFrame.etherType(f, 0) != EthernetFrame.TYPE_IPV6 || Ipv6Header.nextHeader(f, E) != Ipv6Header.NH_HOP_BY_HOP) {
                continue;
            }
            assertEquals(1, Ipv6Header.hopLimit(f, E), "hop limit 1");
            assertEquals(Ipv6Header.NH_ICMPV6, f[HBH] & 0xff);
            assertEquals(5, f[HBH + 2], "Router Alert option");
            assertEquals(2, f[HBH + 3]);
            assertEquals(0, Bytes.u16(f, HBH + 4), "value 0: MLD (RFC 2711)");
            assertEquals(llHi, Ipv6Header.srcHi(f, E), "from the link-local address");
            assertEquals(llLo, Ipv6Header.srcLo(f, E));
            int len = Ipv6Header.payloadLen(f, E) - 8;
            assertTrue(Icmpv6Header.checksumOk(f, ICMP, len, llHi, llLo, Ipv6Header.dstHi(f, E), Ipv6Header.dstLo(f, E)));
            out.add(f);
        }
        return out;
    }

    static long solicited(long lo) {
        return Ipv6Address.solicitedNodeLo(lo);
    }

    static Set<Long> records(byte[] f, int type) {
        assertEquals(Icmpv6Header.TYPE_MLDV2_REPORT, f[ICMP] & 0xff);
        assertEquals(Ipv6Address.ALL_NODES_HI, Ipv6Header.dstHi(f, E), "to ff02::16");
        assertEquals(Mld.ALL_MLDV2_ROUTERS_LO, Ipv6Header.dstLo(f, E));
        int n = Bytes.u16(f, ICMP + 6);
        Set<Long> groups = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int r = ICMP + 8 + 20 * i;
            assertEquals(type, f[r] & 0xff, "record type");
            assertEquals(0, Bytes.u16(f, r + 2), "no sources");
            assertEquals(Ipv6Address.solicitedNodeHi(), Bytes.i64(f, r + 4));
            groups.add(Bytes.i64(f, r + 12));
        }
        return groups;
    }

    /** A query from fe80::1, hop limit 1, with a Router Alert hop-by-hop header unless told not to. */
    byte[] query(long dstHi, long dstLo, long groupHi, long groupLo, int maxRespCode, boolean v1, boolean routerAlert, int hopLimit) {
        byte[] m = new byte[v1 ? 24 : 28];
        Icmpv6Header.write(m, 0, Icmpv6Header.TYPE_MLD_QUERY, 0, maxRespCode << 16);
        Bytes.putI64(m, 8, groupHi);
        Bytes.putI64(m, 16, groupLo);
        Icmpv6Header.fillChecksum(m, 0, m.length, Ipv6Address.LINK_LOCAL_HI, ROUTER_LO, dstHi, dstLo);
        int ext = routerAlert ? 8 : 0;
        byte[] f = new byte[E + Ipv6Header.LEN + ext + m.length];
        byte[] mac = new byte[6];
        EthernetFrame.ipv6MulticastMac(dstLo, mac, 0);
        EthernetFrame.writeHeader(f, 0, mac, 0, RawPeer.MAC, 0, EthernetFrame.TYPE_IPV6);
        Ipv6Header.write(f, E, 0, 0, ext + m.length, routerAlert ? Ipv6Header.NH_HOP_BY_HOP : Ipv6Header.NH_ICMPV6,
                hopLimit, Ipv6Address.LINK_LOCAL_HI, ROUTER_LO, dstHi, dstLo);
        if (routerAlert) {
            byte[] hbh = {(byte) Ipv6Header.NH_ICMPV6, 0, 5, 2, 0, 0, 1, 0};
            System.arraycopy(hbh, 0, f, HBH, 8);
        }
        System.arraycopy(m, 0, f, HBH + ext, m.length);
        return f;
    }

    byte[] generalQuery(int maxRespCode) {
        return query(Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO, 0, 0, maxRespCode, false, true, 1);
    }

    void startUpReports() {
        poll();
        reports();
        clock.advance(1000);
        poll();
        reports();
    }

    @Test
    void startUpReportsEachSolicitedNodeGroupAsAChangeToExcludeTwiceWithinASecond() {
        poll();
        Set<Long> first = new HashSet<>();
        for (byte[] f : reports()) {
            first.addAll(records(f, Mld.RECORD_TO_EXCLUDE));
        }
        assertEquals(Set.of(solicited(llLo), solicited(staticLo)), first, "the link-local's and the static address's groups");
        clock.advance(1000);
        poll();
        Set<Long> again = new HashSet<>();
        for (byte[] f : reports()) {
            again.addAll(records(f, Mld.RECORD_TO_EXCLUDE));
        }
        assertEquals(first, again, "Robustness 2: each once more within the Unsolicited Report Interval");
        clock.advance(10_000);
        poll();
        assertTrue(reports().isEmpty(), "and then no more");
    }

    @Test
    void generalQueryIsAnsweredWithOneCurrentStateReportOfEveryGroupWithinTheMaximumResponseDelay() {
        startUpReports();
        peer.send(generalQuery(500));
        poll();
        clock.advance(500);
        poll();
        List<byte[]> r = reports();
        assertEquals(1, r.size());
        assertEquals(Set.of(solicited(llLo), solicited(staticLo)), records(r.get(0), Mld.RECORD_IS_EXCLUDE));
        assertEquals(1, stack.counter(NetCounters.MLD_RX));
    }

    @Test
    void groupSpecificQueryToTheSolicitedNodeMacPassesTheDeviceFilterAndIsAnsweredForThatGroup() {
        startUpReports();
        long g = solicited(staticLo);
        peer.send(query(Ipv6Address.solicitedNodeHi(), g, Ipv6Address.solicitedNodeHi(), g, 200, false, true, 1));
        poll();
        clock.advance(200);
        poll();
        List<byte[]> r = reports();
        assertEquals(1, r.size());
        assertEquals(Set.of(g), records(r.get(0), Mld.RECORD_IS_EXCLUDE));
    }

    @Test
    void queriesWithoutRouterAlertOrWithHopLimitAboveOneAreDropped() {
        startUpReports();
        peer.send(query(Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO, 0, 0, 100, false, false, 1));
        peer.send(query(Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO, 0, 0, 100, false, true, 2));
        poll();
        clock.advance(1000);
        poll();
        assertTrue(reports().isEmpty());
        assertEquals(2, stack.counter(NetCounters.MLD_DROP_INVALID));
    }

    @Test
    void mldv1QuerySwitchesToMldv1ReportsToEachGroupUntilTheOlderQuerierTimeout() {
        startUpReports();
        peer.send(query(Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO, 0, 0, 300, true, true, 1));
        poll();
        clock.advance(300);
        poll();
        Set<Long> groups = new HashSet<>();
        for (byte[] f : reports()) {
            assertEquals(Icmpv6Header.TYPE_MLD_REPORT, f[ICMP] & 0xff, "MLDv1 Report");
            assertEquals(Bytes.i64(f, ICMP + 8), Ipv6Header.dstHi(f, E), "sent to the group itself");
            assertEquals(Bytes.i64(f, ICMP + 16), Ipv6Header.dstLo(f, E));
            groups.add(Bytes.i64(f, ICMP + 16));
        }
        assertEquals(Set.of(solicited(llLo), solicited(staticLo)), groups);
        clock.advance(260_000);
        peer.send(generalQuery(100));
        poll();
        clock.advance(100);
        poll();
        List<byte[]> r = reports();
        assertEquals(1, r.size(), "MLDv2 again once the older querier is gone");
        assertEquals(2, records(r.get(0), Mld.RECORD_IS_EXCLUDE).size());
    }

    @Test
    void maximumResponseCodeDecodesBothForms() {
        assertEquals(1000, Mld.maxResponseDelay(1000));
        assertEquals(32768, Mld.maxResponseDelay(0x8000), "exp 0, mant 0: 0x1000 << 3");
        assertEquals(8387584, Mld.maxResponseDelay(0xffff), "exp 7, mant 0xfff: 0x1fff << 10");
    }
}
