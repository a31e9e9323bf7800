package io.jzsock.sim.interop;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.tap.NetNamespace;
import io.jzsock.sim.tap.TapBridge;
import io.jzsock.sim.tap.TapDevice;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * dnsmasq (Debian's dnsmasq-base) as the DHCP server of one Ethernet segment: a network namespace
 * {@code jzdhcp-PID} holding a TAP at 198.18.0.1/24 bridged into a {@link VirtualSwitch}, dnsmasq inside it
 * serving 198.18.0.100..149 with DNS off ({@code --port=0}), its lease file and log in a temporary
 * directory; a jzsock stack on the switch in DHCP mode on the real clock. Every frame goes to
 * {@code target/pcap/NAME.pcap}. {@link #close} stops dnsmasq and deletes the namespace (and the TAP with
 * it) even after a failed test; {@link KernelLab#require()} decides whether the test may run.
 */
final class DnsmasqLab implements AutoCloseable {
    static final String SERVER = "198.18.0.1";
    static final String JZSOCK_MAC = "02:00:00:00:00:02";
    static final byte[] JZSOCK_MAC_BYTES = {0x02, 0, 0, 0, 0, 0x02};

    final NetNamespace ns;
    final String ifname;
    private final VirtualSwitch sw = new VirtualSwitch();
    private final TapBridge bridge;
    private final PcapWriter pcap;
    final Path pcapPath;
    private final Path dir;
    private final StringBuffer log = new StringBuffer();
    private final List<Process> servers = new ArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private NetStack stack;

    DnsmasqLab(String name) throws IOException {
        Path pcaps = Path.of("target", "pcap");
        Files.createDirectories(pcaps);
        pcapPath = pcaps.resolve(name + ".pcap");
        pcap = new PcapWriter(pcapPath);
        sw.addTap(pcap);
        dir = Files.createTempDirectory("jzdhcp");
        ns = NetNamespace.create("jzdhcp");
        closers.add(ns);
        ifname = "jzdh-" + (ProcessHandle.current().pid() % 100000);
        bridge = host(ns, ifname, "02:00:00:00:01:01", SERVER + "/24");
    }

    /** A TAP named ifname on the switch, moved into ns with mac and address, up. */
    private TapBridge host(NetNamespace in, String name, String mac, String address) throws IOException {
        TapDevice tap = TapDevice.open(name);
        TapBridge b = TapBridge.attach(tap, sw);
        closers.add(0, b);
        in.adopt(name);
        in.exec("ip", "link", "set", name, "address", mac).check();
        in.exec("ip", "addr", "add", address, "dev", name).check();
        in.exec("ip", "link", "set", name, "up").check();
        return b;
    }

    /** Another Linux host on the segment (a namespace of its own) already using address: it answers ARP for it. */
    void addSquatter(String address) throws IOException {
        NetNamespace other = NetNamespace.create("jzdhcp2");
        closers.add(0, other);
        host(other, "jzdq-" + (ProcessHandle.current().pid() % 100000), "02:00:00:00:01:02", address + "/24");
    }

    /** Starts dnsmasq with the lab's range, router and DNS server options plus extra arguments. */
    void startDnsmasq(String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--user=root", "--pid-file=" + dir.resolve("pid"), "--interface=" + ifname, "--bind-interfaces",
                "--dhcp-range=198.18.0.100,198.18.0.149,255.255.255.0,2m", "--dhcp-leasefile=" + leaseFile(),
                "--dhcp-authoritative", "--log-dhcp", "--log-facility=-",
                "--dhcp-option=option:router," + SERVER, "--dhcp-option=option:dns-server,198.18.0.53"));
        cmd.addAll(List.of(extra));
        Process p = ns.spawn(cmd.toArray(new String[0]));
        servers.add(p);
        Thread reader = new Thread(() -> copy(p.getInputStream()), "dnsmasq-log");
        reader.setDaemon(true);
        reader.start();
        long end = System.currentTimeMillis() + 10_000;
        while (!log.toString().contains("DHCP, IP range") && System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("dnsmasq exited: " + log);
            }
            Thread.sleep(50);
        }
        if (!log.toString().contains("DHCP, IP range")) {
            throw new IllegalStateException("dnsmasq did not start: " + log);
        }
    }

    private void copy(InputStream in) {
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                log.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException closed) {
            // dnsmasq was stopped
        }
    }

    /** The jzsock stack on the segment, eth0 in DHCP mode; returns it (the interface is index 2). */
    NetStack startJzsock(NetConfig cfg, long seed) {
        VirtualNic nic = new VirtualNic(JZSOCK_MAC_BYTES, 256);
        sw.attach(nic);
        stack = NetStack.start(cfg, SystemClock.INSTANCE, new SeededEntropy(seed));
        stack.addInterface(nic, InterfaceConfig.dhcp("eth0"));
        return stack;
    }

    /** A config for the lab: no start delay, RFC 5227 probing with short times so a test binds in about a second. */
    static NetConfig config() {
        NetConfig c = KernelLab.roomyConfig();
        c.dhcpStartDelayMaxMillis = 0;
        c.dhcpProbeWaitMillis = 100;
        c.dhcpProbeMinMillis = 200;
        c.dhcpProbeMaxMillis = 300;
        c.dhcpAnnounceWaitMillis = 500;
        c.dhcpDeclineWaitMillis = 1000;
        return c;
    }

    Path leaseFile() {
        return dir.resolve("leases");
    }

    String leases() throws IOException {
        Path f = leaseFile();
        return Files.exists(f) ? Files.readString(f) : "";
    }

    String log() {
        return log.toString();
    }

    @Override
    public void close() throws Exception {
        if (stack != null) {
            stack.stop();
        }
        for (Process p : servers) {
            p.destroy();
            p.waitFor();
        }
        Exception first = null;
        for (AutoCloseable c : closers) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        pcap.close();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
        if (stack != null && stack.netThreadFailure() != null) {
            throw new IllegalStateException("net thread failed", stack.netThreadFailure());
        }
        if (bridge.failure() != null) {
            throw new IllegalStateException("TAP bridge failed", bridge.failure());
        }
        if (first != null) {
            throw first;
        }
    }
}
