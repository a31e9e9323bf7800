package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.sim.tap.NetNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multicast listener reports seen by the Linux kernel: the kernel's end of the TAP is a port of a Linux bridge
 * with multicast snooping and the bridge's own querier on (MLDv2 and IGMPv2 queries every 2 s, Maximum
 * Response Delay 1 s, membership interval 5 s), so {@code bridge mdb show} lists exactly the groups the kernel
 * believes jzsock listens to. jzsock's solicited-node groups (RFC 4861 §7.2.1, joined before DAD, RFC 4862
 * §5.4.2) and an application's IPV6_JOIN_GROUP group appear; after IPV6_LEAVE_GROUP (an MLDv2 CHANGE_TO_INCLUDE
 * with no sources, RFC 3810 §6.1) the bridge's Multicast Address Specific Queries go unanswered and the group
 * goes away; groups outlive several membership intervals only because every General Query is answered in
 * time (RFC 3810 §6.2), which the capture shows query by query. IGMPv2 (RFC 2236) the same way.
 */
class KernelMldTest {
    private static final String GLOBAL = "2001:db8:3::2";
    private static final String GROUP6 = "ff05::4343";
    private static final String GROUP4 = "239.1.2.3";
    /** mcast_query_response_interval 100 (centiseconds): the Maximum Response Delay of the bridge's queries. */
    private static final int MAX_RESPONSE_MS = 1000;
    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-mld");
        linux = lab.addKernel(1, 1500, "jzmld");
        linux.ns.exec("ip", "addr", "flush", "dev", linux.ifname).check();
        linux.ns.exec("ip", "link", "add", "br0", "address", "02:00:00:00:01:01", "type", "bridge",
                "mcast_snooping", "1", "mcast_querier", "1", "mcast_mld_version", "2", "mcast_igmp_version", "2",
                "mcast_query_use_ifaddr", "1", "mcast_query_interval", "200", "mcast_query_response_interval", "100",
                "mcast_startup_query_interval", "200", "mcast_membership_interval", "500",
                "mcast_last_member_interval", "50", "mcast_querier_interval", "500").check();
        linux.ns.exec("sysctl", "-w", "net.ipv6.conf.br0.disable_ipv6=0").ignoreFailure();
        linux.ns.exec("ip", "link", "set", linux.ifname, "master", "br0").check();
        linux.ns.exec("ip", "addr", "add", KernelLab.KERNEL + "/24", "dev", "br0").check();
        linux.ns.exec("ip", "link", "set", "br0", "up").check();
        linux.ns.exec("ip", "route", "replace", "default", "dev", "br0").check();
        stack = lab.startJzsock(KernelLab.roomyConfig(), 29,
                InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6(GLOBAL, 64));
        z = stack.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    /** The groups {@code bridge mdb show} lists on the TAP port, as the text of its lines. */
    private static String mdb() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : linux.ns.exec("bridge", "mdb", "show", "dev", "br0").check().output.split("\n")) {
            if (line.contains("port " + linux.ifname + " ")) {
                sb.append(line.trim()).append('\n');
            }
        }
        return sb.toString();
    }

    private static boolean listed(String group) throws Exception {
        return mdb().contains("grp " + group + " ");
    }

    private static boolean awaitListed(String group, boolean want, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (listed(group) == want) {
                return true;
            }
            Thread.sleep(100);
        }
        return listed(group) == want;
    }

    /** ff02::1:ffXX:XXXX for each of our non-free addresses on eth0 (RFC 4291 §2.7.1), in inet_ntop form. */
    private static List<String> solicitedNodeGroups() {
        List<String> groups = new ArrayList<>();
        byte[] a = new byte[16];
        for (int n = 0; stack.ipv6Address(2, n, a) >= 0; n++) {
            if (stack.ipv6Address(2, n, a) == Ipv6InterfaceState.FREE) {
                continue;
            }
            byte[] g = new byte[16];
            z.inet_pton(Zsock.AF_INET6, "ff02::1:ff00:0", g);
            System.arraycopy(a, 13, g, 13, 3);
            String s = z.inet_ntop(Zsock.AF_INET6, g);
            if (!groups.contains(s)) {
                groups.add(s);
            }
        }
        return groups;
    }

    @Test
    void solicitedNodeAndApplicationGroupsAreListedAndALeftGroupGoesAway() throws Exception {
        List<String> solicited = solicitedNodeGroups();
        assertEquals(2, solicited.size(), "link-local and " + GLOBAL + " differ in their low 24 bits: " + solicited);
        for (String g : solicited) {
            assertTrue(awaitListed(g, true, 10_000), "the bridge learned " + g + " from our report: " + mdb());
        }
        assertFalse(listed("ff02::1"), "all-nodes is never reported (RFC 3810 §6)");

        int fd = Streams.check(z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0), "socket");
        Streams.check(z.bind(fd, SockAddr.parse("::", 4343)), "bind");
        byte[] mreq = new byte[20];
        z.inet_pton(Zsock.AF_INET6, GROUP6, mreq);
        OptionCodec.putInt(mreq, 16, 2);
        Streams.check(z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_JOIN_GROUP, mreq, 0, 20), "join");
        assertTrue(awaitListed(GROUP6, true, 5_000), "the bridge learned " + GROUP6 + ": " + mdb());

        // Three membership intervals (5 s each): entries live on only because queries are answered.
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < 15_000) {
            assertTrue(listed(GROUP6), "still listed after " + (System.currentTimeMillis() - start) + " ms: " + mdb());
            for (String g : solicited) {
                assertTrue(listed(g), g + " still listed: " + mdb());
            }
            Thread.sleep(500);
        }

        Streams.check(z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_LEAVE_GROUP, mreq, 0, 20), "leave");
        long left = System.currentTimeMillis();
        assertTrue(awaitListed(GROUP6, false, 5_000), "the bridge dropped " + GROUP6 + " after our leave: " + mdb());
        System.out.println("MLD: " + GROUP6 + " gone from the bridge " + (System.currentTimeMillis() - left)
                + " ms after IPV6_LEAVE_GROUP; still listed: " + mdb().replace('\n', ';'));
        for (String g : solicited) {
            assertTrue(listed(g), "solicited-node groups stay: " + mdb());
        }
        z.close(fd);

        if (KernelTools.tsharkAvailable()) {
            var pcap = lab.flushPcap();
            assertTrue(KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && icmpv6.type == 143"
                    + " && icmpv6.mldr.mar.record_type == 3 && icmpv6.mldr.mar.multicast_address == " + GROUP6) >= 1,
                    "our leave is an MLDv2 CHANGE_TO_INCLUDE_MODE record for " + GROUP6);
            assertEquals(0, KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && icmpv6.type == 143"
                    + " && !(ipv6.hlim == 1 && ipv6.opt.type == 5 && (ipv6.src == fe80::/10 || ipv6.src == ::))"),
                    "every report: hop limit 1, Router Alert, a link-local source or, before one passed DAD, ::"
                            + " (RFC 3810 §5.2.13, RFC 3590)");
            assertQueriesAnswered(pcap, "icmpv6.type == 130 && icmpv6.mld.multicast_address == ::",
                    "icmpv6.type == 143", "MLDv2 General Query");
        }
    }

    @Test
    void igmpMembershipIsListedAndALeftGroupGoesAway() throws Exception {
        int fd = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0), "socket");
        byte[] mreq = new byte[8];
        z.inet_pton(Zsock.AF_INET, GROUP4, mreq);
        byte[] ours = new byte[4];
        z.inet_pton(Zsock.AF_INET, KernelLab.JZSOCK, ours);
        System.arraycopy(ours, 0, mreq, 4, 4);
        Streams.check(z.setsockopt(fd, Zsock.IPPROTO_IP, Zsock.IP_ADD_MEMBERSHIP, mreq, 0, 8), "join");
        assertTrue(awaitListed(GROUP4, true, 5_000), "the bridge learned " + GROUP4 + ": " + mdb());
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < 12_000) {
            assertTrue(listed(GROUP4), "still listed after " + (System.currentTimeMillis() - start) + " ms: " + mdb());
            Thread.sleep(500);
        }
        Streams.check(z.setsockopt(fd, Zsock.IPPROTO_IP, Zsock.IP_DROP_MEMBERSHIP, mreq, 0, 8), "leave");
        assertTrue(awaitListed(GROUP4, false, 5_000), "the bridge dropped " + GROUP4 + " after our Leave: " + mdb());
        z.close(fd);
        if (KernelTools.tsharkAvailable()) {
            var pcap = lab.flushPcap();
            assertTrue(KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && igmp.type == 0x17 && igmp.maddr == "
                    + GROUP4) >= 1, "an IGMPv2 Leave Group for " + GROUP4);
            assertQueriesAnswered(pcap, "igmp.type == 0x11 && igmp.maddr == 0.0.0.0",
                    "igmp.type == 0x16 && igmp.maddr == " + GROUP4, "IGMPv2 General Query");
        }
    }

    /**
     * Every General Query from the bridge sent while we had {@code report} to give (between our first and our
     * last such report) is followed by one from jzsock within the Maximum Response Delay.
     */
    private static void assertQueriesAnswered(Path pcap, String query, String report, String what)
            throws Exception {
        List<Double> queries = times(pcap, "eth.src == 02:00:00:00:01:01 && " + query);
        List<Double> reports = times(pcap, "eth.src == 02:00:00:00:00:02 && " + report);
        assertFalse(reports.isEmpty(), "reports from jzsock");
        int answered = 0;
        int checked = 0;
        double worst = 0;
        for (double q : queries) {
            if (q < reports.get(0) || q >= reports.get(reports.size() - 1)) {
                continue;
            }
            checked++;
            double first = -1;
            for (double r : reports) {
                if (r > q && first < 0) {
                    first = r;
                }
            }
            if (first >= 0 && first - q <= MAX_RESPONSE_MS / 1000.0 + 0.1) {
                answered++;
                worst = Math.max(worst, first - q);
            }
        }
        System.out.printf("%s: %d of %d answered within %d ms (slowest %.0f ms)%n", what, answered, checked,
                MAX_RESPONSE_MS, worst * 1000);
        assertTrue(checked >= 3, what + ": at least 3 queries in the capture, " + checked);
        assertEquals(checked, answered, what + " answered within the Maximum Response Delay");
    }

    private static List<Double> times(Path pcap, String filter) throws Exception {
        var r = NetNamespace.run("tshark", "-n", "-r", pcap.toString(), "-Y", filter,
                "-T", "fields", "-e", "frame.time_relative").check();
        List<Double> t = new ArrayList<>();
        for (String l : r.output.split("\n")) {
            if (!l.isBlank()) {
                t.add(Double.parseDouble(l.trim()));
            }
        }
        return t;
    }
}
