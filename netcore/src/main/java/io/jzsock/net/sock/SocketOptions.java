package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;

/**
 * The SOL_SOCKET and IPPROTO_IP options every socket kind shares, handled once over
 * {@link SocketOptionValues}, with Zephyr's validation: bad values and lengths -EINVAL, get-only
 * options set -ENOPROTOOPT (by the kind, which sees {@link #NOT_SHARED}). A kind asks here first
 * and handles {@code NOT_SHARED} options itself: SO_ERROR and SO_ACCEPTCONN (protocol state),
 * SO_KEEPALIVE, SO_LINGER and TCP_* (TCP), multicast, IP_PKTINFO, IP_MTU, SO_TIMESTAMPING (UDP).
 * A kind applies what a value means for it (TCP resizes its rings on SO_RCVBUF) after a 0 here.
 */
public final class SocketOptions {
    /** Not one of the shared options: the kind answers it. */
    public static final int NOT_SHARED = Integer.MIN_VALUE;
    /** Largest SO_RCVBUF/SO_SNDBUF: Zephyr's UDP and TCP tests reject 65536 and -1. */
    public static final int MAX_BUFFER = 65535;
    /** Zephyr's NET_MAX_PRIORITIES for SO_PRIORITY. */
    public static final int PRIORITIES = 8;
    /** IFNAMSIZ of struct ifreq for SO_BINDTODEVICE. */
    public static final int IFNAMSIZ = 16;
    /** struct zsock_timeval on a 32-bit MCU. */
    public static final int TIMEVAL_LEN = 8;

    private final Ipv4 ip;
    private final int defaultTtl;

    public SocketOptions(Ipv4 ip, int defaultTtl) {
        this.ip = ip;
        this.defaultTtl = defaultTtl;
    }

    /** 0, a negative errno, or NOT_SHARED. */
    public int set(SocketOptionValues o, int level, int opt, int v) {
        if (level == ZsockConstants.SOL_SOCKET) {
            int flag = flagOf(opt);
            if (flag != 0) {
                o.flags = v != 0 ? o.flags | flag : o.flags & ~flag;
                return 0;
            }
            if (opt == ZsockConstants.SO_RCVTIMEO || opt == ZsockConstants.SO_SNDTIMEO) {
                if (v < 0) {
                    return -Errno.EINVAL;
                }
                if (opt == ZsockConstants.SO_RCVTIMEO) {
                    o.rcvTimeout = v;
                } else {
                    o.sndTimeout = v;
                }
                return 0;
            }
            if (opt == ZsockConstants.SO_RCVBUF || opt == ZsockConstants.SO_SNDBUF) {
                if (v <= 0 || v > MAX_BUFFER) {
                    return -Errno.EINVAL;
                }
                if (opt == ZsockConstants.SO_RCVBUF) {
                    o.rcvBuf = v;
                } else {
                    o.sndBuf = v;
                }
                return 0;
            }
            if (opt == ZsockConstants.SO_PRIORITY) {
                if (v < 0 || v >= PRIORITIES) {
                    return -Errno.EINVAL;
                }
                o.priority = v;
                return 0;
            }
            return NOT_SHARED;
        }
        if (level == ZsockConstants.IPPROTO_IP) {
            if (opt == ZsockConstants.IP_TTL) {
                if (v < -1 || v > 255) {
                    return -Errno.EINVAL;
                }
                o.ttl = v == -1 ? defaultTtl : v;
                return 0;
            }
            if (opt == ZsockConstants.IP_TOS) {
                if (v < 0 || v > 255) {
                    return -Errno.EINVAL;
                }
                o.tos = v;
                return 0;
            }
            if (opt == ZsockConstants.IP_LOCAL_PORT_RANGE) {
                int r = EphemeralPorts.checkRange(v);
                if (r < 0) {
                    return r;
                }
                o.portLow = EphemeralPorts.lower(v);
                o.portHigh = EphemeralPorts.upper(v);
                return 0;
            }
        }
        if (level == ZsockConstants.IPPROTO_IPV6) {
            return setIpv6(o, opt, v);
        }
        return NOT_SHARED;
    }

