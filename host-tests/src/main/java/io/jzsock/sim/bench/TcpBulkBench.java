package io.jzsock.sim.bench;

import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * TCP bulk throughput, one connection, measured the same way on two paths in one run: two jzsock
 * stacks over the in-memory switch (real threads, 64 KB socket buffers, 128 packet buffers) and
 * java.net.Socket over the kernel's 127.0.0.1, each with 16 KB writes and with 1460-byte writes
 * (one MSS); the jzsock pair twice, with software checksums (each stack sums every segment it sends
 * and receives) and with the NICs declaring checksums offloaded and computing none, as the kernel's
 * loopback does ({@link SimNetwork#checksumsUnnecessary}). A sender thread writes blocks as fast as the connection takes them; the receiving
 * thread reads 16 KB at a time and counts. A warm-up, then a timed window; MB is 10^6 bytes of
 * payload. For jzsock the receiver's TCP segments per MB are counted too (its ACKs and window
 * updates: the sender processes each one).
 */
public final class TcpBulkBench {
    public static final int DEFAULT_SECONDS = 5;
    public static final int BLOCK = 16 * 1024;
    /** One Ethernet MSS: the small-write case. */
    public static final int SMALL_WRITE = 1460;
    public static final int SOCKET_BUFFER = 64 * 1024;
    static final int PORT = 5001;
    static final int RECV_TIMEOUT_MS = 5000;

    /**
     * One scenario's figures; cpuNanos is the whole process's CPU time over the timed window (user and
     * system, so the kernel's loopback work done in the sockets' system calls counts too), -1 where the
     * JVM does not report it; receiverSegments is what the receiving stack sent meanwhile, -1 if not counted.
     */
    public record Result(String scenario, long bytes, long nanos, long cpuNanos, long receiverSegments) {
        public Result(String scenario, long bytes, long nanos) {
            this(scenario, bytes, nanos, -1, -1);
        }

        /**
         * CPU ms spent per 10^6 payload bytes: on a shared VM whose other tenants take the CPUs away,
         * the rate swings by 2-4x between runs, the CPU cost per byte far less.
         */
        public double cpuMillisPerMegabyte() {
            return cpuNanos < 0 ? -1 : cpuNanos / 1e6 / (bytes / 1e6);
        }

        public double megabytesPerSecond() {
            return bytes * 1e3 / nanos;
        }

        /** The receiver's segments (ACKs, window updates) per 10^6 payload bytes, or -1. */
        public double receiverSegmentsPerMegabyte() {
            return receiverSegments < 0 ? -1 : receiverSegments * 1e6 / bytes;
        }
    }

    /** The receiving end of a connection: returns bytes read (> 0), or throws. */
    interface Reader {
        int read(byte[] b) throws IOException;
    }

    private TcpBulkBench() {
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs with {@code --seconds N}; returns the exit code (0, 1 on failure, 2 on bad arguments). */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        int seconds = BenchArgs.seconds(args, DEFAULT_SECONDS, "bench tcp", err);
        if (seconds < 0) {
            return 2;
        }
        out.println("TCP bulk, one connection, " + BLOCK / 1024 + " KB and " + SMALL_WRITE + " B writes, "
                + BLOCK / 1024 + " KB reads; warm-up "
                + UdpEchoBench.warmUpSeconds(seconds) + " s, then " + seconds + " s timed per scenario");
        out.println(BenchArgs.machine());
        try {
            print(run(seconds), out);
            return 0;
        } catch (Exception e) {
            err.println("bench tcp failed: " + e);
            return 1;
        }
    }

    /**
     * For each write size, jzsock two stacks with software checksums and with checksums unnecessary, then
     * the kernel loopback (the last one is the 16 KB kernel figure).
     */
    public static List<Result> run(int seconds) throws Exception {
        List<Result> results = new ArrayList<>();
        for (int writeSize : new int[] {SMALL_WRITE, BLOCK}) {
            results.add(jzsockTwoStacks(seconds, writeSize, false));
            results.add(jzsockTwoStacks(seconds, writeSize, true));
            results.add(kernelLoopback(seconds, writeSize));
        }
        return results;
    }

    public static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.tcpRxBuffer = SOCKET_BUFFER;
        cfg.tcpTxBuffer = SOCKET_BUFFER;
        cfg.packetBuffers = 128;
        return cfg;
    }

    static Result jzsockTwoStacks(int seconds) throws Exception {
        return jzsockTwoStacks(seconds, BLOCK, false);
    }

    /** @param checksumsUnnecessary NICs as Linux's lo: checksums declared offloaded, none computed */
    static Result jzsockTwoStacks(int seconds, int writeSize, boolean checksumsUnnecessary) throws Exception {
        try (SimNetwork net = checksumsUnnecessary ? new SimNetwork(1).checksumsUnnecessary() : new SimNetwork(1)) {
            NetStack a = net.addHost(1, config(), SystemClock.INSTANCE);
            NetStack b = net.addHost(2, config(), SystemClock.INSTANCE);
            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            int l = zb.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            must(zb.bind(l, SockAddr.parse("0.0.0.0", PORT)), "bind");
            must(zb.listen(l, 1), "listen");
            int c = must(za.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0), "socket");
            must(za.connect(c, SockAddr.parse(SimNetwork.address(2), PORT)), "connect");
            int s = must(zb.accept(l, null), "accept");
            zb.close(l);
            must(zb.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RECV_TIMEOUT_MS), "SO_RCVTIMEO");
            byte[] block = new byte[writeSize];
            Runnable send = () -> {
                while (true) {
                    int w = za.send(c, block, 0, block.length, 0);
                    if (w < 0) {
                        return; // EPIPE/ECONNRESET/EINTR once the receiver is done
                    }
                }
            };
            Reader read = buf -> {
                int r = zb.recv(s, buf, 0, buf.length, 0);
                if (r <= 0) {
                    throw new IOException("recv: " + (r == 0 ? "EOF" : Errno.name(-r)));
                }
                return r;
            };
            try {
                return measure("jzsock, two stacks, in-memory switch, " + (checksumsUnnecessary ? "no checksums as lo, " : "")
                        + label(writeSize), send, read, seconds,
                        () -> b.counter(NetCounters.TCP_TX));
            } finally {
                zb.close(s);
                za.close(c);
            }
        }
    }

    private static String label(int writeSize) {
        return writeSize % 1024 == 0 ? writeSize / 1024 + " KB" : writeSize + " B";
    }

    static Result kernelLoopback(int seconds, int writeSize) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                accepted.setSoTimeout(RECV_TIMEOUT_MS);
                OutputStream os = client.getOutputStream();
                InputStream is = accepted.getInputStream();
                byte[] block = new byte[writeSize];
                Runnable send = () -> {
                    try {
                        while (true) {
                            os.write(block);
                        }
                    } catch (IOException e) {
                        // The receiver closed: done.
                    }
                };
                Reader read = buf -> {
                    int r = is.read(buf);
                    if (r <= 0) {
                        throw new IOException("read: EOF");
                    }
                    return r;
                };
                return measure("java.net.Socket, kernel 127.0.0.1, " + label(writeSize), send, read, seconds, null);
            }
        }
    }

    static int must(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + Errno.name(-r));
        }
        return r;
    }

    /** Starts the sender thread, reads through the warm-up, then counts bytes over the timed window. */
    static Result measure(String scenario, Runnable send, Reader read, int seconds) throws Exception {
        return measure(scenario, send, read, seconds, null);
    }

    /** As above; {@code receiverSegments} (or null) counts the receiving stack's segments over the timed window. */
    static Result measure(String scenario, Runnable send, Reader read, int seconds, LongSupplier receiverSegments)
            throws Exception {
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                send.run();
            } catch (Throwable t) {
                senderFailure.set(t);
            }
        }, "bench-tcp-sender");
        sender.setDaemon(true);
        sender.start();
        byte[] buf = new byte[BLOCK];
        long warmUpEnd = System.nanoTime() + UdpEchoBench.warmUpSeconds(seconds) * 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            read.read(buf);
        }
        long bytes = 0;
        long segments0 = receiverSegments == null ? 0 : receiverSegments.getAsLong();
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now = start;
        while (now < end) {
            bytes += read.read(buf);
            now = System.nanoTime();
        }
        if (senderFailure.get() != null) {
            throw new IllegalStateException("sender failed", senderFailure.get());
        }
        long cpu1 = processCpuNanos();
        long segments = receiverSegments == null ? -1 : receiverSegments.getAsLong() - segments0;
        return new Result(scenario, bytes, now - start, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, segments);
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Each jzsock row is compared with the next kernel row (same write size). */
    public static void print(List<Result> results, PrintStream out) {
        out.println(String.format(Locale.ROOT, "%-62s %10s %14s %12s %14s %16s", "scenario", "MB/s", "rate vs kernel",
                "CPU ms/MB", "CPU vs kernel", "rx segments/MB"));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            Result kernel = r;
            for (int k = i; k < results.size(); k++) {
                if (results.get(k).receiverSegments() < 0) {
                    kernel = results.get(k);
                    break;
                }
            }
            out.println(String.format(Locale.ROOT, "%-62s %10.1f %13.3fx %12.2f %13.2fx %16s", r.scenario(),
                    r.megabytesPerSecond(), r.megabytesPerSecond() / kernel.megabytesPerSecond(),
                    r.cpuMillisPerMegabyte(), r.cpuMillisPerMegabyte() / kernel.cpuMillisPerMegabyte(),
                    r.receiverSegments() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.receiverSegmentsPerMegabyte())));
        }
    }
}
