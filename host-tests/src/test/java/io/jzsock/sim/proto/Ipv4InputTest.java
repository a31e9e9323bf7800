package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.WiredStack.E;
import static io.jzsock.sim.proto.WiredStack.IP4;
import static io.jzsock.sim.proto.WiredStack.OUR_IP;
import static io.jzsock.sim.proto.WiredStack.OUR_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** RFC 791 input validation, RFC 792 echo and unreachable, UDP checksum drops: literal frames in, frames out. */
class Ipv4InputTest {
    @AutoClose
    final WiredStack wired = new WiredStack(NetConfig.defaults(), 3, null);
    final NetStack stack = wired.stack;
    final Zsock z = wired.z;
    final RawPeer peer = wired.peer;

    private byte[] ping() {
        return RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_ICMP, 64,
                RawPeer.echoRequest(0x1234, 7, "abcdefgh".getBytes()));
    }

    @Test
    void echoRequestIsAnsweredWithTheSameIdentSequenceAndData() {
        peer.send(ping());
        wired.poll();
        byte[] reply = peer.next();
        assertNotNull(reply);
        assertEquals(OUR_IP, Ipv4Header.src(reply, E));
        assertEquals(RawPeer.IP, Ipv4Header.dst(reply, E));
        assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, Icmpv4Header.type(reply, IP4));
        assertEquals(0x1234, Icmpv4Header.ident(reply, IP4));
        assertEquals(7, Icmpv4Header.seq(reply, IP4));
        assertArrayEquals("abcdefgh".getBytes(), Arrays.copyOfRange(reply, IP4 + 8, IP4 + 16));
        assertEquals(true, Icmpv4Header.checksumOk(reply, IP4, 16));
        assertEquals(true, Ipv4Header.checksumOk(reply, E));
        assertEquals(1, stack.counter(NetCounters.ICMP_ECHO_REPLIED));
    }

    @Test
    void broadcastEchoRequestIsIgnored() {
        byte[] f = RawPeer.ipv4(new byte[] {-1, -1, -1, -1, -1, -1}, RawPeer.IP, 0xC61200FF, Ipv4Header.PROTO_ICMP, 64,
                RawPeer.echoRequest(1, 1, new byte[4]));
        peer.send(f);
        wired.poll();
        assertNull(peer.next());
        assertEquals(0, stack.counter(NetCounters.ICMP_ECHO_REPLIED));
    }

    @Test
    void badVersionIsDroppedAndCounted() {
        byte[] f = ping();
        f[E] = 0x65;
        Ipv4Header.fillChecksum(f, E);
        wired.assertDroppedAndCounted(f, NetCounters.IP_DROP_BAD_VERSION);
    }

    @Test
    void headerLengthBelowFiveWordsIsDroppedAndCounted() {
        byte[] f = ping();
        f[E] = 0x44;
        wired.assertDroppedAndCounted(f, NetCounters.IP_DROP_BAD_HEADER_LEN);
    }

    @Test
    void totalLengthBeyondTheFrameIsDroppedAndCounted() {
        byte[] f = ping();
        f[E + 2] = 0x05;
        Ipv4Header.fillChecksum(f, E);
        wired.assertDroppedAndCounted(f, NetCounters.IP_DROP_BAD_TOTAL_LEN);
    }

    @Test
    void badHeaderChecksumIsDroppedAndCounted() {
        byte[] f = ping();
        f[E + 10] ^= 0x01;
        wired.assertDroppedAndCounted(f, NetCounters.IP_DROP_BAD_CHECKSUM);
    }

    @Test
    void packetForAnotherHostIsDroppedAndCounted() {
        byte[] f = RawPeer.ipv4(OUR_MAC, RawPeer.IP, 0xC6120063, Ipv4Header.PROTO_ICMP, 64, RawPeer.echoRequest(1, 1, new byte[0]));
        wired.assertDroppedAndCounted(f, NetCounters.IP_DROP_NOT_FOR_US);
    }

    @Test
    void truncatedFrameIsDroppedAndCounted() {
        wired.assertDroppedAndCounted(Arrays.copyOf(ping(), E + 10), NetCounters.IP_DROP_TOO_SHORT);
    }

    @Test
    void unknownProtocolIsDroppedAndCounted() {
        wired.assertDroppedAndCounted(RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, 99, 64, new byte[8]), NetCounters.IP_DROP_UNKNOWN_PROTOCOL);
    }

    @Test
    void unknownEtherTypeIsDroppedAndCounted() {
        byte[] f = ping();
        EthernetFrame.setEtherType(f, 0, 0x88B5);
        wired.assertDroppedAndCounted(f, NetCounters.ETH_DROP_UNKNOWN_TYPE);
    }

    @Test
    void udpWithBadChecksumIsDroppedAndCountedAndNotDelivered() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        z.bind(fd, SockAddr.parse("0.0.0.0", 7));
        byte[] u = RawPeer.udp(RawPeer.IP, OUR_IP, 1000, 7, "data".getBytes());
        u[6] ^= 0x55;
        wired.assertDroppedAndCounted(RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64, u),
                NetCounters.UDP_DROP_BAD_CHECKSUM);
        assertEquals(-Errno.EAGAIN, z.recv(fd, new byte[8], 0, 8, Zsock.MSG_DONTWAIT));
    }

    @Test
    void udpToAClosedPortGetsPortUnreachableQuotingTheHeader() {
        byte[] f = RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(RawPeer.IP, OUR_IP, 1000, 9999, "data".getBytes()));
        peer.send(f);
        wired.poll();
        byte[] icmp = peer.next();
        assertNotNull(icmp);
        assertEquals(Icmpv4Header.TYPE_DEST_UNREACHABLE, Icmpv4Header.type(icmp, IP4));
        assertEquals(Icmpv4Header.CODE_PORT_UNREACHABLE, Icmpv4Header.code(icmp, IP4));
        assertArrayEquals(Arrays.copyOfRange(f, E, E + 28), Arrays.copyOfRange(icmp, IP4 + 8, IP4 + 36),
                "RFC 792: the original IP header and the first 8 data bytes");
        assertEquals(1, stack.counter(NetCounters.UDP_DROP_NO_PORT));
    }

    @Test
    void udpDatagramIsDeliveredWithItsSource() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        z.bind(fd, SockAddr.parse("198.18.0.1", 7));
        peer.send(RawPeer.ipv4(OUR_MAC, RawPeer.IP, OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(RawPeer.IP, OUR_IP, 1000, 7, "data".getBytes())));
        wired.poll();
        byte[] b = new byte[16];
        SockAddr from = new SockAddr();
        assertEquals(4, z.recvfrom(fd, b, 0, b.length, Zsock.MSG_DONTWAIT, from));
        assertEquals("198.18.0.2:1000", from.toString());
    }
}
