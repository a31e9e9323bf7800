package io.jzsock.tls;

import io.jzsock.net.Errno;
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
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            return s == null ? -Errno.EBADF : s.inner.ops().listen(s.inner.obj(), backlog);
        }
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
            if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_PROTOCOL) {
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
            return s == null ? -Errno.EBADF : s.inner.ops().ioctl(s.inner.obj(), req, argInOut);
        }
    }

    @Override
    public int pollEvents(int obj) {
        TlsStream s = kind.slot(obj);
        return s == null ? ZsockConstants.POLLNVAL : s.inner.ops().pollEvents(s.inner.obj());
    }

    @Override
    public int close(int obj) {
        synchronized (host.monitor()) {
            TlsStream s = kind.slot(obj);
            if (s == null) {
                return -Errno.EBADF;
            }
            s.markClosed();
            return host.closeInner(s.inner);
        }
    }
}
