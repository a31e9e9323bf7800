package io.jzsock.sim.net;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link NetStack}s on one {@link VirtualSwitch} in 198.18.0.0/24 (RFC 2544 benchmark
 * space), each with its own {@link VirtualNic}, optionally recorded to a pcap file. The harness of
 * the integration tests, the demo and the benchmarks.
 */
public final class SimNetwork implements AutoCloseable {
    public static final String SUBNET = "198.18.0.";

    private final VirtualSwitch sw = new VirtualSwitch();
    private final List<NetStack> stacks = new ArrayList<>();
    private final List<VirtualNic> nics = new ArrayList<>();
    private final long seed;
    private PcapWriter pcap;
    private Path pcapPath;

    public SimNetwork(long seed) {
        this.seed = seed;
    }

    /** Records every frame on the switch to a pcap file under target/pcap (created). */
    public SimNetwork capture(String name) throws IOException {
        Path dir = Path.of("target", "pcap");
        Files.createDirectories(dir);
        pcapPath = dir.resolve(name + ".pcap");
        pcap = new PcapWriter(pcapPath);
        sw.addTap(pcap);
        return this;
    }

    public Path pcapPath() {
        return pcapPath;
    }

    /** A started stack at 198.18.0.hostId/24 with the default config. */
    public NetStack addHost(int hostId) {
        return addHost(hostId, NetConfig.defaults(), SystemClock.INSTANCE);
    }

    public NetStack addHost(int hostId, NetConfig cfg, Clock clock) {
        VirtualNic nic = new VirtualNic(mac(hostId));
        sw.attach(nic);
        NetStack stack = NetStack.start(cfg, clock, new SeededEntropy(seed * 31 + hostId));
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", address(hostId), 24, null));
        stacks.add(stack);
        nics.add(nic);
        return stack;
    }

    public static String address(int hostId) {
        return SUBNET + hostId;
    }

    /** Locally administered unicast MAC 02:00:00:00:00:hostId. */
    public static byte[] mac(int hostId) {
        return new byte[] {0x02, 0, 0, 0, (byte) (hostId >> 8), (byte) hostId};
    }

    public VirtualSwitch switchFabric() {
        return sw;
    }

    public VirtualNic nic(int index) {
        return nics.get(index);
    }

    /** Stops every stack; throws if a net thread hit a stack bug (NetStack.netThreadFailure). */
    @Override
    public void close() throws IOException {
        for (NetStack s : stacks) {
            s.stop();
        }
        if (pcap != null) {
            pcap.close();
        }
        for (NetStack s : stacks) {
            if (s.netThreadFailure() != null) {
                throw new IllegalStateException("net thread failed", s.netThreadFailure());
            }
        }
    }
}
