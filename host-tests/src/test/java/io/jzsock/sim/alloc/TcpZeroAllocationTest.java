package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for TCP: after start-up, send/recv on a connection and the net threads' segment input,
 * output, ACK and timer work allocate nothing. Two stacks with the default NetConfig on the virtual
 * switch, real threads; measured on both application threads and both "jzsock-net" threads, in the
 * JVM run with -XX:-DoEscapeAnalysis (the "alloc" surefire execution). Same rule as
 * UdpZeroAllocationTest: warm up past C2's one-off allocations, then one whole window at exactly 0
 * bytes on every thread, the window retried at most twice (a per-segment allocation shows in every
 * window).
 */
@Tag("alloc")
class TcpZeroAllocationTest {
    private static final int PORT = 5001;
    private static final int BULK_WINDOW = 10 * 1024 * 1024;
    private static final int BULK_WARM_UP = 3 * BULK_WINDOW;
    private static final int ROUND_TRIPS = 10_000;
    private static final int ECHO_WARM_UP = 30_000;
    private static final int MESSAGE = 64;
    private static final int MAX_WINDOWS = 3;
    private static final long WINDOW_TIMEOUT_MS = 120_000;
    private static final int RECV_TIMEOUT_MS = 5000;

    private final Teardown teardown = new Teardown();
    private NetStack a;
    private NetStack b;
    private List<Thread> netThreads;

    @BeforeEach
    void twoStacks() {
        assertTrue(ThreadAllocations.escapeAnalysisOff(),
                "run with -XX:-DoEscapeAnalysis (host-tests' zero-allocation surefire execution does)");
        Set<Thread> netBefore = ThreadAllocations.named("jzsock-net");
        SimNetwork net = new SimNetwork(11);
        teardown.add(net, net::close);
        a = net.addHost(1);
        b = net.addHost(2);
        netThreads = ThreadAllocations.startedSince(netBefore, "jzsock-net");
        assertEquals(2, netThreads.size(), "one net thread per stack");
    }

    @AfterEach
    void tearDown() {
        teardown.run();
    }

    @Test
    void tenMegabyteBulkTransferAllocatesNothing() throws Exception {
        int[] fds = connectedPair();
        Sender sender = new Sender(a.zsock(), fds[0]);
        Receiver receiver = new Receiver(b.zsock(), fds[1]);
        CommandedThread tx = teardown.started(new CommandedThread("alloc-tcp-sender", sender::send));
        CommandedThread rx = teardown.started(new CommandedThread("alloc-tcp-receiver", receiver::receive));

        both(tx, rx, BULK_WARM_UP);
        List<String> windows = measure(tx, rx, BULK_WINDOW);
        System.out.println("bytes allocated per " + BULK_WINDOW + "-byte bulk window after " + BULK_WARM_UP
                + " warm-up bytes: " + windows);
        assertEquals(BULK_WARM_UP + (long) windows.size() * BULK_WINDOW, receiver.received);
        closeAndCheck(fds);
    }

    @Test
    void ipv6BulkTransferOverLinkLocalAddressesAllocatesNothing() throws Exception {
        teardown.run();
        Set<Thread> netBefore = ThreadAllocations.named("jzsock-net");
        SimNetwork net = new SimNetwork(11);
        teardown.add(net, net::close);
        a = net.addDualStackHost(1);
        b = net.addDualStackHost(2);
        netThreads = ThreadAllocations.startedSince(netBefore, "jzsock-net");
        SimNetwork.linkLocal(a, 0, 5000);
        int[] fds = connectedPair(Zsock.AF_INET6, SimNetwork.linkLocal(b, PORT, 5000));
        Sender sender = new Sender(a.zsock(), fds[0]);
        Receiver receiver = new Receiver(b.zsock(), fds[1]);
        CommandedThread tx = teardown.started(new CommandedThread("alloc-tcp-sender", sender::send));
        CommandedThread rx = teardown.started(new CommandedThread("alloc-tcp-receiver", receiver::receive));

        both(tx, rx, BULK_WARM_UP);
        List<String> windows = measure(tx, rx, BULK_WINDOW);
        System.out.println("IPv6 (fe80::/64, scope eth0): bytes allocated per " + BULK_WINDOW
                + "-byte bulk window after " + BULK_WARM_UP + " warm-up bytes: " + windows);
        assertEquals(BULK_WARM_UP + (long) windows.size() * BULK_WINDOW, receiver.received);
        closeAndCheck(fds);
    }

