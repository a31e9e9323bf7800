package io.jzsock.sim.proto;

import io.jzsock.sim.testkit.RawPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 2236 host behaviour on virtual time. */
class IgmpTest {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final int OUR_IP = 0xC6120001;
    static final int GROUP = 0xEF010203;
    static final int E = EthernetFrame.HEADER_LEN;
    static final int IGMP = E + Ipv4Header.MIN_LEN + Ipv4Header.ROUTER_ALERT_LEN;

    final VirtualClock clock = new VirtualClock(1000);
    final NetStack stack = NetStack.create(NetConfig.defaults(), clock, new SeededEntropy(11));
    final Zsock z = stack.zsock();
    final RawPeer peer = new RawPeer();
    final int fd;

    IgmpTest() {
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        peer.nic.setPromiscuous(true);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
        fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int membership(int opt) {
        byte[] mreq = new byte[8];
        OptionCodec.putIpv4(mreq, 0, GROUP);
        OptionCodec.putIpv4(mreq, 4, OUR_IP);
        return z.setsockopt(fd, Zsock.IPPROTO_IP, opt, mreq, 0, 8);
    }

    private void assertIgmp(byte[] f, int type, int group, int dst) {
        assertNotNull(f, "an IGMP message was sent");
        assertEquals(Ipv4Header.PROTO_IGMP, Ipv4Header.protocol(f, E));
        assertEquals(1, Ipv4Header.ttl(f, E), "RFC 2236 §2: TTL 1");
        assertEquals(24, Ipv4Header.headerLen(f, E), "Router Alert option present");
        assertEquals(0x94, f[E + 20] & 0xff);
        assertTrue(Ipv4Header.checksumOk(f, E));
        assertEquals(dst, Ipv4Header.dst(f, E));
        assertEquals(type, IgmpHeader.type(f, IGMP));
        assertEquals(group, IgmpHeader.group(f, IGMP));
        assertTrue(IgmpHeader.checksumOk(f, IGMP, IgmpHeader.LEN));
    }

    private void query(int group, int maxResp) {
        byte[] m = new byte[IgmpHeader.LEN];
        IgmpHeader.write(m, 0, IgmpHeader.TYPE_QUERY, maxResp, group);
        byte[] dstMac = {0x01, 0, 0x5e, 0, 0, 1};
        peer.send(RawPeer.ipv4(dstMac, RawPeer.IP, 0xE0000001, Ipv4Header.PROTO_IGMP, 1, m));
    }

    @Test
    void joinSendsAnUnsolicitedReportAndRepeatsItOnce() {
        assertEquals(0, membership(Zsock.IP_ADD_MEMBERSHIP));
        assertIgmp(peer.next(), IgmpHeader.TYPE_V2_REPORT, GROUP, GROUP);
        clock.advance(10000);
        stack.poll(clock.nowMillis());
        assertIgmp(peer.next(), IgmpHeader.TYPE_V2_REPORT, GROUP, GROUP);
        clock.advance(60000);
        stack.poll(clock.nowMillis());
        assertNull(peer.next(), "only one repetition");
    }

    @Test
    void leavingTheLastMembershipSendsLeaveToAllRouters() {
        membership(Zsock.IP_ADD_MEMBERSHIP);
        peer.next();
        assertEquals(0, membership(Zsock.IP_DROP_MEMBERSHIP));
        assertIgmp(peer.next(), IgmpHeader.TYPE_LEAVE, GROUP, 0xE0000002);
    }

    @Test
    void generalQueryIsAnsweredWithinMaxResponseTime() {
        membership(Zsock.IP_ADD_MEMBERSHIP);
        peer.next();
        clock.advance(10000);
        stack.poll(clock.nowMillis());
        peer.next();
        query(0, 20);
        stack.poll(clock.nowMillis());
        byte[] report = null;
        for (int t = 0; t <= 2000 && report == null; t += 100) {
            stack.poll(clock.nowMillis());
            report = peer.next();
            clock.advance(100);
        }
        assertIgmp(report, IgmpHeader.TYPE_V2_REPORT, GROUP, GROUP);
    }

    @Test
    void anotherMembersReportSuppressesOurs() {
        membership(Zsock.IP_ADD_MEMBERSHIP);
        peer.next();
        clock.advance(10000);
        stack.poll(clock.nowMillis());
        peer.next();
        query(0, 100);
        stack.poll(clock.nowMillis());
        byte[] m = new byte[IgmpHeader.LEN];
        IgmpHeader.write(m, 0, IgmpHeader.TYPE_V2_REPORT, 0, GROUP);
        peer.send(RawPeer.ipv4(new byte[] {0x01, 0, 0x5e, 1, 2, 3}, RawPeer.IP, GROUP, Ipv4Header.PROTO_IGMP, 1, m));
        stack.poll(clock.nowMillis());
        clock.advance(11000);
        stack.poll(clock.nowMillis());
        assertNull(peer.next(), "suppressed by the other member's report");
    }
}
