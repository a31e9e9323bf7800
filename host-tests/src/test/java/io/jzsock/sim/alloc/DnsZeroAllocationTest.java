package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DnsMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for the resolver: after warm-up, getaddrinfo of a name allocates nothing, answered from the
 * cache or over the network (the caller's thread, the net thread and the DNS server's thread measured), when
 * the caller reuses its AddrInfo array and asks no AI_CANONNAME. The server is a zsock UDP socket on the
 * same stack's 127.0.0.1:53 (NetConfig.dnsServer), answering every query with one A record whose TTL is 0
 * (never cached: every call is a network lookup) or an hour. Windows as in {@link UdpZeroAllocationTest}.
 */
@Tag("alloc")
class DnsZeroAllocationTest {
    private static final int WARM_UP = 30_000;
    private static final int LOOKUPS = 10_000;
    private static final int MAX_WINDOWS = 3;
    private static final long WINDOW_TIMEOUT_MS = 180_000;
    private static final String NAME = "www.example.com";

    private final Teardown teardown = new Teardown();

    @BeforeEach
    void requireEscapeAnalysisOff() {
        assertTrue(ThreadAllocations.escapeAnalysisOff(),
                "run with -XX:-DoEscapeAnalysis (host-tests' zero-allocation surefire execution does)");
    }

    @AfterEach
    void tearDown() {
        teardown.run();
    }

    @Test
    void aNetworkLookupAllocatesNothing() throws Exception {
        NetStack s = measure(0);
        assertTrue(s.counter(NetCounters.DNS_QUERY_TX) >= WARM_UP + LOOKUPS, "every lookup asked the server");
    }

    @Test
    void aCachedLookupAllocatesNothing() throws Exception {
        NetStack s = measure(3600);
        assertEquals(1, s.counter(NetCounters.DNS_QUERY_TX), "one query, then the cache");
    }

    private NetStack measure(int ttl) throws Exception {
        Set<Thread> netBefore = ThreadAllocations.named("jzsock-net");
        NetConfig cfg = NetConfig.defaults();
        cfg.dnsServer = "127.0.0.1";
        NetStack s = NetStack.start(cfg);
        teardown.add(s, s::stop);
        List<Thread> netThreads = ThreadAllocations.startedSince(netBefore, "jzsock-net");
        DnsServer server = new DnsServer(s.zsock(), ttl);
        teardown.add(server, server::close);
        Lookups lookups = new Lookups(s.zsock());
        CommandedThread caller = teardown.started(new CommandedThread("alloc-dns-caller", lookups::run));
        caller.runAndWait(WARM_UP, WINDOW_TIMEOUT_MS);
        List<Thread> measured = new ArrayList<>(List.of(caller.thread(), server.thread));
        measured.addAll(netThreads);
        ThreadAllocations allocations = new ThreadAllocations(measured);
        List<String> windows = allocations.untilZero(MAX_WINDOWS, () -> caller.runAndWait(LOOKUPS, WINDOW_TIMEOUT_MS));
        System.out.println("DNS lookups (TTL " + ttl + "): bytes allocated per " + LOOKUPS + "-lookup window after "
                + WARM_UP + " warm-up lookups: " + windows);
        assertEquals(WARM_UP + (long) windows.size() * LOOKUPS, lookups.completed);
        return s;
    }

    /** getaddrinfo(NAME) into one reused entry, checking the answer. */
    private static final class Lookups {
        private final Zsock z;
        private final AddrInfo[] out = {new AddrInfo()};
        private final AddrInfo hints = new AddrInfo().hints(Zsock.AF_INET, Zsock.SOCK_STREAM, 0, 0);
        volatile long completed;

        Lookups(Zsock z) {
            this.z = z;
        }

        void run(int n) {
            for (int i = 0; i < n; i++) {
                int r = z.getaddrinfo(NAME, "443", hints, out);
                if (r != 1 || out[0].addr.ipv4() != DnsServer.ANSWER || out[0].addr.port() != 443) {
                    throw new AssertionError("getaddrinfo returned " + r + " at lookup " + completed);
                }
                completed++;
            }
        }
    }

    /** Answers each query in place with one A record (a pointer to the question as its owner). */
    private static final class DnsServer {
        static final int ANSWER = 0xC0000201;
        private static final int RECORD = 16;
        private final Zsock z;
        private final int fd;
        private final int ttl;
        private final byte[] buf = new byte[DnsMessage.UDP_MAX];
        private final SockAddr from = new SockAddr();
        private volatile boolean running = true;
        final Thread thread;

        DnsServer(Zsock z, int ttl) {
            this.z = z;
            this.ttl = ttl;
            fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(0, z.bind(fd, SockAddr.parse("127.0.0.1", DnsMessage.PORT)));
            assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 200));
            thread = new Thread(this::serve, "alloc-dns-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (running) {
                int n = z.recvfrom(fd, buf, 0, buf.length - RECORD, 0, from);
                if (n < DnsMessage.HEADER_LEN) {
                    continue;
                }
                Bytes.putU16(buf, DnsMessage.FLAGS, DnsMessage.FLAG_QR | DnsMessage.FLAG_RD | DnsMessage.FLAG_RA);
                Bytes.putU16(buf, DnsMessage.ANCOUNT, 1);
                int p = n;
                Bytes.putU16(buf, p, 0xc000 | DnsMessage.HEADER_LEN);
                Bytes.putU16(buf, p + 2, DnsMessage.TYPE_A);
                Bytes.putU16(buf, p + 4, DnsMessage.CLASS_IN);
                Bytes.putI32(buf, p + 6, ttl);
                Bytes.putU16(buf, p + 10, 4);
                Bytes.putI32(buf, p + 12, ANSWER);
                z.sendto(fd, buf, 0, n + RECORD, 0, from);
            }
        }

        void close() {
            running = false;
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            z.close(fd);
        }
    }
}
