package io.jzsock.sim.bench;

import io.jzsock.sim.bench.tls.JdkTlsLoopback;
import io.jzsock.sim.bench.tls.TlsBenchCredentials;
import io.jzsock.sim.bench.tls.TlsConfig;
import io.jzsock.sim.bench.tls.TlsMemory;
import io.jzsock.sim.bench.tls.TlsPair;
import io.jzsock.sim.bench.tls.ZsockTlsLink;
import io.jzsock.sim.bench.tls.ZsockTlsMeasures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * {@code bench tls}: issue 14's TLS figures in one table, jzsock's TLS stream sockets (two jzsock stacks on the
 * virtual switch, TLS over jzsock TCP, {@link ZsockTlsLink}) next to the JDK's SSLEngine over the kernel's
 * loopback, per key exchange and version: handshake time and bytes, bytes per record, retained bytes per
 * connection, bulk MB/s. {@code bench tls --in-memory} prints the earlier engine-level comparison instead: BC
 * stock and BC with {@code LeanTlsCrypto} on the in-memory pair (one thread, both ends, whole records offered),
 * BC's blocking streams and SSLEngine over the kernel loopback.
 */
public final class TlsBench {
    public static final int DEFAULT_SECONDS = 1;
    private static final String IN_MEMORY = "--in-memory";
    private static final int RECORD = 1024;
    private static final int BLOCK = 16 * 1024;
    private static final String[] AEADS = {"AES128GCM", "AES256GCM", "CHACHA20"};
    private static final ProtocolVersion[] VERSIONS = {ProtocolVersion.TLSv12, ProtocolVersion.TLSv13};
    private static final int[] AUTHS = {TlsConfig.AUTH_ECDSA, TlsConfig.AUTH_RSA, TlsConfig.AUTH_PSK};

    private TlsBench() {
    }

