package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.IpRoute;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.sock.DualStack;
import io.jzsock.net.sock.FdTable;
import io.jzsock.net.sock.SocketOps;
import io.jzsock.net.sock.Waiter;

/**
 * The zsock calls on SOCK_STREAM sockets: connect (blocking and -EINPROGRESS), listen/accept,
 * send/recv with short writes as Zephyr does, MSG_PEEK/WAITALL/DONTWAIT, half-close, SO_LINGER,
 * poll readiness, close from another thread (-EINTR). obj is the connection's table index.
 */
public final class TcpSockets extends SocketOps {
    private final TcpEngine engine;
    private final TcpTable table;
    private final TcpOutput out;
    private final Ipv4 ip;
    private final Waiter waiter;
    private final FdTable fds;
    private final TcpSocketOptions options;
    private final Socks5Sessions socks;
    private final TcpStreams streams;
    private final int connectTimeout;
    /** connect's route, for the interface and the source address it picks. */
    private final IpRoute route = new IpRoute();
    private Ipv6 ip6;

    public TcpSockets(TcpEngine engine, Ipv4 ip, Waiter waiter, FdTable fds, int connectTimeoutMillis) {
        this.engine = engine;
        this.table = engine.table;
        this.out = engine.out;
        this.ip = ip;
        this.waiter = waiter;
        this.fds = fds;
        this.options = new TcpSocketOptions(ip, engine.defaultTtl());
        this.socks = new Socks5Sessions(engine, waiter, connectTimeoutMillis);
        this.streams = new TcpStreams(engine, waiter, socks);
        this.connectTimeout = connectTimeoutMillis;
    }

    /**
     * A new unconnected stream socket object of the family (AF_INET6 starts with IPV6_V6ONLY on), or
     * -ENOENT when every connection object is taken (net_context_get).
     */
    public int open(int family) {
        int i = table.allocate();
        if (i < 0) {
            return -Errno.ENOENT;
        }
        TcpConnection c = table.open(i, waiter.now(), family);
        c.attached = true;
        socks.release(c);
        return i;
    }

    public int connectionsInUse() {
        return table.inUseCount();
    }

    private TcpConnection conn(int obj) {
        return table.conns[obj];
    }

    @Override
    public int bind(int obj, SockAddr a) {
        TcpConnection c = conn(obj);
        int r = checkFamily(c, a, true);
        if (r < 0) {
            return r;
        }
        if (c.state != TcpConnection.CLOSED || c.localPort != 0) {
            return -Errno.EINVAL;
        }
        long hi = a.addrHi();
        long lo = a.addrLo();
        int addr = IpAddress.v4(lo);
        if (!IpAddress.isV4Mapped(hi, lo)) {
            r = checkLocal6(c, hi, lo, a.scopeId());
            if (r < 0) {
                return r;
            }
        } else if (addr != 0 && !ip.isLocal(addr)) {
            return -Errno.EADDRNOTAVAIL;
        }
        int port = a.port();
        if (port == 0) {
            port = table.ephemeralPort(c);
            if (port < 0) {
                return port;
            }
        } else {
            r = table.checkBind(c, hi, lo, port);
            if (r < 0) {
                return r;
            }
        }
        c.localHi = hi;
        c.localLo = lo;
        c.localPort = port;
        return 0;
    }

    /**
     * An IPv6 address to bind: {@code ::} or one of ours (a group is -EADDRNOTAVAIL for TCP). A link-local one
     * needs its zone, the scope id (RFC 4007 §11; -EINVAL without), which binds the socket to that interface.
     */
    private int checkLocal6(TcpConnection c, long hi, long lo, int scopeId) {
        if (hi == 0L && lo == 0L) {
            return 0;
        }
        if (ip6 == null || Ipv6Address.isMulticast(hi)) {
            return -Errno.EADDRNOTAVAIL;
        }
        if (Ipv6Address.isLinkLocal(hi)) {
            if (scopeId == 0) {
                return -Errno.EINVAL;
            }
            NetInterface ifc = ip.byIndex(scopeId);
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            if (!ifc.v6.owns(hi, lo)) {
                return -Errno.EADDRNOTAVAIL;
            }
            c.opts.boundIf = scopeId;
            return 0;
        }
        return ip6.isLocal(hi, lo) ? 0 : -Errno.EADDRNOTAVAIL;
    }

