package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.sock.EphemeralPorts;
import io.jzsock.net.sock.OptionCodec;

/**
 * SOL_SOCKET, IPPROTO_TCP and IPPROTO_IP options of stream sockets with Zephyr's answers: unknown
 * or get-only-set is -ENOPROTOOPT, bad values -EINVAL. Keepalive defaults are Zephyr's
 * (7200 s idle, 75 s interval, 9 probes).
 */
final class TcpSocketOptions {
    static final int NOT_A_STRUCT = Integer.MIN_VALUE;
    /** SO_RCVBUF/SO_SNDBUF bounds: Zephyr's TCP test rejects -1 and 65536. */
    static final int MAX_BUFFER = 65535;
    static final int PRIORITIES = 8;
    static final int LINGER_LEN = 8;

    private final Ipv4 ip;

    TcpSocketOptions(Ipv4 ip) {
        this.ip = ip;
    }

    int set(TcpConnection c, int level, int opt, int v) {
        if (level == ZsockConstants.SOL_SOCKET) {
            switch (opt) {
                case ZsockConstants.SO_REUSEADDR:
                    c.reuseaddr = v != 0;
                    return 0;
                case ZsockConstants.SO_REUSEPORT:
                    c.reuseport = v != 0;
                    return 0;
                case ZsockConstants.SO_KEEPALIVE:
                    c.keepalive = v != 0;
                    c.keepaliveDeadline = 0;
                    return 0;
                case ZsockConstants.SO_RCVTIMEO:
                    if (v < 0) {
                        return -Errno.EINVAL;
                    }
                    c.rcvTimeout = v;
                    return 0;
                case ZsockConstants.SO_SNDTIMEO:
                    if (v < 0) {
                        return -Errno.EINVAL;
                    }
                    c.sndTimeout = v;
                    return 0;
                case ZsockConstants.SO_RCVBUF:
                    if (v <= 0 || v > MAX_BUFFER) {
                        return -Errno.EINVAL;
                    }
                    c.rx.setLimit(v);
                    c.rcvBufOption = v;
                    shrinkAdvertisedWindow(c);
                    return 0;
                case ZsockConstants.SO_SNDBUF:
                    if (v <= 0 || v > MAX_BUFFER) {
                        return -Errno.EINVAL;
                    }
                    c.tx.setLimit(v);
                    c.sndBufOption = v;
                    return 0;
                case ZsockConstants.SO_PRIORITY:
                    if (v < 0 || v >= PRIORITIES) {
                        return -Errno.EINVAL;
                    }
                    c.priority = v;
                    return 0;
                case ZsockConstants.SO_DEBUG:
                case ZsockConstants.SO_DONTROUTE:
                case ZsockConstants.SO_OOBINLINE:
                case ZsockConstants.SO_BROADCAST:
                    return 0;
                default:
                    return -Errno.ENOPROTOOPT;
            }
        }
        if (level == ZsockConstants.IPPROTO_TCP) {
            switch (opt) {
                case ZsockConstants.TCP_NODELAY:
                    c.nodelay = v != 0;
                    return 0;
                default:
                    break;
            }
            if (v < 1) {
                return opt == ZsockConstants.TCP_KEEPIDLE || opt == ZsockConstants.TCP_KEEPINTVL
                        || opt == ZsockConstants.TCP_KEEPCNT ? -Errno.EINVAL : -Errno.ENOPROTOOPT;
            }
            if (opt == ZsockConstants.TCP_KEEPIDLE) {
                c.keepIdle = v;
            } else if (opt == ZsockConstants.TCP_KEEPINTVL) {
                c.keepIntvl = v;
            } else if (opt == ZsockConstants.TCP_KEEPCNT) {
                c.keepCnt = v;
            } else {
                return -Errno.ENOPROTOOPT;
            }
            return 0;
        }
        if (level == ZsockConstants.IPPROTO_IP) {
            if (opt == ZsockConstants.IP_TTL) {
                if (v < -1 || v > 255) {
                    return -Errno.EINVAL;
                }
                c.ttl = v;
                return 0;
            }
            if (opt == ZsockConstants.IP_TOS) {
                if (v < 0 || v > 255) {
                    return -Errno.EINVAL;
                }
                c.tos = v;
                return 0;
            }
            if (opt == ZsockConstants.IP_LOCAL_PORT_RANGE) {
                int r = EphemeralPorts.checkRange(v);
                if (r < 0) {
                    return r;
                }
                c.portLow = EphemeralPorts.lower(v);
                c.portHigh = EphemeralPorts.upper(v);
                return 0;
            }
        }
        return -Errno.ENOPROTOOPT;
    }

    /**
     * The application lowered SO_RCVBUF on a live connection: the window it advertises from now on
     * honours the new size, as Zephyr's test_so_rcvbuf_win_size expects, although RFC 9293 §3.8.6
     * discourages shrinking. Data the peer already sent past the new edge is dropped and retransmitted.
     */
    private static void shrinkAdvertisedWindow(TcpConnection c) {
        if (c.state < TcpConnection.SYN_RECEIVED) {
            return;
        }
        int edge = c.rcvNxt + c.rx.free();
        if (Seq.lt(edge, c.rcvAdvertised)) {
            c.rcvAdvertised = edge;
        }
    }

