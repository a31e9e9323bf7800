package io.jzsock.net.iface;

/**
 * The IPv4 half of an interface: its address, netmask and gateway (RFC 1122 §3.3.1), the multicast groups
 * joined on it with their reference counts, and the IGMP report timers (RFC 2236 §3). IPv6's addresses with
 * their DAD state, MLD and the neighbour cache get a sibling beside it on {@link NetInterface}. Guarded by
 * the stack's monitor.
 */
public final class Ipv4InterfaceState {
    /** 224.0.0.1, joined by every host (RFC 1112 §4). */
    public static final int ALL_SYSTEMS = 0xE0000001;

    /** 0 while unconfigured (before a DHCP lease). */
    public int address;
    public int netmask;
    /** Default gateway reached through this interface; 0 = none. */
    public int gateway;
    private final boolean loopback;
    private final int[] groups;
    private final int[] groupRefs;
    /** IGMP: when a pending membership report is due (0: none), per group slot. */
    public final long[] groupReportAt;

    Ipv4InterfaceState(boolean loopback, int maxGroups) {
        this.loopback = loopback;
        this.groups = new int[maxGroups];
        this.groupRefs = new int[maxGroups];
        this.groupReportAt = new long[maxGroups];
    }

    public static boolean isMulticast(int ip) {
        return (ip >>> 28) == 0xE;
    }

    /** True if ip is on this interface's subnet. */
    public boolean onLink(int ip) {
        return address != 0 && (ip & netmask) == (address & netmask);
    }

    /**
     * The directed broadcast address of the subnet (RFC 919/922), or 0 when unconfigured or on a /32 or
     * /31 (RFC 3021 §2.2: a /31 has two hosts and no broadcast address).
     */
    public int subnetBroadcast() {
        return address == 0 || netmask == -1 || netmask == -2 ? 0 : (address & netmask) | ~netmask;
    }

    /** True for an address this interface accepts as a destination: its own, broadcasts, a joined group. */
    public boolean accepts(int dst) {
        if (dst == address && address != 0) {
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

    public boolean joined(int group) {
        return groupSlot(group) >= 0;
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