    @Test
    void dualStackBulkTransferAllocatesNothing() throws Exception {
        int[] fds = connectedPair(Zsock.AF_INET6);
        Sender sender = new Sender(a.zsock(), fds[0]);
        Receiver receiver = new Receiver(b.zsock(), fds[1]);
        CommandedThread tx = teardown.started(new CommandedThread("alloc-tcp-sender", sender::send));
        CommandedThread rx = teardown.started(new CommandedThread("alloc-tcp-receiver", receiver::receive));

        both(tx, rx, BULK_WARM_UP);
        List<String> windows = measure(tx, rx, BULK_WINDOW);
        System.out.println("dual-stack (AF_INET6, v4-mapped): bytes allocated per " + BULK_WINDOW
                + "-byte bulk window after " + BULK_WARM_UP + " warm-up bytes: " + windows);
        assertEquals(BULK_WARM_UP + (long) windows.size() * BULK_WINDOW, receiver.received);
        closeAndCheck(fds);
    }

    @Test
    void tenThousandEchoRoundTripsAllocateNothing() throws Exception {
        int[] fds = connectedPair();
        EchoClient client = new EchoClient(a.zsock(), fds[0]);
        EchoServer server = new EchoServer(b.zsock(), fds[1]);
        CommandedThread c = teardown.started(new CommandedThread("alloc-tcp-client", client::roundTrips));
        CommandedThread s = teardown.started(new CommandedThread("alloc-tcp-server", server::echo));

        both(c, s, ECHO_WARM_UP);
        List<String> windows = measure(c, s, ROUND_TRIPS);
        System.out.println("bytes allocated per " + ROUND_TRIPS + "-round-trip echo window after " + ECHO_WARM_UP
                + " warm-up round-trips: " + windows);
        assertEquals(ECHO_WARM_UP + (long) windows.size() * ROUND_TRIPS, client.completed);
        closeAndCheck(fds);
    }

    /** fds[0] on a connected to fds[1] on b (accepted), both blocking with a receive timeout. */
    private int[] connectedPair() {
        return connectedPair(Zsock.AF_INET);
    }

    /** The same with sockets of the family; AF_INET6 ones are dual-stack and connect to b's v4-mapped address. */
    private int[] connectedPair(int family) {
        return connectedPair(family, SockAddr.parse((family == Zsock.AF_INET6 ? "::ffff:" : "") + SimNetwork.address(2), PORT));
    }

