package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Cmsg;
import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UDP and TCP over IPv6 through the stack's loopback ({@code ::1}): the v6 halves of UDP-01/16/24, TCP-01, MISC-08. */
class Ipv6LoopbackScenarioTest extends LoopbackScenario {
    private static final int PORT = 4343;
    private static final byte[] DATA = {9, 8, 7, 6, 5};

    /** Two connections and a listener on one stack: five connection objects. */
    @BeforeEach
    void widerTables() {
        stack.stop();
        NetConfig cfg = NetConfig.defaults();
        cfg.maxTcpConnections = 8;
        stack = NetStack.start(cfg);
        z = stack.zsock();
    }

    private int socket(int type) {
        int s = z.socket(Zsock.AF_INET6, type, 0);
        assertTrue(s >= 0, "socket: " + s);
        return s;
    }

    private static SockAddr lo6(int port) {
        return SockAddr.parse("::1", port);
    }

    @Test
    @DisplayName("UDP-01 v6: sendto [::1] then recvfrom: FIONREAD is the datagram size, MSG_PEEK then read, source [::1]:client port, addrlen 24")
    void udpOverLoopback() {
        int server = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, lo6(PORT)));
        int client = socket(Zsock.SOCK_DGRAM);
        assertEquals(5, z.sendto(client, DATA, 0, 5, 0, lo6(PORT)));
        int[] n = new int[1];
        assertEquals(0, z.ioctl(server, Zsock.FIONREAD, n));
        assertEquals(5, n[0]);
        byte[] buf = new byte[16];
        SockAddr from = new SockAddr();
        assertEquals(5, z.recvfrom(server, buf, 0, buf.length, Zsock.MSG_PEEK, from));
        assertEquals(5, z.recvfrom(server, buf, 0, buf.length, 0, from));
        assertArrayEquals(DATA, Arrays.copyOf(buf, 5));
        SockAddr clientName = new SockAddr();
        assertEquals(0, z.getsockname(client, clientName));
        assertEquals(Zsock.SIZEOF_SOCKADDR_IN6, from.length());
        assertEquals("[::1]:" + clientName.port(), from.toString());
        SockAddr serverName = new SockAddr();
        assertEquals(0, z.getsockname(server, serverName));
        assertEquals("[::1]:" + PORT, serverName.toString());

        assertEquals(2, z.sendto(server, DATA, 0, 2, 0, from));
        assertEquals(2, z.recvfrom(client, buf, 0, buf.length, 0, from));
        assertEquals("[::1]:" + PORT, from.toString());
    }

    @Test
    @DisplayName("A dual-stack UDP socket on :: takes both 127.0.0.1 and ::1 senders; a V6ONLY one only ::1; an AF_INET one only 127.0.0.1")
    void familiesMeetTheRightSockets() {
        int dual = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.setsockopt(dual, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0));
        assertEquals(0, z.bind(dual, SockAddr.parse("::", PORT)));
        int v4 = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        int v6 = socket(Zsock.SOCK_DGRAM);
        byte[] buf = new byte[8];
        SockAddr from = new SockAddr();
        assertEquals(1, z.sendto(v4, DATA, 0, 1, 0, SockAddr.parse("127.0.0.1", PORT)));
        assertEquals(1, z.recvfrom(dual, buf, 0, 8, 0, from));
        assertTrue(from.toString().startsWith("[::ffff:127.0.0.1]:"), from.toString());
        assertEquals(1, z.sendto(v6, DATA, 0, 1, 0, lo6(PORT)));
        assertEquals(1, z.recvfrom(dual, buf, 0, 8, 0, from));
        assertTrue(from.toString().startsWith("[::1]:"), from.toString());
        z.close(dual);

        int only6 = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(only6, SockAddr.parse("::", PORT)));
        int only4 = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(only4, SockAddr.parse("0.0.0.0", PORT)), "MISC-06: separate port spaces");
        assertEquals(1, z.sendto(v4, DATA, 0, 1, 0, SockAddr.parse("127.0.0.1", PORT)));
        assertEquals(1, z.sendto(v6, DATA, 0, 1, 0, lo6(PORT)));
        assertEquals(1, z.recvfrom(only6, buf, 0, 8, 0, from));
        assertTrue(from.toString().startsWith("[::1]:"), from.toString());
        assertEquals(-Errno.EAGAIN, z.recvfrom(only6, buf, 0, 8, Zsock.MSG_DONTWAIT, from));
        assertEquals(1, z.recvfrom(only4, buf, 0, 8, 0, from));
        assertTrue(from.toString().startsWith("127.0.0.1:"), from.toString());
    }

    @Test
    @DisplayName("UDP-16/24 v6: IPV6_RECVPKTINFO gives ::1 and ifindex 1; IPV6_RECVHOPLIMIT gives the IPV6_UNICAST_HOPS and the IPV6_HOPLIMIT cmsg the sender set")
    void ancillaryDataOverLoopback() {
        int server = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, lo6(PORT)));
        assertEquals(0, z.setsockopt(server, Zsock.IPPROTO_IPV6, Zsock.IPV6_RECVPKTINFO, 1));
        assertEquals(0, z.setsockopt(server, Zsock.IPPROTO_IPV6, Zsock.IPV6_RECVHOPLIMIT, 1));
        int client = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.setsockopt(client, Zsock.IPPROTO_IPV6, Zsock.IPV6_UNICAST_HOPS, 33));
        assertEquals(3, z.sendto(client, DATA, 0, 3, 0, lo6(PORT)));
        byte[] buf = new byte[8];
        byte[] control = new byte[128];
        MsgHdr m = new MsgHdr(1).iov(0, buf, 0, buf.length).control(control, 0, control.length);
        assertEquals(3, z.recvmsg(server, m, 0));
        assertEquals(Cmsg.space(20) + Cmsg.space(4), m.controlLen);
        assertEquals(Zsock.IPV6_PKTINFO, Cmsg.type(control, 0));
        int d = Cmsg.dataOffset(0);
        byte[] one = new byte[16];
        one[15] = 1;
        assertArrayEquals(one, Arrays.copyOfRange(control, d, d + 16));
        assertEquals(1, Cmsg.getInt(control, d + 16));
        int second = Cmsg.space(20);
        assertEquals(Zsock.IPPROTO_IPV6, Cmsg.level(control, second));
        assertEquals(Zsock.IPV6_HOPLIMIT, Cmsg.type(control, second));
        assertEquals(33, Cmsg.getInt(control, Cmsg.dataOffset(second)));

        byte[] sendControl = new byte[Cmsg.space(4)];
        int sd = Cmsg.putHeader(sendControl, 0, Zsock.IPPROTO_IPV6, Zsock.IPV6_HOPLIMIT, 4);
        Cmsg.putInt(sendControl, sd, 7);
        MsgHdr out = new MsgHdr(1).iov(0, DATA, 0, 3).control(sendControl, 0, sendControl.length);
        out.name = lo6(PORT);
        assertEquals(3, z.sendmsg(client, out, 0));
        m = new MsgHdr(1).iov(0, buf, 0, buf.length).control(control, 0, control.length);
        assertEquals(3, z.recvmsg(server, m, 0));
        assertEquals(7, Cmsg.getInt(control, Cmsg.dataOffset(Cmsg.space(20))));
    }

    @Test
    @DisplayName("UDP v6 bind: a foreign address EADDRNOTAVAIL, link-local without scope id EINVAL, unknown scope id ENODEV; IPV6_MTU of a ::1 peer")
    void bindAndMtu() {
        int s = socket(Zsock.SOCK_DGRAM);
        assertEquals(-Errno.EADDRNOTAVAIL, z.bind(s, SockAddr.parse("2001:db8::1", PORT)));
        assertEquals(-Errno.EINVAL, z.bind(s, SockAddr.parse("fe80::1", PORT)));
        SockAddr scoped = SockAddr.parse("fe80::1", PORT);
        scoped.setScopeId(42);
        assertEquals(-Errno.ENODEV, z.bind(s, scoped));
        assertEquals(0, z.connect(s, lo6(PORT)));
        int[] mtu = new int[1];
        assertEquals(0, z.getsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_MTU, mtu));
        assertEquals(1500, mtu[0]);
        assertEquals(-Errno.ENETUNREACH, z.sendto(s, DATA, 0, 1, 0, SockAddr.parse("2001:db8::2", PORT)),
                "no IPv6 route off the loopback");
    }

    @Test
    @DisplayName("TCP-01 v6: connect [::1], accept reports [::1] with addrlen 24; MSG_PEEK then recv return the same bytes")
    void tcpOverLoopback() {
        int listener = socket(Zsock.SOCK_STREAM);
        assertEquals(0, z.bind(listener, SockAddr.parse("::", PORT)));
        assertEquals(0, z.listen(listener, 2));
        int client = socket(Zsock.SOCK_STREAM);
        assertEquals(0, z.connect(client, lo6(PORT)));
        SockAddr peer = new SockAddr();
        int conn = z.accept(listener, peer);
        assertTrue(conn >= 0, "accept: " + conn);
        SockAddr clientName = new SockAddr();
        assertEquals(0, z.getsockname(client, clientName));
        assertEquals("[::1]:" + clientName.port(), peer.toString());
        assertEquals(Zsock.SIZEOF_SOCKADDR_IN6, peer.length());
        assertEquals(4, z.send(client, DATA, 0, 4, 0));
        byte[] a = new byte[8];
        byte[] b = new byte[8];
        assertEquals(4, z.recv(conn, a, 0, 8, Zsock.MSG_PEEK));
        assertEquals(4, z.recv(conn, b, 0, 8, 0));
        assertArrayEquals(a, b);
        SockAddr p = new SockAddr();
        assertEquals(0, z.getpeername(client, p));
        assertEquals("[::1]:" + PORT, p.toString());
        assertEquals(3, z.send(conn, DATA, 0, 3, 0));
        assertEquals(3, z.recv(client, a, 0, 8, 0));
        assertEquals(0, z.close(client));
        assertEquals(0, z.recv(conn, a, 0, 8, 0), "FIN");
    }

    @Test
    @DisplayName("MISC-08 v6 half: a dual-stack listener accepts a ::1 client as well as a 127.0.0.1 one")
    void dualStackListenerTakesBothFamilies() {
        int listener = socket(Zsock.SOCK_STREAM);
        assertEquals(0, z.setsockopt(listener, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0));
        assertEquals(0, z.bind(listener, SockAddr.parse("::", PORT)));
        assertEquals(0, z.listen(listener, 2));
        int c6 = socket(Zsock.SOCK_STREAM);
        assertEquals(0, z.connect(c6, lo6(PORT)));
        int c4 = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.connect(c4, SockAddr.parse("127.0.0.1", PORT)));
        SockAddr p1 = new SockAddr();
        SockAddr p2 = new SockAddr();
        assertTrue(z.accept(listener, p1) >= 0);
        assertTrue(z.accept(listener, p2) >= 0);
        assertTrue(p1.toString().startsWith("[::1]:"), p1.toString());
        assertTrue(p2.toString().startsWith("[::ffff:127.0.0.1]:"), p2.toString());
    }

    @Test
    @DisplayName("TCP v6 to a closed ::1 port is ECONNREFUSED")
    void tcpRefused() {
        int client = socket(Zsock.SOCK_STREAM);
        assertEquals(-Errno.ECONNREFUSED, z.connect(client, lo6(PORT + 7)));
    }

    @Test
    @DisplayName("UDP-12 v6: datagrams over the link MTU leave as IPv6 fragments across several buffers and arrive intact, "
            + "flat and gathered; more buffers than the pool has is -ENOMEM, past 65527 -EMSGSIZE")
    void udpDatagramsLargerThanOneBufferAreFragmented() {
        int server = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.bind(server, lo6(PORT)));
        assertEquals(0, z.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535));
        int client = socket(Zsock.SOCK_DGRAM);
        assertEquals(0, z.connect(client, lo6(PORT)));
        byte[] big = UdpScenarioTest.pattern(70000);
        byte[] rx = new byte[9000];
        long fragmentsBefore = stack.counter(io.jzsock.net.NetCounters.IP_FRAG_TX);
        // 1452 is the most one 1500-byte packet carries behind 40 + 8 bytes of headers.
        for (int n : new int[] {1, 1452, 1453, 1456, 2904, 2905, 4000, 8000}) {
            assertEquals(n, z.send(client, big, 0, n, 0), "send " + n);
            assertEquals(n, z.recv(server, rx, 0, rx.length, 0), "recv " + n);
            assertArrayEquals(Arrays.copyOf(big, n), Arrays.copyOf(rx, n), "bytes of " + n);
        }
        // 1453: 2 fragments, 1456: 2, 2904: 3 (2912 bytes with the UDP header), 2905: 3, 4000: 3, 8000: 6.
        assertEquals(19, stack.counter(io.jzsock.net.NetCounters.IP_FRAG_TX) - fragmentsBefore);
        MsgHdr m = new MsgHdr();
        m.iovBase = new byte[][] {big, big, big};
        m.iovOff = new int[] {0, 3000, 0};
        m.iovLen = new int[] {3000, 0, 2001};
        m.iovCount = 3;
        assertEquals(5001, z.sendmsg(client, m, 0));
        assertEquals(5001, z.recv(server, rx, 0, rx.length, 0));
        assertArrayEquals(Arrays.copyOf(big, 3000), Arrays.copyOf(rx, 3000));
        assertArrayEquals(Arrays.copyOf(big, 2001), Arrays.copyOfRange(rx, 3000, 5001));
        assertEquals(-Errno.ENOMEM, z.send(client, big, 0, 40000, 0), "28 fragments, 24 buffers");
        assertEquals(-Errno.EMSGSIZE, z.send(client, big, 0, 65528, 0));
        assertEquals(-Errno.EAGAIN, z.recv(server, rx, 0, rx.length, Zsock.MSG_DONTWAIT), "nothing of the refused sends arrived");
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
    }
}
