package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** zsock-scenarios MISC-01..05 and MISC-09 (Zephyr tests/net/socket/misc), IPv4 parts and MISC-05's connected UDP in both families. */
class MiscScenarioTest {
    private final List<NetStack> stacks = new ArrayList<>();
    private NetStack stack;
    private Zsock z;

    @BeforeEach
    void start() {
        NetConfig cfg = NetConfig.defaults();
        cfg.hostname = "sensor-7";
        stack = NetStack.start(cfg);
        stacks.add(stack);
        z = stack.zsock();
    }

    @AfterEach
    void stop() {
        for (NetStack s : stacks) {
            s.stop();
        }
    }

    private int udp(Zsock zs) {
        int s = zs.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertTrue(s >= 0, "socket: " + s);
        return s;
    }

    @Test
    @DisplayName("MISC-01 gethostname returns NetConfig.hostname followed by a NUL")
    void gethostnameReturnsConfiguredName() {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) 'x');
        assertEquals(0, z.gethostname(b, 0, b.length));
        assertEquals("sensor-7", new String(b, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(0, b[8]);
        assertEquals('x', b[9], "nothing written past the NUL");
    }

    @Test
    @DisplayName("MISC-01 gethostname into a short buffer truncates like strncpy (no NUL when it does not fit)")
    void gethostnameTruncatesLikeStrncpy() {
        byte[] b = new byte[16];
        Arrays.fill(b, (byte) 'x');
        assertEquals(0, z.gethostname(b, 2, 3));
        assertEquals("xxsenxx", new String(b, 0, 7, StandardCharsets.US_ASCII));

        Arrays.fill(b, (byte) 'x');
        assertEquals(0, z.gethostname(b, 0, 8));
        assertEquals("sensor-7x", new String(b, 0, 9, StandardCharsets.US_ASCII), "exact fit: no room for the NUL");

        Arrays.fill(b, (byte) 'x');
        assertEquals(0, z.gethostname(b, 0, 9));
        assertEquals(0, b[8]);
        assertEquals(-Errno.EFAULT, z.gethostname(b, 10, 9));
        assertEquals(-Errno.EFAULT, z.gethostname(null, 0, 4));
    }

    @Test
    @DisplayName("MISC-02 inet_pton via Zsock: valid v4/v6 give 1, trailing garbage 0, unknown family EAFNOSUPPORT")
    void inetPton() {
        byte[] a4 = new byte[4];
        assertEquals(1, z.inet_pton(Zsock.AF_INET, "192.0.2.33", a4));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 33}, a4);
        byte[] a6 = new byte[16];
        assertEquals(1, z.inet_pton(Zsock.AF_INET6, "::1", a6));
        byte[] loop6 = new byte[16];
        loop6[15] = 1;
        assertArrayEquals(loop6, a6);
        assertEquals(1, z.inet_pton(Zsock.AF_INET6, "1::", a6));
        byte[] one = new byte[16];
        one[1] = 1;
        assertArrayEquals(one, a6);
        assertEquals(1, z.inet_pton(Zsock.AF_INET6, "::ffff:192.0.2.1", a6));
        assertEquals((byte) 0xff, a6[10]);
        assertEquals((byte) 192, a6[12]);

        assertEquals(0, z.inet_pton(Zsock.AF_INET, "192.0.2.1x", a4));
        assertEquals(0, z.inet_pton(Zsock.AF_INET, "192.0.2.1 ", a4));
        assertEquals(0, z.inet_pton(Zsock.AF_INET6, "::1x", a6));
        assertEquals(0, z.inet_pton(Zsock.AF_INET6, "1::g", a6));
        assertEquals(0, z.inet_pton(Zsock.AF_INET, "::1", a4));
        assertEquals(-Errno.EAFNOSUPPORT, z.inet_pton(Zsock.AF_UNSPEC, "1.2.3.4", a4));
    }

    @Test
    @DisplayName("MISC-04 getpeername on unconnected UDP is ENOTCONN; after connect it returns the peer")
    void getpeername() {
        int s = udp(z);
        SockAddr out = new SockAddr();
        assertEquals(-Errno.ENOTCONN, z.getpeername(s, out));
        SockAddr peer = SockAddr.parse("127.0.0.1", 4242);
        assertEquals(0, z.connect(s, peer));
        assertEquals(0, z.getpeername(s, out));
        assertEquals(peer, out);
        assertEquals(Zsock.SIZEOF_SOCKADDR_IN, out.length(), "addrlen is sizeof(struct sockaddr_in), 8 in Zephyr");
        assertEquals(-Errno.EBADF, z.getpeername(99, out));
    }

    @Test
    @DisplayName("MISC-05 getsockname: unbound EINVAL; after bind the bound address; after connect family AF_INET")
    void getsockname() {
        int s = udp(z);
        SockAddr out = new SockAddr();
        assertEquals(-Errno.EINVAL, z.getsockname(s, out));
        assertEquals(0, z.bind(s, SockAddr.parse("127.0.0.1", 4242)));
        assertEquals(0, z.getsockname(s, out));
        assertEquals(SockAddr.parse("127.0.0.1", 4242), out);

        int c = udp(z);
        assertEquals(0, z.connect(c, SockAddr.parse("127.0.0.1", 4242)));
        out.clear();
        assertEquals(0, z.getsockname(c, out));
        assertEquals(Zsock.AF_INET, out.family());
        NetConfig cfg = stack.config();
        assertTrue(out.port() >= cfg.ephemeralPortLow && out.port() <= cfg.ephemeralPortHigh,
                "connect picked an ephemeral port: " + out.port());
    }

    /**
     * Follows Zephyr, not Linux: Zephyr's net_context_connect binds an unbound UDP socket through bind_default
     * to the unspecified address (and an ephemeral port) and stores only the remote; each datagram's source is
     * chosen as it is built (net_context_create_ipv4_new/_ipv6_new), and zsock_getsockname answers
     * net_context_get_local_addr, the context's local address. Linux reports the source routing chose.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    @DisplayName("MISC-05 both families: a connected, unbound UDP socket reports 0.0.0.0 / [::] and its port, as Zephyr")
    void getsocknameOfAConnectedUnboundUdpSocket(String peer) {
        int family = peer.indexOf(':') >= 0 ? Zsock.AF_INET6 : Zsock.AF_INET;
        int server = z.socket(family, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(server, SockAddr.parse(peer, 4242)));
        int client = z.socket(family, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.connect(client, SockAddr.parse(peer, 4242)));
        SockAddr me = new SockAddr();
        assertEquals(0, z.getsockname(client, me));
        assertTrue(me.port() != 0, "connect bound an ephemeral port");
        String any = family == Zsock.AF_INET6 ? "::" : "0.0.0.0";
        assertEquals(SockAddr.parse(any, me.port()), me, "the unspecified address, as Zephyr's context keeps it");
        byte[] data = {1, 2, 3, 4};
        assertEquals(4, z.send(client, data, 0, 4, 0));
        z.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
        SockAddr from = new SockAddr();
        assertEquals(4, z.recvfrom(server, new byte[8], 0, 8, 0, from));
        assertEquals(SockAddr.parse(peer, me.port()), from, "the datagram's source: the address chosen for it, that port");
    }

    @Test
    @DisplayName("MISC-09 SO_DOMAIN reads AF_INET; setting it is ENOPROTOOPT")
    void soDomain() {
        int s = udp(z);
        int[] v = {-1};
        assertEquals(0, z.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_DOMAIN, v));
        assertEquals(Zsock.AF_INET, v[0]);
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_DOMAIN, Zsock.AF_INET));
        byte[] raw = new byte[4];
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_DOMAIN, raw, 0, 4));
    }

    // ---- MISC-03: one stack with two Ethernet interfaces on two switches ----

    private static final String SHARED_PEER = "10.0.0.2";

    private static byte[] mac(int id) {
        return new byte[] {0x02, 0, 0, 0, 0, (byte) id};
    }

    private NetStack host(int seed) {
        NetStack s = NetStack.start(NetConfig.defaults(), SystemClock.INSTANCE, new SeededEntropy(seed));
        stacks.add(s);
        return s;
    }

    private static int plug(NetStack s, VirtualSwitch sw, int macId, String name, String address) {
        VirtualNic nic = new VirtualNic(mac(macId));
        sw.attach(nic);
        return s.addInterface(nic, InterfaceConfig.ipv4(name, address, 24, null));
    }

    private static byte[] ifreq(String name) {
        byte[] b = new byte[16];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, b, 0, n.length);
        return b;
    }

    private static void awaitReadable(Zsock zs, int fd) {
        PollFd[] set = {new PollFd(fd, Zsock.POLLIN)};
        assertEquals(1, zs.poll(set, 1, 3000), "datagram on fd " + fd);
    }

    /**
     * Host A has eth0 10.0.0.1 on switch 1 and eth1 10.0.0.11 on switch 2, both /24. B (switch 1)
     * and C (switch 2) both use 10.0.0.2, so the interface alone decides who gets a datagram.
     */
    private final class TwoLinks {
        final NetStack a = host(1);
        final NetStack b = host(2);
        final NetStack c = host(3);
        final int eth0;
        final int eth1;

        TwoLinks() {
            VirtualSwitch sw1 = new VirtualSwitch();
            VirtualSwitch sw2 = new VirtualSwitch();
            eth0 = plug(a, sw1, 1, "eth0", "10.0.0.1");
            eth1 = plug(a, sw2, 11, "eth1", "10.0.0.11");
            plug(b, sw1, 2, "eth0", SHARED_PEER);
            plug(c, sw2, 3, "eth0", SHARED_PEER);
        }
    }

    @Test
    @DisplayName("MISC-03 SO_BINDTODEVICE: egress follows the bound interface; getsockopt returns its name")
    void bindToDeviceSteersEgress() {
        TwoLinks n = new TwoLinks();
        Zsock za = n.a.zsock();
        Zsock zb = n.b.zsock();
        Zsock zc = n.c.zsock();
        int onB = udp(zb);
        int onC = udp(zc);
        assertEquals(0, zb.bind(onB, SockAddr.parse("0.0.0.0", 5000)));
        assertEquals(0, zc.bind(onC, SockAddr.parse("0.0.0.0", 5000)));
        SockAddr dst = SockAddr.parse(SHARED_PEER, 5000);
        SockAddr from = new SockAddr();
        byte[] in = new byte[16];

        int s = udp(za);
        assertEquals(1, za.sendto(s, new byte[] {1}, 0, 1, 0, dst));
        awaitReadable(zb, onB);
        assertEquals(1, zb.recvfrom(onB, in, 0, in.length, 0, from));
        assertEquals(1, in[0]);
        assertEquals("10.0.0.1", from.toString().substring(0, from.toString().indexOf(':')));

        byte[] name = ifreq("eth1");
        assertEquals(0, za.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_BINDTODEVICE, name, 0, name.length));
        byte[] got = new byte[16];
        int[] len = {16};
        assertEquals(0, za.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_BINDTODEVICE, got, 0, len));
        assertEquals(5, len[0]);
        assertEquals("eth1", new String(got, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(0, got[4]);

        long eth1TxBefore = n.a.counter(n.eth1, NetCounters.UDP_TX);
        assertEquals(1, za.sendto(s, new byte[] {2}, 0, 1, 0, dst));
        awaitReadable(zc, onC);
        assertEquals(1, zc.recvfrom(onC, in, 0, in.length, 0, from));
        assertEquals(2, in[0]);
        assertEquals("10.0.0.11", from.toString().substring(0, from.toString().indexOf(':')));
        assertEquals(eth1TxBefore + 1, n.a.counter(n.eth1, NetCounters.UDP_TX));
        assertEquals(-Errno.EAGAIN, zb.recv(onB, in, 0, in.length, Zsock.MSG_DONTWAIT));

        byte[] unknown = ifreq("eth9");
        assertEquals(-Errno.ENODEV, za.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_BINDTODEVICE, unknown, 0, 16));
    }

    @Test
    @DisplayName("MISC-03 a server bound to eth1 only receives from eth1; an empty name unbinds it")
    void bindToDeviceFiltersIngress() throws Exception {
        TwoLinks n = new TwoLinks();
        Zsock za = n.a.zsock();
        Zsock zb = n.b.zsock();
        Zsock zc = n.c.zsock();
        int server = udp(za);
        byte[] eth1 = ifreq("eth1");
        assertEquals(0, za.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_BINDTODEVICE, eth1, 0, eth1.length));
        assertEquals(0, za.bind(server, SockAddr.parse("0.0.0.0", 7)));
        int fromB = udp(zb);
        int fromC = udp(zc);
        byte[] in = new byte[16];

        long dropsBefore = n.a.counter(n.eth0, NetCounters.UDP_DROP_NO_PORT);
        assertEquals(1, zb.sendto(fromB, new byte[] {'b'}, 0, 1, 0, SockAddr.parse("10.0.0.1", 7)));
        long deadline = System.currentTimeMillis() + 3000;
        while (n.a.counter(n.eth0, NetCounters.UDP_DROP_NO_PORT) == dropsBefore
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(dropsBefore + 1, n.a.counter(n.eth0, NetCounters.UDP_DROP_NO_PORT),
                "a datagram arriving on eth0 finds no socket");
        assertEquals(-Errno.EAGAIN, za.recv(server, in, 0, in.length, Zsock.MSG_DONTWAIT));

        assertEquals(1, zc.sendto(fromC, new byte[] {'c'}, 0, 1, 0, SockAddr.parse("10.0.0.11", 7)));
        awaitReadable(za, server);
        assertEquals(1, za.recv(server, in, 0, in.length, 0));
        assertEquals('c', in[0]);

        byte[] empty = new byte[16];
        assertEquals(0, za.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_BINDTODEVICE, empty, 0, empty.length));
        byte[] got = {'x', 'x'};
        int[] len = {got.length};
        assertEquals(0, za.getsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_BINDTODEVICE, got, 0, len));
        assertEquals(0, got[0], "unbound: empty name");
        assertEquals(1, zb.sendto(fromB, new byte[] {'B'}, 0, 1, 0, SockAddr.parse("10.0.0.1", 7)));
        awaitReadable(za, server);
        assertEquals(1, za.recv(server, in, 0, in.length, 0));
        assertEquals('B', in[0]);
    }
}
