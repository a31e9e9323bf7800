package io.jzsock.net;

import io.jzsock.net.resolve.HostResolver;
import io.jzsock.net.resolve.NumericResolver;
import io.jzsock.net.sock.FdTable;
import io.jzsock.net.sock.Poller;
import io.jzsock.net.sock.SocketKinds;
import io.jzsock.net.sock.SocketOps;

/**
 * Zephyr's {@code zsock_*} API with the prefix dropped (DESIGN §5). Every int result is &gt;= 0 on
 * success or a negative {@link Errno}; nothing throws for a network condition or bad input. Calls
 * check their arguments (null buffer: -EFAULT, negative offset or length: -EINVAL, range past the
 * array: -EFAULT, as a C pointer outside the caller's memory would be), find the socket by fd
 * (-EBADF) and dispatch to its kind's {@link SocketOps}. Where Zephyr and POSIX differ this
 * follows Zephyr, and says so.
 *
 * <p>Not yet: IPv6 and raw sockets. {@code socket()} answers them with -EAFNOSUPPORT /
 * -EPROTONOSUPPORT.
 */
public final class Zsock extends ZsockConstants {
    private final NetStack stack;
    private final Object monitor;
    private final FdTable fds;
    private final SocketKinds kinds;
    private final Poller poller;
    private final HostResolver resolver;

    Zsock(NetStack stack) {
        this.stack = stack;
        this.monitor = stack.monitor;
        this.fds = stack.fds;
        this.kinds = stack.kinds;
        this.poller = new Poller(stack.fds, stack.waiter);
        this.resolver = stack.resolver;
    }

    /**
     * A new socket's fd, created by the first registered {@link SocketKind} that takes (family,
     * type, proto): AF_INET SOCK_DGRAM (proto 0 or IPPROTO_UDP) and SOCK_STREAM (proto 0 or
     * IPPROTO_TCP) are built in, TLS registers ahead of them ({@link NetStack#socketKinds()}).
     * Unsupported families give -EAFNOSUPPORT, an unknown type -EPROTOTYPE (checked before the
     * protocol, as Zephyr does), a protocol that does not fit the type -EOPNOTSUPP, an unknown
     * protocol -EPROTONOSUPPORT (Zephyr's register test); a full fd table -ENFILE; no free UDP or
     * TCP object -ENOENT (Zephyr's net_context_get).
     */
    public int socket(int family, int type, int proto) {
        synchronized (monitor) {
            return kinds.socket(family, type, proto);
        }
    }

    public int socketpair(int family, int type, int proto, int[] sv) {
        synchronized (monitor) {
            return stack.pairs.create(family, type, proto, sv);
        }
    }

