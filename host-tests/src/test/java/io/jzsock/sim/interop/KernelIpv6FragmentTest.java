package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InetText;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.tap.NetNamespace;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IPv6 fragments from the Linux kernel (RFC 8200 §4.5): a kernel whose link MTU is 1280 pings our link-local
 * address with 1400-byte echo requests, which it must send in two fragments each; jzsock reassembles them and
 * answers. tshark finds nothing malformed in the capture.
 */
class KernelIpv6FragmentTest {
    static KernelLab lab;
    static KernelLab.KernelHost linux;
    static NetStack stack;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-ipv6-fragments");
        linux = lab.addKernel(1, 1280, "jzk6f");
        NetConfig cfg = KernelLab.roomyConfig();
        cfg.ipv6StableSecret = "kernel ipv6 fragments".getBytes();
        stack = lab.startJzsock(cfg, 8, InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6());
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    @Test
    void kernelsFragmentedEchoRequestsAreReassembledAndAnswered() throws Exception {
        String ll = awaitLinkLocal();
        // Neighbour discovery both ways first, with a small echo, so that only fragments are measured.
        linux.ns.exec("ping", "-6", "-c", "1", "-W", "2", ll + "%" + linux.ifname);
        NetNamespace.Result r = linux.ns.exec("ping", "-6", "-c", "5", "-i", "0.2", "-W", "2", "-s", "1400",
                ll + "%" + linux.ifname);
        Matcher m = Pattern.compile("(\\d+) received").matcher(r.output);
        assertTrue(m.find(), r.output + r.errors);
        assertEquals(5, Integer.parseInt(m.group(1)), r.output + r.errors);
        assertTrue(stack.counter(NetCounters.IP_REASM_OK) >= 5, "reassembled: " + stack.counter(NetCounters.IP_REASM_OK));
        System.out.println("kernel (MTU 1280) -> jzsock ping6 -s 1400: 5/5, fragments in "
                + stack.counter(NetCounters.IP_FRAG_RX) + ", reassembled " + stack.counter(NetCounters.IP_REASM_OK));
    }

    private static String awaitLinkLocal() throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        byte[] a = new byte[16];
        do {
            if (stack.ipv6Address(2, 0, a) == Ipv6InterfaceState.PREFERRED) {
                return InetText.ntop(ZsockConstants.AF_INET6, a);
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < end);
        throw new AssertionError("no link-local address through DAD");
    }
}
