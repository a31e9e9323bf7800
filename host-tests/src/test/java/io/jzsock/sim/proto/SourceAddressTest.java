package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.WiredStack.BROADCAST_MAC;
import static io.jzsock.sim.proto.WiredStack.OUR_IP;
import static io.jzsock.sim.proto.WiredStack.OUR_MAC;
import static io.jzsock.sim.proto.WiredStack.SUBNET_BROADCAST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetCounters;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 1122 §3.2.1.3: packets whose source names no single host are discarded and counted by IPv4 input,
 * for every protocol above it; RFC 1122 §3.2.2, §4.2.3.10 and §3.3.6: nothing sent to a broadcast or
 * multicast address is answered with an ICMP error, a RST or a SYN-ACK.
 */
class SourceAddressTest {
    final WiredStack w = new WiredStack();

    @AfterEach
    void stop() {
        w.close();
    }

    static List<Arguments> martianSourcesByProtocol() {
        Object[][] sources = {
            {"0.0.0.0", 0, NetCounters.IP_DROP_SRC_ZERO},
            {"0.1.2.3", 0x00010203, NetCounters.IP_DROP_SRC_ZERO},
            {"255.255.255.255", -1, NetCounters.IP_DROP_SRC_BROADCAST},
            {"198.18.0.255 (subnet broadcast)", SUBNET_BROADCAST, NetCounters.IP_DROP_SRC_BROADCAST},
            {"224.0.0.5", 0xE0000005, NetCounters.IP_DROP_SRC_MULTICAST},
            {"239.1.2.3", 0xEF010203, NetCounters.IP_DROP_SRC_MULTICAST},
            {"240.0.0.1 (class E)", 0xF0000001, NetCounters.IP_DROP_SRC_CLASS_E},
            {"127.0.0.1 from the wire", 0x7F000001, NetCounters.IP_DROP_SRC_LOOPBACK},
            {"198.18.0.1 (our own)", OUR_IP, NetCounters.IP_DROP_SRC_OWN},
        };
        List<Arguments> out = new ArrayList<>();
        for (String protocol : new String[] {"icmp echo", "udp closed port", "tcp syn"}) {
            for (Object[] s : sources) {
                out.add(Arguments.of(s[0], protocol, s[1], s[2]));
            }
        }
        return out;
    }

