package io.jzsock.sim.net;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetDevice;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.iface.Ipv6InterfaceState;
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
    private boolean checksumsUnnecessary;

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

    /**
     * NICs of hosts added from now on declare every checksum offloaded and compute none, as Linux's
     * loopback ({@link VirtualNic#setChecksumsUnnecessary}): the like-for-like setting for comparing
     * with the kernel's 127.0.0.1. Without it, each stack computes and verifies its checksums in software.
     */
    public SimNetwork checksumsUnnecessary() {
        checksumsUnnecessary = true;
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
        return addHost(hostId, cfg, clock, InterfaceConfig.ipv4("eth0", address(hostId), 24, null));
    }

    /** A started stack at 198.18.0.hostId/24 with IPv6 on eth0 too (a link-local address after DAD). */
    public NetStack addDualStackHost(int hostId) {
        return addHost(hostId, NetConfig.defaults(), SystemClock.INSTANCE,
                InterfaceConfig.ipv4("eth0", address(hostId), 24, null).withIpv6());
    }

    public NetStack addHost(int hostId, NetConfig cfg, Clock clock, InterfaceConfig ifcfg) {
        VirtualNic nic = new VirtualNic(mac(hostId));
        if (checksumsUnnecessary) {
            nic.setChecksumsUnnecessary(NetDevice.CSUM_IPV4 | NetDevice.CSUM_UDP | NetDevice.CSUM_TCP
                    | NetDevice.CSUM_ICMP);
        }
        sw.attach(nic);
        NetStack stack = NetStack.start(cfg, clock, new SeededEntropy(seed * 31 + hostId));
        stack.addInterface(nic, ifcfg);
        stacks.add(stack);
        nics.add(nic);
        return stack;
    }

    /**
     * The stack's link-local address on eth0 (index 2) as a scoped AF_INET6 socket address, once DAD has made
     * it preferred (RFC 4862 §5.4); throws IllegalStateException after timeoutMs.
     */
    public static SockAddr linkLocal(NetStack stack, int port, long timeoutMs) throws InterruptedException {
        byte[] a = new byte[16];
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            for (int n = 0; stack.ipv6Address(2, n, a) >= 0; n++) {
                if (stack.ipv6Address(2, n, a) == Ipv6InterfaceState.PREFERRED && (a[0] & 0xff) == 0xfe
                        && (a[1] & 0xc0) == 0x80) {
                    return new SockAddr().setIpv6(a, 0, port, 2);
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no preferred link-local address within " + timeoutMs + " ms");
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
