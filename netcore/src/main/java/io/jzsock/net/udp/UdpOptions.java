package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.sock.EphemeralPorts;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.EthernetFrame;

/**
 * SOL_SOCKET and IPPROTO_IP options of UDP sockets, with Zephyr's validation: unknown options and
 * get-only options set are -ENOPROTOOPT, bad values and lengths -EINVAL. Options Zephyr keeps
 * "for compatibility" (SO_DEBUG, SO_BROADCAST, ...) are accepted and read back.
 */
final class UdpOptions {
    /** setStruct/getStruct: this option has an int form; let the caller decode it. */
    static final int NOT_A_STRUCT = Integer.MIN_VALUE;
    /** Largest SO_RCVBUF/SO_SNDBUF: Zephyr's tests reject 65536 and -1. */
    static final int MAX_BUFFER = 65535;
    /** Zephyr's NET_MAX_PRIORITIES for SO_PRIORITY. */
    static final int PRIORITIES = 8;
    /** struct ip_mreq: imr_multiaddr, imr_interface. */
    static final int MREQ_LEN = 8;
    /** struct ip_mreqn: imr_multiaddr, imr_address, imr_ifindex. */
    static final int MREQN_LEN = 12;
    /** IFNAMSIZ of struct ifreq for SO_BINDTODEVICE. */
    static final int IFNAMSIZ = 16;

    private final UdpTable t;
    private final Ipv4 ip;
    private final Waiter waiter;
    private final byte[] mac = new byte[6];
    private final int defaultTtl;
    private final int defaultMcastTtl;

    UdpOptions(UdpTable t, Ipv4 ip, Waiter waiter, int defaultTtl, int defaultMcastTtl) {
        this.t = t;
        this.ip = ip;
        this.waiter = waiter;
        this.defaultTtl = defaultTtl;
        this.defaultMcastTtl = defaultMcastTtl;
    }

    /** A new socket starts with the stack's TTLs; -1 restores them later (UDP-17). */
    void initDefaults(int s) {
        t.ttl[s] = defaultTtl;
        t.mcastTtl[s] = defaultMcastTtl;
    }

    int set(int s, int level, int opt, int v) {
        int flag = flagOf(level, opt);
        if (flag != 0) {
            t.set(s, flag, v != 0);
            return 0;
        }
        if (level == ZsockConstants.SOL_SOCKET) {
            return setSocket(s, opt, v);
        }
        if (level == ZsockConstants.IPPROTO_IP) {
            return setIp(s, opt, v);
        }
        return -Errno.ENOPROTOOPT;
    }