    private int[] connectedPair(int family, SockAddr to) {
        Zsock za = a.zsock();
        Zsock zb = b.zsock();
        boolean v6 = family == Zsock.AF_INET6;
        int l = zb.socket(family, Zsock.SOCK_STREAM, 0);
        int c = za.socket(family, Zsock.SOCK_STREAM, 0);
        assertTrue(c >= 0, "socket " + c);
        if (v6) {
            assertEquals(0, zb.setsockopt(l, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0));
            assertEquals(0, za.setsockopt(c, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0));
        }
        assertEquals(0, zb.bind(l, SockAddr.parse(v6 ? "::" : "0.0.0.0", PORT)));
        assertEquals(0, zb.listen(l, 1));
        int r = za.connect(c, to);
        assertEquals(0, r, "connect " + Errno.name(-r));
        int s = zb.accept(l, null);
        assertTrue(s >= 0, "accept " + s);
        assertEquals(0, zb.close(l));
        assertEquals(0, za.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RECV_TIMEOUT_MS));
        assertEquals(0, zb.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RECV_TIMEOUT_MS));
        return new int[] {c, s};
    }

    /**
     * Runs {@code n} iterations on both threads at once: first's wait happens on an unmeasured helper
     * thread (CommandedThread waits for one batch at a time).
     */
    private static void both(CommandedThread first, CommandedThread second, int n) throws Exception {
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Thread helper = new Thread(() -> {
            try {
                first.runAndWait(n, WINDOW_TIMEOUT_MS);
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        }, "alloc-helper");
        helper.start();
        second.runAndWait(n, WINDOW_TIMEOUT_MS);
        helper.join(WINDOW_TIMEOUT_MS);
        if (firstFailure.get() != null) {
            throw new AssertionError("first thread", firstFailure.get());
        }
    }

    private List<String> measure(CommandedThread first, CommandedThread second, int n) throws Exception {
        List<Thread> measured = new ArrayList<>(List.of(first.thread(), second.thread()));
        measured.addAll(netThreads);
        return new ThreadAllocations(measured).untilZero(MAX_WINDOWS, () -> both(first, second, n));
    }

    private void closeAndCheck(int[] fds) throws InterruptedException {
        assertEquals(0, a.zsock().close(fds[0]));
        assertEquals(0, b.zsock().close(fds[1]));
        long deadline = System.currentTimeMillis() + a.config().tcpTimeWaitMillis + 3000;
        while ((a.tcpConnectionsInUse() | b.tcpConnectionsInUse()) != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        for (NetStack s : new NetStack[] {a, b}) {
            assertEquals(0, s.tcpConnectionsInUse(), s.describeTcp());
            assertEquals(0, s.openFds(), "open fds");
            assertEquals(s.packetBuffers(), s.freePacketBuffers(), "free packet buffers");
        }
    }

    static byte pattern(long i) {
        return (byte) (i * 31 + i / 251);
    }

    /** Blocking sends of a byte pattern, 4 KB at a time; short writes are resumed. */
    private static final class Sender {
        private final Zsock z;
        private final int fd;
        private final byte[] out = new byte[4096];
        private long sent;

        Sender(Zsock z, int fd) {
            this.z = z;
            this.fd = fd;
        }

        void send(int bytes) {
            long end = sent + bytes;
            while (sent < end) {
                int n = (int) Math.min(out.length, end - sent);
                for (int i = 0; i < n; i++) {
                    out[i] = pattern(sent + i);
                }
                int off = 0;
                while (off < n) {
                    int w = z.send(fd, out, off, n - off, 0);
                    if (w <= 0) {
                        throw new AssertionError("send returned " + w + " after " + (sent + off) + " bytes");
                    }
                    off += w;
                }
                sent += n;
            }
        }
    }

    /** Blocking receives, every byte checked against the pattern. */
    private static final class Receiver {
        private final Zsock z;
        private final int fd;
        private final byte[] in = new byte[4096];
        volatile long received;

        Receiver(Zsock z, int fd) {
            this.z = z;
            this.fd = fd;
        }

        void receive(int bytes) {
            long got = received;
            long end = got + bytes;
            while (got < end) {
                int r = z.recv(fd, in, 0, (int) Math.min(in.length, end - got), 0);
                if (r <= 0) {
                    throw new AssertionError("recv returned " + r + " after " + got + " bytes");
                }
                for (int i = 0; i < r; i++) {
                    if (in[i] != pattern(got + i)) {
                        throw new AssertionError("byte " + (got + i) + " differs");
                    }
                }
                got += r;
            }
            received = got;
        }
    }

    /** Reads exactly len bytes into b, or throws. */
    private static void readFully(Zsock z, int fd, byte[] b, int len, long at) {
        int got = 0;
        while (got < len) {
            int r = z.recv(fd, b, got, len - got, 0);
            if (r <= 0) {
                throw new AssertionError("recv returned " + r + " at round-trip " + at);
            }
            got += r;
        }
    }

    private static void writeFully(Zsock z, int fd, byte[] b, int len, long at) {
        int off = 0;
        while (off < len) {
            int w = z.send(fd, b, off, len - off, 0);
            if (w <= 0) {
                throw new AssertionError("send returned " + w + " at round-trip " + at);
            }
            off += w;
        }
    }

    /** Sends a numbered 64-byte message and checks its echo byte by byte. */
    private static final class EchoClient {
        private final Zsock z;
        private final int fd;
        private final byte[] out = new byte[MESSAGE];
        private final byte[] in = new byte[MESSAGE];
        volatile long completed;

        EchoClient(Zsock z, int fd) {
            this.z = z;
            this.fd = fd;
        }

        void roundTrips(int n) {
            long seq = completed;
            for (int i = 0; i < n; i++, seq++) {
                for (int k = 0; k < MESSAGE; k++) {
                    out[k] = (byte) (seq >>> ((k & 7) * 8) ^ k);
                }
                writeFully(z, fd, out, MESSAGE, seq);
                readFully(z, fd, in, MESSAGE, seq);
                for (int k = 0; k < MESSAGE; k++) {
                    if (in[k] != out[k]) {
                        throw new AssertionError("echo differs at byte " + k + " of round-trip " + seq);
                    }
                }
            }
            completed = seq;
        }
    }

    /** Echoes n 64-byte messages. */
    private static final class EchoServer {
        private final Zsock z;
        private final int fd;
        private final byte[] buf = new byte[MESSAGE];
        private long echoed;

        EchoServer(Zsock z, int fd) {
            this.z = z;
            this.fd = fd;
        }

        void echo(int n) {
            for (int i = 0; i < n; i++, echoed++) {
                readFully(z, fd, buf, MESSAGE, echoed);
                writeFully(z, fd, buf, MESSAGE, echoed);
            }
        }
    }
}
