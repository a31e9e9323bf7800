package io.jzsock.net.iface;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;

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
        this.index = index;
        this.name = name;
        this.device = device;
        this.loopback = device == null;
        this.mtu = mtu;
        this.deviceMtu = mtu;
        this.arp = loopback ? null : new ArpCache(arpEntries, arpPending);
        this.v4 = new Ipv4InterfaceState(loopback, maxGroups);
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
}
