package io.jzsock.sim.cli;

import io.jzsock.boards.StatusApp;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.dhcp.Dhcp;
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
    /**
     * How long {@code run}'s board may take to bind passt's lease. passt answers at once (0.6 s in one run,
     * mostly the client's random start delay of up to 1 s); this leaves room for RFC 2131 §4.1's
     * retransmissions after about 4 and 8 s more should a message be lost.
     */
    static final int DHCP_MILLIS = 20_000;

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
     * (empty: this process's network namespace; tests pass {@code ip netns exec NS}), the passt binary, how
     * long the board waits for passt's DHCP lease, and the board's flash file (null: erased, not kept).
     */
    record Options(int http, int https, Path pcap, Path passtPcap, List<String> launcher, String executable,
            int dhcpMillis, Path flash) {
        static Options of(int http, int https, Path pcap, Path passtPcap, Path flash) {
            return new Options(http, https, pcap, passtPcap, List.of(), Passt.EXECUTABLE, DHCP_MILLIS, flash);
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
            vb = RunCommand.bootBoard(sw, boardConfig(), ADDRESSING.boardAddressing("eth0"), o.flash(), out);
            Lease lease = awaitLease(vb, passt, o.dhcpMillis());
            out.println("[board] " + lease);
            out.println("[board] address " + lease.address() + "/" + lease.prefixLength() + ", gateway " + lease.router()
                    + " (passt; from the board it is the host's 127.0.0.1)");
            out.println("[board] DNS server " + lease.dns() + " (passt forwards it to the host's first nameserver"
                    + firstNameserver().map(n -> ", " + n).orElse("") + ")");
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
     * The board's sizing without RFC 5227 probing of the lease (PROBE_NUM 0). The board's switch has two
     * stations, the board and passt, and passt is the DHCP server that leases the address and never
     * answers ARP for it (its arp.c skips requests for the guest's address; PasstDhcpTest sees three
     * probes go unanswered), so a probe cannot find a conflict; it would only delay the status page by
     * PROBE_WAIT, two PROBE_MIN..MAX gaps and ANNOUNCE_WAIT, 5.7 s in one measured run. The
     * announcements of RFC 5227 §2.3 still go out.
     */
    static NetConfig boardConfig() {
        NetConfig cfg = RunCommand.SIZING.netConfigWithHttps();
        cfg.dhcpProbeCount = 0;
        return cfg;
    }

    /** What the board's DHCP client was given, as dotted quads. */
    record Lease(String address, int prefixLength, String server, String router, String dns, int seconds, long millis) {
        @Override
        public String toString() {
            return "DHCP lease " + address + "/" + prefixLength + " from " + server + ", router " + router + ", DNS " + dns
                    + ", lease " + (seconds == -1 ? "infinite" : seconds + " s") + " (bound after " + millis + " ms)";
        }
    }

    /** passt answered DHCP with nothing, or with something other than what its command line says. */
    static final class NoLeaseException extends IOException {
        NoLeaseException(String message) {
            super(message);
        }
    }

    /**
     * Waits for the board's lease from passt's DHCP server. The board's DHCPDISCOVER is also its first frame,
     * which teaches passt the board's MAC: until then passt addresses the board as ff:ff:ff:ff:ff:ff, and the
     * board drops unicast IP in a link-layer broadcast (RFC 1122 §3.3.6). A lease other than {@link #ADDRESSING}
     * fails too: passt's port forwards and the URLs name that address.
     */
    static Lease awaitLease(VirtualBoard vb, Passt passt, int timeoutMillis) throws NoLeaseException {
        Dhcp dhcp = vb.stack().dhcp();
        int ifc = vb.board().ifindex();
        long t0 = System.nanoTime();
        int r = dhcp.await(ifc, timeoutMillis);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (r != 0) {
            throw new NoLeaseException("no DHCP lease from passt within " + timeoutMillis + " ms (client "
                    + Dhcp.stateName(dhcp.state(ifc)) + ", " + vb.stack().counter(NetCounters.DHCP_TX) + " messages sent"
                    + (passt.isAlive() ? "" : ", passt exited") + ")");
        }
        Lease l = new Lease(dotted(dhcp.address(ifc)), Integer.bitCount(dhcp.netmask(ifc)), dotted(dhcp.server(ifc)),
                dotted(dhcp.router(ifc)), dotted(dhcp.dnsServer(ifc, 0)), dhcp.leaseSeconds(ifc), millis);
        if (!l.address().equals(ADDRESSING.board) || l.prefixLength() != ADDRESSING.prefixLength
                || !l.router().equals(ADDRESSING.gateway) || !l.dns().equals(ADDRESSING.dns)) {
            throw new NoLeaseException("passt's " + l + " is not the " + ADDRESSING + " it was started with");
        }
        return l;
    }

    private static String dotted(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
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