    private static byte[] probe(String protocol, int src) {
        return switch (protocol) {
            case "icmp echo" -> WiredStack.ping(src, OUR_IP, OUR_MAC, 64);
            case "udp closed port" -> WiredStack.udpToClosedPort(src, OUR_IP, OUR_MAC);
            default -> WiredStack.syn(src, OUR_IP, OUR_MAC, 4000);
        };
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("martianSourcesByProtocol")
    void packetFromAMartianSourceIsDroppedUnansweredAndCountedThenTheStackStillAnswers(
            String name, String protocol, int src, int counter) {
        w.assertDroppedAndCounted(probe(protocol, src), counter);
        assertEquals(0, w.stack.counter(NetCounters.ICMP_RX) + w.stack.counter(NetCounters.TCP_RX)
                + w.stack.counter(NetCounters.UDP_DROP_NO_PORT), "nothing reached the protocol above IP");
        assertEquals(1, w.stack.tcpConnectionsInUse(), "no half-open connection for a martian SYN, only the listener");
        byte[] answer = w.exchange(probe(protocol, RawPeer.IP));
        assertEquals(RawPeer.IP, Ipv4Header.dst(answer, WiredStack.E));
        switch (protocol) {
            case "icmp echo" -> WiredStack.assertEchoReply(answer);
            case "udp closed port" -> WiredStack.assertPortUnreachable(answer);
            default -> WiredStack.assertSynAck(answer);
        }
    }

    @Test
    void udpToTheSubnetBroadcastOnAClosedPortGetsNoPortUnreachable() {
        w.assertDroppedAndCounted(WiredStack.udpToClosedPort(RawPeer.IP, SUBNET_BROADCAST, BROADCAST_MAC),
                NetCounters.UDP_DROP_NO_PORT);
        w.assertDroppedAndCounted(WiredStack.udpToClosedPort(RawPeer.IP, -1, BROADCAST_MAC), NetCounters.UDP_DROP_NO_PORT);
        assertEquals(0, w.stack.counter(NetCounters.ICMP_UNREACHABLE_SENT));
        WiredStack.assertPortUnreachable(w.exchange(WiredStack.udpToClosedPort(RawPeer.IP, OUR_IP, OUR_MAC)));
    }

    @Test
    void unicastDatagramInALinkLayerBroadcastFrameIsDroppedWithoutAnIcmpError() {
        w.assertDroppedAndCounted(WiredStack.udpToClosedPort(RawPeer.IP, OUR_IP, BROADCAST_MAC),
                NetCounters.IP_DROP_UNICAST_IN_L2_GROUP);
        w.assertDroppedAndCounted(WiredStack.ping(RawPeer.IP, OUR_IP, new byte[] {0x01, 0, 0x5e, 0, 0, 1}, 64),
                NetCounters.IP_DROP_UNICAST_IN_L2_GROUP);
        assertEquals(0, w.stack.counter(NetCounters.ICMP_UNREACHABLE_SENT));
    }

    @Test
    void synToABroadcastOrMulticastAddressGetsNoSynAckAndNoRst() {
        w.assertDroppedAndCounted(WiredStack.syn(RawPeer.IP, SUBNET_BROADCAST, BROADCAST_MAC, 4001), NetCounters.TCP_DROP_MALFORMED);
        w.assertDroppedAndCounted(WiredStack.syn(RawPeer.IP, -1, BROADCAST_MAC, 4002), NetCounters.TCP_DROP_MALFORMED);
        w.assertDroppedAndCounted(WiredStack.syn(RawPeer.IP, 0xE0000001, new byte[] {0x01, 0, 0x5e, 0, 0, 1}, 4003),
                NetCounters.TCP_DROP_MALFORMED);
        assertEquals(0, w.stack.counter(NetCounters.TCP_RST_SENT));
        assertEquals(1, w.stack.tcpConnectionsInUse(), "only the listener");
        WiredStack.assertSynAck(w.exchange(WiredStack.syn(RawPeer.IP, OUR_IP, OUR_MAC, 4004)));
    }

    @Test
    void echoRequestToTheSubnetBroadcastIsNotAnsweredAndIsCounted() {
        w.assertDroppedAndCounted(WiredStack.ping(RawPeer.IP, SUBNET_BROADCAST, BROADCAST_MAC, 64),
                NetCounters.ICMP_DROP_BROADCAST_ECHO);
        w.assertDroppedAndCounted(WiredStack.ping(RawPeer.IP, 0xE0000001, new byte[] {0x01, 0, 0x5e, 0, 0, 1}, 64),
                NetCounters.ICMP_DROP_BROADCAST_ECHO);
    }

    /** RFC 1122 §3.2.1.7: a host MUST NOT discard a datagram for a TTL below 2, and MUST NOT send TTL 0. */
    @Test
    void echoRequestWithTtlZeroIsAnsweredWithTheDefaultTtl() {
        byte[] reply = w.exchange(WiredStack.ping(RawPeer.IP, OUR_IP, OUR_MAC, 0));
        WiredStack.assertEchoReply(reply);
        assertEquals(64, Ipv4Header.ttl(reply, WiredStack.E));
    }

    /** RFC 3376 §4.2.13 allows 0.0.0.0 for IGMP (snooping switches query from it); Linux accepts it. */
    @Test
    void igmpQueryFromTheZeroSourceIsAcceptedButFromAMulticastSourceIsDropped() {
        byte[] query = new byte[IgmpHeader.LEN];
        IgmpHeader.write(query, 0, IgmpHeader.TYPE_QUERY, 10, 0);
        byte[] allSystemsMac = {0x01, 0, 0x5e, 0, 0, 1};
        w.peer.send(RawPeer.ipv4(allSystemsMac, 0, 0xE0000001, Ipv4Header.PROTO_IGMP, 1, query));
        w.poll();
        assertEquals(1, w.stack.counter(NetCounters.IGMP_RX));
        assertEquals(0, w.stack.counter(NetCounters.IP_DROP_SRC_ZERO));
        w.assertDroppedAndCounted(RawPeer.ipv4(allSystemsMac, 0xE0000005, 0xE0000001, Ipv4Header.PROTO_IGMP, 1, query),
                NetCounters.IP_DROP_SRC_MULTICAST);
        assertEquals(1, w.stack.counter(NetCounters.IGMP_RX));
    }
}
