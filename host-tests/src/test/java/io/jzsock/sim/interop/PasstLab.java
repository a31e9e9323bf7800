package io.jzsock.sim.interop;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.passt.GatewayAddressing;
import io.jzsock.sim.passt.Passt;
import io.jzsock.sim.passt.PasstConfig;
import io.jzsock.sim.passt.PasstPort;
import io.jzsock.sim.tap.NetNamespace;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A board behind passt, with the host it reaches made by the test: a network namespace whose only
 * way out is an uplink veth pair going nowhere (passt needs an interface with a default route to
 * copy), a {@code /etc/netns/NAME/resolv.conf} naming the namespace's own dnsmasq (so passt forwards
 * DNS there and never to this machine's resolver), passt in the namespace, and on our side a
 * {@link VirtualSwitch} with the {@link PasstPort} and a jzsock stack addressed by
 * {@link GatewayAddressing#staticAddressing}. Host-side servers run on namespace threads
 * ({@link #host()}). Every frame between the board and passt goes to {@code target/pcap/NAME.pcap}.
 *
 * <p>Destinations with known failures from inside the namespace: {@link #NET_UNREACHABLE} (a
 * {@code throw} route: ENETUNREACH) and {@link #HOST_UNREACHABLE} (an {@code unreachable} route:
 * EHOSTUNREACH). {@link #close} stops everything and deletes the namespace and its {@code /etc/netns}
 * directory, also after a failed test (a shutdown hook of {@link NetNamespace} covers a dying JVM).
 */
public final class PasstLab implements AutoCloseable {
    public static final GatewayAddressing ADDRESSING = GatewayAddressing.RUN;
    static final byte[] BOARD_MAC = {0x02, 0, 0, 0, 0x6a, 0x02};
    static final String UPLINK = "192.0.2.1";
    static final String NET_UNREACHABLE = "198.51.100.7";
    static final String HOST_UNREACHABLE = "203.0.113.7";
    /** dnsmasq answers NXDOMAIN for names of this domain that its hosts file lacks (not REFUSED). */
    static final String LOCAL_DOMAIN = "jzsock.test";
    static final String[] TOOLS = {"passt", "dnsmasq", "microsocks"};

    private final NetNamespace ns;
    private final Path etc;
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final VirtualSwitch sw = new VirtualSwitch();
    private final PcapWriter pcap;
    private final Path pcapPath;
    private final Path work;
    /** Removes /etc/netns/NAME if the JVM dies before close (the namespace has its own hook). */
    private final Thread hook;
    private Passt passt;
    private PasstPort port;
    private NetStack board;

    /** Skips without root/namespaces or without passt, dnsmasq, microsocks; fails instead under JZSOCK_REQUIRE_KERNEL=1. */
    public static void require() {
        KernelLab.require();
        for (String tool : TOOLS) {
            boolean ok = Passt.find(tool).isPresent() || Passt.find("/usr/sbin/" + tool).isPresent();
            if (!ok && "1".equals(System.getenv("JZSOCK_REQUIRE_KERNEL"))) {
                throw new IllegalStateException("JZSOCK_REQUIRE_KERNEL=1 but " + tool + " is not installed");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(ok, "needs " + tool);
        }
    }

    /** The namespace with its uplink, resolv.conf and a dnsmasq answering from {@code hosts} (hosts-file lines). */
    public PasstLab(String name, String... hosts) throws Exception {
        ns = NetNamespace.create("hgw");
        closers.add(ns);
        etc = Path.of("/etc/netns", ns.name());
        work = Files.createTempDirectory("hgw-lab");
        hook = new Thread(() -> {
            deleteTree(etc);
            deleteTree(work);
        }, "hgw-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
            ns.exec("ip", "link", "add", "hgw0", "type", "veth", "peer", "name", "hgw1").check();
            ns.exec("ip", "addr", "add", UPLINK + "/24", "dev", "hgw0").check();
            ns.exec("ip", "link", "set", "hgw0", "up").check();
            ns.exec("ip", "link", "set", "hgw1", "up").check();
            ns.exec("ip", "route", "add", "default", "via", "192.0.2.254", "dev", "hgw0").check();
            ns.exec("ip", "route", "add", "throw", NET_UNREACHABLE + "/32").check();
            ns.exec("ip", "route", "add", "unreachable", HOST_UNREACHABLE + "/32").check();
            Path hostsFile = work.resolve("hosts");
            Files.writeString(hostsFile, String.join("\n", hosts) + "\n");
            Process dnsmasq = ns.spawn(tool("dnsmasq"), "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
                    "--no-hosts", "--addn-hosts=" + hostsFile, "--local=/" + LOCAL_DOMAIN + "/",
                    "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--user=root", "--pid-file=", "--log-facility=-", "--log-queries");
            awaitListener(ns, "udp", 53, dnsmasq);
            Files.createDirectories(Path.of("target", "pcap"));
            pcapPath = Path.of("target", "pcap", name + ".pcap");
            pcap = new PcapWriter(pcapPath);
            sw.addTap(pcap);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    public static String tool(String name) {
        return Passt.find(name).or(() -> Passt.find("/usr/sbin/" + name)).map(Path::toString).orElse(name);
    }

    /** Waits until {@code p} listens on {@code proto} ("udp" or "tcp") {@code port} of the namespace's 127.0.0.1. */
    static void awaitListener(NetNamespace ns, String proto, int port, Process p) throws Exception {
        String flags = proto.equals("udp") ? "-Hlun" : "-Hltn";
        for (int i = 0; i < 200; i++) {
            if (!p.isAlive()) {
                throw new IOException(proto + " " + port + ": exited " + p.exitValue() + ": "
                        + new String(p.getInputStream().readAllBytes()));
            }
            if (ns.exec("ss", flags, "sport = :" + port).output.contains("127.0.0.1:" + port)) {
                return;
            }
            Thread.sleep(25);
        }
        throw new IOException("nothing listens on " + proto + " port " + port);
    }

    /** The prefix that runs a command in the namespace. */
    public List<String> launcher() {
        return List.of("ip", "netns", "exec", ns.name());
    }

    /** A passt configured for the namespace: {@link #ADDRESSING}, its capture in target/pcap. */
    PasstConfig passtConfig(String name) {
        return new PasstConfig(ADDRESSING).launcher(launcher())
                .pcap(Path.of("target", "pcap", name + "-passt.pcap"));
    }

    /** Starts passt in the namespace and a jzsock board behind it, statically addressed. */
    NetStack startBoard(NetConfig cfg, long seed, String name) throws IOException {
        return startBoard(cfg, seed, name, ADDRESSING.staticAddressing("eth0"));
    }

    /** As {@link #startBoard(NetConfig, long, String)} with {@code ifcfg} (DHCP: the board's interface is 2). */
    NetStack startBoard(NetConfig cfg, long seed, String name, InterfaceConfig ifcfg) throws IOException {
        passt = Passt.start(passtConfig(name));
        port = PasstPort.connect(passt.socketPath(), sw, 5000);
        VirtualNic nic = new VirtualNic(BOARD_MAC, 256);
        sw.attach(nic);
        board = NetStack.start(cfg, SystemClock.INSTANCE, new SeededEntropy(seed));
        board.addInterface(nic, ifcfg);
        return board;
    }

    public NetNamespace host() {
        return ns;
    }

    VirtualSwitch switchFabric() {
        return sw;
    }

    Passt passt() {
        return passt;
    }

    PasstPort port() {
        return port;
    }

    /** Starts a long-running host-side server (microsocks) in the namespace and waits for its TCP {@code port}; close() stops it. */
    public Process spawnTcpServer(int port, String... cmd) throws Exception {
        Process p = ns.spawn(cmd);
        awaitListener(ns, "tcp", port, p);
        return p;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        if (board != null) {
            board.stop();
        }
        try {
            if (port != null) {
                port.close();
            }
        } catch (IOException e) {
            first = e;
        }
        if (passt != null) {
            passt.close();
        }
        for (AutoCloseable c : closers) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (pcap != null) {
            pcap.close();
        }
        deleteTree(etc);
        deleteTree(work);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        if (board != null && board.netThreadFailure() != null) {
            throw new IllegalStateException("net thread failed", board.netThreadFailure());
        }
        if (port != null && port.failure() != null) {
            throw new IllegalStateException("passt port failed", port.failure());
        }
        if (first != null) {
            throw first;
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
