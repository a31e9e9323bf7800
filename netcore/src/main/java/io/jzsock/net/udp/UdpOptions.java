package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.sock.SocketOptions;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.EthernetFrame;

/**
 * The UDP-only SOL_SOCKET and IPPROTO_IP options (multicast, IP_PKTINFO, IP_RECVTTL, IP_MTU,
 * SO_TIMESTAMPING, SO_TXTIME, SO_ERROR, ...) with Zephyr's validation: unknown options and get-only
 * options set are -ENOPROTOOPT, bad values and lengths -EINVAL. The options every kind shares are
 * {@link SocketOptions}, asked first. SO_KEEPALIVE is kept "for compatibility", as Zephyr does.
 */
final class UdpOptions {
    /** setStruct/getStruct: this option has an int form; let the caller decode it. */
    static final int NOT_A_STRUCT = SocketOptions.NOT_SHARED;
    /** struct ip_mreq: imr_multiaddr, imr_interface. */
    static final int MREQ_LEN = 8;
    /** struct ip_mreqn: imr_multiaddr, imr_address, imr_ifindex. */
    static final int MREQN_LEN = 12;

    private final UdpTable t;
    private final SocketOptions shared;
    private final Ipv4 ip;
    private final Waiter waiter;
    private final byte[] mac = new byte[6];
    private final UdpGroups6 groups6;
    private Ipv6 ip6;
    private final int defaultTtl;
    private final int defaultMcastTtl;

    UdpOptions(UdpTable t, Ipv4 ip, Waiter waiter, int defaultTtl, int defaultMcastTtl) {
        this.t = t;
        this.shared = new SocketOptions(ip, defaultTtl);
        this.ip = ip;
        this.waiter = waiter;
        this.defaultTtl = defaultTtl;
        this.defaultMcastTtl = defaultMcastTtl;
        this.groups6 = new UdpGroups6(t, ip);
    }

    void attachIpv6(Ipv6 ipv6) {
        this.ip6 = ipv6;
    }

    /** A new socket starts with the stack's TTLs; -1 restores them later (UDP-17). */
    void initDefaults(int s) {
        t.opts[s].ttl = defaultTtl;
        t.mcastTtl[s] = defaultMcastTtl;
        t.mcastHops6[s] = defaultMcastTtl;
        t.mcastIf6[s] = 0;
    }

    int set(int s, int level, int opt, int v) {
        int r = shared.set(t.opts[s], level, opt, v);
        if (r != SocketOptions.NOT_SHARED) {
            return r;
        }
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
        if (level == ZsockConstants.IPPROTO_IPV6) {
            return setIpv6(s, opt, v);
        }
        return -Errno.ENOPROTOOPT;
    }