    /** Setup-time: AF_INET6 sockets reach IPv6 peers (the engine registers TCP with IPv6 itself). */
    public void attachIpv6(Ipv6 ipv6) {
        this.ip6 = ipv6;
    }

    /**
     * The address must be of the socket's family (-EAFNOSUPPORT); a v4-mapped address on a V6ONLY
     * AF_INET6 socket is -EINVAL to bind and -ENETUNREACH to connect to (Linux's inet6_bind and
     * tcp_v6_connect).
     */
    private static int checkFamily(TcpConnection c, SockAddr a, boolean binding) {
        if (a.family() != c.opts.family) {
            return -Errno.EAFNOSUPPORT;
        }
        if (c.opts.family == ZsockConstants.AF_INET6 && c.opts.v6only()
                && IpAddress.isV4Mapped(a.addrHi(), a.addrLo())) {
            return binding ? -Errno.EINVAL : -Errno.ENETUNREACH;
        }
        return 0;
    }

    /**
     * RFC 9293 §3.10.1 OPEN: SYN with a keyed-hash ISS (RFC 6528). Non-blocking: -EINPROGRESS, then
     * POLLOUT on success or POLLERR with SO_ERROR. A second call while connecting is -EALREADY.
     */
    @Override
    public int connect(int obj, SockAddr a) {
        engine.armTimers();
        TcpConnection c = conn(obj);
        if (c.state == TcpConnection.SYN_SENT || socksPending(c)) {
            return -Errno.EALREADY;
        }
        if (c.state == TcpConnection.LISTEN) {
            return -Errno.EOPNOTSUPP;
        }
        if (c.state != TcpConnection.CLOSED || c.reset) {
            if (c.reset && c.error != 0) {
                int e = c.error;
                c.error = 0;
                return -e;
            }
            return -Errno.EISCONN;
        }
        int r = checkFamily(c, a, false);
        if (r < 0) {
            return r;
        }
        boolean v4 = IpAddress.isV4Mapped(a.addrHi(), a.addrLo());
        boolean boundV4 = !c.localUnspecified() && IpAddress.isV4Mapped(c.localHi, c.localLo);
        if (v4 ? !c.localUnspecified() && !boundV4 : boundV4) {
            // IPv4 from a socket bound to an IPv6 address or the reverse (Linux: ENETUNREACH).
            return -Errno.ENETUNREACH;
        }
        if (socks.enabled(c)) {
            a = socks.begin(c, a);
        }
        long dstHi = a.addrHi();
        long dstLo = a.addrLo();
        int scope = a.family() == ZsockConstants.AF_INET6 ? a.scopeId() : 0;
        if (scope != 0 && c.opts.boundIf != 0 && scope != c.opts.boundIf) {
            return -Errno.EINVAL;
        }
        r = ip.route(route, dstHi, dstLo, scope != 0 ? scope : c.opts.boundIf, 0);
        if (r < 0) {
            return r;
        }
        NetInterface ifc = route.ifc;
        if (c.localPort == 0) {
            int port = table.ephemeralPort(c);
            if (port < 0) {
                return port;
            }
            c.localPort = port;
        }
        if (c.localUnspecified()) {
            if (route.family == ZsockConstants.AF_INET6) {
                route.addrPreferences = c.opts.addrPreferences;
                if (ip6.selectSource(route) < 0) {
                    return -Errno.EADDRNOTAVAIL;
                }
                c.localHi = route.srcHi;
                c.localLo = route.srcLo;
            } else {
                c.setLocal4(ip.sourceFor(ifc, IpAddress.v4(dstLo)));
            }
        }
        if (scope != 0 && Ipv6Address.isLinkLocal(dstHi)) {
            // RFC 4007 §11: the zone of a link-local peer; the connection stays on that interface.
            c.opts.boundIf = scope;
        }
        c.remoteHi = dstHi;
        c.remoteLo = dstLo;
        c.remotePort = a.port();
        long now = waiter.now();
        c.mss = engine.ourMss(c.remoteHi, c.remoteLo);
        TcpCongestion.init(c, engine.initialRto(), engine.congestionControl());
        c.iss = engine.isn(c, now);
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        c.sndWnd = 0;
        c.rcvShift = TcpOutput.shiftFor(c.rx.capacity());
        c.state = TcpConnection.SYN_SENT;
        c.rttStart = now;
        c.retries = 0;
        c.connectDeadline = now + connectTimeout;
        out.sendSyn(c, now);
        c.rtoDeadline = now + c.rto;
        if (c.nonblock) {
            return -Errno.EINPROGRESS;
        }
        int gen = c.gen;
        while (c.state == TcpConnection.SYN_SENT || c.state == TcpConnection.SYN_RECEIVED) {
            if (!engine.await(waiter, Waiter.FOREVER) || c.gen != gen) {
                return -Errno.EINTR;
            }
        }
        if (c.error != 0) {
            int e = c.error;
            c.error = 0;
            return -e;
        }
        return socks.enabled(c) ? socks.awaitHandshake(c, gen) : 0;
    }

