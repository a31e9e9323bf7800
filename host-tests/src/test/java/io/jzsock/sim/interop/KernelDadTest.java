package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Duplicate Address Detection against the Linux kernel (RFC 4862 §5.4): the kernel holds 2001:db8:2::2 and
 * defends it; jzsock, configured with the same static address, must find it duplicate and never use it, while
 * its link-local address passes DAD and works.
 */
class KernelDadTest {
    private static final String TAKEN = "2001:db8:2::2";
    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-dad");
        linux = lab.addKernel(1, 1500);
        linux.ns.exec("ip", "-6", "addr", "add", TAKEN + "/64", "dev", linux.ifname, "nodad").check();
        stack = lab.startJzsock(KernelLab.roomyConfig(), 23,
                InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6(TAKEN, 64));
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    /** The state of our address equal to {@code want} on eth0 once DAD has decided (not tentative), or FREE. */
    private static int stateOf(byte[] want, long timeoutMs) throws InterruptedException {
        byte[] a = new byte[16];
        long end = System.currentTimeMillis() + timeoutMs;
        int last = Ipv6InterfaceState.FREE;
        while (System.currentTimeMillis() < end) {
            for (int n = 0; stack.ipv6Address(2, n, a) >= 0; n++) {
                int st = stack.ipv6Address(2, n, a);
                if (java.util.Arrays.equals(a, want) && st != Ipv6InterfaceState.FREE) {
                    last = st;
                    if (st != Ipv6InterfaceState.TENTATIVE) {
                        return st;
                    }
                }
            }
            Thread.sleep(50);
        }
        return last;
    }

    @Test
    void theKernelsAddressIsDetectedDuplicateAndNotUsed() throws Exception {
        Zsock z = stack.zsock();
        byte[] taken = new byte[16];
        z.inet_pton(Zsock.AF_INET6, TAKEN, taken);
        assertEquals(Ipv6InterfaceState.DUPLICATE, stateOf(taken, 10_000), "DAD against the kernel's NA");
        int fd = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(-Errno.EADDRNOTAVAIL, z.bind(fd, SockAddr.parse(TAKEN, 7)), "a duplicate address is not ours");
        String kernelAddrs = linux.ns.exec("ip", "-6", "addr", "show", "dev", linux.ifname).output;
        assertTrue(kernelAddrs.contains(TAKEN + "/64") && !kernelAddrs.contains("dadfailed"),
                "the kernel still owns it: " + kernelAddrs);
        String neigh = linux.ns.exec("ip", "-6", "neigh", "show", TAKEN, "dev", linux.ifname).output;
        assertTrue(!neigh.contains("02:00:00:00:00:02"), "the kernel never learned our MAC for it: " + neigh);
        byte[] a = new byte[16];
        boolean linkLocalOk = false;
        long end = System.currentTimeMillis() + 10_000;
        while (!linkLocalOk && System.currentTimeMillis() < end) {
            for (int n = 0; !linkLocalOk && stack.ipv6Address(2, n, a) >= 0; n++) {
                linkLocalOk = stack.ipv6Address(2, n, a) == Ipv6InterfaceState.PREFERRED && (a[0] & 0xff) == 0xfe;
            }
            Thread.sleep(50);
        }
        assertTrue(linkLocalOk, "the link-local address passed DAD");
        long kernelReady = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < kernelReady && linux.ns.exec("ip", "-6", "addr", "show", "dev", linux.ifname,
                "scope", "link", "tentative").output.contains("fe80")) {
            Thread.sleep(100);
        }
        var r = linux.ns.exec("ping", "-6", "-c", "2", "-i", "0.2", "-W", "2",
                z.inet_ntop(Zsock.AF_INET6, a) + "%" + linux.ifname);
        assertEquals(0, r.exitCode, r.output + r.errors);
        z.close(fd);
    }
}
