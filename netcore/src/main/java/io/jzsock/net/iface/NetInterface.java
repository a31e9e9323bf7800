package io.jzsock.net.iface;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv6Address;

/**
 * One network interface: its device (null for loopback), MTU, checksum offloads, ARP cache, DNS
 * servers and counters, and per address family its state ({@link #v4}: address, groups, IGMP timers; IPv6's
 * sibling goes beside it). Indexes start at 1 as in Zephyr ({@code net_if_get_by_index}).
 * Guarded by the stack's monitor.
 */
public final class NetInterface {
    public final int index;
    public final String name;
    /** Null for the loopback interface. */
    public final NetDevice device;
    public final boolean loopback;
    public final byte[] mac = new byte[6];
    public final long[] counters = new long[NetCounters.COUNT];
    public final ArpCache arp;
    /** Address, netmask, gateway and multicast groups of IPv4 on this interface. */
    public final Ipv4InterfaceState v4;
    /** Addresses with their DAD state, groups, link parameters and neighbour cache of IPv6 on this interface. */
    public final Ipv6InterfaceState v6;
    private final byte[] groupMac = new byte[6];
    /** Who reports group changes on the link (MLD, RFC 3810), or null; set at setup. */
    private Ipv6GroupListener groupListener;
    /**
     * DNS servers learned for this interface (static configuration, later a DHCP lease), the first
     * {@link #dnsServerCount} slots used. Three, as glibc's MAXNS: a resolver tries them in turn.
     */
    public final int[] dnsServers = new int[MAX_DNS_SERVERS];
    public int dnsServerCount;
    /** The MTU in use: the device's, or a smaller one a DHCP lease gave (RFC 2132 §5.1). */
    public int mtu;
    /** The device's MTU, the most {@link #mtu} may be. */
    public final int deviceMtu;
    public static final int MAX_DNS_SERVERS = 3;
    public final int txChecksumOffload;
    public final int rxChecksumOffload;

    public NetInterface(int index, String name, NetDevice device, InterfaceConfig cfg, int mtu, int arpEntries,
                        int arpPending, int maxGroups) {
        this(index, name, device, cfg, mtu, arpEntries, arpPending, maxGroups, 4, maxGroups + 4, arpEntries, 2, 2, 2);
    }

    /**
     * Sized from NetConfig: ARP and IPv6 tables; parked packets of both families get arpPendingPackets each. The IPv6
     * tables are allocated only for an interface that runs IPv6 ({@link InterfaceConfig#ipv6}); loopback holds ::1 and
     * the groups sockets join on it. Without IPv6 in the stack ({@link NetConfig#ipv6} off) every IPv6 table is empty.
     */
    public NetInterface(int index, String name, NetDevice device, InterfaceConfig cfg, int mtu, NetConfig sizes) {
        this(index, name, device, cfg, mtu, sizes.arpCacheEntries, sizes.arpPendingPackets, sizes.maxMulticastGroups,
                v6Size(device, cfg, sizes, 1, sizes.ipv6AddressesPerInterface),
                v6Size(device, cfg, sizes, sizes.ipv6MulticastGroups, sizes.ipv6MulticastGroups),
                v6Size(device, cfg, sizes, 0, sizes.neighborCacheEntries),
                v6Size(device, cfg, sizes, 0, sizes.ipv6DefaultRouters), v6Size(device, cfg, sizes, 0, sizes.ipv6Prefixes),
                v6Size(device, cfg, sizes, 0, sizes.ipv6Redirects));
    }

    /** An IPv6 table's size: 0 without IPv6 in the stack (NetConfig.ipv6) or on the interface, else loopback's or a device's. */
    private static int v6Size(NetDevice device, InterfaceConfig cfg, NetConfig sizes, int onLoopback, int onDevice) {
        if (!sizes.ipv6) {
            return 0;
        }
        if (device == null) {
            return onLoopback;
        }
        return cfg != null && cfg.ipv6 ? onDevice : 0;
    }

