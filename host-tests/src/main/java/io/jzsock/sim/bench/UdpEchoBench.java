package io.jzsock.sim.bench;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * UDP echo round-trips per second, measured the same way on three paths: one jzsock stack's
 * loopback, two jzsock stacks over the in-memory switch (no pcap tap), and java.net.DatagramSocket
 * over the kernel's 127.0.0.1; the two stacks twice, with software checksums and with NICs that declare
 * checksums offloaded and compute none, as the kernel's loopback ({@link SimNetwork#checksumsUnnecessary}).
 * Besides the rate, the whole process's CPU time per round trip over the timed window. Each client is single-threaded: send 64 bytes, blocking receive with
 * a timeout, check length and sequence number. A warm-up, then a timed window.
 */
public final class UdpEchoBench {
    public static final int PAYLOAD = 64;
    public static final int DEFAULT_SECONDS = 5;
    static final int ECHO_PORT = 7;
    static final int RECV_TIMEOUT_MS = 2000;

    /** One scenario's figures; cpuNanos is the process's CPU time over the timed window, -1 if not reported. */
    public record Result(String scenario, long roundTrips, long nanos, long cpuNanos) {
        /** CPU µs per round trip, the steadier figure on a shared VM; -1 if unknown. */
        public double cpuMicrosPerRoundTrip() {
            return cpuNanos < 0 ? -1 : cpuNanos / 1e3 / roundTrips;
        }

        public double perSecond() {
            return roundTrips * 1e9 / nanos;
        }

        public double microsPerRoundTrip() {
            return nanos / 1e3 / roundTrips;
        }
    }

    /** One echo round-trip with sequence number seq; throws if the echo is missing or wrong. */
    interface EchoClient extends AutoCloseable {
        void roundTrip(long seq) throws IOException;

        @Override
        void close() throws IOException;
    }

    private UdpEchoBench() {
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs with {@code --seconds N}; returns the exit code (0, 1 on failure, 2 on bad arguments). */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        int seconds = BenchArgs.seconds(args, DEFAULT_SECONDS, "bench", err);
        if (seconds < 0) {
            return 2;
        }
        out.println("UDP echo, " + PAYLOAD + "-byte payload, single-threaded client, blocking recv; warm-up "
                + warmUpSeconds(seconds) + " s, then " + seconds + " s timed per scenario");
        out.println(BenchArgs.machine());
        try {
            print(run(seconds), out);
            return 0;
        } catch (Exception e) {
            err.println("bench failed: " + e);
            return 1;
        }
    }

    static int warmUpSeconds(int seconds) {
        return Math.min(2, seconds);
    }

    /** Measures in order: jzsock loopback, jzsock two stacks (software checksums, none), kernel loopback. */
    public static List<Result> run(int seconds) throws Exception {
        List<Result> results = new ArrayList<>();
        results.add(jzsockLoopback(seconds));
        results.add(jzsockTwoStacks(seconds, false));
        results.add(jzsockTwoStacks(seconds, true));
        results.add(kernelLoopback(seconds));
        return results;
    }

    static Result jzsockLoopback(int seconds) throws Exception {
        NetStack s = NetStack.start(NetConfig.defaults());
        try (JzsockEchoServer server = JzsockEchoServer.start(s.zsock(), ECHO_PORT, "bench-echo-server");
             EchoClient c = new JzsockClient(s.zsock(), SockAddr.parse("127.0.0.1", ECHO_PORT))) {
            return measure("jzsock, one stack, loopback", c, seconds);
        } finally {
            s.stop();
        }
    }

    /** @param checksumsUnnecessary NICs as Linux's lo: checksums declared offloaded, none computed */
    static Result jzsockTwoStacks(int seconds, boolean checksumsUnnecessary) throws Exception {
        try (SimNetwork net = checksumsUnnecessary ? new SimNetwork(1).checksumsUnnecessary() : new SimNetwork(1)) {
            NetStack a = net.addHost(1);
            NetStack b = net.addHost(2);
            try (JzsockEchoServer server = JzsockEchoServer.start(b.zsock(), ECHO_PORT, "bench-echo-server");
                 EchoClient c = new JzsockClient(a.zsock(), SockAddr.parse(SimNetwork.address(2), ECHO_PORT))) {
                return measure("jzsock, two stacks, in-memory switch" + (checksumsUnnecessary ? ", no checksums as lo" : ""),
                        c, seconds);
            }
        }
    }