    /**
     * The IPPROTO_IPV6 options both protocols have. On an AF_INET socket every IPv6 option is
     * -EAFNOSUPPORT, as Zephyr answers IPV6_MULTICAST_IF there (udp test_ipv6_multicast_ifindex).
     */
    private int setIpv6(SocketOptionValues o, int opt, int v) {
        if (o.family != ZsockConstants.AF_INET6) {
            return isIpv6Option(opt) ? -Errno.EAFNOSUPPORT : NOT_SHARED;
        }
        switch (opt) {
            case ZsockConstants.IPV6_V6ONLY:
                o.flags = v != 0 ? o.flags | SocketOptionValues.F_V6ONLY : o.flags & ~SocketOptionValues.F_V6ONLY;
                return 0;
            case ZsockConstants.IPV6_UNICAST_HOPS:
                if (v < -1 || v > 255) {
                    return -Errno.EINVAL;
                }
                o.hopLimit = v;
                return 0;
            case ZsockConstants.IPV6_TCLASS:
                // RFC 3542 §6.5: -1 means the kernel default, 0.
                if (v < -1 || v > 255) {
                    return -Errno.EINVAL;
                }
                o.tclass = v == -1 ? 0 : v;
                return 0;
            case ZsockConstants.IPV6_ADDR_PREFERENCES:
                if (!preferencesValid(v)) {
                    return -Errno.EINVAL;
                }
                o.addrPreferences = v;
                return 0;
            default:
                return NOT_SHARED;
        }
    }

    /**
     * RFC 5014 §2: unknown flags, and both flags of a contradicting pair (temporary vs public or the
     * system default, home vs care-of, CGA vs non-CGA), are rejected (Linux ip6_sock_set_addr_preferences).
     */
    static boolean preferencesValid(int v) {
        int known = ZsockConstants.IPV6_PREFER_SRC_TMP | ZsockConstants.IPV6_PREFER_SRC_PUBLIC
                | ZsockConstants.IPV6_PREFER_SRC_PUBTMP_DEFAULT | ZsockConstants.IPV6_PREFER_SRC_COA
                | ZsockConstants.IPV6_PREFER_SRC_HOME | ZsockConstants.IPV6_PREFER_SRC_CGA
                | ZsockConstants.IPV6_PREFER_SRC_NONCGA;
        if ((v & ~known) != 0) {
            return false;
        }
        int tmp = v & (ZsockConstants.IPV6_PREFER_SRC_TMP | ZsockConstants.IPV6_PREFER_SRC_PUBLIC
                | ZsockConstants.IPV6_PREFER_SRC_PUBTMP_DEFAULT);
        int home = v & (ZsockConstants.IPV6_PREFER_SRC_COA | ZsockConstants.IPV6_PREFER_SRC_HOME);
        int cga = v & (ZsockConstants.IPV6_PREFER_SRC_CGA | ZsockConstants.IPV6_PREFER_SRC_NONCGA);
        return (tmp & (tmp - 1)) == 0 && (home & (home - 1)) == 0 && (cga & (cga - 1)) == 0;
    }

    /** The IPPROTO_IPV6 option names netcore knows (shared or per protocol). */
    public static boolean isIpv6Option(int opt) {
        switch (opt) {
            case ZsockConstants.IPV6_UNICAST_HOPS:
            case ZsockConstants.IPV6_MULTICAST_IF:
            case ZsockConstants.IPV6_MULTICAST_HOPS:
            case ZsockConstants.IPV6_MULTICAST_LOOP:
            case ZsockConstants.IPV6_ADD_MEMBERSHIP:
            case ZsockConstants.IPV6_DROP_MEMBERSHIP:
            case ZsockConstants.IPV6_MTU:
            case ZsockConstants.IPV6_V6ONLY:
            case ZsockConstants.IPV6_RECVPKTINFO:
            case ZsockConstants.IPV6_PKTINFO:
            case ZsockConstants.IPV6_RECVHOPLIMIT:
            case ZsockConstants.IPV6_HOPLIMIT:
            case ZsockConstants.IPV6_TCLASS:
            case ZsockConstants.IPV6_ADDR_PREFERENCES:
                return true;
            default:
                return false;
        }
    }

    /** IPV6_UNICAST_HOPS as sent: the socket's value, else the stack's default hop limit. */
    public int hopLimit(SocketOptionValues o) {
        return o.hopLimit >= 0 ? o.hopLimit : defaultTtl;
    }