    public static int main(String[] args, PrintStream out, PrintStream err) {
        boolean inMemory = args.length > 0 && args[0].equals(IN_MEMORY);
        int seconds = BenchArgs.seconds(inMemory ? java.util.Arrays.copyOfRange(args, 1, args.length) : args,
                DEFAULT_SECONDS, "bench tls [" + IN_MEMORY + "]", err);
        if (seconds < 0) {
            return 2;
        }
        try {
            if (!inMemory) {
                out.println("TLS: jzsock TLS sockets (BC 1.82 + LeanTlsCrypto over jzsock TCP, two stacks on the"
                        + " virtual switch) and the JDK's SSLEngine (kernel 127.0.0.1); " + seconds
                        + " s per bulk figure; allocation read from HotSpot's per-thread counters");
                out.println(BenchArgs.machine() + ", DoEscapeAnalysis " + escapeAnalysis());
                sockets(seconds, out);
                return 0;
            }
            out.println("TLS: BC 1.82 stock, BC + LeanTlsCrypto, JDK SSLEngine; " + seconds
                    + " s per bulk figure; allocation read from HotSpot's per-thread counters");
            out.println(BenchArgs.machine() + ", DoEscapeAnalysis " + escapeAnalysis());
            handshakes(seconds, out);
            perRecord(out);
            retained(out);
            bulk(seconds, out);
            return 0;
        } catch (Exception e) {
            err.println("bench tls failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /**
     * The one table: a row per key exchange and version with its AES-128-GCM suite. Handshakes: median time of
     * {@code n} after warm-up ones (socket to connect returning, TCP connect included on both), mean bytes the
     * client's and the server's application thread allocated per handshake. Records: 1 KB echo, mean bytes per
     * record each side. Retained: jzsock sockets with max fragment length 2048 and the TLS layer sized for it,
     * walked from the socket's slot, per side; SunJSSE ignores MFL, so its figure is the heap per connection of
     * both ends together without its ByteBuffers (JOL cannot tell its per-connection state from its caches).
     */
    private static void sockets(int seconds, PrintStream out) throws Exception {
        out.println();
        out.println("| key exchange | version | handshake ms, jzsock / JDK | KB allocated per handshake, client /"
                + " server: jzsock | JDK | B allocated per 1 KB record, client / server: jzsock | JDK"
                + " | retained per connection: jzsock, MFL 2048, client / server | JDK, both ends"
                + " | bulk MB/s, jzsock / JDK |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        try (ZsockTlsLink link = new ZsockTlsLink(14, ZsockTlsLink.defaults());
                ZsockTlsLink mfl = new ZsockTlsLink(15, ZsockTlsLink.forMaxFragment2048())) {
            for (int auth : AUTHS) {
                for (ProtocolVersion v : VERSIONS) {
                    TlsConfig cfg = TlsConfig.of(v, auth, "AES128GCM");
                    int n = auth == TlsConfig.AUTH_RSA ? 5 : 9;
                    ZsockTlsMeasures.Handshakes hs = ZsockTlsMeasures.handshakes(link, cfg, 3, n);
                    if (hs.resumed() != 0) {
                        throw new IllegalStateException(hs.resumed() + " handshakes resumed a session");
                    }
                    TlsMemory.PerRecord rec = ZsockTlsMeasures.perRecord(link, cfg, RECORD, 1500, 1000);
                    TlsMemory.Retained ret = ZsockTlsMeasures.retained(mfl, cfg.withMaxFragmentLength(2048),
                            16384, 3);
                    double mbs = ZsockTlsMeasures.bulkMegabytesPerSecond(link, cfg, seconds);
                    String jdkHs = "n/a";
                    String jdkHsKb = "n/a (SunJSSE has no PSK suites)";
                    String jdkRec = "n/a";
                    String jdkRet = "n/a";
                    String jdkMbs = "n/a";
                    if (auth != TlsConfig.AUTH_PSK) {
                        long[] j = jdkHandshakes(cfg, n);
                        jdkHs = String.format(Locale.ROOT, "%.1f", j[0] / 1e6);
                        jdkHsKb = String.format(Locale.ROOT, "%.0f / %.0f", j[1] / 1024.0, j[2] / 1024.0);
                        double[] jr = jdkPerRecord(cfg, 1500, 1000);
                        jdkRec = String.format(Locale.ROOT, "%.0f / %.0f", jr[0], jr[1]);
                        jdkRet = String.format(Locale.ROOT, "%.1f KB", jdkRetained(cfg, 3)[0] / 1024.0);
                        jdkMbs = String.format(Locale.ROOT, "%.0f", jdkBulk(cfg, seconds));
                    }
                    out.printf(Locale.ROOT, "| %s | %s | %.1f / %s | %.0f / %.0f | %s | %.0f / %.0f | %s | %s | %s"
                            + " | %.1f / %s |%n", cfg.authName(), cfg.versionName(), hs.medianNanos() / 1e6, jdkHs,
                            hs.clientBytes() / 1024.0, hs.serverBytes() / 1024.0, jdkHsKb, rec.client(),
                            rec.server(), jdkRec, kb(ret), jdkRet, mbs, jdkMbs);
                    out.flush();
                }
            }
        }
    }

    private static String escapeAnalysis() {
        com.sun.management.HotSpotDiagnosticMXBean hs = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return hs.getVMOption("DoEscapeAnalysis").getValue();
    }

    private static void handshakes(int seconds, PrintStream out) throws Exception {
        out.println();
        out.println("Handshake (AES-128-GCM suite; BC in memory, JDK over 127.0.0.1 incl. TCP connect)");
        out.println("| key exchange | version | engine | ms per handshake | client KB alloc | server KB alloc |");
        out.println("|---|---|---|---:|---:|---:|");
        for (int auth : AUTHS) {
            for (ProtocolVersion v : VERSIONS) {
                TlsConfig cfg = TlsConfig.of(v, auth, "AES128GCM");
                for (TlsMemory.Engine e : TlsMemory.Engine.values()) {
                    int n = auth == TlsConfig.AUTH_RSA ? 10 : 30;
                    for (int i = 0; i < 5; i++) {
                        TlsMemory.pair(cfg, e).close();
                    }
                    long c = 0;
                    long s = 0;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        TlsPair p = TlsMemory.pair(cfg, e);
                        c += p.clientAllocated();
                        s += p.serverAllocated();
                        p.close();
                    }
                    long t = System.nanoTime() - t0;
                    out.printf(Locale.ROOT, "| %s | %s | %s | %.2f (mean) | %.1f | %.1f |%n", cfg.authName(),
                            cfg.versionName(), e.label, t / 1e6 / n, c / 1024.0 / n, s / 1024.0 / n);
                }
                if (auth == TlsConfig.AUTH_PSK) {
                    out.printf("| %s | %s | JDK SSLEngine | n/a (SunJSSE has no PSK suites) | | |%n", cfg.authName(),
                            cfg.versionName());
                    continue;
                }
                long[] jdk = jdkHandshakes(cfg, auth == TlsConfig.AUTH_RSA ? 10 : 30);
                out.printf(Locale.ROOT, "| %s | %s | JDK SSLEngine | %.2f (median) | %.1f | %.1f |%n", cfg.authName(),
                        cfg.versionName(), jdk[0] / 1e6, jdk[1] / 1024.0, jdk[2] / 1024.0);
            }
        }
    }

    /** Median nanoseconds, mean client bytes, mean server bytes per handshake over {@code n} (after 5 warm-up ones). */
    private static long[] jdkHandshakes(TlsConfig cfg, int n) throws Exception {
        JdkTlsLoopback jdk = new JdkTlsLoopback(TlsMemory.credentials(cfg.auth()), cfg.tls13(), jdkSuite(cfg));
        try (ServerSocketChannel ss = jdk.listen()) {
            AtomicLong serverBytes = new AtomicLong();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread server = new Thread(() -> {
                try {
                    for (int i = 0; i < n + 5; i++) {
                        JdkTlsLoopback.End end = jdk.accept(ss);
                        long a = JdkTlsLoopback.allocated();
                        end.handshake();
                        end.read(new byte[1], 0, 1);
                        if (i >= 5) {
                            serverBytes.addAndGet(JdkTlsLoopback.allocated() - a);
                        }
                        end.close();
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "jdk-tls-server");
            server.start();
            long clientBytes = 0;
            long[] nanos = new long[n];
            for (int i = 0; i < n + 5; i++) {
                long a = JdkTlsLoopback.allocated();
                long t = System.nanoTime();
                JdkTlsLoopback.End end = jdk.connect(ss);
                end.handshake();
                end.write(new byte[1], 0, 1);
                if (i >= 5) {
                    nanos[i - 5] = System.nanoTime() - t;
                    clientBytes += JdkTlsLoopback.allocated() - a;
                }
                end.close();
            }
            server.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            java.util.Arrays.sort(nanos);
            return new long[] {nanos[n / 2], clientBytes / n, serverBytes.get() / n};
        }
    }

    private static String jdkSuite(TlsConfig cfg) {
        String aead = switch (cfg.cipherSuite()) {
            case org.bouncycastle.tls.CipherSuite.TLS_AES_256_GCM_SHA384,
                    org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                    org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -> "AES_256_GCM_SHA384";
            case org.bouncycastle.tls.CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                    org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                    org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 ->
                    "CHACHA20_POLY1305_SHA256";
            default -> "AES_128_GCM_SHA256";
        };
        if (cfg.tls13()) {
            return "TLS_" + aead;
        }
        return (cfg.auth() == TlsConfig.AUTH_RSA ? "TLS_ECDHE_RSA_WITH_" : "TLS_ECDHE_ECDSA_WITH_") + aead;
    }

    private static void perRecord(PrintStream out) throws Exception {
        out.println();
        out.println("Bytes allocated per 1 KB application record, steady state, each side (mean of records sent"
                + " and received; ECDHE-ECDSA)");
        out.println("| suite | version | BC stock client/server | BC + Lean client/server"
                + " | BC + Lean, input in 536 B pieces | JDK SSLEngine client/server |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (ProtocolVersion v : VERSIONS) {
            for (String aead : AEADS) {
                TlsConfig cfg = TlsConfig.of(v, TlsConfig.AUTH_ECDSA, aead);
                TlsMemory.PerRecord stock = TlsMemory.perRecord(cfg, TlsMemory.Engine.STOCK, RECORD, 5000, 2000);
                TlsMemory.PerRecord lean = TlsMemory.perRecord(cfg, TlsMemory.Engine.LEAN, RECORD, 20000, 5000);
                TlsMemory.PerRecord seg = TlsMemory.perRecord(cfg, TlsMemory.Engine.LEAN, RECORD, 5000, 2000, 536);
                double[] jdk = jdkPerRecord(cfg, 5000, 2000);
                out.printf(Locale.ROOT, "| %s | %s | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f |%n",
                        aead, cfg.versionName(), stock.client(), stock.server(), lean.client(), lean.server(),
                        seg.client(), seg.server(), jdk[0], jdk[1]);
            }
        }
    }

    /** Echo of 1 KB records over the loopback; bytes per record per side as the BC figures. */
    private static double[] jdkPerRecord(TlsConfig cfg, int warmUp, int records) throws Exception {
        JdkTlsLoopback jdk = new JdkTlsLoopback(TlsMemory.credentials(cfg.auth()), cfg.tls13(), jdkSuite(cfg));
        try (ServerSocketChannel ss = jdk.listen()) {
            AtomicLong serverBytes = new AtomicLong();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread server = new Thread(() -> {
                try {
                    JdkTlsLoopback.End end = jdk.accept(ss);
                    end.handshake();
                    byte[] b = new byte[RECORD];
                    long a = 0;
                    for (int i = 0; i < warmUp + records; i++) {
                        if (i == warmUp) {
                            a = JdkTlsLoopback.allocated();
                        }
                        readFully(end, b);
                        end.write(b, 0, b.length);
                    }
                    serverBytes.set(JdkTlsLoopback.allocated() - a);
                    end.close();
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "jdk-tls-server");
            server.start();
            JdkTlsLoopback.End end = jdk.connect(ss);
            end.handshake();
            byte[] b = new byte[RECORD];
            long a = 0;
            for (int i = 0; i < warmUp + records; i++) {
                if (i == warmUp) {
                    a = JdkTlsLoopback.allocated();
                }
                end.write(b, 0, b.length);
                readFully(end, b);
            }
            long clientBytes = JdkTlsLoopback.allocated() - a;
            server.join();
            end.close();
            if (failure.get() != null) {
                throw failure.get();
            }
            return new double[] {clientBytes / (2.0 * records), serverBytes.get() / (2.0 * records)};
        }
    }

    private static void readFully(JdkTlsLoopback.End end, byte[] b) throws IOException {
        for (int got = 0; got < b.length; ) {
            int n = end.read(b, got, b.length - got);
            if (n < 0) {
                throw new IOException("end of stream after " + got);
            }
            got += n;
        }
    }

    private static void retained(PrintStream out) throws Exception {
        out.println();
        out.println("Bytes retained per established connection after 16 KiB each way (JOL walk from the protocol"
                + " and peer objects; shared objects cancel out)");
        out.println("| version | engine | one 16 KiB write, read at the end | MFL 2048, record at a time"
                + " | MFL 2048, one write |");
        out.println("|---|---|---:|---:|---:|");
        for (ProtocolVersion v : VERSIONS) {
            TlsConfig cfg = TlsConfig.of(v, TlsConfig.AUTH_ECDSA, "AES128GCM");
            for (TlsMemory.Engine e : TlsMemory.Engine.values()) {
                TlsMemory.Retained one = TlsMemory.retained(cfg, e, 16384, TlsMemory.ONE_WRITE, 3);
                TlsMemory.Retained mfl = TlsMemory.retained(cfg.withMaxFragmentLength(2048), e, 16384,
                        TlsMemory.RECORD_AT_A_TIME, 3);
                TlsMemory.Retained mflOne = TlsMemory.retained(cfg.withMaxFragmentLength(2048), e, 16384,
                        TlsMemory.ONE_WRITE, 3);
                out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", cfg.versionName(), e.label, kb(one),
                        kb(mfl), kb(mflOne));
            }
            long[] jdk = jdkRetained(cfg, 8);
            out.printf(Locale.ROOT, "| %s | JDK SSLEngine, both ends together (heap after GC, 8 connections; without"
                    + " the %.1f KB of ByteBuffers the application must give each end) | %.1f KB | n/a (SunJSSE"
                    + " ignores MFL) | |%n", cfg.versionName(), jdk[1] / 1024.0, jdk[0] / 1024.0);
        }
    }

    private static String kb(TlsMemory.Retained r) {
        return String.format(Locale.ROOT, "%.1f / %.1f KB", r.client() / 1024.0, r.server() / 1024.0);
    }

    /**
     * Bytes per connection, both ends, from the heap used after a full GC before and after opening {@code n}
     * connections (JOL's walk does not separate SunJSSE's per-connection state from its shared session caches),
     * less the network and application ByteBuffers of both ends; and those buffers of one end.
     */
    private static long[] jdkRetained(TlsConfig cfg, int n) throws Exception {
        JdkTlsLoopback jdk = new JdkTlsLoopback(TlsMemory.credentials(cfg.auth()), cfg.tls13(), jdkSuite(cfg));
        List<JdkTlsLoopback.End> ends = new ArrayList<>();
        byte[] data = new byte[16384];
        try (ServerSocketChannel ss = jdk.listen()) {
            openJdk(jdk, ss, data, ends);
            long before = heapAfterGc();
            for (int i = 0; i < n; i++) {
                openJdk(jdk, ss, data, ends);
            }
            long after = heapAfterGc();
            long buffers = 2L * ends.get(0).engine.getSession().getPacketBufferSize()
                    + ends.get(0).engine.getSession().getApplicationBufferSize();
            ends.forEach(JdkTlsLoopback.End::close);
            return new long[] {(after - before) / n - 2 * buffers, buffers};
        }
    }

    private static void openJdk(JdkTlsLoopback jdk, ServerSocketChannel ss, byte[] data, List<JdkTlsLoopback.End> ends)
            throws Exception {
        AtomicReference<Object> srv = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                JdkTlsLoopback.End end = jdk.accept(ss);
                end.handshake();
                byte[] b = new byte[data.length];
                readFully(end, b);
                end.write(b, 0, b.length);
                srv.set(end);
            } catch (Exception e) {
                srv.set(e);
            }
        });
        t.start();
        JdkTlsLoopback.End c = jdk.connect(ss);
        c.handshake();
        c.write(data, 0, data.length);
        readFully(c, new byte[data.length]);
        t.join();
        if (srv.get() instanceof Exception e) {
            throw e;
        }
        ends.add(c);
        ends.add((JdkTlsLoopback.End) srv.get());
    }

    private static long heapAfterGc() throws InterruptedException {
        java.lang.management.MemoryMXBean mem = java.lang.management.ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static void bulk(int seconds, PrintStream out) throws Exception {
        out.println();
        out.println("Bulk, one connection over 127.0.0.1, 16 KiB writes, MB = 10^6 bytes of application data"
                + " (ECDHE-ECDSA)");
        out.println("| suite | version | BC stock MB/s | BC + Lean MB/s | JDK SSLEngine MB/s |");
        out.println("|---|---|---:|---:|---:|");
        for (ProtocolVersion v : VERSIONS) {
            for (String aead : AEADS) {
                TlsConfig cfg = TlsConfig.of(v, TlsConfig.AUTH_ECDSA, aead);
                double stock = bcBulk(cfg, TlsMemory.Engine.STOCK, seconds);
                double lean = bcBulk(cfg, TlsMemory.Engine.LEAN, seconds);
                double jdk = jdkBulk(cfg, seconds);
                out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f |%n", aead, cfg.versionName(), stock, lean,
                        jdk);
            }
        }
    }

    /** The client writes for {@code seconds} (after a quarter of it as warm-up); the server counts. */
    private static double bcBulk(TlsConfig cfg, TlsMemory.Engine engine, int seconds) throws Exception {
        TlsCrypto crypto = TlsMemory.crypto(engine, new SecureRandom());
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread server = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    TlsServerProtocol p = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
                    p.accept(TlsMemory.serverPeer(cfg, crypto));
                    drainUntilEof(p.getInputStream(), p.getOutputStream());
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "bc-tls-server");
            server.start();
            try (Socket s = new Socket(ss.getInetAddress(), ss.getLocalPort())) {
                s.setTcpNoDelay(true);
                TlsClientProtocol p = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
                p.connect(TlsMemory.clientPeer(cfg, crypto));
                double r = timedWrites(p.getOutputStream(), p.getInputStream(), seconds);
                p.close();
                server.join();
                if (failure.get() != null) {
                    throw failure.get();
                }
                return r;
            }
        }
    }

    private static double jdkBulk(TlsConfig cfg, int seconds) throws Exception {
        JdkTlsLoopback jdk = new JdkTlsLoopback(TlsMemory.credentials(cfg.auth()), cfg.tls13(), jdkSuite(cfg));
        try (ServerSocketChannel ss = jdk.listen()) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread server = new Thread(() -> {
                try {
                    JdkTlsLoopback.End end = jdk.accept(ss);
                    end.handshake();
                    byte[] b = new byte[BLOCK];
                    long total = 0;
                    int n;
                    while ((n = end.read(b, 0, b.length)) > 0) {
                        total += n;
                        if (b[n - 1] == 1) {
                            break;
                        }
                    }
                    end.write(new byte[] {2}, 0, 1);
                    end.close();
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "jdk-tls-server");
            server.start();
            JdkTlsLoopback.End end = jdk.connect(ss);
            end.handshake();
            byte[] b = new byte[BLOCK];
            long warm = System.nanoTime() + seconds * 250_000_000L;
            while (System.nanoTime() < warm) {
                end.write(b, 0, b.length);
            }
            long t0 = System.nanoTime();
            long end0 = t0 + seconds * 1_000_000_000L;
            long bytes = 0;
            while (System.nanoTime() < end0) {
                end.write(b, 0, b.length);
                bytes += b.length;
            }
            b[BLOCK - 1] = 1;
            end.write(b, 0, b.length);
            end.read(new byte[1], 0, 1);
            long t = System.nanoTime() - t0;
            end.close();
            server.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            return bytes * 1e3 / t;
        }
    }

    private static double timedWrites(OutputStream os, InputStream is, int seconds) throws IOException {
        byte[] b = new byte[BLOCK];
        long warm = System.nanoTime() + seconds * 250_000_000L;
        while (System.nanoTime() < warm) {
            os.write(b, 0, b.length);
        }
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        long bytes = 0;
        while (System.nanoTime() < end) {
            os.write(b, 0, b.length);
            bytes += b.length;
        }
        b[BLOCK - 1] = 1;
        os.write(b, 0, b.length);
        os.flush();
        if (is.read() != 2) {
            throw new IOException("no end-of-bulk acknowledgement");
        }
        return bytes * 1e3 / (System.nanoTime() - t0);
    }

    /** Reads until a block ends in the marker byte 1, then acknowledges with 2. */
    private static void drainUntilEof(InputStream is, OutputStream os) throws IOException {
        byte[] b = new byte[BLOCK];
        int inBlock = 0;
        while (true) {
            int n = is.read(b, 0, BLOCK - inBlock);
            if (n < 0) {
                throw new IOException("end of stream before the end-of-bulk marker");
            }
            inBlock += n;
            if (inBlock == BLOCK) {
                if (b[n - 1] == 1) {
                    break;
                }
                inBlock = 0;
            }
        }
        os.write(2);
        os.flush();
    }
}