    private int setSocket(int s, int opt, int v) {
        switch (opt) {
            case ZsockConstants.SO_RCVTIMEO:
                return v < 0 ? -Errno.EINVAL : store(t.rcvTimeout, s, v);
            case ZsockConstants.SO_SNDTIMEO:
                return v < 0 ? -Errno.EINVAL : store(t.sndTimeout, s, v);
            case ZsockConstants.SO_RCVBUF:
                return v <= 0 || v > MAX_BUFFER ? -Errno.EINVAL : store(t.rcvBuf, s, v);
            case ZsockConstants.SO_SNDBUF:
                return v <= 0 || v > MAX_BUFFER ? -Errno.EINVAL : store(t.sndBuf, s, v);
            case ZsockConstants.SO_PRIORITY:
                return v < 0 || v >= PRIORITIES ? -Errno.EINVAL : store(t.priority, s, v);
            case ZsockConstants.SO_TIMESTAMPING:
                return store(t.timestamping, s, v);
            case ZsockConstants.SO_RCVLOWAT:
            case ZsockConstants.SO_SNDLOWAT:
                return v < 0 ? -Errno.EINVAL : 0;
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    private int setIp(int s, int opt, int v) {
        switch (opt) {
            case ZsockConstants.IP_TTL:
                return v < -1 || v > 255 ? -Errno.EINVAL : store(t.ttl, s, v == -1 ? defaultTtl : v);
            case ZsockConstants.IP_MULTICAST_TTL:
                return v < -1 || v > 255 ? -Errno.EINVAL : store(t.mcastTtl, s, v == -1 ? defaultMcastTtl : v);
            case ZsockConstants.IP_TOS:
                return v < 0 || v > 255 ? -Errno.EINVAL : store(t.tos, s, v);
            case ZsockConstants.IP_LOCAL_PORT_RANGE:
                return setPortRange(s, v);
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    /** IP_LOCAL_PORT_RANGE (rules in {@link EphemeralPorts#checkRange}). */
    private int setPortRange(int s, int v) {
        int r = EphemeralPorts.checkRange(v);
        if (r < 0) {
            return r;
        }
        t.portLow[s] = EphemeralPorts.lower(v);
        t.portHigh[s] = EphemeralPorts.upper(v);
        return 0;
    }

    int get(int s, int level, int opt, int[] out) {
        int v;
        int flag = flagOf(level, opt);
        if (flag != 0) {
            v = t.has(s, flag) ? 1 : 0;
        } else if (level == ZsockConstants.SOL_SOCKET) {
            v = getSocket(s, opt);
        } else if (level == ZsockConstants.IPPROTO_IP) {
            v = getIp(s, opt);
        } else if (level == ZsockConstants.IPPROTO_IPV6 && opt == ZsockConstants.IPV6_MULTICAST_IF) {
            return -Errno.EAFNOSUPPORT;
        } else {
            return -Errno.ENOPROTOOPT;
        }
        if (v == NOT_A_STRUCT) {
            return -Errno.ENOPROTOOPT;
        }
        if (v < 0) {
            return v;
        }
        out[0] = v;
        return 0;
    }

    private int getSocket(int s, int opt) {
        switch (opt) {
            case ZsockConstants.SO_TYPE:
                return ZsockConstants.SOCK_DGRAM;
            case ZsockConstants.SO_PROTOCOL:
                return ZsockConstants.IPPROTO_UDP;
            case ZsockConstants.SO_DOMAIN:
                return ZsockConstants.AF_INET;
            case ZsockConstants.SO_ERROR:
                int e = t.error[s];
                t.error[s] = 0;
                return e;
            case ZsockConstants.SO_ACCEPTCONN:
                return 0;
            case ZsockConstants.SO_RCVTIMEO:
                return t.rcvTimeout[s];
            case ZsockConstants.SO_SNDTIMEO:
                return t.sndTimeout[s];
            case ZsockConstants.SO_RCVBUF:
                return t.rcvBuf[s];
            case ZsockConstants.SO_SNDBUF:
                return t.sndBuf[s];
            case ZsockConstants.SO_PRIORITY:
                return t.priority[s];
            case ZsockConstants.SO_TIMESTAMPING:
                return t.timestamping[s];
            case ZsockConstants.SO_RCVLOWAT:
            case ZsockConstants.SO_SNDLOWAT:
                return 1;
            default:
                return NOT_A_STRUCT;
        }
    }

    private int getIp(int s, int opt) {
        switch (opt) {
            case ZsockConstants.IP_TTL:
                return t.ttl[s];
            case ZsockConstants.IP_MULTICAST_TTL:
                return t.mcastTtl[s];
            case ZsockConstants.IP_TOS:
                return t.tos[s];
            case ZsockConstants.IP_LOCAL_PORT_RANGE:
                return EphemeralPorts.range(t.portLow[s], t.portHigh[s]);
            case ZsockConstants.IP_MTU:
                if (!t.has(s, UdpTable.F_CONNECTED)) {
                    return -Errno.ENOTCONN;
                }
                return ip.pathMtu(t.remoteIp4(s), t.boundIf[s], t.mcastIf[s]);
            default:
                return NOT_A_STRUCT;
        }
    }

    /**
     * The UdpTable flag behind a boolean option, or 0. Zephyr keeps SO_DEBUG, SO_DONTROUTE,
     * SO_OOBINLINE and SO_KEEPALIVE on datagram sockets only "for compatibility": stored, no effect.
     */
    private static int flagOf(int level, int opt) {
        if (level == ZsockConstants.SOL_SOCKET) {
            switch (opt) {
                case ZsockConstants.SO_REUSEADDR:
                    return UdpTable.F_REUSEADDR;
                case ZsockConstants.SO_REUSEPORT:
                    return UdpTable.F_REUSEPORT;
                case ZsockConstants.SO_BROADCAST:
                    return UdpTable.F_BROADCAST;
                case ZsockConstants.SO_TXTIME:
                    return UdpTable.F_TXTIME;
                case ZsockConstants.SO_DEBUG:
                    return UdpTable.F_DEBUG;
                case ZsockConstants.SO_DONTROUTE:
                    return UdpTable.F_DONTROUTE;
                case ZsockConstants.SO_OOBINLINE:
                    return UdpTable.F_OOBINLINE;
                case ZsockConstants.SO_KEEPALIVE:
                    return UdpTable.F_KEEPALIVE;
                default:
                    return 0;
            }
        }
        if (level == ZsockConstants.IPPROTO_IP) {
            switch (opt) {
                case ZsockConstants.IP_PKTINFO:
                    return UdpTable.F_PKTINFO;
                case ZsockConstants.IP_RECVTTL:
                    return UdpTable.F_RECVTTL;
                case ZsockConstants.IP_MULTICAST_LOOP:
                    return UdpTable.F_MCAST_LOOP;
                default:
                    return 0;
            }
        }
        return 0;
    }

    private static int store(int[] field, int s, int v) {
        field[s] = v;
        return 0;
    }

    /** Struct-valued options; NOT_A_STRUCT for int options. */
    int setStruct(int s, int level, int opt, byte[] v, int off, int len) {
        if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_BINDTODEVICE) {
            return bindToDevice(s, v, off, len);
        }
        if (level == ZsockConstants.SOL_SOCKET && len == 1
                && (opt == ZsockConstants.SO_PRIORITY || opt == ZsockConstants.SO_TIMESTAMPING)) {
            // Zephyr keeps these as uint8_t (set_uint8_option) and its tests pass one byte.
            return set(s, level, opt, v[off] & 0xff);
        }
        if (level == ZsockConstants.SOL_SOCKET && (opt == ZsockConstants.SO_RCVTIMEO || opt == ZsockConstants.SO_SNDTIMEO)
                && len == 8) {
            int ms = OptionCodec.timevalToMillis(v, off);
            return ms < 0 ? -Errno.EINVAL : set(s, level, opt, ms);
        }
        if (level != ZsockConstants.IPPROTO_IP) {
            return NOT_A_STRUCT;
        }
        if (opt == ZsockConstants.IP_ADD_MEMBERSHIP || opt == ZsockConstants.IP_DROP_MEMBERSHIP) {
            if (len != MREQ_LEN && len != MREQN_LEN) {
                return -Errno.EINVAL;
            }
            int group = OptionCodec.getIpv4(v, off);
            NetInterface ifc = mreqInterface(v, off, len);
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            if (!Ipv4InterfaceState.isMulticast(group)) {
                return -Errno.EINVAL;
            }
            return opt == ZsockConstants.IP_ADD_MEMBERSHIP ? join(s, group, ifc) : leave(s, group, ifc);
        }
        if (opt == ZsockConstants.IP_MULTICAST_IF) {
            if (len != 4 && len != MREQ_LEN && len != MREQN_LEN) {
                return -Errno.EINVAL;
            }
            int addr = OptionCodec.getIpv4(v, off + (len == 4 ? 0 : 4));
            int index = len == MREQN_LEN ? OptionCodec.getInt(v, off + 8) : 0;
            if (addr == 0 && index == 0) {
                t.mcastIf[s] = 0;
                return 0;
            }
            NetInterface ifc = index != 0 ? ip.byIndex(index) : ip.byAddress(addr);
            if (ifc == null) {
                return -Errno.EADDRNOTAVAIL;
            }
            t.mcastIf[s] = ifc.index;
            return 0;
        }
        return NOT_A_STRUCT;
    }

    int getStruct(int s, int level, int opt, byte[] v, int off, int[] lenInOut) {
        if (level == ZsockConstants.IPPROTO_IP && opt == ZsockConstants.IP_MULTICAST_IF) {
            if (lenInOut[0] < 4) {
                return -Errno.EINVAL;
            }
            // Unset, multicast leaves on the default interface, and Zephyr reports that one's address.
            NetInterface ifc = t.mcastIf[s] != 0 ? ip.byIndex(t.mcastIf[s]) : ip.defaultInterface();
            OptionCodec.putIpv4(v, off, ifc == null ? 0 : ifc.v4.address);
            lenInOut[0] = 4;
            return 0;
        }
        if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_BINDTODEVICE) {
            NetInterface ifc = ip.byIndex(t.boundIf[s]);
            int n = ifc == null ? 0 : ifc.name.length();
            if (lenInOut[0] < n + 1) {
                return -Errno.EINVAL;
            }
            for (int i = 0; i < n; i++) {
                v[off + i] = (byte) ifc.name.charAt(i);
            }
            v[off + n] = 0;
            lenInOut[0] = n + 1;
            return 0;
        }
        if (level == ZsockConstants.IPPROTO_IPV6 && opt == ZsockConstants.IPV6_MULTICAST_IF) {
            return -Errno.EAFNOSUPPORT;
        }
        return NOT_A_STRUCT;
    }

    /** SO_BINDTODEVICE with an interface name (struct ifreq's ifr_name); an empty name unbinds (MISC-03). */
    private int bindToDevice(int s, byte[] v, int off, int len) {
        int n = 0;
        while (n < len && n < IFNAMSIZ && v[off + n] != 0) {
            n++;
        }
        if (n == 0) {
            t.boundIf[s] = 0;
            return 0;
        }
        NetInterface ifc = ip.byName(v, off, n);
        if (ifc == null) {
            return -Errno.ENODEV;
        }
        t.boundIf[s] = ifc.index;
        return 0;
    }

    /** The interface an ip_mreq(n) names: by index, by local address, else the default interface. */
    private NetInterface mreqInterface(byte[] v, int off, int len) {
        if (len == MREQN_LEN) {
            int index = OptionCodec.getInt(v, off + 8);
            if (index != 0) {
                return ip.byIndex(index);
            }
        }
        int addr = OptionCodec.getIpv4(v, off + 4);
        return addr != 0 ? ip.byAddress(addr) : ip.defaultInterface();
    }

    private int join(int s, int group, NetInterface ifc) {
        int base = s * t.groupsPerSocket;
        int free = -1;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            if (t.memberGroup[base + i] == group && t.memberIf[base + i] == ifc.index) {
                return -Errno.EADDRINUSE;
            }
            if (t.memberGroup[base + i] == 0 && free < 0) {
                free = i;
            }
        }
        if (free < 0) {
            return -Errno.ENOBUFS;
        }
        int r = ifc.v4.join(group);
        if (r < 0) {
            return -Errno.ENOBUFS;
        }
        if (r == 1 && ifc.device != null) {
            EthernetFrame.ipv4MulticastMac(group, mac, 0);
            ifc.device.multicastFilter(mac, 0, true);
            ip.igmp().joined(ifc, group, waiter.now());
        }
        t.memberGroup[base + free] = group;
        t.memberIf[base + free] = ifc.index;
        return 0;
    }

    private int leave(int s, int group, NetInterface ifc) {
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            if (t.memberGroup[base + i] == group && t.memberIf[base + i] == ifc.index) {
                t.memberGroup[base + i] = 0;
                if (ifc.v4.leave(group) == 1 && ifc.device != null) {
                    EthernetFrame.ipv4MulticastMac(group, mac, 0);
                    ifc.device.multicastFilter(mac, 0, false);
                    ip.igmp().left(ifc, group, waiter.now());
                }
                return 0;
            }
        }
        return -Errno.EADDRNOTAVAIL;
    }

    void leaveAllGroups(int s) {
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int group = t.memberGroup[base + i];
            if (group != 0) {
                leave(s, group, ip.byIndex(t.memberIf[base + i]));
            }
        }
    }
}
