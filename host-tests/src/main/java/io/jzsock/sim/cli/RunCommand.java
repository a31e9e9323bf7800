package io.jzsock.sim.cli;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.StatusApp;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.board.VirtualBoard;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Boots a simulated Nucleo-F767ZI running {@link StatusApp} at 198.18.0.2/24 on a virtual switch,
 * with a host-side gateway stack at 198.18.0.1 that forwards localhost TCP connections to the
 * board's port 80.
 */
final class RunCommand implements Command {
    static final String DEFAULT_PCAP = "jzsock-board.pcap";
    static final String BOARD_IP = "198.18.0.2";
    static final String GATEWAY_IP = "198.18.0.1";
    static final int DEFAULT_PORT = 8080;

    @Override
    public String synopsis() {
        return "run [--port N] [--pcap FILE] [--seconds N]";
    }

    @Override
    public String description() {
        return "simulated Nucleo-F767ZI with a status page on http://localhost:" + DEFAULT_PORT + "/";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        int port = DEFAULT_PORT;
        int seconds = 0;
        Path pcap = Path.of(DEFAULT_PCAP);
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) {
                return badUsage(err, opt);
            }
            String v = args[++i];
            if (opt.equals("--pcap")) {
                pcap = Path.of(v);
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
            } else if (opt.equals("--seconds") && n >= 0) {
                seconds = n;
            } else {
                return badUsage(err, opt);
            }
        }
        Session s = Session.open(port, pcap, out);
        Path pcapFile = pcap;
        Thread hook = new Thread(() -> {
            s.close();
            out.println("stopped; pcap: " + pcapFile.toAbsolutePath());
            out.flush();
        }, "jzsock-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("status page: http://localhost:" + s.localPort() + "/");
        out.println("try: curl http://localhost:" + s.localPort() + "/");
        out.println(seconds > 0 ? "running for " + seconds + " s" : "running; Ctrl-C to stop");
        out.flush();
        s.await(seconds > 0 ? seconds * 1000L : Long.MAX_VALUE);
        s.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running and closes the session itself
        }
        out.println("stopped; pcap: " + pcap.toAbsolutePath());
        return Main.OK;
    }

    private static int badUsage(PrintStream err, String opt) {
        err.println("run: bad option or value: " + opt);
        return Main.USAGE;
    }

    /** Everything {@code run} starts; {@link #close()} stops it all and releases the port. */
    static final class Session implements AutoCloseable {
        private final PcapWriter pcap;
        private final VirtualBoard board;
        private final StatusApp app;
        private final NetStack gateway;
        private final ServerSocket server;
        private final Thread acceptor;
        private final List<Forward> forwards = new ArrayList<>();
        private final CountDownLatch closed = new CountDownLatch(1);
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

        static Session open(int port, Path pcapPath, PrintStream out) throws IOException {
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
                NetConfig cfg = NetConfig.defaults();
                cfg.maxTcpConnections = 6;
                board = VirtualBoard.boot(BoardDefinition.NUCLEO_F767ZI, sw, 0x767, cfg,
                        InterfaceConfig.ipv4("eth0", BOARD_IP, 24, GATEWAY_IP), out);
                app = StatusApp.start(board.stack());
                out.println("[app] StatusApp: HTTP on " + BOARD_IP + ":" + StatusApp.HTTP_PORT + ", UDP echo on "
                        + BOARD_IP + ":" + StatusApp.ECHO_PORT);
                NetConfig gcfg = NetConfig.defaults();
                gcfg.maxTcpConnections = 16;
                gcfg.maxSockets = 16;
                gcfg.maxFds = 32;
                gcfg.packetBuffers = 48;
                gw = NetStack.start(gcfg, SystemClock.INSTANCE, new SeededEntropy(0x6A7E));
                VirtualNic nic = new VirtualNic(new byte[] {0x02, 0, 0, 0, 0, 0x01});
                sw.attach(nic);
                gw.addInterface(nic, InterfaceConfig.ipv4("eth0", GATEWAY_IP, 24, null));
                out.println("[gateway] " + gw.describeInterface(2));
                int rtt = gw.ping(SockAddr.parse(BOARD_IP, 0).ipv4(), 2000);
                out.println("[gateway] ping " + BOARD_IP + ": " + (rtt >= 0 ? rtt + " ms" : Errno.name(rtt)));
                ServerSocket ss = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
                out.println("[gateway] forwarding localhost:" + ss.getLocalPort() + " -> " + BOARD_IP + ":"
                        + StatusApp.HTTP_PORT);
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

        NetStack gateway() {
            return gateway;
        }

        VirtualBoard board() {
            return board;
        }

        StatusApp app() {
            return app;
        }

        /** Waits until closed or {@code millis} pass. */
        void await(long millis) throws InterruptedException {
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
                Forward f = new Forward(gateway.zsock(), s, ++n);
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

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One localhost connection spliced to a gateway zsock TCP connection to the board's port 80. */
    private static final class Forward {
        private static final int POLL_MS = 250;
        private final Zsock z;
        private final Socket socket;
        private final Thread up;
        private final Thread down;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile int fd = -1;

        Forward(Zsock z, Socket socket, int n) {
            this.z = z;
            this.socket = socket;
            up = new Thread(this::pumpUp, "jzsock-run-up-" + n);
            down = new Thread(this::pumpDown, "jzsock-run-down-" + n);
            up.setDaemon(true);
            down.setDaemon(true);
        }

        void start() {
            up.start();
        }

        boolean finished() {
            return !up.isAlive() && !down.isAlive() && closed.get();
        }

        /** Connects, then copies client bytes to the board; at client EOF half-closes toward the board. */
        private void pumpUp() {
            int c = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            if (c < 0) {
                close();
                return;
            }
            if (closed.get() || z.connect(c, SockAddr.parse(BOARD_IP, StatusApp.HTTP_PORT)) < 0) {
                close();
                z.close(c);
                return;
            }
            z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, POLL_MS);
            fd = c;
            down.start();
            byte[] buf = new byte[4096];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int off = 0; off < n; ) {
                        int w = z.send(c, buf, off, n - off, 0);
                        if (w <= 0) {
                            close();
                            return;
                        }
                        off += w;
                    }
                }
                synchronized (this) {
                    if (!closed.get()) {
                        z.shutdown(c, Zsock.SHUT_WR);
                    }
                }
            } catch (IOException e) {
                close();
            }
        }

        /**
         * Copies board bytes to the client; at board EOF or any error closes both sides. The fd is
         * closed here, once, after the up pump ended: a closed fd number may be reused at once.
         */
        private void pumpDown() {
            byte[] buf = new byte[4096];
            try {
                OutputStream out = socket.getOutputStream();
                while (!closed.get()) {
                    int n = z.recv(fd, buf, 0, buf.length, 0);
                    if (n == -Errno.EAGAIN) {
                        continue;
                    }
                    if (n <= 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // client went away
            }
            close();
            RunCommand.join(up);
            z.close(fd);
        }

        /** Closes the client socket (which ends the up pump) and tells the down pump to stop. */
        synchronized void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }

        void join() {
            RunCommand.join(up);
            RunCommand.join(down);
        }
    }
}