    int get(TcpConnection c, int level, int opt, int[] out) {
        int v = value(c, level, opt);
        if (v == NOT_A_STRUCT) {
            return -Errno.ENOPROTOOPT;
        }
        out[0] = v;
        return 0;
    }

    private int value(TcpConnection c, int level, int opt) {
        if (level == ZsockConstants.SOL_SOCKET) {
            switch (opt) {
                case ZsockConstants.SO_TYPE:
                    return ZsockConstants.SOCK_STREAM;
                case ZsockConstants.SO_PROTOCOL:
                    return ZsockConstants.IPPROTO_TCP;
                case ZsockConstants.SO_DOMAIN:
                    return ZsockConstants.AF_INET;
                case ZsockConstants.SO_ERROR:
                    int e = c.error;
                    c.error = 0;
                    return e;
                case ZsockConstants.SO_ACCEPTCONN:
                    return c.state == TcpConnection.LISTEN ? 1 : 0;
                case ZsockConstants.SO_REUSEADDR:
                    return c.reuseaddr ? 1 : 0;
                case ZsockConstants.SO_REUSEPORT:
                    return c.reuseport ? 1 : 0;
                case ZsockConstants.SO_KEEPALIVE:
                    return c.keepalive ? 1 : 0;
                case ZsockConstants.SO_RCVTIMEO:
                    return c.rcvTimeout;
                case ZsockConstants.SO_SNDTIMEO:
                    return c.sndTimeout;
                case ZsockConstants.SO_RCVBUF:
                    return c.rcvBufOption;
                case ZsockConstants.SO_SNDBUF:
                    return c.sndBufOption;
                case ZsockConstants.SO_PRIORITY:
                    return c.priority;
                default:
                    return NOT_A_STRUCT;
            }
        }
        if (level == ZsockConstants.IPPROTO_TCP) {
            switch (opt) {
                case ZsockConstants.TCP_NODELAY:
                    return c.nodelay ? 1 : 0;
                case ZsockConstants.TCP_KEEPIDLE:
                    return c.keepIdle;
                case ZsockConstants.TCP_KEEPINTVL:
                    return c.keepIntvl;
                case ZsockConstants.TCP_KEEPCNT:
                    return c.keepCnt;
                default:
                    return NOT_A_STRUCT;
            }
        }
        if (level == ZsockConstants.IPPROTO_IP) {
            if (opt == ZsockConstants.IP_TTL) {
                return c.ttl;
            }
            if (opt == ZsockConstants.IP_TOS) {
                return c.tos;
            }
            if (opt == ZsockConstants.IP_LOCAL_PORT_RANGE) {
                return EphemeralPorts.range(c.portLow, c.portHigh);
            }
        }
        return NOT_A_STRUCT;
    }

    /** SO_LINGER (struct linger: l_onoff, l_linger), SO_BINDTODEVICE, timevals. */
    int setStruct(TcpConnection c, int level, int opt, byte[] v, int off, int len) {
        if (level != ZsockConstants.SOL_SOCKET) {
            return NOT_A_STRUCT;
        }
        if (opt == ZsockConstants.SO_LINGER) {
            if (len != LINGER_LEN) {
                return -Errno.EINVAL;
            }
            int seconds = OptionCodec.getInt(v, off + 4);
            if (seconds < 0) {
                return -Errno.EINVAL;
            }
            c.lingerOn = OptionCodec.getInt(v, off) != 0;
            c.lingerSeconds = seconds;
            return 0;
        }
        if (opt == ZsockConstants.SO_BINDTODEVICE) {
            int n = 0;
            while (n < len && n < 16 && v[off + n] != 0) {
                n++;
            }
            if (n == 0) {
                c.boundIf = 0;
                return 0;
            }
            NetInterface ifc = ip.byName(v, off, n);
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            c.boundIf = ifc.index;
            return 0;
        }
        if ((opt == ZsockConstants.SO_RCVTIMEO || opt == ZsockConstants.SO_SNDTIMEO) && len == 8) {
            int ms = OptionCodec.timevalToMillis(v, off);
            return ms < 0 ? -Errno.EINVAL : set(c, level, opt, ms);
        }
        return NOT_A_STRUCT;
    }

    int getStruct(TcpConnection c, int level, int opt, byte[] v, int off, int[] lenInOut) {
        if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_LINGER) {
            if (lenInOut[0] < LINGER_LEN) {
                return -Errno.EINVAL;
            }
            OptionCodec.putInt(v, off, c.lingerOn ? 1 : 0);
            OptionCodec.putInt(v, off + 4, c.lingerSeconds);
            lenInOut[0] = LINGER_LEN;
            return 0;
        }
        return NOT_A_STRUCT;
    }
}