    static Result kernelLoopback(int seconds) throws Exception {
        try (KernelEchoServer server = new KernelEchoServer();
             EchoClient c = new KernelClient(server.port())) {
            return measure("java.net.DatagramSocket, kernel 127.0.0.1", c, seconds);
        }
    }

    private static Result measure(String scenario, EchoClient c, int seconds) throws IOException {
        long seq = window(c, 0, warmUpSeconds(seconds) * 1_000_000_000L);
        long cpu0 = TcpBulkBench.processCpuNanos();
        long start = System.nanoTime();
        long end = window(c, seq, seconds * 1_000_000_000L);
        long nanos = System.nanoTime() - start;
        long cpu1 = TcpBulkBench.processCpuNanos();
        return new Result(scenario, end - seq, nanos, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
    }

    /** Round-trips from sequence number seq until nanos have passed; returns the next sequence number. */
    private static long window(EchoClient c, long seq, long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() < deadline) {
            c.roundTrip(seq++);
        }
        return seq;
    }

    public static void print(List<Result> results, PrintStream out) {
        Result kernel = results.get(results.size() - 1);
        out.println(String.format(Locale.ROOT, "%-56s %14s %14s %16s %14s %14s", "scenario", "round-trips/s",
                "us/round-trip", "rate vs kernel", "CPU us/rt", "CPU vs kernel"));
        for (Result r : results) {
            out.println(String.format(Locale.ROOT, "%-56s %14.0f %14.2f %15.2fx %14.2f %13.2fx", r.scenario(),
                    r.perSecond(), r.microsPerRoundTrip(), r.perSecond() / kernel.perSecond(),
                    r.cpuMicrosPerRoundTrip(), r.cpuMicrosPerRoundTrip() / kernel.cpuMicrosPerRoundTrip()));
        }
    }

    static void putSeq(byte[] b, long seq) {
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (seq >>> (56 - 8 * i));
        }
    }

    static long getSeq(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private static final class JzsockClient implements EchoClient {
        private final Zsock z;
        private final int fd;
        private final SockAddr server;
        private final byte[] out = new byte[PAYLOAD];
        private final byte[] in = new byte[1500];

        JzsockClient(Zsock z, SockAddr server) {
            this.z = z;
            this.server = server;
            fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            int r = fd < 0 ? fd : z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RECV_TIMEOUT_MS);
            if (r < 0) {
                throw new IllegalStateException("client socket: " + Errno.name(-r));
            }
        }

        @Override
        public void roundTrip(long seq) throws IOException {
            putSeq(out, seq);
            int r = z.sendto(fd, out, 0, PAYLOAD, 0, server);
            if (r != PAYLOAD) {
                throw new IOException("sendto: " + (r < 0 ? Errno.name(-r) : r + " bytes") + " at round-trip " + seq);
            }
            r = z.recv(fd, in, 0, in.length, 0);
            if (r != PAYLOAD || getSeq(in) != seq) {
                throw new IOException("recv: " + (r < 0 ? Errno.name(-r) : r + " bytes, seq " + getSeq(in))
                        + " at round-trip " + seq);
            }
        }

        @Override
        public void close() {
            z.close(fd);
        }
    }

    private static final class KernelEchoServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;
        private volatile boolean running = true;

        KernelEchoServer() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(200);
            thread = new Thread(this::serve, "bench-kernel-echo-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            while (running) {
                try {
                    p.setLength(1500);
                    socket.receive(p);
                    socket.send(p);
                } catch (SocketTimeoutException e) {
                    // Look at running again.
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
            socket.close();
        }
    }

    private static final class KernelClient implements EchoClient {
        private final DatagramSocket socket;
        private final byte[] out = new byte[PAYLOAD];
        private final byte[] in = new byte[1500];
        private final DatagramPacket sendPacket;
        private final DatagramPacket recvPacket = new DatagramPacket(in, in.length);

        KernelClient(int port) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(RECV_TIMEOUT_MS);
            sendPacket = new DatagramPacket(out, PAYLOAD, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        @Override
        public void roundTrip(long seq) throws IOException {
            putSeq(out, seq);
            socket.send(sendPacket);
            recvPacket.setLength(in.length);
            socket.receive(recvPacket);
            if (recvPacket.getLength() != PAYLOAD || getSeq(in) != seq) {
                throw new IOException("recv: " + recvPacket.getLength() + " bytes, seq " + getSeq(in)
                        + " at round-trip " + seq);
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