    /** The UDP-only IPPROTO_IPV6 int options (RFC 3493 §5.2, RFC 3542 §6); the socket is AF_INET6 here. */
    private int setIpv6(int s, int opt, int v) {
        switch (opt) {
            case ZsockConstants.IPV6_MULTICAST_HOPS:
                return v < -1 || v > 255 ? -Errno.EINVAL : store(t.mcastHops6, s, v == -1 ? defaultMcastTtl : v);
            case ZsockConstants.IPV6_MULTICAST_LOOP:
                // RFC 3493 §5.2: the value is 0 or 1; anything else is EINVAL (Linux does the same).
                if (v != 0 && v != 1) {
                    return -Errno.EINVAL;
                }
                t.set(s, UdpTable.F_MCAST_LOOP6, v == 1);
                return 0;
            case ZsockConstants.IPV6_RECVPKTINFO:
                t.set(s, UdpTable.F_RECVPKTINFO6, v != 0);
                return 0;
            case ZsockConstants.IPV6_RECVHOPLIMIT:
                t.set(s, UdpTable.F_RECVHOPLIMIT6, v != 0);
                return 0;
            case ZsockConstants.IPV6_MULTICAST_IF:
                // RFC 3493 §5.2: an interface index, 0 for the default interface.
                if (v != 0 && ip.byIndex(v) == null) {
                    return -Errno.ENODEV;
                }
                t.mcastIf6[s] = v;
                return 0;
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    private int getIpv6(int s, int opt) {
        switch (opt) {
            case ZsockConstants.IPV6_MULTICAST_HOPS:
                return t.mcastHops6[s];
            case ZsockConstants.IPV6_MULTICAST_LOOP:
                return t.has(s, UdpTable.F_MCAST_LOOP6) ? 1 : 0;
            case ZsockConstants.IPV6_RECVPKTINFO:
                return t.has(s, UdpTable.F_RECVPKTINFO6) ? 1 : 0;
            case ZsockConstants.IPV6_RECVHOPLIMIT:
                return t.has(s, UdpTable.F_RECVHOPLIMIT6) ? 1 : 0;
            case ZsockConstants.IPV6_MULTICAST_IF:
                return t.mcastIf6[s];
            case ZsockConstants.IPV6_MTU:
                if (!t.has(s, UdpTable.F_CONNECTED)) {
                    return -Errno.ENOTCONN;
                }
                if (!IpAddress.isV4Mapped(t.remoteHi[s], t.remoteLo[s])) {
                    return ip6 == null ? -Errno.ENETUNREACH
                            : ip6.pathMtu(t.remoteHi[s], t.remoteLo[s], t.opts[s].boundIf, t.mcastIf6[s]);
                }
                return ip.pathMtu(IpAddress.v4(t.remoteLo[s]), t.opts[s].boundIf, t.mcastIf[s]);
            default:
                return NOT_A_STRUCT;
        }
    }

    private int setSocket(int s, int opt, int v) {
        switch (opt) {
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
            case ZsockConstants.IP_MULTICAST_TTL:
                return v < -1 || v > 255 ? -Errno.EINVAL : store(t.mcastTtl, s, v == -1 ? defaultMcastTtl : v);
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    int get(int s, int level, int opt, int[] out) {
        int r = shared.get(t.opts[s], level, opt, out);
        if (r != SocketOptions.NOT_SHARED) {
            return r;
        }
        int v;
        int flag = flagOf(level, opt);
        if (flag != 0) {
            v = t.has(s, flag) ? 1 : 0;
        } else if (level == ZsockConstants.SOL_SOCKET) {
            v = getSocket(s, opt);
        } else if (level == ZsockConstants.IPPROTO_IP) {
            v = getIp(s, opt);
        } else if (level == ZsockConstants.IPPROTO_IPV6) {
            v = getIpv6(s, opt);
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
            case ZsockConstants.SO_ERROR:
                int e = t.error[s];
                t.error[s] = 0;
                return e;
            case ZsockConstants.SO_ACCEPTCONN:
                return 0;
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
            case ZsockConstants.IP_MULTICAST_TTL:
                return t.mcastTtl[s];
            case ZsockConstants.IP_MTU:
                if (!t.has(s, UdpTable.F_CONNECTED)) {
                    return -Errno.ENOTCONN;
                }
                return ip.pathMtu(IpAddress.v4(t.remoteLo[s]), t.opts[s].boundIf, t.mcastIf[s]);
            default:
                return NOT_A_STRUCT;
        }
    }

    /**
     * The UdpTable flag behind a UDP-only boolean option, or 0. Zephyr keeps SO_KEEPALIVE on
     * datagram sockets only "for compatibility": stored, no effect.
     */
    private static int flagOf(int level, int opt) {
        if (level == ZsockConstants.SOL_SOCKET) {
            switch (opt) {
                case ZsockConstants.SO_TXTIME:
                    return UdpTable.F_TXTIME;
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
        int r = shared.setStruct(t.opts[s], level, opt, v, off, len);
        if (r != SocketOptions.NOT_SHARED) {
            return r;
        }
        if (level == ZsockConstants.SOL_SOCKET && len == 1 && opt == ZsockConstants.SO_TIMESTAMPING) {
            // Zephyr keeps it as uint8_t (set_uint8_option) and its tests pass one byte.
            return set(s, level, opt, v[off] & 0xff);
        }
        if (level == ZsockConstants.IPPROTO_IPV6 && t.v6(s)
                && (opt == ZsockConstants.IPV6_ADD_MEMBERSHIP || opt == ZsockConstants.IPV6_DROP_MEMBERSHIP)) {
            return groups6.setMembership(s, opt == ZsockConstants.IPV6_ADD_MEMBERSHIP, v, off, len);
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
            return shared.getStruct(t.opts[s], level, opt, v, off, lenInOut);
        }
        if (level == ZsockConstants.IPPROTO_IPV6 && opt == ZsockConstants.IPV6_MULTICAST_IF && !t.v6(s)) {
            return -Errno.EAFNOSUPPORT;
        }
        return NOT_A_STRUCT;
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
        groups6.leaveAll(s);
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int group = t.memberGroup[base + i];
            if (group != 0) {
                leave(s, group, ip.byIndex(t.memberIf[base + i]));
            }
        }
    }
}
