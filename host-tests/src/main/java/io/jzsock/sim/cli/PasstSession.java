package io.jzsock.sim.cli;

import io.jzsock.boards.StatusApp;
import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.sim.board.VirtualBoard;
import io.jzsock.sim.passt.GatewayAddressing;
import io.jzsock.sim.passt.Passt;
import io.jzsock.sim.passt.PasstConfig;
import io.jzsock.sim.passt.PasstPort;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code run} with passt as the board's gateway: passt's socket is a port of the board's switch, so the
 * board reaches the host (the gateway address is the host's loopback), the host's network and DNS
 * through passt's NAT, and passt forwards localhost's HTTP and HTTPS ports into the board.
 */
final class PasstSession implements RunCommand.RunSession {
    static final GatewayAddressing ADDRESSING = GatewayAddressing.RUN;
    /** The board's HTTPS port, forwarded already; served once the TLS issue lands. */
    static final int HTTPS_PORT = 443;
    static final long CONNECT_MILLIS = 5000;
    static final int GREET_MILLIS = 1000;

    private final PcapWriter pcap;
    private final Passt passt;
    private final PasstPort port;
    private final VirtualBoard board;
    private final StatusApp app;
    private final int httpPort;
    private final int httpsPort;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private PasstSession(PcapWriter pcap, Passt passt, PasstPort port, VirtualBoard board, StatusApp app,
            int httpPort, int httpsPort) {
        this.pcap = pcap;
        this.passt = passt;
        this.port = port;
        this.board = board;
        this.app = app;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /**
     * What to start: localhost ports {@code http}/{@code https} (0: a free one) forwarded to the board's
     * 80/443, the switch's capture, passt's own capture (null: none), a {@code launcher} prefix for passt
     * (empty: this process's network namespace; tests pass {@code ip netns exec NS}), the passt binary and
     * the board's flash file (null: erased, not kept).
     */
    record Options(int http, int https, Path pcap, Path passtPcap, List<String> launcher, String executable, Path flash) {
        static Options of(int http, int https, Path pcap, Path passtPcap, Path flash) {
            return new Options(http, https, pcap, passtPcap, List.of(), Passt.EXECUTABLE, flash);
        }
    }

    /**
     * Starts passt, then boots the board behind it. On failure everything started is stopped again and
     * the exception carries passt's own message.
     */
    static PasstSession open(Options o, PrintStream out) throws IOException {
        Path parent = o.pcap().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int http = localPort(o.http(), o.launcher().isEmpty());
        int https = localPort(o.https(), o.launcher().isEmpty());
        String board = ADDRESSING.board;
        PasstConfig cfg = new PasstConfig(ADDRESSING).launcher(o.launcher()).pcap(o.passtPcap()).executable(o.executable())
                .forwardTcp("127.0.0.1", http, StatusApp.HTTP_PORT).forwardTcp("127.0.0.1", https, HTTPS_PORT);
        out.println("[passt] starting " + Passt.find(o.executable()).map(Path::toString).orElse(o.executable())
                + ": localhost:" + http + " -> " + board + ":" + StatusApp.HTTP_PORT + ", localhost:" + https + " -> "
                + board + ":" + HTTPS_PORT);
        VirtualSwitch sw = new VirtualSwitch();
        PcapWriter pcap = new PcapWriter(o.pcap());
        sw.addTap(pcap);
        Passt passt = null;
        PasstPort port = null;
        VirtualBoard vb = null;
        StatusApp app = null;
        try {
            passt = Passt.start(cfg);
            out.println("[passt] started, pid " + passt.pid() + ", log " + passt.logPath());
            port = PasstPort.connect(passt.socketPath(), sw, CONNECT_MILLIS);
            out.println("[passt] connected on " + passt.socketPath() + " (switch port " + port.port() + ")");
            vb = RunCommand.bootBoard(sw, ADDRESSING.boardAddressing("eth0"), o.flash(), out);
            out.println("[board] address " + board + "/" + ADDRESSING.prefixLength + " (static: passt's DHCP offer)");
            out.println("[board] gateway " + ADDRESSING.gateway + " (passt; from the board it is the host's 127.0.0.1)");
            out.println("[board] DNS server " + ADDRESSING.dns + " (passt forwards it to the host's first nameserver"
                    + firstNameserver().map(n -> ", " + n).orElse("") + ")");
            out.println("[board] " + greetGateway(vb));
            app = RunCommand.startApp(vb, out);
            return new PasstSession(pcap, passt, port, vb, app, http, https);
        } catch (IOException | RuntimeException e) {
            if (app != null) {
                app.stop();
            }
            if (vb != null) {
                vb.close();
            }
            if (port != null) {
                port.close();
            }
            if (passt != null) {
                passt.close();
            }
            pcap.close();
            throw e;
        }
    }

    /**
     * The board pings the gateway once. Until passt has seen a frame from the board it addresses the board
     * as ff:ff:ff:ff:ff:ff, and the board drops unicast IP in a link-layer broadcast (RFC 1122 §3.3.6), so
     * a forwarded connection would find no listener; the ARP request before the echo teaches passt the
     * board's MAC. (The DHCP client's DISCOVER will do the same.) passt answers the echo from the host's
     * loopback only where net.ipv4.ping_group_range lets it open an ICMP socket.
     */
    static String greetGateway(VirtualBoard vb) {
        int rtt = vb.stack().ping(SockAddr.parse(ADDRESSING.gateway, 0).ipv4(), GREET_MILLIS);
        return "ping gateway " + ADDRESSING.gateway + ": " + (rtt >= 0 ? rtt + " ms"
                : Errno.name(rtt) + " (ICMP from passt needs net.ipv4.ping_group_range; TCP and UDP do not)");
    }

    /** {@code requested}, or a free port of localhost for 0; a busy requested port fails here, not in passt. */
    private static int localPort(int requested, boolean checkable) throws IOException {
        if (requested != 0 && !checkable) {
            return requested;
        }
        try (ServerSocket s = new ServerSocket(requested, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IOException("localhost:" + requested + " is in use", e);
        }
    }

    private static java.util.Optional<String> firstNameserver() {
        try {
            return Files.readAllLines(Path.of("/etc/resolv.conf")).stream().map(String::trim)
                    .filter(l -> l.startsWith("nameserver")).map(l -> l.substring("nameserver".length()).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public List<String> urls() {
        return List.of("http://localhost:" + httpPort + "/", "https://localhost:" + httpsPort + "/");
    }

    @Override
    public String statusLine() {
        return RunCommand.boardStatus(board, app) + ", passt frames in " + port.framesFromPasst() + " out "
                + port.framesToPasst() + (passt.isAlive() ? "" : ", passt EXITED");
    }

    int httpPort() {
        return httpPort;
    }

    VirtualBoard board() {
        return board;
    }

    StatusApp app() {
        return app;
    }

    Passt passt() {
        return passt;
    }

    PasstPort port() {
        return port;
    }

    @Override
    public void await(long millis) throws InterruptedException {
        closed.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the board, then passt (which closes its capture), then the switch's capture. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        app.stop();
        board.close();
        try {
            port.close();
        } catch (IOException ignored) {
            // passt is stopped next anyway
        }
        passt.close();
        try {
            pcap.close();
        } catch (IOException ignored) {
            // the capture is best effort
        }
        closed.countDown();
    }
}
