package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.sock.SocketOptions;

/**
 * The stream-only options with Zephyr's answers: SO_KEEPALIVE, SO_LINGER, SO_ERROR,
 * SO_ACCEPTCONN and IPPROTO_TCP; unknown or get-only-set is -ENOPROTOOPT, bad values -EINVAL.
 * The options every kind shares are {@link SocketOptions}, asked first; TCP applies SO_RCVBUF and
 * SO_SNDBUF to its rings. Keepalive defaults are Zephyr's (7200 s idle, 75 s interval, 9 probes).
 */
final class TcpSocketOptions {
    static final int NOT_A_STRUCT = SocketOptions.NOT_SHARED;
    static final int LINGER_LEN = 8;

    private final SocketOptions shared;

    TcpSocketOptions(Ipv4 ip, int defaultTtl) {
        this.shared = new SocketOptions(ip, defaultTtl);
    }

    int set(TcpConnection c, int level, int opt, int v) {
        int r = shared.set(c.opts, level, opt, v);
        if (r == 0 && level == ZsockConstants.SOL_SOCKET) {
            applyBuffer(c, opt, v);
        }
        if (r != SocketOptions.NOT_SHARED) {
            return r;
        }
        if (level == ZsockConstants.SOL_SOCKET) {
            if (opt == ZsockConstants.SO_KEEPALIVE) {
                c.keepalive = v != 0;
                c.keepaliveDeadline = 0;
                return 0;
            }
            return -Errno.ENOPROTOOPT;
        }
        if (level == ZsockConstants.IPPROTO_TCP) {
            if (opt == ZsockConstants.TCP_NODELAY) {
                c.nodelay = v != 0;
                return 0;
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
        return -Errno.ENOPROTOOPT;
    }

    /** SO_RCVBUF / SO_SNDBUF, validated and stored by {@link SocketOptions}: the rings honour them. */
    private static void applyBuffer(TcpConnection c, int opt, int v) {
        if (opt == ZsockConstants.SO_RCVBUF) {
            c.rx.setLimit(v);
            shrinkAdvertisedWindow(c);
        } else if (opt == ZsockConstants.SO_SNDBUF) {
            c.tx.setLimit(v);
        }
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
        int r = shared.get(c.opts, level, opt, out);
        if (r != SocketOptions.NOT_SHARED) {
            return r;
        }
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
                case ZsockConstants.SO_ERROR:
                    int e = c.error;
                    c.error = 0;
                    return e;
                case ZsockConstants.SO_ACCEPTCONN:
                    return c.state == TcpConnection.LISTEN ? 1 : 0;
                case ZsockConstants.SO_KEEPALIVE:
                    return c.keepalive ? 1 : 0;
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
        return NOT_A_STRUCT;
    }

    /** SO_LINGER (struct linger: l_onoff, l_linger); the shared struct forms before it. */
    int setStruct(TcpConnection c, int level, int opt, byte[] v, int off, int len) {
        int r = shared.setStruct(c.opts, level, opt, v, off, len);
        if (r != SocketOptions.NOT_SHARED) {
            return r;
        }
        if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_LINGER) {
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
        return shared.getStruct(c.opts, level, opt, v, off, lenInOut);
    }
}