    @Override
    public int listen(int obj, int backlog) {
        engine.armTimers();
        TcpConnection c = conn(obj);
        if (c.state == TcpConnection.LISTEN) {
            c.backlog = clampBacklog(c, backlog);
            return 0;
        }
        if (c.state != TcpConnection.CLOSED || c.reset) {
            return -Errno.EINVAL;
        }
        if (c.localPort == 0) {
            int port = table.ephemeralPort(c);
            if (port < 0) {
                return port;
            }
            c.localPort = port;
        }
        for (int i = 0; i < table.conns.length; i++) {
            TcpConnection o = table.conns[i];
            if (o != c && o.inUse && o.state == TcpConnection.LISTEN && o.localPort == c.localPort
                    && TcpTable.overlap(c, c.localHi, c.localLo, o) != DualStack.DISJOINT
                    && !(o.opts.reusePort() && c.opts.reusePort())) {
                return -Errno.EADDRINUSE;
            }
        }
        c.backlog = clampBacklog(c, backlog);
        c.state = TcpConnection.LISTEN;
        return 0;
    }

    /** The backlog bounds SYN_RECEIVED plus unaccepted connections (Zephyr pain point 6). */
    private static int clampBacklog(TcpConnection c, int backlog) {
        return Math.max(1, Math.min(Math.min(backlog, ZsockConstants.SOMAXCONN), c.acceptQueue.length));
    }

    @Override
    public int accept(int obj, SockAddr peer) {
        engine.armTimers();
        TcpConnection l = conn(obj);
        if (l.state != TcpConnection.LISTEN) {
            return -Errno.EINVAL;
        }
        int gen = l.gen;
        // One deadline for the whole call: every wake-up of the monitor must not restart SO_RCVTIMEO.
        long deadline = l.opts.rcvTimeout > 0 ? waiter.deadline(l.opts.rcvTimeout) : Waiter.FOREVER;
        while (true) {
            for (int i = 0; i < l.acceptCount; i++) {
                TcpConnection c = table.conns[l.acceptQueue[i]];
                if (c.state >= TcpConnection.ESTABLISHED) {
                    if (!fds.hasFree()) {
                        return -Errno.ENFILE;
                    }
                    c.attached = true;
                    table.removeFromAcceptQueue(c);
                    if (peer != null) {
                        c.remote(peer);
                    }
                    return fds.open(this, c.index);
                }
            }
            if (l.nonblock) {
                return -Errno.EAGAIN;
            }
            if (!engine.await(waiter, deadline)) {
                return Thread.currentThread().isInterrupted() ? -Errno.EINTR : -Errno.EAGAIN;
            }
            if (l.gen != gen || !l.inUse) {
                return -Errno.EINTR;
            }
        }
    }

