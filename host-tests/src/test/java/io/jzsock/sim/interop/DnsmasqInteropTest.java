package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jzsock's resolver against dnsmasq (Debian's dnsmasq-base) in a network namespace at 198.18.0.1, serving
 * only a hosts file of this test: {@code --no-resolv --no-hosts} and {@code --local} zones, so nothing is
 * ever forwarded to this machine's upstream resolver (a name outside them is REFUSED). Hosts-file answers
 * carry a TTL of {@value #TTL_SECONDS} s ({@code --local-ttl}).
 */
class DnsmasqInteropTest {
    private static final String DNSMASQ = "/usr/sbin/dnsmasq";
    private static final int TTL_SECONDS = 2;
    private static KernelLab lab;
    private static KernelHost server;
    private static NetStack stack;
    private static Zsock z;
    private static Path hosts;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        assertTrue(Files.isExecutable(Path.of(DNSMASQ)), "dnsmasq-base is installed (.ci/run installs it)");
        lab = new KernelLab("dnsmasq-interop");
        server = lab.addKernel(1, 1500, "jzdns");
        hosts = Files.createTempFile("jzdns-hosts", ".txt");
        Files.writeString(hosts, String.join("\n",
                "198.18.0.77 www.jz.test",
                "198.18.0.78 multi.jz.test",
                "198.18.0.79 multi.jz.test",
                "198.18.0.80 multi.jz.test",
                "198.18.0.81 ttl.jz.test",
                "2001:db8:77::1 v6.jz.test",
                ""));
        server.ns.spawn(DNSMASQ, "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + hosts, "--cname=alias.jz.test,www.jz.test", "--local=/jz.test/",
                "--local=/0.18.198.in-addr.arpa/", "--local=/7.7.0.0.8.b.d.0.1.0.0.2.ip6.arpa/",
                "--local-ttl=" + TTL_SECONDS, "--listen-address=" + KernelLab.KERNEL,
                "--bind-interfaces", "--user=root", "--group=root", "--pid-file=", "--log-queries", "--log-facility=-");
        awaitListening();
        NetConfig cfg = KernelLab.roomyConfig();
        cfg.dnsServer = KernelLab.KERNEL;
        stack = lab.startJzsock(cfg, 23);
        z = stack.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
        if (hosts != null) {
            Files.deleteIfExists(hosts);
        }
    }

    private static void awaitListening() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (server.ns.exec("ss", "-H", "-lun", "sport", "=", ":53").output.contains(KernelLab.KERNEL)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("dnsmasq is not listening on " + KernelLab.KERNEL + ":53");
    }

    @Test
    void aNameFromTheHostsFileResolves() {
        AddrInfo[] out = new AddrInfo[2];
        assertEquals(1, z.getaddrinfo("www.jz.test", "80", null, out));
        assertEquals("198.18.0.77:80", out[0].addr.toString());
    }

    @Test
    void severalAddressesBecomeSeveralEntries() {
        AddrInfo[] out = new AddrInfo[4];
        assertEquals(3, z.getaddrinfo("multi.jz.test", "443", new AddrInfo().hints(Zsock.AF_INET, Zsock.SOCK_STREAM, 0, 0), out));
        Set<String> got = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            got.add(out[i].addr.toString());
        }
        assertEquals(Set.of("198.18.0.78:443", "198.18.0.79:443", "198.18.0.80:443"), got);
    }

    @Test
    void anUnknownNameIsEaiNonameAndAForeignOneIsRefusedNotForwarded() {
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo("nope.jz.test", "80", null, new AddrInfo[1]));
        assertEquals(Zsock.EAI_FAIL, z.getaddrinfo("example.com", "80", null, new AddrInfo[1]),
                "outside the local zones dnsmasq refuses: it has no upstream");
        assertEquals(Zsock.EAI_NODATA, z.getaddrinfo("www.jz.test", "80",
                new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), new AddrInfo[1]), "no AAAA record");
    }

    @Test
    void aCnameResolvesToItsTargetsAddressAndCanonicalName() {
        AddrInfo[] out = new AddrInfo[1];
        assertEquals(1, z.getaddrinfo("alias.jz.test", "80", new AddrInfo().hints(Zsock.AF_INET, 0, 0, Zsock.AI_CANONNAME), out));
        assertEquals("198.18.0.77:80", out[0].addr.toString());
        assertEquals("www.jz.test", out[0].canonname);
    }

    @Test
    void theAnswerIsCachedForItsTtlThenAskedAgain() throws Exception {
        long queries = stack.counter(NetCounters.DNS_QUERY_TX);
        long hits = stack.counter(NetCounters.DNS_CACHE_HIT);
        AddrInfo[] out = new AddrInfo[1];
        assertEquals(1, z.getaddrinfo("ttl.jz.test", "80", null, out));
        assertEquals(queries + 1, stack.counter(NetCounters.DNS_QUERY_TX));
        assertEquals(1, z.getaddrinfo("ttl.jz.test", "80", null, out));
        assertEquals(queries + 1, stack.counter(NetCounters.DNS_QUERY_TX), "within the TTL: no query");
        assertEquals(hits + 1, stack.counter(NetCounters.DNS_CACHE_HIT));
        Thread.sleep(TTL_SECONDS * 1000L + 200);
        assertEquals(1, z.getaddrinfo("ttl.jz.test", "80", null, out));
        assertEquals(queries + 2, stack.counter(NetCounters.DNS_QUERY_TX), "expired: asked again");
        assertEquals("198.18.0.81:80", out[0].addr.toString());
    }

    @Test
    void getnameinfoFindsTheHostsFileNameByPtr() {
        byte[] host = new byte[Zsock.NI_MAXHOST];
        assertEquals(0, nameinfo("198.18.0.77", host, Zsock.NI_NAMEREQD));
        assertEquals("www.jz.test", text(host));
        assertEquals(Zsock.EAI_NONAME, nameinfo("198.18.0.99", host, Zsock.NI_NAMEREQD));
        assertEquals(0, nameinfo("198.18.0.99", host, 0));
        assertEquals("198.18.0.99", text(host));
    }

    /** RFC 3596 §2.5: the ip6.arpa nibble name of an IPv6 address, and a v4-mapped address by its IPv4 PTR. */
    @Test
    void getnameinfoFindsAnIpv6NameByPtrInIp6Arpa() {
        byte[] host = new byte[Zsock.NI_MAXHOST];
        long queries = stack.counter(NetCounters.DNS_QUERY_TX);
        assertEquals(0, nameinfo("2001:db8:77::1", host, Zsock.NI_NAMEREQD));
        assertEquals("v6.jz.test", text(host));
        assertEquals(queries + 1, stack.counter(NetCounters.DNS_QUERY_TX), "one PTR question on the wire");
        assertEquals(Zsock.EAI_NONAME, nameinfo("2001:db8:77::99", host, Zsock.NI_NAMEREQD),
                "dnsmasq's NXDOMAIN in its local ip6.arpa zone");
        assertEquals(0, nameinfo("2001:db8:77::99", host, 0));
        assertEquals("2001:db8:77::99", text(host));
        assertEquals(0, nameinfo("::ffff:198.18.0.77", host, Zsock.NI_NAMEREQD));
        assertEquals("www.jz.test", text(host));
    }

    private static int nameinfo(String address, byte[] host, int flags) {
        return z.getnameinfo(SockAddr.parse(address, 80), host, host.length, null, 0, flags);
    }

    private static String text(byte[] host) {
        int n = 0;
        while (host[n] != 0) {
            n++;
        }
        return new String(host, 0, n, StandardCharsets.US_ASCII);
    }
}
