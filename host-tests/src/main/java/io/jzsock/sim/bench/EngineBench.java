package io.jzsock.sim.bench;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The engine without threads next to lwIP's raw API: one thread drives the stacks with non-blocking zsock
 * calls and {@code poll(now)}, in two shapes: two stacks over the in-memory wire ({@link EngineRig}:
 * Ethernet, ARP, the copying simulated NIC, checksums made and checked in software on both sides), and one
 * stack over its own loopback ({@link LoopbackRig}: the anchor's shape; checksums made, not checked). UDP echo of 64-byte datagrams (one in flight, every byte
 * compared) and TCP bulk (16 KiB writes, 64 KiB socket buffers, MSS 1460, every received byte compared
 * with what was sent), then, in the same run, lwIP 2.1.3's raw API measuring the same two figures on
 * one stack's loopback interface, with checksums made and checked ("tuned") and with none ("tuned-nocsum"),
 * which bracket jzsock's loopback, that makes them only ({@link LwipRaw}). MB = 10^6 bytes.
 */
public final class EngineBench {
    public static final int DEFAULT_SECONDS = 5;
    public static final int PAYLOAD = 64;
    public static final int WRITE = 16 * 1024;
    public static final int WINDOW = 64 * 1024;
    public static final int PACKET_BUFFERS = 128;
    static final int ECHO_PORT = 7;
    static final int BULK_PORT = 5001;
    /** The pattern's period: prime, so a write never starts where the previous one did. */
    static final int PERIOD = 65521;
    /** Settles one step may take waiting for an answer (ARP at the start) before the run fails. */
    static final int MAX_WAIT_SETTLES = 1000;

    /**
     * One figure: round trips or bytes over nanos of wall time and cpuNanos of the driving thread's CPU time
     * (the whole engine runs on it; {@link CpuWindow}). On a shared VM the thread gets a varying share of a
     * CPU, so the per CPU second figures are the ones to compare with lwIP's, measured the same way.
     */
    public record Result(long count, long nanos, long cpuNanos) {
        public double perSecond() {
            return count * 1e9 / nanos;
        }

        public double megabytesPerSecond() {
            return count * 1e3 / nanos;
        }

        public double perCpuSecond() {
            return count * 1e9 / cpuNanos;
        }

        public double megabytesPerCpuSecond() {
            return count * 1e3 / cpuNanos;
        }
    }



    private EngineBench() {
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs with {@code --seconds N}; returns the exit code (0, 1 on failure, 2 on bad arguments). */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        int seconds = BenchArgs.seconds(args, DEFAULT_SECONDS, "bench engine", err);
        if (seconds < 0) {
            return 2;
        }
        long warmUp = UdpEchoBench.warmUpSeconds(seconds) * 1_000_000_000L;
        long timed = seconds * 1_000_000_000L;
        out.println("Engine, one thread, no net threads: UDP echo " + PAYLOAD + " B (one in flight),"
                + " TCP bulk " + WRITE / 1024 + " KiB writes, " + WINDOW / 1024 + " KiB window, MSS 1460; warm-up "
                + UdpEchoBench.warmUpSeconds(seconds) + " s, then " + seconds + " s timed per figure, both in the"
                + " driving thread's CPU time (lwIP: its own wall-clock window, its process's CPU time from bash's times)");
        out.println(BenchArgs.machine());
        try {
            List<String> why = new ArrayList<>();
            LwipRaw lwip = LwipRaw.prepare(why);
            Result[] twoStacks = {udpEcho(warmUp, timed), tcpBulk(warmUp, timed)};
            Result[] loopback;
            try (LoopbackRig rig = new LoopbackRig(config())) {
                loopback = new Result[] {udpEcho(rig, warmUp, timed), null};
            }
            try (LoopbackRig rig = new LoopbackRig(config())) {
                loopback[1] = tcpBulk(rig, warmUp, timed);
            }
            LwipRaw.Figure[] tuned = null;
            LwipRaw.Figure[] noChecksums = null;
            LwipRaw.Figure[] embedded = null;
            if (lwip != null) {
                tuned = lwip.figures(LwipRaw.TUNED, PAYLOAD, WRITE, seconds);
                noChecksums = lwip.figures(LwipRaw.TUNED_NO_CHECKSUMS, PAYLOAD, WRITE, seconds);
                embedded = lwip.figures(LwipRaw.EMBEDDED, PAYLOAD, WRITE, seconds);
            }
            print(twoStacks, loopback, tuned, noChecksums, embedded, out);
            if (lwip == null) {
                out.println("lwIP raw API: not measured: " + String.join("; ", why));
            } else {
                out.println("lwIP binaries: " + LwipRaw.home().resolve("build"));
            }
            return 0;
        } catch (Exception e) {
            err.println("bench engine failed: " + e);
            return 1;
        }
    }