    @Override
    public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr ignored) {
        engine.armTimers();
        return streams.send(conn(obj), b, off, len, flags);
    }

    @Override
    public int sendmsg(int obj, MsgHdr msg, int flags) {
        engine.armTimers();
        return streams.sendmsg(conn(obj), msg, flags);
    }

    @Override
    public int recvfrom(int obj, byte[] b, int off, int len, int flags, SockAddr src) {
        engine.armTimers();
        return streams.recv(conn(obj), b, off, len, flags, src);
    }

    @Override
    public int recvmsg(int obj, MsgHdr msg, int flags) {
        engine.armTimers();
        return streams.recvmsg(conn(obj), msg, flags);
    }

    /** SHUT_RD: reads return EOF, arriving data is discarded; SHUT_WR: FIN after the queued data (half-close). */
    @Override
    public int shutdown(int obj, int how) {
        engine.armTimers();
        TcpConnection c = conn(obj);
        if (c.state < TcpConnection.SYN_RECEIVED || c.state == TcpConnection.LISTEN) {
            return -Errno.ENOTCONN;
        }
        if (how == ZsockConstants.SHUT_RD || how == ZsockConstants.SHUT_RDWR) {
            c.shutRd = true;
            c.rx.clear();
            c.ooo.clear();
        }
        if (how == ZsockConstants.SHUT_WR || how == ZsockConstants.SHUT_RDWR) {
            queueFin(c);
        }
        waiter.wakeAll();
        return 0;
    }

    /**
     * Whether c's SOCKS5 handshake is still under way; asking drives it (its messages go out, so TCP's
     * timers move, on whatever call asked: poll's pollEvents, ioctl, getsockopt, getpeername).
     */
    private boolean socksPending(TcpConnection c) {
        if (!socks.enabled(c)) {
            return false;
        }
        engine.armTimers();
        return socks.pending(c);
    }

    private void queueFin(TcpConnection c) {
        if (c.finQueued) {
            return;
        }
        c.finQueued = true;
        if (c.state == TcpConnection.ESTABLISHED || c.state == TcpConnection.SYN_RECEIVED) {
            c.state = TcpConnection.FIN_WAIT_1;
        } else if (c.state == TcpConnection.CLOSE_WAIT) {
            c.state = TcpConnection.LAST_ACK;
        }
        out.flush(c, waiter.now());
    }

    @Override
    public int setsockopt(int obj, int level, int opt, int value) {
        engine.armTimers();
        return options.set(conn(obj), level, opt, value);
    }

    @Override
    public int getsockopt(int obj, int level, int opt, int[] out) {
        TcpConnection c = conn(obj);
        socksPending(c);
        return options.get(c, level, opt, out);
    }

    @Override
    public int setsockopt(int obj, int level, int opt, byte[] v, int off, int len) {
        engine.armTimers();
        if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_SOCKS5) {
            return socks.configure(conn(obj), v, off, len);
        }
        int r = options.setStruct(conn(obj), level, opt, v, off, len);
        return r != TcpSocketOptions.NOT_A_STRUCT ? r : super.setsockopt(obj, level, opt, v, off, len);
    }

    @Override
    public int getsockopt(int obj, int level, int opt, byte[] v, int off, int[] lenInOut) {
        int r = options.getStruct(conn(obj), level, opt, v, off, lenInOut);
        return r != TcpSocketOptions.NOT_A_STRUCT ? r : super.getsockopt(obj, level, opt, v, off, lenInOut);
    }

    @Override
    public int getsockname(int obj, SockAddr out) {
        TcpConnection c = conn(obj);
        if (c.localPort == 0) {
            return -Errno.EINVAL;
        }
        c.local(out);
        return 0;
    }

    @Override
    public int getpeername(int obj, SockAddr out) {
        TcpConnection c = conn(obj);
        if (c.state < TcpConnection.SYN_RECEIVED || c.state == TcpConnection.LISTEN || socksPending(c)) {
            return -Errno.ENOTCONN;
        }
        socks.peer(c, out);
        return 0;
    }

    @Override
    public int fcntl(int obj, int cmd, int arg) {
        TcpConnection c = conn(obj);
        if (cmd == ZsockConstants.F_GETFL) {
            return c.nonblock ? ZsockConstants.O_NONBLOCK : 0;
        }
        if (cmd == ZsockConstants.F_SETFL) {
            c.nonblock = (arg & ZsockConstants.O_NONBLOCK) != 0;
            return 0;
        }
        return -Errno.EINVAL;
    }

    @Override
    public int ioctl(int obj, int req, int[] arg) {
        TcpConnection c = conn(obj);
        if (req == ZsockConstants.FIONREAD) {
            arg[0] = socksPending(c) ? 0 : c.rx.size();
            return 0;
        }
        if (req == ZsockConstants.FIONBIO) {
            c.nonblock = arg[0] != 0;
            return 0;
        }
        return -Errno.EOPNOTSUPP;
    }

    /**
     * Listener: POLLIN when a connection can be accepted. Connection: POLLIN for data, EOF or error;
     * POLLOUT when connected with send space; POLLERR with a pending error (a failed non-blocking
     * connect wakes every poller, pain point 4); POLLHUP once both directions are finished.
     */
    @Override
    public int pollEvents(int obj) {
        TcpConnection c = conn(obj);
        if (c.state == TcpConnection.LISTEN) {
            for (int i = 0; i < c.acceptCount; i++) {
                if (table.conns[c.acceptQueue[i]].state >= TcpConnection.ESTABLISHED) {
                    return ZsockConstants.POLLIN;
                }
            }
            return 0;
        }
        if (socksPending(c)) {
            return 0;
        }
        int ev = 0;
        if (c.rx.size() > 0 || c.finReceived || c.shutRd || c.reset) {
            ev |= ZsockConstants.POLLIN;
        }
        if ((c.state == TcpConnection.ESTABLISHED || c.state == TcpConnection.CLOSE_WAIT) && !c.finQueued
                && TcpStreams.pollOut(c)) {
            ev |= ZsockConstants.POLLOUT;
        }
        if (c.error != 0) {
            ev |= ZsockConstants.POLLERR;
        }
        // SND.UNA still at ISS: our SYN was never acknowledged. A connect that failed that way is
        // POLLERR alone, as Zephyr's non-blocking connect-timeout test expects; there was no hang-up.
        boolean wasConnected = c.sndUna != c.iss;
        if ((c.reset && wasConnected) || (c.finReceived && (c.finQueued || c.state == TcpConnection.CLOSED))) {
            ev |= ZsockConstants.POLLHUP;
        }
        return ev;
    }

    /**
     * Detaches the socket. Unread data or SO_LINGER 0 aborts with RST (RFC 9293 §3.10.4, RFC 2525
     * §2.17); otherwise the FIN goes after the queued data and the connection finishes on its own.
     * A listener resets its unaccepted connections.
     */
    @Override
    public int close(int obj) {
        engine.armTimers();
        TcpConnection c = conn(obj);
        long now = waiter.now();
        c.attached = false;
        c.gen++;
        socks.release(c);
        if (c.state == TcpConnection.LISTEN) {
            while (c.acceptCount > 0) {
                TcpConnection child = table.conns[c.acceptQueue[0]];
                out.sendRst(child, now);
                table.removeFromAcceptQueue(child);
            }
            table.release(c);
        } else if (c.state == TcpConnection.CLOSED || c.state == TcpConnection.SYN_SENT) {
            table.release(c);
        } else if (c.rx.size() > 0 || (c.lingerOn && c.lingerSeconds == 0)) {
            out.sendRst(c, now);
            table.release(c);
        } else if (c.state == TcpConnection.TIME_WAIT) {
            c.attached = false;
        } else {
            queueFin(c);
            if (c.lingerOn && !c.nonblock) {
                lingerUntilAcknowledged(c);
            }
        }
        waiter.wakeAll();
        return 0;
    }

    /**
     * SO_LINGER with a timeout (POSIX): a blocking close returns once the peer acknowledged
     * everything including the FIN, or when l_linger seconds pass; the connection goes on either way.
     */
    private void lingerUntilAcknowledged(TcpConnection c) {
        int gen = c.gen;
        long deadline = waiter.deadline(c.lingerSeconds * 1000);
        while (c.gen == gen && c.inUse && c.state != TcpConnection.CLOSED && c.state != TcpConnection.TIME_WAIT
                && c.state != TcpConnection.FIN_WAIT_2 && !(c.finSent && Seq.gt(c.sndUna, c.finSeq))) {
            if (!engine.await(waiter, deadline)) {
                return;
            }
        }
    }
}
