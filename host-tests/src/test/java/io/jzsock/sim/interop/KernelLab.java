package io.jzsock.sim.interop;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.tap.NetNamespace;
import io.jzsock.sim.tap.TapBridge;
import io.jzsock.sim.tap.TapDevice;
import io.jzsock.sim.wire.ImpairedLink;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Ethernet segment, 198.18.0.0/24, shared by Linux kernels and jzsock stacks: a {@link VirtualSwitch}
 * with a {@link TapBridge} port per kernel (each kernel host is a network namespace of its own holding
 * the TAP, at 198.18.0.{1, 3, 4 ...}) and a jzsock stack at 198.18.0.2 whose cable into the switch is an
 * {@link ImpairedLink}, so loss and reordering are injected on our side of the bridge. Every frame on
 * the switch goes to {@code target/pcap/NAME.pcap}. {@link #close} removes the namespaces (and with them
 * the TAPs), even after a failed test.
 *
 * <p>Tests that need it call {@link #require()}: without root, iproute2 or {@code /dev/net/tun} they are
 * skipped, unless {@code JZSOCK_REQUIRE_KERNEL=1} (set by {@code .ci/run}) makes that a failure.
 */
final class KernelLab implements AutoCloseable {
    static final String SUBNET = "198.18.0.";
    static final String JZSOCK = SUBNET + 2;
    static final String KERNEL = SUBNET + 1;
    static final byte[] JZSOCK_MAC = {0x02, 0, 0, 0, 0, 0x02};

    private final String name;
    private final VirtualSwitch sw = new VirtualSwitch();
    private final List<KernelHost> kernels = new ArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final PcapWriter pcap;
    private final Path pcapPath;
    private NetStack stack;
    private ImpairedLink cable;
    private VirtualNic nic;

    static void require() {
        boolean ok = NetNamespace.available();
        if (!ok && "1".equals(System.getenv("JZSOCK_REQUIRE_KERNEL"))) {
            throw new IllegalStateException("JZSOCK_REQUIRE_KERNEL=1 but namespaces/TAP are unavailable (root, iproute2, /dev/net/tun)");
        }
        Assumptions.assumeTrue(ok, "needs root, iproute2 and /dev/net/tun");
    }

    KernelLab(String name) throws IOException {
        this.name = name;
        Path dir = Path.of("target", "pcap");
        Files.createDirectories(dir);
        pcapPath = dir.resolve(name + ".pcap");
        pcap = new PcapWriter(pcapPath);
        sw.addTap(pcap);
    }

    /** A kernel host at 198.18.0.{hostId} behind a TAP of MTU {@code mtu} in a namespace of its own. */
    KernelHost addKernel(int hostId, int mtu) throws IOException {
        return addKernel(hostId, mtu, "jzk" + hostId);
    }

    /** {@link #addKernel(int, int)} in a namespace named {@code nsPrefix-PID} (a suite's own prefix). */
    KernelHost addKernel(int hostId, int mtu, String nsPrefix) throws IOException {
        NetNamespace ns = NetNamespace.create(nsPrefix);
        closers.add(ns);
        String ifname = "jzt" + hostId + "-" + (ProcessHandle.current().pid() % 100000);
        TapDevice tap = TapDevice.open(ifname);
        TapBridge bridge = TapBridge.attach(tap, sw);
        closers.add(0, bridge);
        ns.adopt(ifname);
        ns.exec("ip", "link", "set", ifname, "address", String.format("02:00:00:00:01:%02x", hostId)).check();
        ns.exec("ip", "link", "set", ifname, "mtu", Integer.toString(mtu)).check();
        ns.exec("ip", "addr", "add", SUBNET + hostId + "/24", "dev", ifname).check();
        ns.exec("ip", "link", "set", ifname, "up").check();
        // The segment is the namespace's only network: limited broadcast (255.255.255.255) needs a route too.
        ns.exec("ip", "route", "add", "default", "dev", ifname).check();
        KernelHost k = new KernelHost(ns, bridge, ifname, SUBNET + hostId);
        kernels.add(k);
        return k;
    }

    /** The jzsock stack at 198.18.0.2 with {@code cfg}, on the real clock, cabled through an impaired link. */
    NetStack startJzsock(NetConfig cfg, long seed) {
        return startJzsock(cfg, seed, InterfaceConfig.ipv4("eth0", JZSOCK, 24, null));
    }

    /** The same with eth0 configured by {@code ifcfg} (IPv6 on, for example). */
    NetStack startJzsock(NetConfig cfg, long seed, InterfaceConfig ifcfg) {
        nic = new VirtualNic(JZSOCK_MAC, 256);
        cable = ImpairedLink.connect(nic, sw, SystemClock.INSTANCE, seed);
        cable.startPump();
        stack = NetStack.start(cfg, SystemClock.INSTANCE, new SeededEntropy(seed));
        stack.addInterface(nic, ifcfg);
        return stack;
    }

    /** A config sized like a host-side test stack, not like the 64 KB default board. */
    static NetConfig roomyConfig() {
        NetConfig c = NetConfig.defaults();
        c.packetBuffers = 512;
        c.maxSockets = 16;
        c.maxFds = 32;
        c.maxTcpConnections = 16;
        c.tcpSynQueue = 8;
        c.tcpRxBuffer = 65535;
        c.tcpTxBuffer = 65535;
        c.udpRxQueue = 16;
        c.rxBudget = 64;
        return c;
    }

    VirtualSwitch switchFabric() {
        return sw;
    }

    ImpairedLink cable() {
        return cable;
    }

    VirtualNic nic() {
        return nic;
    }

    Path pcapPath() {
        return pcapPath;
    }

    /** Writes out what the capture holds so far. */
    Path flushPcap() throws IOException {
        pcap.flush();
        return pcapPath;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        if (stack != null) {
            stack.stop();
        }
        if (cable != null) {
            cable.close();
        }
        for (AutoCloseable c : closers) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        pcap.close();
        if (stack != null && stack.netThreadFailure() != null) {
            throw new IllegalStateException("net thread failed", stack.netThreadFailure());
        }
        for (KernelHost k : kernels) {
            if (k.bridge.failure() != null) {
                throw new IllegalStateException("TAP bridge failed", k.bridge.failure());
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Closes the lab (a null lab: the class was skipped) and runs the tshark pass over its capture:
     * nothing malformed, no bad checksum from jzsock. What every interop class does after its tests.
     */
    static void closeAndCheckCapture(KernelLab lab) throws Exception {
        if (lab == null) {
            return;
        }
        lab.close();
        if (KernelTools.tsharkAvailable()) {
            int frames = KernelTools.assertCleanCapture(lab.pcapPath(), "02:00:00:00:00:02");
            System.out.println("tshark: " + frames + " frames in " + lab.pcapPath() + ", none malformed, no bad checksum from jzsock");
        }
    }

    /** One Linux kernel on the segment: its namespace, its TAP and its address. */
    static final class KernelHost {
        final NetNamespace ns;
        final TapBridge bridge;
        final String ifname;
        final String address;

        KernelHost(NetNamespace ns, TapBridge bridge, String ifname, String address) {
            this.ns = ns;
            this.bridge = bridge;
            this.ifname = ifname;
            this.address = address;
        }
    }
}