    /** Stack buffers of the bulk figure: 64 KiB each way, 128 packet buffers; otherwise NetConfig.defaults(). */
    public static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.tcpRxBuffer = WINDOW;
        cfg.tcpTxBuffer = WINDOW;
        cfg.packetBuffers = PACKET_BUFFERS;
        return cfg;
    }

    /** {@link #udpEcho(PolledRig, long, long)} between two stacks over the in-memory wire. */
    public static Result udpEcho(long warmUpNanos, long timedNanos) throws IOException {
        try (EngineRig rig = new EngineRig(config())) {
            return udpEcho(rig, warmUpNanos, timedNanos);
        }
    }

    /** {@link #tcpBulk(PolledRig, long, long)} between two stacks over the in-memory wire. */
    public static Result tcpBulk(long warmUpNanos, long timedNanos) throws IOException {
        try (EngineRig rig = new EngineRig(config())) {
            return tcpBulk(rig, warmUpNanos, timedNanos);
        }
    }

    /** {@link #udpEcho(PolledRig, long, long)} on one stack over its loopback. */
    public static Result udpEchoLoopback(long warmUpNanos, long timedNanos) throws IOException {
        try (LoopbackRig rig = new LoopbackRig(config())) {
            return udpEcho(rig, warmUpNanos, timedNanos);
        }
    }

    /** Round trips of 64-byte datagrams from side A to an echo on side B, each byte checked; throws on a bad echo. */
    static Result udpEcho(PolledRig rig, long warmUpNanos, long timedNanos) throws IOException {
        Zsock za = rig.a();
        Zsock zb = rig.b();
        int c = nonBlocking(za, za.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0));
        int s = nonBlocking(zb, zb.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0));
        must(zb.bind(s, SockAddr.parse("0.0.0.0", ECHO_PORT)), "bind");
        SockAddr server = rig.addressOfB(ECHO_PORT);
        SockAddr from = new SockAddr();
        byte[] out = new byte[PAYLOAD];
        byte[] echo = new byte[2048];
        byte[] in = new byte[2048];
        long seq = 0;
        CpuWindow window = new CpuWindow(warmUpNanos, timedNanos);
        while (window.more(seq)) {
            fill(out, seq);
            must(za.sendto(c, out, 0, PAYLOAD, 0, server) == PAYLOAD ? 0 : -Errno.EIO, "sendto");
            int r = receive(rig, zb, s, echo, from);
            must(zb.sendto(s, echo, 0, r, 0, from) == r ? 0 : -Errno.EIO, "echo sendto");
            r = receive(rig, za, c, in, null);
            if (r != PAYLOAD || Arrays.mismatch(out, 0, PAYLOAD, in, 0, PAYLOAD) >= 0) {
                throw new IOException("round trip " + seq + ": " + r + " bytes, not the " + PAYLOAD + " sent");
            }
            seq++;
        }
        return window.result();
    }

    /** One connection A to B, 16 KiB writes, every byte received compared with the pattern sent; throws on a difference. */
    static Result tcpBulk(PolledRig rig, long warmUpNanos, long timedNanos) throws IOException {
        Zsock za = rig.a();
        Zsock zb = rig.b();
        int l = nonBlocking(zb, zb.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0));
        must(zb.bind(l, SockAddr.parse("0.0.0.0", BULK_PORT)), "bind");
        must(zb.listen(l, 1), "listen");
        int c = nonBlocking(za, za.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0));
        int r = za.connect(c, rig.addressOfB(BULK_PORT));
        if (r != -Errno.EINPROGRESS && r != 0) {
            must(r, "connect");
        }
        int s = -Errno.EAGAIN;
        for (int i = 0; i < MAX_WAIT_SETTLES && s == -Errno.EAGAIN; i++) {
            rig.settle();
            s = zb.accept(l, null);
        }
        nonBlocking(zb, must(s, "accept"));
        byte[] pattern = new byte[PERIOD + WINDOW];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) ((i % PERIOD) * 7 + ((i % PERIOD) >>> 8));
        }
        byte[] in = new byte[WINDOW];
        long sent = 0;
        int leftOfWrite = WRITE;
        long received = 0;
        int idle = 0;
        CpuWindow window = new CpuWindow(warmUpNanos, timedNanos);
        while (window.more(received)) {
            int w = za.send(c, pattern, (int) (sent % PERIOD), leftOfWrite, 0);
            if (w > 0) {
                sent += w;
                leftOfWrite = leftOfWrite == w ? WRITE : leftOfWrite - w;
            } else if (w != -Errno.EAGAIN) {
                must(w, "send");
            }
            rig.settle();
            long before = received;
            while (true) {
                int n = zb.recv(s, in, 0, in.length, 0);
                if (n == -Errno.EAGAIN) {
                    break;
                }
                if (n <= 0) {
                    throw new IOException("recv: " + (n == 0 ? "EOF" : Errno.name(-n)) + " after " + received + " bytes");
                }
                int at = Arrays.mismatch(pattern, (int) (received % PERIOD), (int) (received % PERIOD) + n, in, 0, n);
                if (at >= 0) {
                    throw new IOException("byte " + (received + at) + " differs from the one sent");
                }
                received += n;
            }
            idle = received == before && w <= 0 ? idle + 1 : 0;
            if (idle > MAX_WAIT_SETTLES * 1000) {
                throw new IOException("no progress after " + received + " bytes");
            }
        }
        return window.result();
    }

    /** Settles until the non-blocking socket has a datagram, then returns its length. */
    private static int receive(PolledRig rig, Zsock z, int fd, byte[] buf, SockAddr from) throws IOException {
        for (int i = 0; i < MAX_WAIT_SETTLES; i++) {
            rig.settle();
            int r = z.recvfrom(fd, buf, 0, buf.length, 0, from);
            if (r != -Errno.EAGAIN) {
                return must(r, "recvfrom");
            }
        }
        throw new IOException("no datagram after " + MAX_WAIT_SETTLES + " polls of both stacks");
    }

    /** Sequence number in the first 8 bytes, the rest derived from it, so a stale or mixed echo differs. */
    static void fill(byte[] b, long seq) {
        UdpEchoBench.putSeq(b, seq);
        for (int i = 8; i < b.length; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
    }

    private static int nonBlocking(Zsock z, int fd) {
        must(fd, "socket");
        must(z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl O_NONBLOCK");
        return fd;
    }

    static int must(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + Errno.name(-r));
        }
        return r;
    }

    static final String ROW = "%-62s %14.0f %14.0f %10.1f %10.1f";
    static final String RATIO = "%-62s %13.3fx %13.3fx %9.3fx %9.3fx";

    /** The table: jzsock's two shapes, lwIP's profiles, then jzsock over lwIP per wall and per CPU second. */
    static void print(Result[] twoStacks, Result[] loopback, LwipRaw.Figure[] tuned, LwipRaw.Figure[] noChecksums,
            LwipRaw.Figure[] embedded, PrintStream out) {
        out.println(String.format(Locale.ROOT, "%-62s %14s %14s %10s %10s", "scenario", "UDP rt/s", "rt/CPU-s",
                "TCP MB/s", "MB/CPU-s"));
        String twoName = "jzsock, two stacks, Ethernet + sim NIC, csum made+checked";
        String loName = "jzsock, one stack, loopback, csum made, not checked";
        row(twoName, twoStacks, out);
        row(loName, loopback, out);
        if (tuned == null) {
            return;
        }
        row("lwIP 2.1.3 raw, tuned, loopif, csum made+checked", tuned, out);
        row("lwIP 2.1.3 raw, tuned-nocsum, loopif, no csum", noChecksums, out);
        row("lwIP 2.1.3 raw, embedded (2144 B window, MSS 536), loopif", embedded, out);
        ratio("two stacks / lwIP tuned", twoStacks, tuned, out);
        ratio("loopback / lwIP tuned (jzsock checks no csum)", loopback, tuned, out);
        ratio("loopback / lwIP tuned-nocsum (jzsock makes csums)", loopback, noChecksums, out);
    }

    private static void row(String name, Result[] r, PrintStream out) {
        out.println(String.format(Locale.ROOT, ROW, name, r[0].perSecond(), r[0].perCpuSecond(),
                r[1].megabytesPerSecond(), r[1].megabytesPerCpuSecond()));
    }

    private static void ratio(String name, Result[] r, LwipRaw.Figure[] f, PrintStream out) {
        out.println(String.format(Locale.ROOT, RATIO, name, r[0].perSecond() / f[0].perSecond(),
                r[0].perCpuSecond() / f[0].perCpuSecond(), r[1].megabytesPerSecond() / f[1].perSecond(),
                r[1].megabytesPerCpuSecond() / f[1].perCpuSecond()));
    }

    private static void row(String name, LwipRaw.Figure[] f, PrintStream out) {
        out.println(String.format(Locale.ROOT, ROW, name, f[0].perSecond(),
                f[0].perCpuSecond(), f[1].perSecond(), f[1].perCpuSecond()));
    }
}
