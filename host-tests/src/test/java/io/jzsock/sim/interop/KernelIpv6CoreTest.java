package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InetText;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.tap.NetNamespace;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IPv6 core against the Linux kernel over the TAP lab, kept small (v6sock's KernelIpv6Test is the IPv6 interop
 * suite, sockets included; this one needs nothing but netcore's ICMPv6, ND and SLAAC): the kernel pings our link-local address (its Neighbor Solicitation answered, ours for it
 * answered), we ping its link-local address, and dnsmasq in the kernel's namespace advertises 2001:db8:1::/64
 * in router advertisements, from which we form a SLAAC address with DAD that the kernel then pings.
 */
class KernelIpv6CoreTest {
    static final String PREFIX = "2001:db8:1::";
    static KernelLab lab;
    static KernelLab.KernelHost linux;
    static NetStack stack;
    static Process dnsmasq;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-ipv6-core");
        linux = lab.addKernel(1, 1500, "jzk6c");
        linux.ns.exec("ip", "-6", "addr", "add", PREFIX + "1/64", "dev", linux.ifname, "nodad").check();
        NetConfig cfg = KernelLab.roomyConfig();
        cfg.ipv6StableSecret = "kernel ipv6 test".getBytes();
        stack = lab.startJzsock(cfg, 6, InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6());
        assertNotNull(awaitAddress("fe80:", 5000), "link-local address through DAD");
    }

    @AfterAll
    static void down() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor();
        }
        KernelLab.closeAndCheckCapture(lab);
    }

    /** Our first preferred address starting with this text, waited for up to ms; null if none came. */
    static String awaitAddress(String start, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        do {
            for (int n = 0; n < 8; n++) {
                byte[] a = new byte[16];
                int st = stack.ipv6Address(2, n, a);
                String text = st > 0 ? InetText.ntop(ZsockConstants.AF_INET6, a) : null;
                if (st == Ipv6InterfaceState.PREFERRED && text.startsWith(start)) {
                    return text;
                }
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < end);
        return null;
    }

    private static int received(NetNamespace.Result r) {
        Matcher m = Pattern.compile("(\\d+) received").matcher(r.output);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    void kernelPingsOurLinkLocalAddressAndWePingItsOwn() throws Exception {
        String ll = awaitAddress("fe80:", 1000);
        NetNamespace.Result r = linux.ns.exec("ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", ll + "%" + linux.ifname);
        assertEquals(3, received(r), r.output + r.errors);
        String kernelLl = kernelLinkLocal();
        int rtt = stack.ping6(bytes(kernelLl), 2, 2000);
        assertTrue(rtt >= 0, "ping6 from jzsock to " + kernelLl + ": " + rtt);
        System.out.println("ping6 both ways on the link: kernel -> " + ll + " 3/3, jzsock -> " + kernelLl + " " + rtt + " ms");
    }

    @Test
    void routerAdvertisementsFromDnsmasqGiveASlaacAddressTheKernelPings() throws Exception {
        dnsmasq = linux.ns.spawn("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root",
                "--pid-file=/tmp/jzsock-ra-" + ProcessHandle.current().pid() + ".pid", "--interface=" + linux.ifname,
                "--bind-interfaces", "--enable-ra", "--dhcp-range=::,constructor:" + linux.ifname + ",ra-only,64,1h",
                "--log-facility=-");
        String global = awaitAddress("2001:db8:1:", 20000);
        assertNotNull(global, "SLAAC address from dnsmasq's RA; ra.rx=" + stack.counter(NetCounters.ND_RA_RX));
        NetNamespace.Result r = linux.ns.exec("ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", global);
        assertEquals(3, received(r), r.output + r.errors);
        int rtt = stack.ping6(bytes(PREFIX + "1"), 0, 2000);
        assertTrue(rtt >= 0, "ping6 from jzsock's SLAAC address to the kernel's global one: " + rtt);
        System.out.println("SLAAC from dnsmasq RA: " + global + ", kernel ping 3/3, jzsock ping " + rtt + " ms");
    }

    private static String kernelLinkLocal() throws IOException {
        NetNamespace.Result r = linux.ns.exec("ip", "-6", "addr", "show", "dev", linux.ifname, "scope", "link").check();
        Matcher m = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/64").matcher(r.output);
        assertTrue(m.find(), r.output);
        return m.group(1);
    }

    private static byte[] bytes(String text) {
        byte[] a = new byte[16];
        assertEquals(1, InetText.pton(ZsockConstants.AF_INET6, text, a), text);
        return a;
    }
}
