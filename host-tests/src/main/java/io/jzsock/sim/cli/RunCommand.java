package io.jzsock.sim.cli;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.StatusApp;
import io.jzsock.boards.StatusHttps;
import io.jzsock.boards.StatusSizing;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.sim.board.FlashFile;
import io.jzsock.sim.board.VirtualBoard;
import io.jzsock.sim.passt.GatewayAddressing;
import io.jzsock.sim.passt.Passt;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import io.jzsock.tls.TlsConfig;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsSockets;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Boots a simulated Nucleo-F767ZI running {@link StatusApp} at 198.18.0.2/24 on a virtual switch behind
 * passt ({@link PasstSession}), or, where passt is missing or {@code --forwarder} asks for it, behind a
 * host-side gateway stack at 198.18.0.1 that forwards localhost TCP connections to the board's port 80
 * ({@link Session}).
 */
final class RunCommand implements Command {
    static final String DEFAULT_PCAP = "jzsock-board.pcap";
    /** The board's address behind either gateway; the forwarder's stack takes passt's gateway address. */
    static final String BOARD_IP = GatewayAddressing.RUN.board;
    static final String GATEWAY_IP = GatewayAddressing.RUN.gateway;
    static final int DEFAULT_PORT = 8080;
    /** Where passt forwards the board's HTTPS port (443, served once the TLS issue lands). */
    static final int DEFAULT_HTTPS_PORT = 8443;
    static final BoardDefinition BOARD = BoardDefinition.NUCLEO_F767ZI;
    /** The board's HTTP slots and backlog; the forwarder keeps at most their sum connected at once. */
    static final StatusSizing SIZING = StatusSizing.forBoard(BOARD);
    /** Host-side accept queue: clients past it get the host kernel's SYN retransmission, not an error. */
    private static final int HOST_BACKLOG = 128;

    @Override
    public String synopsis() {
        return "run [--port N] [--https-port N] [--pcap FILE] [--passt-pcap FILE] [--flash FILE] [--seconds N] [--verbose]"
                + " [--forwarder]";
    }