    /**
     * 0 with out[0] set, or NOT_SHARED. Values are returned as they are: IP_LOCAL_PORT_RANGE with
     * an upper bound of 32768 or more is a negative int, not an errno.
     */
    public int get(SocketOptionValues o, int level, int opt, int[] out) {
        int v;
        if (level == ZsockConstants.SOL_SOCKET) {
            int flag = flagOf(opt);
            if (flag != 0) {
                v = o.has(flag) ? 1 : 0;
            } else {
                switch (opt) {
                    case ZsockConstants.SO_TYPE:
                        v = o.type;
                        break;
                    case ZsockConstants.SO_PROTOCOL:
                        v = o.protocol;
                        break;
                    case ZsockConstants.SO_DOMAIN:
                        v = o.family;
                        break;
                    case ZsockConstants.SO_RCVTIMEO:
                        v = o.rcvTimeout;
                        break;
                    case ZsockConstants.SO_SNDTIMEO:
                        v = o.sndTimeout;
                        break;
                    case ZsockConstants.SO_RCVBUF:
                        v = o.rcvBuf;
                        break;
                    case ZsockConstants.SO_SNDBUF:
                        v = o.sndBuf;
                        break;
                    case ZsockConstants.SO_PRIORITY:
                        v = o.priority;
                        break;
                    default:
                        return NOT_SHARED;
                }
            }
        } else if (level == ZsockConstants.IPPROTO_IPV6) {
            if (o.family != ZsockConstants.AF_INET6) {
                return isIpv6Option(opt) ? -Errno.EAFNOSUPPORT : NOT_SHARED;
            }
            switch (opt) {
                case ZsockConstants.IPV6_V6ONLY:
                    v = o.v6only() ? 1 : 0;
                    break;
                case ZsockConstants.IPV6_UNICAST_HOPS:
                    v = hopLimit(o);
                    break;
                case ZsockConstants.IPV6_TCLASS:
                    v = o.tclass;
                    break;
                case ZsockConstants.IPV6_ADDR_PREFERENCES:
                    v = o.addrPreferences;
                    break;
                default:
                    return NOT_SHARED;
            }
        } else if (level == ZsockConstants.IPPROTO_IP) {
            switch (opt) {
                case ZsockConstants.IP_TTL:
                    v = o.ttl >= 0 ? o.ttl : defaultTtl;
                    break;
                case ZsockConstants.IP_TOS:
                    v = o.tos;
                    break;
                case ZsockConstants.IP_LOCAL_PORT_RANGE:
                    v = EphemeralPorts.range(o.portLow, o.portHigh);
                    break;
                default:
                    return NOT_SHARED;
            }
        } else {
            return NOT_SHARED;
        }
        out[0] = v;
        return 0;
    }

    /** SO_BINDTODEVICE, SO_PRIORITY as one byte, SO_RCVTIMEO/SO_SNDTIMEO as a timeval; else NOT_SHARED. */
    public int setStruct(SocketOptionValues o, int level, int opt, byte[] v, int off, int len) {
        if (level != ZsockConstants.SOL_SOCKET) {
            return NOT_SHARED;
        }
        if (opt == ZsockConstants.SO_BINDTODEVICE) {
            return bindToDevice(o, v, off, len);
        }
        if (opt == ZsockConstants.SO_PRIORITY && len == 1) {
            // Zephyr keeps it as uint8_t (set_uint8_option) and its tests pass one byte.
            return set(o, level, opt, v[off] & 0xff);
        }
        if ((opt == ZsockConstants.SO_RCVTIMEO || opt == ZsockConstants.SO_SNDTIMEO) && len == TIMEVAL_LEN) {
            int ms = OptionCodec.timevalToMillis(v, off);
            return ms < 0 ? -Errno.EINVAL : set(o, level, opt, ms);
        }
        return NOT_SHARED;
    }

    /** SO_BINDTODEVICE as the interface's NUL-terminated name (empty when unbound); else NOT_SHARED. */
    public int getStruct(SocketOptionValues o, int level, int opt, byte[] v, int off, int[] lenInOut) {
        if (level != ZsockConstants.SOL_SOCKET || opt != ZsockConstants.SO_BINDTODEVICE) {
            return NOT_SHARED;
        }
        NetInterface ifc = ip.byIndex(o.boundIf);
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

    /** SO_BINDTODEVICE with struct ifreq's ifr_name; an empty name unbinds (MISC-03). */
    private int bindToDevice(SocketOptionValues o, byte[] v, int off, int len) {
        int n = 0;
        while (n < len && n < IFNAMSIZ && v[off + n] != 0) {
            n++;
        }
        if (n == 0) {
            o.boundIf = 0;
            return 0;
        }
        NetInterface ifc = ip.byName(v, off, n);
        if (ifc == null) {
            return -Errno.ENODEV;
        }
        o.boundIf = ifc.index;
        return 0;
    }

    private static int flagOf(int opt) {
        switch (opt) {
            case ZsockConstants.SO_REUSEADDR:
                return SocketOptionValues.F_REUSEADDR;
            case ZsockConstants.SO_REUSEPORT:
                return SocketOptionValues.F_REUSEPORT;
            case ZsockConstants.SO_BROADCAST:
                return SocketOptionValues.F_BROADCAST;
            case ZsockConstants.SO_DEBUG:
                return SocketOptionValues.F_DEBUG;
            case ZsockConstants.SO_DONTROUTE:
                return SocketOptionValues.F_DONTROUTE;
            case ZsockConstants.SO_OOBINLINE:
                return SocketOptionValues.F_OOBINLINE;
            default:
                return 0;
        }
    }
}
