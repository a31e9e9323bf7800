package io.jzsock.net.ip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import org.junit.jupiter.api.Test;

/** RFC 1122 §3.2.2's list of datagrams an ICMP error must never answer, on received packets as IPv4 leaves them. */
class IcmpErrorRulesTest {
    static final int OUR_IP = 0xC6120001;
    static final int PEER = 0xC6120002;

    final PacketPool pool = new PacketPool(4, 1536);
    final Ipv4 ip = new Ipv4(pool, 2, 0, 64, 10, 100);
    final NetInterface eth = new NetInterface(1, "eth0", new StubDevice(),
            InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null), 1500, 1, 1, 1);

    IcmpErrorRulesTest() {
        ip.addInterface(eth);
    }

    /** A received datagram with its IP header at l3off and 8 bytes of payload, the first being payloadType. */
    private int received(int protocol, int src, int dst, int flagsFragment, int payloadType) {
        int h = pool.alloc(0);
        byte[] b = pool.data[h];
        Ipv4Header.write(b, 14, 0, 28, 1, flagsFragment, 64, protocol, src, dst, true);
        b[34] = (byte) payloadType;
        pool.l3off[h] = 14;
        pool.off[h] = 34;
        pool.len[h] = 8;
        return h;
    }

    private boolean allowed(int protocol, int src, int dst, int flagsFragment, int payloadType) {
        int h = received(protocol, src, dst, flagsFragment, payloadType);
        boolean ok = ip.icmp().errorAllowed(eth, h);
        pool.release(h);
        return ok;
    }

    @Test
    void aUnicastUdpDatagramFromAHostMayBeAnswered() {
        assertTrue(allowed(Ipv4Header.PROTO_UDP, PEER, OUR_IP, 0, 0));
    }

    @Test
    void anIcmpErrorIsNeverAnsweredButAnIcmpQueryMayBe() {
        assertFalse(allowed(Ipv4Header.PROTO_ICMP, PEER, OUR_IP, 0, Icmpv4Header.TYPE_DEST_UNREACHABLE));
        assertFalse(allowed(Ipv4Header.PROTO_ICMP, PEER, OUR_IP, 0, Icmpv4Header.TYPE_TIME_EXCEEDED));
        assertFalse(allowed(Ipv4Header.PROTO_ICMP, PEER, OUR_IP, 0, Icmpv4Header.TYPE_PARAMETER_PROBLEM));
        assertFalse(allowed(Ipv4Header.PROTO_ICMP, PEER, OUR_IP, 0, 40), "an unknown type counts as an error");
        assertTrue(allowed(Ipv4Header.PROTO_ICMP, PEER, OUR_IP, 0, Icmpv4Header.TYPE_ECHO_REQUEST));
    }

    @Test
    void onlyTheFirstFragmentMayBeAnswered() {
        assertFalse(allowed(Ipv4Header.PROTO_UDP, PEER, OUR_IP, 185, 0));
        assertFalse(allowed(Ipv4Header.PROTO_UDP, PEER, OUR_IP, Ipv4Header.FLAG_MF | 1, 0));
        assertTrue(allowed(Ipv4Header.PROTO_UDP, PEER, OUR_IP, Ipv4Header.FLAG_MF, 0));
    }

    @Test
    void broadcastAndMulticastDestinationsAreNeverAnswered() {
        assertFalse(allowed(Ipv4Header.PROTO_UDP, PEER, -1, 0, 0));
        assertFalse(allowed(Ipv4Header.PROTO_UDP, PEER, 0xC61200FF, 0, 0));
        assertFalse(allowed(Ipv4Header.PROTO_UDP, PEER, 0xE0000001, 0, 0));
    }

    @Test
    void aLinkLayerBroadcastIsNeverAnswered() {
        int h = received(Ipv4Header.PROTO_UDP, PEER, OUR_IP, 0, 0);
        pool.flags[h] |= PacketPool.RX_LINK_GROUP;
        assertFalse(ip.icmp().errorAllowed(eth, h));
        pool.release(h);
    }

    @Test
    void aSourceThatIsNotOneHostIsNeverAnswered() {
        for (int src : new int[] {0, -1, 0xC61200FF, 0xE0000005, 0xF0000001, 0x7F000001, OUR_IP}) {
            assertFalse(allowed(Ipv4Header.PROTO_UDP, src, OUR_IP, 0, 0), Integer.toHexString(src));
        }
    }
}
