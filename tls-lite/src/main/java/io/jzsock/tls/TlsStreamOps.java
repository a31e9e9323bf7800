package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.SocketOps;

/**
 * The zsock calls on a TLS stream fd. OUTSIDE_MONITOR: handshake and record crypto never hold the
 * stack's monitor; inner socket calls take it. SOL_TLS options live in {@link TlsOptions}, every
 * other level goes to the inner TCP socket (sockets_tls.c's ztls_setsockopt_ctx).
 */
final class TlsStreamOps extends SocketOps {
    private final TlsStreamKind kind;
    private final SocketHost host;

    TlsStreamOps(TlsStreamKind kind) {
        super(OUTSIDE_MONITOR);
        this.kind = kind;
        this.host = kind.context().host;
    }

    @Override
    public int bind(int obj, SockAddr a) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            return s == null ? -Errno.EBADF : s.inner.ops().bind(s.inner.obj(), a);
        }
    }

    @Override
    public int listen(int obj, int backlog) {
        TlsStream s = find(obj);
        return s == null ? -Errno.EBADF : s.listen(backlog);
    }

    @Override
    public int connect(int obj, SockAddr a) {
        TlsStream s = find(obj);
        return s == null ? -Errno.EBADF : s.connect(a);
    }

    /** The inner listener's accept, then the server handshake on the new socket (Zephyr's ztls_accept_ctx). */
    @Override
    public int accept(int obj, SockAddr peerOut) {
        TlsStream l = find(obj);
        if (l == null) {
            return -Errno.EBADF;
        }
        boolean blocking = !l.nonBlocking();
        TlsStream child;
        int fd;
        synchronized (host.monitor()) {
            if (!l.inner.isOpen()) {
                return -Errno.EINTR;
            }
            fd = l.inner.ops().accept(l.inner.obj(), peerOut);
            if (fd < 0) {
                return fd;
            }
            child = kind.adoptAccepted(fd, l);
            if (child == null) {
                return -Errno.ENOMEM;
            }
        }
        return child.serverHandshake(fd, blocking);
    }

    @Override
    public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr dst) {
        TlsStream s = find(obj);
        return s == null ? -Errno.EBADF : s.send(b, off, len, flags);
    }

    /** Each iovec in turn, as Zephyr's ztls_sendmsg_ctx does for a stream; a short send ends it. */
    @Override
    public int sendmsg(int obj, MsgHdr msg, int flags) {
        TlsStream s = find(obj);
        if (s == null) {
            return -Errno.EBADF;
        }
        int total = 0;
        for (int i = 0; i < msg.iovCount; i++) {
            if (msg.iovLen[i] == 0) {
                continue;
            }
            int r = s.send(msg.iovBase[i], msg.iovOff[i], msg.iovLen[i], flags);
            if (r < 0) {
                return total > 0 ? total : r;
            }
            total += r;
            if (r < msg.iovLen[i]) {
                break;
            }
        }
        return total;
    }

    @Override
    public int recvfrom(int obj, byte[] b, int off, int len, int flags, SockAddr src) {
        TlsStream s = find(obj);
        if (s == null) {
            return -Errno.EBADF;
        }
        int r = s.recv(b, off, len, flags);
        if (r >= 0 && src != null) {
            synchronized (host.monitor()) {
                if (s.inner.isOpen()) {
                    s.inner.ops().getpeername(s.inner.obj(), src);
                }
            }
        }
        return r;
    }

    @Override
    public int shutdown(int obj, int how) {
        TlsStream s = find(obj);
        return s == null ? -Errno.EBADF : s.shutdown(how);
    }

    @Override
    public int setsockopt(int obj, int level, int opt, int value) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            if (TlsOptions.isTlsLevel(level)) {
                return s.options.setInt(opt, value);
            }
            return s.inner.ops().setsockopt(s.inner.obj(), level, opt, value);
        }
    }

    @Override
    public int getsockopt(int obj, int level, int opt, int[] valueOut) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            if (TlsOptions.isTlsLevel(level)) {
                return s.options.getInt(opt, valueOut);
            }
            if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_PROTOCOL) {
                valueOut[0] = s.proto();
                return 0;
            }
            if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_ERROR && s.error() != 0) {
                valueOut[0] = -s.error();
                return 0;
            }
            return s.inner.ops().getsockopt(s.inner.obj(), level, opt, valueOut);
        }
    }

    @Override
    public int setsockopt(int obj, int level, int opt, byte[] v, int off, int len) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            if (TlsOptions.isTlsLevel(level)) {
                return s.options.setBytes(opt, v, off, len);
            }
            return s.inner.ops().setsockopt(s.inner.obj(), level, opt, v, off, len);
        }
    }

    @Override
    public int getsockopt(int obj, int level, int opt, byte[] v, int off, int[] lenInOut) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            if (TlsOptions.isTlsLevel(level)) {
                return s.options.getBytes(opt, v, off, lenInOut);
            }
            if (level == ZsockConstants.SOL_SOCKET
                    && (opt == ZsockConstants.SO_PROTOCOL || opt == ZsockConstants.SO_ERROR)) {
                return super.getsockopt(obj, level, opt, v, off, lenInOut);
            }
            return s.inner.ops().getsockopt(s.inner.obj(), level, opt, v, off, lenInOut);
        }
    }

    @Override
    public int setsockopt(int obj, int level, int opt, int[] values, int count) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            if (TlsOptions.isTlsLevel(level)) {
                return s.options.setList(opt, values, count);
            }
            return s.inner.ops().setsockopt(s.inner.obj(), level, opt, values, count);
        }
    }

    @Override
    public int getsockname(int obj, SockAddr out) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            return s == null ? -Errno.EBADF : s.inner.ops().getsockname(s.inner.obj(), out);
        }
    }

    @Override
    public int getpeername(int obj, SockAddr out) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            return s == null ? -Errno.EBADF : s.inner.ops().getpeername(s.inner.obj(), out);
        }
    }

    @Override
    public int fcntl(int obj, int cmd, int arg) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            return s == null ? -Errno.EBADF : s.inner.ops().fcntl(s.inner.obj(), cmd, arg);
        }
    }

    @Override
    public int ioctl(int obj, int req, int[] argInOut) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            if (req == ZsockConstants.FIONREAD) {
                argInOut[0] = s.decryptedAvailable();
                return 0;
            }
            return s.inner.ops().ioctl(s.inner.obj(), req, argInOut);
        }
    }

    /** Under the monitor, as the Poller calls it. */
    @Override
    public int pollEvents(int obj) {
        TlsStream s = kind.slot(obj);
        return s == null ? ZsockConstants.POLLNVAL : s.pollEvents();
    }

    /** Without the monitor: a complete record waiting is processed now, as Zephyr's poll does. */
    @Override
    public void pollUpdate(int obj, int events) {
        TlsStream s = find(obj);
        if (s != null && (events & ZsockConstants.POLLIN) != 0) {
            s.pollUpdate();
        }
    }

    /** Zsock frees the fd first; threads blocked on the socket then return -EINTR. */
    @Override
    public int close(int obj) {
        TlsStream s = find(obj);
        return s == null ? -Errno.EBADF : s.close();
    }

    private TlsStream find(int obj) {
        synchronized (host.monitor()) {
            return kind.slot(obj);
        }
    }
}
