package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.sim.tap.NetNamespace;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery over IPv6 with a real router (RFC 8201): a kernel namespace routes between our segment
 * (MTU 1500, prefix 2001:db8:1::/64 advertised by dnsmasq) and a veth link of MTU 1280 to a second namespace at
 * 2001:db8:3::2. jzsock's first 1400-byte datagram is dropped by the router with a Packet Too Big (MTU 1280);
 * jzsock lowers its path MTU and sends the next ones as IPv6 fragments, which the far kernel reassembles.
 */
class KernelPmtuTest {
    private static final String FAR = "2001:db8:3::2";
    private static KernelLab lab;
    private static KernelHost router;
    private static NetNamespace far;
    private static NetStack stack;
    private static Process dnsmasq;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-pmtu");
        router = lab.addKernel(1, 1500);
        far = NetNamespace.create("jzfar");
        String vr = "jzvr" + (ProcessHandle.current().pid() % 10000);
        String vf = "jzvf" + (ProcessHandle.current().pid() % 10000);
        router.ns.exec("ip", "link", "add", vr, "type", "veth", "peer", "name", vf).check();
        router.ns.exec("ip", "link", "set", vf, "netns", far.name()).check();
        router.ns.exec("sysctl", "-w", "net.ipv6.conf.all.forwarding=1").check();
        router.ns.exec("ip", "-6", "addr", "add", "2001:db8:1::1/64", "dev", router.ifname, "nodad").check();
        router.ns.exec("ip", "link", "set", vr, "mtu", "1280", "up").check();
        router.ns.exec("ip", "-6", "addr", "add", "2001:db8:3::1/64", "dev", vr, "nodad").check();
        far.exec("ip", "link", "set", vf, "mtu", "1280", "up").check();
        far.exec("ip", "-6", "addr", "add", FAR + "/64", "dev", vf, "nodad").check();
        far.exec("ip", "-6", "route", "add", "default", "via", "2001:db8:3::1").check();
        dnsmasq = router.ns.spawn("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root",
                "--pid-file=/tmp/jzsock-pmtu-" + ProcessHandle.current().pid() + ".pid", "--interface=" + router.ifname,
                "--bind-interfaces", "--enable-ra", "--dhcp-range=2001:db8:1::,ra-only,64,1h",
                "--ra-param=" + router.ifname + ",3,600", "--log-facility=-");
        NetConfig cfg = KernelLab.roomyConfig();
        stack = lab.startJzsock(cfg, 29, InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6());
        awaitGlobal(30_000);
    }

    @AfterAll
    static void down() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
        if (far != null) {
            far.close();
        }
        KernelLab.closeAndCheckCapture(lab);
    }

    private static void awaitGlobal(long timeoutMs) throws Exception {
        byte[] a = new byte[16];
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            for (int n = 0; stack.ipv6Address(2, n, a) >= 0; n++) {
                if (stack.ipv6Address(2, n, a) == Ipv6InterfaceState.PREFERRED && a[0] == 0x20) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no SLAAC address from the router's advertisements");
    }

    @Test
    void packetTooBigLowersThePathMtuAndLaterDatagramsArriveFragmented() throws Exception {
        Zsock z = stack.zsock();
        byte[] dst = new byte[16];
        z.inet_pton(Zsock.AF_INET6, FAR, dst);
        assertEquals(1500, stack.ipv6PathMtu(dst, 0), "before any Packet Too Big");
        DatagramSocket sink = far.submit(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName(FAR), 9))).get();
        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        SockAddr to = SockAddr.parse(FAR, 9);
        byte[] out = new byte[1400];
        Streams.fill(out, out.length, 5);
        assertEquals(1400, z.sendto(fd, out, 0, 1400, 0, to), "the probe the router answers with Packet Too Big");
        long end = System.currentTimeMillis() + 5000;
        while (stack.ipv6PathMtu(dst, 0) != 1280 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertEquals(1280, stack.ipv6PathMtu(dst, 0), "path MTU after the router's Packet Too Big (RFC 8201)");
        int count = 20;
        Future<Integer> got = far.submit(() -> {
            sink.setSoTimeout(3000);
            byte[] b = new byte[2048];
            int ok = 0;
            try {
                while (ok < count) {
                    DatagramPacket p = new DatagramPacket(b, b.length);
                    sink.receive(p);
                    if (p.getLength() == 1400 && java.util.Arrays.equals(b, 0, 1400, out, 0, 1400)) {
                        ok++;
                    }
                }
            } catch (java.net.SocketTimeoutException done) {
                // fewer arrived than sent
            }
            return ok;
        });
        for (int i = 0; i < count; i++) {
            assertEquals(1400, z.sendto(fd, out, 0, 1400, 0, to));
            Thread.sleep(5);
        }
        int arrived = got.get(20, TimeUnit.SECONDS);
        assertTrue(arrived >= count - 1, "1400-byte datagrams reassembled by the far kernel: " + arrived + " of " + count);
        z.close(fd);
        sink.close();
    }
}
