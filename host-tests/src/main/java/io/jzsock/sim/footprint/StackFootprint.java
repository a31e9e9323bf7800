package io.jzsock.sim.footprint;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.wire.VirtualNic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heap one {@link NetStack} retains, measured: a stack made for a config (no net thread) with one
 * Ethernet interface and loopback, as a board has, walked object by object ({@link HeapWalk}) and split
 * by part. A part is rooted at every object of its classes; its walk stops at the roots of every other
 * part, so the TCP row holds the connections and their rings but not the packet pool or IPv4 they point
 * to, and the remainder (config, services, waiter, the zsock API) lands in the last row. The simulated
 * NIC is the driver's, not the stack's, and is not counted. Sizes are this JVM's object layout
 * (compressed references, 12-byte headers); a MicroEJ heap's headers are smaller.
 */
public final class StackFootprint {
    /** The parts, in the order they are walked: a part takes what the earlier ones left. */
    static final String[][] PARTS = {
        {"packet pool", "io.jzsock.net.buf.PacketPool"},
        {"TCP: connections, rings, SYN queue", "io.jzsock.net.tcp.TcpEngine", "io.jzsock.net.tcp.TcpSockets"},
        {"UDP: sockets, receive queues", "io.jzsock.net.udp.UdpSockets"},
        {"fd table", "io.jzsock.net.sock.FdTable"},
        {"socketpairs", "io.jzsock.net.sock.SocketPairs"},
        {"IPv6: addresses, ND, routers, MLD, path MTU", "io.jzsock.net.ip.Ipv6", "io.jzsock.net.ip.NeighborDiscovery",
            "io.jzsock.net.ip.Mld", "io.jzsock.net.ip.Icmpv6", "io.jzsock.net.ip.PathMtuTable",
            "io.jzsock.net.ip.Ipv6Fragmentation", "io.jzsock.net.iface.Ipv6InterfaceState",
            "io.jzsock.net.iface.Ipv6AddressRemoval", "io.jzsock.net.Ipv6Layer"},
        {"IPv4 reassembly", "io.jzsock.net.ip.Reassembly"},
        {"IGMP", "io.jzsock.net.ip.Igmp"},
        {"loopback", "io.jzsock.net.iface.Loopback"},
        {"IPv4, interfaces, ARP", "io.jzsock.net.ip.Ipv4", "io.jzsock.net.iface.EthernetLink",
            "io.jzsock.net.iface.InterfaceTable", "io.jzsock.net.iface.NetInterface"},
        {"DNS: resolver, cache", "io.jzsock.net.resolve.HostResolver"},
        {"DHCP client", "io.jzsock.net.dhcp.DhcpService", "io.jzsock.net.dhcp.Dhcp"},
        {"rest: config, timers, waiter, zsock API", "io.jzsock.net.NetStack", "io.jzsock.net.service.ServiceRegistry",
            "io.jzsock.net.service.ServiceHandle"},
    };

    /** One part's retained bytes; roots is how many objects of its classes the stack holds. */
    public record Part(String name, long bytes, int roots) {
    }

    /** Every part, and their sum. */
    public record Footprint(List<Part> parts, long total) {
        public long bytes(String part) {
            for (Part p : parts) {
                if (p.name().equals(part)) {
                    return p.bytes();
                }
            }
            throw new IllegalArgumentException("no part " + part);
        }
    }

    private StackFootprint() {
    }

    /** Makes a stack for cfg with one Ethernet interface, measures it and stops it. */
    public static Footprint measure(NetConfig cfg) {
        VirtualNic nic = new VirtualNic(SimNetwork.mac(1));
        NetStack stack = NetStack.create(cfg, SystemClock.INSTANCE, new SeededEntropy(1));
        try {
            stack.addInterface(nic, InterfaceConfig.ipv4("eth0", SimNetwork.address(1), 24, null));
            return measure(stack, nic);
        } finally {
            stack.stop();
        }
    }

    /**
     * The names of the classes of every object the stack retains (a test's "is any of this allocated" check;
     * through {@link HeapWalk}, so JOL is set up as the measurements need).
     */
    public static Set<String> classNames(NetStack stack) {
        Set<String> names = new java.util.TreeSet<>();
        for (Object o : new HeapWalk().reachable(List.of(stack), identitySet(), HeapWalk.identitySet())) {
            names.add(o.getClass().getName());
        }
        return names;
    }

    /** The parts of a stack, not entering {@code notCounted} (the device). */
    static Footprint measure(NetStack stack, Object notCounted) {
        HeapWalk walk = new HeapWalk();
        Set<Object> device = identitySet();
        device.add(notCounted);
        List<Object> all = walk.reachable(List.of(stack), device, HeapWalk.identitySet());
        Map<String, List<Object>> roots = new LinkedHashMap<>();
        Set<Object> allRoots = identitySet();
        for (String[] part : PARTS) {
            List<Object> r = new ArrayList<>();
            for (Object o : all) {
                for (int i = 1; i < part.length; i++) {
                    if (o.getClass().getName().equals(part[i])) {
                        r.add(o);
                    }
                }
            }
            roots.put(part[0], r);
            allRoots.addAll(r);
        }
        List<Part> parts = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<Object>> e : roots.entrySet()) {
            Set<Object> stops = identitySet();
            stops.addAll(allRoots);
            e.getValue().forEach(stops::remove);
            stops.add(notCounted);
            long bytes = walk.walk(e.getValue(), stops);
            parts.add(new Part(e.getKey(), bytes, e.getValue().size()));
            total += bytes;
        }
        return new Footprint(parts, total);
    }

    private static Set<Object> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
