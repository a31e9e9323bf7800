package io.jzsock.sim.bench;

import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TCP bulk throughput, one connection, measured the same way on two paths in one run: two jzsock
 * stacks over the in-memory switch (real threads, 64 KB socket buffers, 128 packet buffers) and
 * java.net.Socket over the kernel's 127.0.0.1. A sender thread writes 16 KB blocks as fast as the
 * connection takes them; the receiving thread reads 16 KB at a time and counts. A warm-up, then a
 * timed window; MB is 10^6 bytes of payload.
 */
public final class TcpBulkBench {
    public static final int DEFAULT_SECONDS = 5;
    public static final int BLOCK = 16 * 1024;
    public static final int SOCKET_BUFFER = 64 * 1024;
    static final int PORT = 5001;
    static final int RECV_TIMEOUT_MS = 5000;

    /** One scenario's figures. */
    public record Result(String scenario, long bytes, long nanos) {
        public double megabytesPerSecond() {
            return bytes * 1e3 / nanos;
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
        out.println("TCP bulk, one connection, " + BLOCK / 1024 + " KB writes and reads; warm-up "
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

    /** jzsock two stacks first, then the kernel loopback. */
    public static List<Result> run(int seconds) throws Exception {
        List<Result> results = new ArrayList<>();
        results.add(jzsockTwoStacks(seconds));
        results.add(kernelLoopback(seconds));
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
        try (SimNetwork net = new SimNetwork(1)) {
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
            byte[] block = new byte[BLOCK];
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
                return measure("jzsock, two stacks, in-memory switch", send, read, seconds);
            } finally {
                zb.close(s);
                za.close(c);
            }
        }
    }

    static Result kernelLoopback(int seconds) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                accepted.setSoTimeout(RECV_TIMEOUT_MS);
                OutputStream os = client.getOutputStream();
                InputStream is = accepted.getInputStream();
                byte[] block = new byte[BLOCK];
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
                return measure("java.net.Socket, kernel 127.0.0.1", send, read, seconds);
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
        return new Result(scenario, bytes, now - start);
    }

    public static void print(List<Result> results, PrintStream out) {
        Result kernel = results.get(results.size() - 1);
        out.println(String.format(Locale.ROOT, "%-40s %10s %14s", "scenario", "MB/s", "rate vs kernel"));
        for (Result r : results) {
            out.println(String.format(Locale.ROOT, "%-40s %10.1f %13.3fx", r.scenario(), r.megabytesPerSecond(),
                    r.megabytesPerSecond() / kernel.megabytesPerSecond()));
        }
    }
}
