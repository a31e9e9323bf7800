package io.jzsock.net.iface;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;

/**
 * One network interface: its device (null for loopback), IPv4 configuration, ARP cache, joined
 * multicast groups and counters. Indexes start at 1 as in Zephyr ({@code net_if_get_by_index}).
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
    public int ipv4;
    public int netmask;
    public int gateway;
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

    private final int[] groups;
    private final int[] groupRefs;
    /** IGMP: when a pending membership report is due (0: none), per group slot. */
    public final long[] groupReportAt;

    public NetInterface(int index, String name, NetDevice device, InterfaceConfig cfg, int mtu, int arpEntries,
                        int arpPending, int maxGroups) {
        this.index = index;
        this.name = name;
        this.device = device;
        this.loopback = device == null;
        this.mtu = mtu;
        this.deviceMtu = mtu;
        this.arp = loopback ? null : new ArpCache(arpEntries, arpPending);
        this.groups = new int[maxGroups];
        this.groupRefs = new int[maxGroups];
        this.groupReportAt = new long[maxGroups];
        if (device != null) {
            device.macAddress(mac, 0);
            txChecksumOffload = device.txChecksumOffload();
            rxChecksumOffload = device.rxChecksumOffload();
        } else {
            txChecksumOffload = 0;
            rxChecksumOffload = 0;
        }
        if (cfg != null) {
            ipv4 = cfg.ipv4Address;
            netmask = cfg.netmask();
            gateway = cfg.ipv4Gateway;
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

    /** True if ip is on this interface's subnet. */
    public boolean onLink(int ip) {
        return ipv4 != 0 && (ip & netmask) == (ipv4 & netmask);
    }

    /**
     * The directed broadcast address of the subnet (RFC 919/922), or 0 when unconfigured or on a /32 or
     * /31 (RFC 3021 §2.2: a /31 has two hosts and no broadcast address).
     */
    public int subnetBroadcast() {
        return ipv4 == 0 || netmask == -1 || netmask == -2 ? 0 : (ipv4 & netmask) | ~netmask;
    }

    /** True for an address this interface accepts as a destination: its own, broadcasts, a joined group. */
    public boolean accepts(int dst) {
        if (dst == ipv4 && ipv4 != 0) {
            return true;
        }
        if (dst == -1 || (dst == subnetBroadcast() && dst != 0)) {
            return true;
        }
        if (loopback && (dst >>> 24) == 127) {
            return true;
        }
        return isMulticast(dst) && (dst == ALL_SYSTEMS || joined(dst));
    }

    /** 224.0.0.1, joined by every host (RFC 1112 §4). */
    public static final int ALL_SYSTEMS = 0xE0000001;

    public static boolean isMulticast(int ip) {
        return (ip >>> 28) == 0xE;
    }

    public boolean joined(int group) {
        for (int i = 0; i < groups.length; i++) {
            if (groupRefs[i] > 0 && groups[i] == group) {
                return true;
            }
        }
        return false;
    }

    public int groupSlots() {
        return groups.length;
    }

    /** The group in slot i, or 0 when the slot is free. */
    public int groupAt(int i) {
        return groupRefs[i] > 0 ? groups[i] : 0;
    }

    /** The slot holding group, or -1. */
    public int groupSlot(int group) {
        for (int i = 0; i < groups.length; i++) {
            if (groupRefs[i] > 0 && groups[i] == group) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds a reference to a group; returns 1 when this is the first (the caller then programs the
     * device filter), 0 when already joined, or -1 when the group table is full.
     */
    public int join(int group) {
        int free = -1;
        for (int i = 0; i < groups.length; i++) {
            if (groupRefs[i] > 0 && groups[i] == group) {
                groupRefs[i]++;
                return 0;
            }
            if (groupRefs[i] == 0 && free < 0) {
                free = i;
            }
        }
        if (free < 0) {
            return -1;
        }
        groups[free] = group;
        groupRefs[free] = 1;
        groupReportAt[free] = 0;
        return 1;
    }

    /** Drops a reference; returns 1 when it was the last (the caller clears the device filter), 0 otherwise, -1 if not joined. */
    public int leave(int group) {
        for (int i = 0; i < groups.length; i++) {
            if (groupRefs[i] > 0 && groups[i] == group) {
                return --groupRefs[i] == 0 ? 1 : 0;
            }
        }
        return -1;
    }
}