    /** Closes the fd; threads blocked on it return -EINTR (Zephyr's close wakes them). */
    public int close(int fd) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            int r = ops.close(fds.obj(fd));
            fds.free(fd);
            stack.waiter.wakeAll();
            return r;
        }
    }

    public int bind(int fd, SockAddr a) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            return a == null ? -Errno.EFAULT : ops.bind(fds.obj(fd), a);
        }
    }

    public int connect(int fd, SockAddr a) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            return a == null ? -Errno.EFAULT : ops.connect(fds.obj(fd), a);
        }
    }

    public int listen(int fd, int backlog) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.listen(fds.obj(fd), backlog);
        }
    }

    public int accept(int fd, SockAddr peerOutOrNull) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.accept(fds.obj(fd), peerOutOrNull);
        }
    }

    public int send(int fd, byte[] b, int off, int len, int flags) {
        return sendto(fd, b, off, len, flags, null);
    }

    public int sendto(int fd, byte[] b, int off, int len, int flags, SockAddr dstOrNull) {
        int bad = checkRange(b, off, len);
        if (bad < 0) {
            return bad;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            int r = ops.sendto(fds.obj(fd), b, off, len, flags, dstOrNull);
            stack.deliverLoopbackNow();
            return r;
        }
    }

    public int sendmsg(int fd, MsgHdr msg, int flags) {
        int bad = checkMsg(msg);
        if (bad < 0 && msg != null) {
            return bad;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            int r = ops.sendmsg(fds.obj(fd), msg, flags);
            stack.deliverLoopbackNow();
            return r;
        }
    }

    public int recv(int fd, byte[] b, int off, int len, int flags) {
        return recvfrom(fd, b, off, len, flags, null);
    }

    public int recvfrom(int fd, byte[] b, int off, int len, int flags, SockAddr srcOutOrNull) {
        int bad = checkRange(b, off, len);
        if (bad < 0) {
            return bad;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.recvfrom(fds.obj(fd), b, off, len, flags, srcOutOrNull);
        }
    }

    /** recvmsg(NULL) is -EINVAL, a NULL iovec -ENOMEM (Zephyr's udp test_recvmsg_invalid). */
    public int recvmsg(int fd, MsgHdr msg, int flags) {
        if (msg != null && msg.iovBase != null) {
            int bad = checkMsg(msg);
            if (bad < 0) {
                return bad;
            }
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.recvmsg(fds.obj(fd), msg, flags);
        }
    }

    /**
     * SHUT_RD, SHUT_WR, SHUT_RDWR; other values -EINVAL. Zephyr answers SHUT_WR with ENOTSUP; we
     * implement the half-close POSIX describes.
     */
    public int shutdown(int fd, int how) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            if (how < SHUT_RD || how > SHUT_RDWR) {
                return -Errno.EINVAL;
            }
            return ops.shutdown(fds.obj(fd), how);
        }
    }

    public int fcntl(int fd, int cmd, int arg) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.fcntl(fds.obj(fd), cmd, arg);
        }
    }

    /** FIONREAD (argInOut[0] receives the count) and FIONBIO (argInOut[0] != 0 sets O_NONBLOCK). */
    public int ioctl(int fd, int req, int[] argInOut) {
        if (argInOut == null || argInOut.length < 1) {
            return -Errno.EFAULT;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.ioctl(fds.obj(fd), req, argInOut);
        }
    }

    /** Int-valued option. SO_RCVTIMEO/SO_SNDTIMEO take milliseconds here (0: no timeout). */
    public int setsockopt(int fd, int level, int opt, int value) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.setsockopt(fds.obj(fd), level, opt, value);
        }
    }

    public int getsockopt(int fd, int level, int opt, int[] valueOut) {
        if (valueOut == null || valueOut.length < 1) {
            return -Errno.EFAULT;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.getsockopt(fds.obj(fd), level, opt, valueOut);
        }
    }

    /** Option as the bytes of its C value (int little-endian, ip_mreqn, ifreq name, timeval, ...). */
    public int setsockopt(int fd, int level, int opt, byte[] v, int off, int len) {
        int bad = checkRange(v, off, len);
        if (bad < 0) {
            return bad;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.setsockopt(fds.obj(fd), level, opt, v, off, len);
        }
    }

    /** lenInOut[0]: room in v on entry, bytes written on return (socklen_t semantics). */
    public int getsockopt(int fd, int level, int opt, byte[] v, int off, int[] lenInOut) {
        if (lenInOut == null || lenInOut.length < 1) {
            return -Errno.EFAULT;
        }
        int bad = checkRange(v, off, lenInOut[0]);
        if (bad < 0) {
            return bad;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.getsockopt(fds.obj(fd), level, opt, v, off, lenInOut);
        }
    }

    /** List-valued options (TLS_SEC_TAG_LIST, TLS_CIPHERSUITE_LIST). */
    public int setsockopt(int fd, int level, int opt, int[] values, int count) {
        if (values == null || count < 0 || count > values.length) {
            return values == null ? -Errno.EFAULT : -Errno.EINVAL;
        }
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            return ops == null ? -Errno.EBADF : ops.setsockopt(fds.obj(fd), level, opt, values, count);
        }
    }

    /** Count of ready entries, 0 on timeout (timeoutMs &lt; 0: forever); closed fds give POLLNVAL. */
    public int poll(PollFd[] set, int nfds, int timeoutMs) {
        if (set == null || nfds < 0 || nfds > set.length) {
            return set == null && nfds == 0 ? 0 : -Errno.EINVAL;
        }
        synchronized (monitor) {
            return poller.poll(set, nfds, timeoutMs);
        }
    }

    /** Ready bits left in the sets, 0 on timeout (timeoutMs &lt; 0: forever), -EBADF for a closed fd. */
    public int select(int nfds, FdSet r, FdSet w, FdSet e, int timeoutMs) {
        synchronized (monitor) {
            return poller.select(nfds, r, w, e, timeoutMs);
        }
    }

    /** Unbound socket: -EINVAL (Zephyr's misc test). */
    public int getsockname(int fd, SockAddr out) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            return out == null ? -Errno.EFAULT : ops.getsockname(fds.obj(fd), out);
        }
    }

    /** Unconnected socket: -ENOTCONN. */
    public int getpeername(int fd, SockAddr out) {
        synchronized (monitor) {
            SocketOps ops = fds.ops(fd);
            if (ops == null) {
                return -Errno.EBADF;
            }
            return out == null ? -Errno.EFAULT : ops.getpeername(fds.obj(fd), out);
        }
    }

    /**
     * Copies the host name and a NUL into b; truncated like Zephyr's strncpy when len is too small.
     */
    public int gethostname(byte[] b, int off, int len) {
        int bad = checkRange(b, off, len);
        if (bad < 0) {
            return bad;
        }
        String name = stack.cfg.hostname;
        int n = Math.min(name.length(), len);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) name.charAt(i);
        }
        if (n < len) {
            b[off + n] = 0;
        }
        return 0;
    }

    /** 1 valid, 0 invalid text, -EAFNOSUPPORT other family; dst needs 4 or 16 bytes. */
    public int inet_pton(int family, String src, byte[] dst) {
        if (src == null || dst == null) {
            return -Errno.EFAULT;
        }
        return InetText.pton(family, src, dst);
    }

    /** The text form, or null for an unknown family or a short array. */
    public String inet_ntop(int family, byte[] src) {
        if (src == null || (family == AF_INET && src.length < 4) || (family == AF_INET6 && src.length < 16)) {
            return null;
        }
        return InetText.ntop(family, src);
    }

    /**
     * Number of entries filled in out, or a negative EAI_* code; names are looked up in DNS and the
     * call blocks until answered (see {@link HostResolver}).
     */
    public int getaddrinfo(String host, String service, AddrInfo hints, AddrInfo[] out) {
        return resolver.getaddrinfo(host, service, hints, out);
    }

    public void freeaddrinfo(AddrInfo[] res) {
        resolver.freeaddrinfo(res);
    }

    public String gai_strerror(int code) {
        return NumericResolver.gai_strerror(code);
    }

    /** Without NI_NUMERICHOST an IPv4 address is looked up in DNS (PTR); blocks until answered. */
    public int getnameinfo(SockAddr a, byte[] host, int hostLen, byte[] serv, int servLen, int flags) {
        return resolver.getnameinfo(a, host, hostLen, serv, servLen, flags);
    }

    private static int checkRange(byte[] b, int off, int len) {
        if (off < 0 || len < 0) {
            return -Errno.EINVAL;
        }
        if (b == null) {
            return len == 0 ? 0 : -Errno.EFAULT;
        }
        return off > b.length - len ? -Errno.EFAULT : 0;
    }

    private static int checkMsg(MsgHdr msg) {
        if (msg == null) {
            return -Errno.EINVAL;
        }
        if (msg.iovCount < 0) {
            return -Errno.EINVAL;
        }
        if (msg.iovCount > 0 && (msg.iovBase == null || msg.iovOff == null || msg.iovLen == null
                || msg.iovCount > msg.iovBase.length || msg.iovCount > msg.iovOff.length
                || msg.iovCount > msg.iovLen.length)) {
            return msg.iovBase == null ? -Errno.ENOMEM : -Errno.EINVAL;
        }
        for (int i = 0; i < msg.iovCount; i++) {
            int r = checkRange(msg.iovBase[i], msg.iovOff[i], msg.iovLen[i]);
            if (r < 0) {
                return r;
            }
        }
        if (msg.control != null || msg.controlLen != 0) {
            return checkRange(msg.control, msg.controlOff, msg.controlLen);
        }
        return 0;
    }
}
