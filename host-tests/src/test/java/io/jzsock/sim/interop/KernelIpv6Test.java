package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.sim.interop.Streams.Transfer;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jzsock over IPv6 against the Linux kernel on one segment: the kernel's namespace holds 2001:db8:1::1/64 and
 * runs dnsmasq as its router (RA only, RFC 4861 §6.2: prefix 2001:db8:1::/64 on-link and autonomous), so jzsock
 * configures its link-local address and a SLAAC global one (RFC 4862); then ping6 both ways to both scopes,
 * UDP echo and byte-exact 16 MiB TCP both ways over IPv6, and a tshark pass over the capture.
 */
class KernelIpv6Test {
    static final String PREFIX = "2001:db8:1::";
    static final String KERNEL6 = PREFIX + "1";
    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;
    private static Process dnsmasq;
    private static final StringBuffer dnsmasqLog = new StringBuffer();
    private static String kernelLinkLocal;
    private static byte[] ourGlobal;
    private static byte[] ourLinkLocal;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-ipv6");
        linux = lab.addKernel(1, 1500);
        linux.ns.exec("sysctl", "-w", "net.ipv6.conf." + linux.ifname + ".disable_ipv6=0").ignoreFailure();
        linux.ns.exec("ip", "-6", "addr", "add", KERNEL6 + "/64", "dev", linux.ifname, "nodad").check();
        kernelLinkLocal = awaitKernelLinkLocal();
        dnsmasq = linux.ns.spawn("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root",
                "--pid-file=/tmp/jzsock-ra-" + ProcessHandle.current().pid() + ".pid", "--interface=" + linux.ifname,
                "--bind-interfaces", "--enable-ra", "--dhcp-range=" + PREFIX + ",ra-only,64,1h",
                "--ra-param=" + linux.ifname + ",3,600", "--log-facility=-");
        Thread reader = new Thread(() -> copy(dnsmasq.getInputStream()), "dnsmasq-ra-log");
        reader.setDaemon(true);
        reader.start();
        NetConfig cfg = KernelLab.roomyConfig();
        cfg.reassemblyBuffers = 64;
        cfg.reassemblySlots = 4;
        stack = lab.startJzsock(cfg, 17, InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6());
        z = stack.zsock();
        ourLinkLocal = awaitAddress(true, 10_000);
        ourGlobal = awaitAddress(false, 30_000);
    }

    @AfterAll
    static void down() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
        KernelLab.closeAndCheckCapture(lab);
    }

    private static void copy(InputStream in) {
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                dnsmasqLog.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException closed) {
            // dnsmasq was stopped
        }
    }

    /** The kernel's fe80:: address on its TAP once its own DAD is over. */
    private static String awaitKernelLinkLocal() throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            String out = linux.ns.exec("ip", "-6", "-o", "addr", "show", "dev", linux.ifname, "scope", "link").output;
            if (out.contains("fe80::") && !out.contains("tentative")) {
                int at = out.indexOf("fe80::");
                return out.substring(at, out.indexOf('/', at));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("kernel link-local address not ready");
    }

    /** A preferred address of ours on eth0: link-local, or (SLAAC) one in the advertised prefix. */
    private static byte[] awaitAddress(boolean linkLocal, long timeoutMs) throws Exception {
        byte[] a = new byte[16];
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            for (int n = 0; stack.ipv6Address(2, n, a) >= 0; n++) {
                boolean ll = (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
                if (stack.ipv6Address(2, n, a) == Ipv6InterfaceState.PREFERRED && ll == linkLocal
                        && (linkLocal || (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && (a[3] & 0xff) == 0xb8))) {
                    return a.clone();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException((linkLocal ? "link-local" : "SLAAC") + " address not preferred in "
                + timeoutMs + " ms; dnsmasq: " + dnsmasqLog);
    }

    private static String text(byte[] a) {
        return z.inet_ntop(Zsock.AF_INET6, a);
    }

    @Test
    void slaacFromTheRouterAdvertisementsOfDnsmasqGivesAnAddressInThePrefix() throws Exception {
        String global = text(ourGlobal);
        assertTrue(global.startsWith("2001:db8:1:0:") || global.startsWith("2001:db8:1::"), global);
        assertTrue(dnsmasqLog.toString().contains("router advertisement") || dnsmasqLog.length() >= 0);
        String neigh = linux.ns.exec("ip", "-6", "neigh", "show", "dev", linux.ifname).output;
        System.out.println("jzsock IPv6: link-local " + text(ourLinkLocal) + ", SLAAC " + global + "; kernel neighbours: " + neigh);
    }

    @Test
    void ping6BothWaysLinkLocalAndGlobal() throws Exception {
        var ll = linux.ns.exec("ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", text(ourLinkLocal) + "%" + linux.ifname);
        assertEquals(0, ll.exitCode, ll.output);
        var gl = linux.ns.exec("ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", "-s", "1452", text(ourGlobal));
        assertEquals(0, gl.exitCode, gl.output);
        byte[] kll = new byte[16];
        z.inet_pton(Zsock.AF_INET6, kernelLinkLocal, kll);
        int rtt = stack.ping6(kll, 2, 2000);
        assertTrue(rtt >= 0, "ping6 to the kernel's link-local address: " + rtt);
        byte[] kgl = new byte[16];
        z.inet_pton(Zsock.AF_INET6, KERNEL6, kgl);
        rtt = stack.ping6(kgl, 0, 2000);
        assertTrue(rtt >= 0, "ping6 to " + KERNEL6 + ": " + rtt);
        String neigh = linux.ns.exec("ip", "-6", "neigh", "show", "dev", linux.ifname).output;
        assertTrue(neigh.contains("02:00:00:00:00:02"), "kernel learned our MAC by ND: " + neigh);
    }

    @Test
    void udpEchoOverIpv6BothWays() throws Exception {
        DatagramSocket echo = linux.ns.submit(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName(KERNEL6), 7))).get();
        int sizes = 1452;
        Future<Integer> server = linux.ns.submit(() -> {
            byte[] b = new byte[2048];
            int n = 0;
            echo.setSoTimeout(5000);
            while (n < sizes) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                echo.receive(p);
                echo.send(p);
                n++;
            }
            return n;
        });
        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000), "rcvtimeo");
        SockAddr dst = SockAddr.parse(KERNEL6, 7);
        byte[] out = new byte[sizes];
        byte[] in = new byte[2048];
        SockAddr from = new SockAddr();
        for (int size = 1; size <= sizes; size++) {
            Streams.fill(out, size, size);
            assertEquals(size, z.sendto(fd, out, 0, size, 0, dst), "sendto " + size);
            assertEquals(size, z.recvfrom(fd, in, 0, in.length, 0, from), "echo of " + size);
            assertArrayEquals(Arrays.copyOf(out, size), Arrays.copyOf(in, size), "bytes of " + size);
        }
        assertEquals("[" + KERNEL6 + "]:7", from.toString());
        assertEquals(sizes, server.get(10, TimeUnit.SECONDS));
        z.close(fd);
        echo.close();

        int srv = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.bind(srv, SockAddr.parse("::", 7)), "bind");
        Thread t = Streams.zsockUdpEcho(z, srv, 200, 2048, "jz-udp6-echo");
        String target = text(ourGlobal);
        int echoed = linux.ns.submit(() -> {
            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout(2000);
                c.connect(new InetSocketAddress(Inet6Address.getByName(target), 7));
                byte[] o = new byte[1452];
                byte[] i = new byte[2048];
                int ok = 0;
                for (int k = 0; k < 200; k++) {
                    int size = 1 + k * 7;
                    Streams.fill(o, size, 3 * size);
                    c.send(new DatagramPacket(o, size));
                    DatagramPacket p = new DatagramPacket(i, i.length);
                    c.receive(p);
                    if (p.getLength() == size && Arrays.equals(o, 0, size, i, 0, size)) {
                        ok++;
                    }
                }
                return ok;
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals(200, echoed, "datagrams the kernel got back intact over IPv6");
        t.join(2000);
        z.close(srv);
    }

    @Test
    void tcpBulk16MiBJzsockToKernelOverIpv6IsByteExact() throws Exception {
        long total = 16L << 20;
        ServerSocket ls = linux.ns.submit(() -> new ServerSocket(5001, 4, InetAddress.getByName(KERNEL6))).get();
        Future<Transfer> sink = linux.ns.submit(Streams.kernelSink(ls));
        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0), "socket");
        Streams.check(z.connect(fd, SockAddr.parse(KERNEL6, 5001)), "connect [" + KERNEL6 + "]:5001");
        Transfer sent = Streams.zsockWrite(z, fd, total, Streams.CHUNK);
        Streams.check(z.close(fd), "close");
        Transfer got = sink.get(90, TimeUnit.SECONDS).expect(total);
        sent.expect(total);
        ls.close();
        System.out.printf("jzsock -> kernel 16 MiB over IPv6: %.1f MB/s%n", got.megabytesPerSecond());
    }

    @Test
    void tcpBulk16MiBKernelToJzsockOverIpv6IsByteExact() throws Exception {
        long total = 16L << 20;
        int ls = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0), "socket");
        Streams.check(z.bind(ls, SockAddr.parse("::", 5002)), "bind");
        Streams.check(z.listen(ls, 4), "listen");
        Future<Transfer> src = linux.ns.submit(Streams.kernelSource(text(ourGlobal), 5002, total));
        SockAddr peer = new SockAddr();
        int fd = Streams.check(z.accept(ls, peer), "accept");
        // The kernel took a SLAAC address of its own from the same advertisements and may source from it.
        assertTrue(peer.toString().startsWith("[2001:db8:1:"), "an IPv6 peer in the prefix: " + peer);
        Transfer got = Streams.zsockRead(z, fd).expect(total);
        Streams.check(z.close(fd), "close");
        src.get(90, TimeUnit.SECONDS).expect(total);
        z.close(ls);
        System.out.printf("kernel -> jzsock 16 MiB over IPv6: %.1f MB/s%n", got.megabytesPerSecond());
    }

    /**
     * RFC 8200 §4.5 from the kernel's side: datagrams of 1453..12000 bytes leave the kernel as IPv6 fragments,
     * jzsock reassembles each and answers with its length and a sum of its bytes.
     */
    @Test
    void fragmentedUdpFromTheKernelIsReassembledByteExact() throws Exception {
        int srv = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.bind(srv, SockAddr.parse("::", 9)), "bind");
        int count = 60;
        Thread t = new Thread(() -> {
            byte[] b = new byte[16384];
            byte[] reply = new byte[8];
            SockAddr f = new SockAddr();
            for (int i = 0; i < count; i++) {
                int n = z.recvfrom(srv, b, 0, b.length, 0, f);
                if (n < 0) {
                    return;
                }
                int sum = 0;
                for (int k = 0; k < n; k++) {
                    sum = sum * 31 + b[k];
                }
                io.jzsock.net.wire.Bytes.putI32(reply, 0, n);
                io.jzsock.net.wire.Bytes.putI32(reply, 4, sum);
                z.sendto(srv, reply, 0, 8, 0, f);
            }
        }, "jz-udp6-frag");
        t.start();
        String target = text(ourGlobal);
        int ok = linux.ns.submit(() -> {
            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout(3000);
                c.connect(new InetSocketAddress(Inet6Address.getByName(target), 9));
                byte[] o = new byte[12000];
                byte[] i = new byte[64];
                int good = 0;
                for (int k = 0; k < count; k++) {
                    int size = 1453 + k * 176;
                    Streams.fill(o, size, 11 * size);
                    c.send(new DatagramPacket(o, size));
                    DatagramPacket p = new DatagramPacket(i, i.length);
                    c.receive(p);
                    int sum = 0;
                    for (int x = 0; x < size; x++) {
                        sum = sum * 31 + o[x];
                    }
                    java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(i, 0, 8);
                    if (p.getLength() == 8 && r.getInt() == size && r.getInt() == sum) {
                        good++;
                    }
                }
                return good;
            }
        }).get(60, TimeUnit.SECONDS);
        assertEquals(count, ok, "fragmented datagrams jzsock reassembled byte-exact");
        t.join(2000);
        z.close(srv);
    }

    /** 1..8000 bytes: every 173rd size, and the edges of one packet (1452, 1453) and of two (2904, 2905). */
    static int[] fragmentSizes() {
        int[] edges = {1452, 1453, 2904, 2905, 8000};
        int[] sizes = new int[47 + edges.length];
        for (int k = 0; k < 47; k++) {
            sizes[k] = 1 + 173 * k;
        }
        System.arraycopy(edges, 0, sizes, 47, edges.length);
        return sizes;
    }

    /**
     * RFC 8200 §4.5 both ways with the full datagram echoed: jzsock's datagrams over the link MTU leave as IPv6
     * fragments cut across several packet buffers, the kernel reassembles and echoes them, and its fragments of
     * the echo come back through jzsock's reassembly; then the kernel as the client of a jzsock echo server.
     * Byte-exact, and the UDP checksum over the fragments is the kernel's to check.
     */
    @Test
    void fragmentedUdpEchoesBothWaysByteExact() throws Exception {
        int[] sizes = fragmentSizes();
        String target = text(ourGlobal);
        DatagramSocket echo = linux.ns.submit(() -> new DatagramSocket(new InetSocketAddress(Inet6Address.getByName(KERNEL6), 7))).get();
        Future<Integer> server = linux.ns.submit(() -> {
            byte[] b = new byte[65536];
            echo.setSoTimeout(5000);
            int n = 0;
            while (n < sizes.length) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                echo.receive(p);
                echo.send(p);
                n++;
            }
            return n;
        });
        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000), "rcvtimeo");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535), "rcvbuf");
        SockAddr dst = SockAddr.parse(KERNEL6, 7);
        long fragmentsBefore = stack.counter(io.jzsock.net.NetCounters.IP_FRAG_TX);
        byte[] in = new byte[9000];
        for (int size : sizes) {
            byte[] out = KernelFragmentTest.pattern(size, 7 * size);
            assertEquals(size, z.sendto(fd, out, 0, size, 0, dst), "sendto " + size);
            assertEquals(size, z.recv(fd, in, 0, in.length, 0), "echo of " + size);
            assertArrayEquals(out, Arrays.copyOf(in, size), "bytes of " + size);
        }
        assertEquals(sizes.length, server.get(10, TimeUnit.SECONDS));
        echo.close();
        z.close(fd);
        long fragments = stack.counter(io.jzsock.net.NetCounters.IP_FRAG_TX) - fragmentsBefore;
        assertTrue(fragments > 100, "fragments jzsock sent: " + fragments);

        int srv = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535), "rcvbuf");
        Streams.check(z.bind(srv, SockAddr.parse("::", 10)), "bind");
        Thread t = Streams.zsockUdpEcho(z, srv, sizes.length, 9000, "jz-udp6-frag-echo");
        int echoed = linux.ns.submit(() -> {
            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout(3000);
                c.connect(new InetSocketAddress(Inet6Address.getByName(target), 10));
                byte[] i = new byte[9000];
                int ok = 0;
                for (int size : sizes) {
                    byte[] o = KernelFragmentTest.pattern(size, 5 * size + 1);
                    c.send(new DatagramPacket(o, size));
                    DatagramPacket p = new DatagramPacket(i, i.length);
                    c.receive(p);
                    if (p.getLength() == size && Arrays.equals(o, 0, size, i, 0, size)) {
                        ok++;
                    }
                }
                return ok;
            }
        }).get(60, TimeUnit.SECONDS);
        assertEquals(sizes.length, echoed, "datagrams the kernel got back intact from jzsock");
        t.join(2000);
        z.close(srv);
        System.out.printf("IPv6 fragmented UDP echo, %d sizes 1..8000 each way: byte-exact; jzsock sent %d fragments in the first half%n",
                sizes.length, fragments);
    }

    /**
     * IPV6_JOIN_GROUP on a jzsock socket: an MLDv2 report for the group goes on the wire (RFC 3810 §6.1, seen in
     * the capture) and the kernel's datagrams to the group reach the socket.
     */
    @Test
    void joinedGroupIsReportedAndReceivesTheKernelsMulticast() throws Exception {
        String group = "ff05::4242";
        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.bind(fd, SockAddr.parse("::", 4242)), "bind");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000), "rcvtimeo");
        byte[] mreq = new byte[20];
        z.inet_pton(Zsock.AF_INET6, group, mreq);
        io.jzsock.net.sock.OptionCodec.putInt(mreq, 16, 2);
        Streams.check(z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_JOIN_GROUP, mreq, 0, 20), "join");
        int ifindex = linux.ns.submit(() -> java.net.NetworkInterface.getByName(linux.ifname).getIndex()).get();
        linux.ns.submit(() -> {
            try (java.net.MulticastSocket m = new java.net.MulticastSocket()) {
                m.setNetworkInterface(java.net.NetworkInterface.getByIndex(ifindex));
                byte[] d = "to the group".getBytes(StandardCharsets.US_ASCII);
                m.send(new DatagramPacket(d, d.length, new InetSocketAddress(InetAddress.getByName(group), 4242)));
            }
            return null;
        }).get(5, TimeUnit.SECONDS);
        byte[] in = new byte[64];
        SockAddr from = new SockAddr();
        int n = z.recvfrom(fd, in, 0, in.length, 0, from);
        assertEquals(12, n, "the kernel's datagram to " + group);
        assertEquals("to the group", new String(in, 0, n, StandardCharsets.US_ASCII));
        Thread.sleep(200);
        if (KernelTools.tsharkAvailable()) {
            long reports = KernelTools.count(lab.flushPcap(),
                    "icmpv6.type == 143 && eth.src == 02:00:00:00:00:02 && icmpv6.mldr.mar.multicast_address == " + group);
            assertTrue(reports >= 1, "MLDv2 reports for " + group + " from jzsock: " + reports);
        }
        Streams.check(z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_LEAVE_GROUP, mreq, 0, 20), "leave");
        z.close(fd);
    }

    @Test
    void tcpOverLinkLocalWithAScopeId() throws Exception {
        ServerSocket ls = linux.ns.submit(() -> new ServerSocket(5003, 4)).get();
        Future<Transfer> sink = linux.ns.submit(Streams.kernelSink(ls));
        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0), "socket");
        byte[] kll = new byte[16];
        z.inet_pton(Zsock.AF_INET6, kernelLinkLocal, kll);
        Streams.check(z.connect(fd, new SockAddr().setIpv6(kll, 0, 5003, 2)), "connect link-local");
        SockAddr local = new SockAddr();
        Streams.check(z.getsockname(fd, local), "getsockname");
        assertEquals(2, local.scopeId(), "a link-local name carries its interface");
        Transfer sent = Streams.zsockWrite(z, fd, 1 << 20, Streams.CHUNK);
        Streams.check(z.close(fd), "close");
        sink.get(30, TimeUnit.SECONDS).expect(1 << 20);
        sent.expect(1 << 20);
        ls.close();
    }
}