    private NetInterface(int index, String name, NetDevice device, InterfaceConfig cfg, int mtu, int arpEntries,
                         int arpPending, int maxGroups, int v6Addresses, int v6Groups, int neighbors, int routers,
                         int prefixes, int redirects) {
        this.index = index;
        this.name = name;
        this.device = device;
        this.loopback = device == null;
        this.mtu = mtu;
        this.deviceMtu = mtu;
        this.arp = loopback ? null : new ArpCache(arpEntries, arpPending);
        this.v4 = new Ipv4InterfaceState(loopback, maxGroups);
        this.v6 = new Ipv6InterfaceState(loopback, v6Addresses, v6Groups, neighbors, neighbors == 0 ? 0 : arpPending,
                routers, prefixes, redirects);
        if (device != null) {
            device.macAddress(mac, 0);
            txChecksumOffload = device.txChecksumOffload();
            rxChecksumOffload = device.rxChecksumOffload();
        } else {
            txChecksumOffload = 0;
            rxChecksumOffload = 0;
        }
        if (cfg != null) {
            v4.address = cfg.ipv4Address;
            v4.netmask = cfg.netmask();
            v4.gateway = cfg.ipv4Gateway;
            setDnsServers(cfg.dnsServers, cfg.dnsServers == null ? 0 : cfg.dnsServers.length);
        }
    }

    /** Replaces the DNS servers with the first count of servers (more than three are ignored). */
    public void setDnsServers(int[] servers, int count) {
        dnsServerCount = Math.min(count, MAX_DNS_SERVERS);
        for (int i = 0; i < dnsServerCount; i++) {
            dnsServers[i] = servers[i];
        }
    }

    public void count(int counter) {
        counters[counter]++;
    }

    public boolean linkUp() {
        return loopback || device.linkUp();
    }

    /**
     * Adds an IPv6 address (see {@link Ipv6InterfaceState} for states and origins) and joins its
     * solicited-node group, in the device filter too (RFC 4861 §7.2.1, RFC 4862 §5.4.2); the slot, or -1 when full.
     */
    public int addIpv6(long hi, long lo, int prefixLen, int state, int origin, long preferredUntil, long validUntil) {
        int slot = v6.add(hi, lo, prefixLen, state, origin, preferredUntil, validUntil);
        if (slot >= 0 && !loopback) {
            joinIpv6Group(Ipv6Address.solicitedNodeHi(), Ipv6Address.solicitedNodeLo(lo));
        }
        return slot;
    }

    /** Frees an address slot and leaves its solicited-node group. */
    public void removeIpv6(int slot) {
        if (v6.state[slot] == Ipv6InterfaceState.FREE) {
            return;
        }
        v6.state[slot] = Ipv6InterfaceState.FREE;
        if (!loopback) {
            leaveIpv6Group(Ipv6Address.solicitedNodeHi(), Ipv6Address.solicitedNodeLo(v6.addrLo[slot]));
        }
    }

    /** Setup-time: who reports this interface's IPv6 group changes (MLD). */
    public void setGroupListener(Ipv6GroupListener l) {
        this.groupListener = l;
    }

    /**
     * Joins an IPv6 group, programming the device's filter with its 33:33 MAC on the first reference, when the
     * group listener (MLD) is told too.
     */
    public int joinIpv6Group(long hi, long lo) {
        int r = v6.join(hi, lo);
        if (r == 1 && device != null) {
            EthernetFrame.ipv6MulticastMac(lo, groupMac, 0);
            device.multicastFilter(groupMac, 0, true);
        }
        if (r == 1 && groupListener != null) {
            groupListener.groupJoined(this, hi, lo);
        }
        return r;
    }

    /** Leaves an IPv6 group; the filter entry goes with the last reference unless another group maps to it. */
    public int leaveIpv6Group(long hi, long lo) {
        int r = v6.leave(hi, lo);
        if (r == 1 && device != null && !otherGroupSharesMac(lo)) {
            EthernetFrame.ipv6MulticastMac(lo, groupMac, 0);
            device.multicastFilter(groupMac, 0, false);
        }
        if (r == 1 && groupListener != null) {
            groupListener.groupLeft(this, hi, lo);
        }
        return r;
    }

    private boolean otherGroupSharesMac(long lo) {
        for (int i = 0; i < v6.groupSlots(); i++) {
            if (v6.groupUsed(i) && (int) v6.groupLoAt(i) == (int) lo) {
                return true;
            }
        }
        return (int) lo == (int) Ipv6Address.ALL_NODES_LO;
    }
}
