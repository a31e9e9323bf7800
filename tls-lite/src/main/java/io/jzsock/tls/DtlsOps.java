package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.sock.SocketOps;

/** The zsock calls of a DTLS fd, dispatched to its {@link DtlsSocket}; OUTSIDE_MONITOR (handshakes and records are crypto). */
final class DtlsOps extends SocketOps {
    private final DtlsKind kind;

    DtlsOps(DtlsKind kind) {
        super(OUTSIDE_MONITOR);
        this.kind = kind;
    }

    @Override
    public int bind(int obj, SockAddr a) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.bind(a);
        } finally {
            s.exit();
        }
    }

    @Override
    public int connect(int obj, SockAddr a) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.connect(a);
        } finally {
            s.exit();
        }
    }

    @Override
    public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr dst) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.sendto(b, off, len, flags, dst);
        } finally {
            s.exit();
        }
    }

    @Override
    public int sendmsg(int obj, MsgHdr msg, int flags) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.sendmsg(msg, flags);
        } finally {
            s.exit();
        }
    }

    @Override
    public int recvfrom(int obj, byte[] b, int off, int len, int flags, SockAddr src) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.recvfrom(b, off, len, flags, src);
        } finally {
            s.exit();
        }
    }

    @Override
    public int recvmsg(int obj, MsgHdr msg, int flags) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.recvmsg(msg, flags);
        } finally {
            s.exit();
        }
    }

    @Override
    public int shutdown(int obj, int how) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.shutdown(how);
        } finally {
            s.exit();
        }
    }

    @Override
    public int setsockopt(int obj, int level, int opt, int value) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.setsockopt(level, opt, value);
        } finally {
            s.exit();
        }
    }

    @Override
    public int setsockopt(int obj, int level, int opt, byte[] v, int off, int len) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.setsockopt(level, opt, v, off, len);
        } finally {
            s.exit();
        }
    }

    @Override
    public int setsockopt(int obj, int level, int opt, int[] values, int count) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.setsockopt(level, opt, values, count);
        } finally {
            s.exit();
        }
    }

    @Override
    public int getsockopt(int obj, int level, int opt, int[] valueOut) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.getsockopt(level, opt, valueOut);
        } finally {
            s.exit();
        }
    }

    @Override
    public int getsockopt(int obj, int level, int opt, byte[] v, int off, int[] lenInOut) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.getsockopt(level, opt, v, off, lenInOut);
        } finally {
            s.exit();
        }
    }

    @Override
    public int getsockname(int obj, SockAddr out) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.getsockname(out);
        } finally {
            s.exit();
        }
    }

    @Override
    public int getpeername(int obj, SockAddr out) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.getpeername(out);
        } finally {
            s.exit();
        }
    }

    @Override
    public int fcntl(int obj, int cmd, int arg) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.fcntl(cmd, arg);
        } finally {
            s.exit();
        }
    }

    @Override
    public int ioctl(int obj, int req, int[] argInOut) {
        DtlsSocket s = kind.slot(obj);
        if (!s.enter()) {
            return -Errno.EBADF;
        }
        try {
            return s.ioctl(req, argInOut);
        } finally {
            s.exit();
        }
    }

    @Override
    public int pollEvents(int obj) {
        return kind.slot(obj).pollEvents();
    }

    /** Zsock calls close without the monitor, NetStack.stop with it held: DtlsSocket.close waits for neither. */
    @Override
    public int close(int obj) {
        return kind.slot(obj).close();
    }
}