    @Override
    public String description() {
        return "simulated Nucleo-F767ZI with a status page on http://localhost:" + DEFAULT_PORT + "/";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        int port = DEFAULT_PORT;
        int httpsPort = DEFAULT_HTTPS_PORT;
        int seconds = 0;
        Path pcap = Path.of(DEFAULT_PCAP);
        Path passtPcap = null;
        Path flash = null;
        boolean verbose = false;
        boolean forwarder = false;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (opt.equals("--verbose") || opt.equals("--forwarder")) {
                verbose |= opt.equals("--verbose");
                forwarder |= opt.equals("--forwarder");
                continue;
            }
            if (i + 1 >= args.length) {
                return badUsage(err, opt);
            }
            String v = args[++i];
            if (opt.equals("--pcap")) {
                pcap = Path.of(v);
                continue;
            }
            if (opt.equals("--passt-pcap")) {
                passtPcap = Path.of(v);
                continue;
            }
            if (opt.equals("--flash")) {
                flash = Path.of(v);
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return badUsage(err, opt);
            }
            if (opt.equals("--port") && n >= 0 && n <= 65535) {
                port = n;
            } else if (opt.equals("--https-port") && n >= 0 && n <= 65535) {
                httpsPort = n;
            } else if (opt.equals("--seconds") && n >= 0) {
                seconds = n;
            } else {
                return badUsage(err, opt);
            }
        }
        if (flash == null) {
            flash = defaultFlash(pcap);
        }
        RunSession s;
        try {
            s = openSession(forwarder, PasstSession.Options.of(port, httpsPort, pcap, passtPcap, flash), out);
        } catch (UncheckedIOException e) {
            err.println("run: " + e.getMessage());
            return Main.FAILED;
        }
        String stopped = "stopped; pcap: " + pcap.toAbsolutePath()
                + (passtPcap != null && s instanceof PasstSession ? ", passt's pcap: " + passtPcap.toAbsolutePath() : "")
                + ", flash: " + flash.toAbsolutePath();
        Thread hook = new Thread(() -> {
            s.close();
            out.println(stopped);
            out.flush();
        }, "jzsock-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("status page: " + String.join("  ", s.urls()));
        out.println("try: curl " + s.urls().get(0));
        out.println(seconds > 0 ? "running for " + seconds + " s" : "running; Ctrl-C to stop");
        out.flush();
        StatusTicker ticker = verbose ? StatusTicker.start(s::statusLine, out) : null;
        s.await(seconds > 0 ? seconds * 1000L : Long.MAX_VALUE);
        if (ticker != null) {
            ticker.close();
        }
        s.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running and closes the session itself
        }
        out.println(stopped);
        return Main.OK;
    }

    /**
     * passt unless it is missing, fails to start or {@code forwarder} is set; then the built-in forwarder,
     * saying why and what it lacks.
     */
    static RunSession openSession(boolean forwarder, PasstSession.Options passt, PrintStream out) throws IOException {
        String why;
        if (forwarder) {
            why = "--forwarder given";
        } else if (Passt.find(passt.executable()).isEmpty()) {
            why = passt.executable() + " is not installed (Debian: apt-get install passt)";
        } else {
            try {
                return PasstSession.open(passt, out);
            } catch (PasstSession.NoLeaseException e) {
                why = e.getMessage();
            } catch (IOException e) {
                why = "passt did not start: " + e.getMessage().strip().lines().findFirst().orElse("");
            }
        }
        out.println("[gateway] " + why + "; using the built-in forwarder instead: one port (localhost -> " + BOARD_IP + ":"
                + StatusApp.HTTP_PORT + "), no HTTPS port, no DHCP or DNS, and the board cannot open connections to the"
                + " host or beyond");
        return Session.open(passt.http(), passt.pcap(), passt.flash(), out);
    }

    /** {@value FlashFile#DEFAULT_NAME} next to the pcap. */
    static Path defaultFlash(Path pcap) {
        return pcap.resolveSibling(FlashFile.DEFAULT_NAME);
    }

    /**
     * Boots the board on {@code sw} with {@code ifcfg}, its flash kept in {@code flash} (null: erased, no
     * credentials); both gateways call this.
     */
    static VirtualBoard bootBoard(VirtualSwitch sw, InterfaceConfig ifcfg, Path flash, PrintStream out) {
        return bootBoard(sw, SIZING.netConfigWithHttps(), ifcfg, flash, out);
    }

    /** As above with {@code cfg}, one of {@link #SIZING}'s configurations. */
    static VirtualBoard bootBoard(VirtualSwitch sw, NetConfig cfg, InterfaceConfig ifcfg, Path flash, PrintStream out) {
        return VirtualBoard.boot(BOARD, sw, 0x767, cfg, SIZING.rxDescriptors, ifcfg, flash, out);
    }

    static StatusApp startApp(VirtualBoard board, PrintStream out) {
        boolean https = startTls(board, out);
        StatusApp app = StatusApp.start(board.stack(), SIZING, https);
        if (https) {
            out.println("[app] StatusApp: HTTPS on " + BOARD_IP + ":" + StatusHttps.HTTPS_PORT);
        }
        out.println("[app] StatusApp: HTTP on " + BOARD_IP + ":" + StatusApp.HTTP_PORT + ", UDP echo on "
                + BOARD_IP + ":" + StatusApp.ECHO_PORT);
        return app;
    }

    /**
     * With a flash file: TLS sockets over the board's credential store, the HTTPS identity made on the
     * first boot (kept in flash), and its certificate exported next to the flash file for curl --cacert.
     */
    static boolean startTls(VirtualBoard board, PrintStream out) {
        if (board.credentials() == null) {
            out.println("[app] no flash file: no HTTPS (the board has nowhere to keep its certificate)");
            return false;
        }
        TlsCredentials creds = board.credentials().credentials();
        int made = StatusHttps.ensureIdentity(creds, board.stack().entropy(), "localhost",
                ipv4(BOARD_IP), System.currentTimeMillis());
        if (made < 0) {
            out.println("[app] HTTPS identity: " + Errno.name(made) + " (no HTTPS)");
            return false;
        }
        TlsConfig tc = TlsConfig.defaults();
        tc.maxStreamSockets = 1 + StatusHttps.BACKLOG + StatusHttps.SLOTS;
        // The status app opens no DTLS socket: none of the DTLS kind's buffers on the board.
        tc.dtls.maxSockets = 0;
        TlsSockets.install(board.stack(), creds, tc, System::currentTimeMillis);
        byte[] cert = new byte[creds.maxCredentialBytes()];
        int[] len = {cert.length};
        if (creds.get(StatusHttps.SEC_TAG, TlsCredentials.SERVER_CERTIFICATE, cert, 0, len) == 0) {
            Path pem = board.flashFile().path().resolveSibling("jzsock-board-https.crt");
            String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(java.util.Arrays.copyOf(cert, len[0]));
            try {
                java.nio.file.Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
                out.println("[app] HTTPS certificate (P-256, self-signed, " + (made == 1 ? "made now" : "from flash")
                        + ", tag " + StatusHttps.SEC_TAG + "): " + pem + "; curl --cacert " + pem + " https://localhost:8443/");
            } catch (java.io.IOException e) {
                out.println("[app] HTTPS certificate not exported: " + e.getMessage());
            }
        }
        return true;
    }

    private static int ipv4(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    /** The board's side of a {@code --verbose} status line. */
    static String boardStatus(VirtualBoard board, StatusApp app) {
        NetStack st = board.stack();
        return "board eth rx " + st.counter(NetCounters.ETH_RX) + " tx " + st.counter(NetCounters.ETH_TX) + ", tcp "
                + st.tcpConnectionsInUse() + " in use, free buffers " + st.freePacketBuffers() + "/" + st.packetBuffers()
                + ", http requests " + app.requests();
    }

    /**
     * The gateway holds one TCP object per forwarded connection (plus a LAST-ACK while one closes),
     * so its table is twice the board's client places; fds and packets grow with it.
     */
    static NetConfig gatewayConfig() {
        NetConfig g = NetConfig.defaults();
        g.maxTcpConnections = 2 * SIZING.clients();
        g.maxSockets = 16;
        g.maxFds = 2 * SIZING.clients() + 8;
        g.packetBuffers = 48;
        return g;
    }

    private static int badUsage(PrintStream err, String opt) {
        err.println("run: bad option or value: " + opt);
        return Main.USAGE;
    }

    /** What {@code run} waits on: one board behind one gateway. */
    interface RunSession extends AutoCloseable {
        /** The localhost URLs of the board's services. */
        List<String> urls();

        /** One line of figures for {@code --verbose}. */
        String statusLine();

        /** Waits until closed or {@code millis} pass. */
        void await(long millis) throws InterruptedException;

        @Override
        void close();
    }

    /** The built-in forwarder: everything {@code run} starts; {@link #close()} stops it all and releases the port. */
    static final class Session implements RunSession {
        private final PcapWriter pcap;
        private final VirtualBoard board;
        private final StatusApp app;
        private final NetStack gateway;
        private final ServerSocket server;
        private final Thread acceptor;
        private final List<Forward> forwards = new ArrayList<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final Semaphore places = new Semaphore(SIZING.clients());
        private final SockAddr boardAddr = SockAddr.parse(BOARD_IP, StatusApp.HTTP_PORT);
        private final AtomicBoolean closing = new AtomicBoolean();

        private Session(PcapWriter pcap, VirtualBoard board, StatusApp app, NetStack gateway, ServerSocket server) {
            this.pcap = pcap;
            this.board = board;
            this.app = app;
            this.gateway = gateway;
            this.server = server;
            this.acceptor = new Thread(this::acceptLoop, "jzsock-run-accept");
            acceptor.setDaemon(true);
        }

        /** The forwarder with the board's flash erased and not kept. */
        static Session open(int port, Path pcapPath, PrintStream out) throws IOException {
            return open(port, pcapPath, null, out);
        }

        static Session open(int port, Path pcapPath, Path flash, PrintStream out) throws IOException {
            Path parent = pcapPath.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            VirtualSwitch sw = new VirtualSwitch();
            PcapWriter pcap = new PcapWriter(pcapPath);
            sw.addTap(pcap);
            VirtualBoard board = null;
            StatusApp app = null;
            NetStack gw = null;
            try {
                board = bootBoard(sw, InterfaceConfig.ipv4("eth0", BOARD_IP, 24, GATEWAY_IP), flash, out);
                app = startApp(board, out);
                gw = NetStack.start(gatewayConfig(), SystemClock.INSTANCE, new SeededEntropy(0x6A7E));
                VirtualNic nic = new VirtualNic(new byte[] {0x02, 0, 0, 0, 0, 0x01});
                sw.attach(nic);
                gw.addInterface(nic, InterfaceConfig.ipv4("eth0", GATEWAY_IP, 24, null));
                out.println("[gateway] " + gw.describeInterface(2));
                int rtt = gw.ping(SockAddr.parse(BOARD_IP, 0).ipv4(), 2000);
                out.println("[gateway] ping " + BOARD_IP + ": " + (rtt >= 0 ? rtt + " ms" : Errno.name(rtt)));
                ServerSocket ss = new ServerSocket(port, HOST_BACKLOG, InetAddress.getLoopbackAddress());
                out.println("[gateway] forwarding localhost:" + ss.getLocalPort() + " -> " + BOARD_IP + ":"
                        + StatusApp.HTTP_PORT + " (" + SIZING.clients() + " at once, the rest queued up to "
                        + Forward.QUEUE_MILLIS / 1000 + " s)");
                Session s = new Session(pcap, board, app, gw, ss);
                s.acceptor.start();
                return s;
            } catch (IOException | RuntimeException e) {
                if (app != null) {
                    app.stop();
                }
                if (board != null) {
                    board.close();
                }
                if (gw != null) {
                    gw.stop();
                }
                pcap.close();
                throw e;
            }
        }

        int localPort() {
            return server.getLocalPort();
        }

        @Override
        public List<String> urls() {
            return List.of("http://localhost:" + localPort() + "/");
        }

        @Override
        public String statusLine() {
            return boardStatus(board, app) + ", forwarded connections " + forwardedCount();
        }

        private int forwardedCount() {
            synchronized (forwards) {
                forwards.removeIf(Forward::finished);
                return forwards.size();
            }
        }

        NetStack gateway() {
            return gateway;
        }

        VirtualBoard board() {
            return board;
        }

        StatusApp app() {
            return app;
        }

        @Override
        public void await(long millis) throws InterruptedException {
            closed.await(millis, TimeUnit.MILLISECONDS);
        }

        private void acceptLoop() {
            int n = 0;
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    break;
                }
                Forward f = new Forward(gateway.zsock(), boardAddr, s, places, ++n);
                synchronized (forwards) {
                    if (closing.get()) {
                        f.close();
                        break;
                    }
                    forwards.removeIf(Forward::finished);
                    forwards.add(f);
                }
                f.start();
            }
        }

        @Override
        public void close() {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            join(acceptor);
            List<Forward> all;
            synchronized (forwards) {
                all = new ArrayList<>(forwards);
            }
            for (Forward f : all) {
                f.close();
                f.join();
            }
            app.stop();
            board.close();
            gateway.stop();
            try {
                pcap.close();
            } catch (IOException ignored) {
                // the capture is best effort
            }
            closed.countDown();
        }
    }

    static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
