package io.jzsock.net;

import io.jzsock.net.resolve.HostResolver;
import io.jzsock.net.resolve.NumericResolver;
import io.jzsock.net.sock.Actor;
import io.jzsock.net.sock.FdTable;
import io.jzsock.net.sock.Owners;
import io.jzsock.net.sock.Poller;
import io.jzsock.net.sock.SocketKinds;
import io.jzsock.net.sock.SocketOps;
import io.jzsock.net.sock.TagAccess;

/**
 * Zephyr's {@code zsock_*} API with the prefix dropped (DESIGN §5). Every int result is &gt;= 0 on
 * success or a negative {@link Errno}; nothing throws for a network condition or bad input. Calls
 * check their arguments (null buffer: -EFAULT, negative offset or length: -EINVAL, range past the
 * array: -EFAULT, as a C pointer outside the caller's memory would be), find the socket by fd
 * (-EBADF) and dispatch to its kind's {@link SocketOps}: with the stack's monitor held, or
 * without it for a kind that declares {@link SocketOps#OUTSIDE_MONITOR} (the lock rule, see
 * there). Where Zephyr and POSIX differ this follows Zephyr, and says so.
 *
 * <p>AF_INET6 sockets are dual-stack capable (IPV6_V6ONLY on by default, as Zephyr keeps separate port
 * spaces). Not yet: raw sockets; {@code socket()} answers SOCK_RAW with -EPROTONOSUPPORT.
 *
 * <p>Socket ownership (NetConfig.socketOwnership, Zephyr's CONFIG_USERSPACE): a view acts as one
 * owner ({@link NetStack#zsock(Object)}), as the supervisor, or as what the stack's
 * {@link OwnerResolver} answers for the calling thread ({@link NetStack#zsock()}). An fd it
 * creates is its owner's; an fd of another owner that was not granted to it is -EBADF to every call
 * (POLLNVAL to poll), as Zephyr's {@code get_sock_vtable} answers. A view of a released owner gets
 * -EBADF for every fd and -EPERM from socket(), socketpair() and accept().
 */
public final class Zsock extends ZsockConstants {
    private static final PollFd[] NO_ENTRIES = new PollFd[0];

    private final NetStack stack;
    private final Object monitor;
    private final FdTable fds;
    private final SocketKinds kinds;
    private final Poller poller;
    private final HostResolver resolver;
    private final Actor who;
    /** closeFd's "whoever this view acts as". */
    static final int AS_CALLER = Integer.MIN_VALUE;

    Zsock(NetStack stack, Actor who) {
        this.stack = stack;
        this.who = who;
        this.monitor = stack.monitor;
        this.fds = stack.fds;
        this.kinds = stack.kinds;
        this.poller = new Poller(stack.monitor, stack.fds, stack.waiter);
        this.resolver = stack.resolver;
    }

    /**
     * A new socket's fd, created by the first registered {@link SocketKind} that takes (family,
     * type, proto): AF_INET and AF_INET6 SOCK_DGRAM (proto 0 or IPPROTO_UDP) and SOCK_STREAM (proto 0
     * or IPPROTO_TCP) are built in, TLS registers ahead of them ({@link NetStack#socketKinds()}).
     * Unsupported families give -EAFNOSUPPORT, an unknown type -EPROTOTYPE (checked before the
     * protocol, as Zephyr does), a protocol that does not fit the type -EOPNOTSUPP, an unknown
     * protocol -EPROTONOSUPPORT (Zephyr's register test); a full fd table -ENFILE; no free UDP or
     * TCP object -ENOENT (Zephyr's net_context_get).
     */
    public int socket(int family, int type, int proto) {
        synchronized (monitor) {
            int me = who.id();
            if (me == Owners.RELEASED) {
                return -Errno.EPERM;
            }
            return stamp(kinds.socket(family, type, proto), me);
        }
    }

    public int socketpair(int family, int type, int proto, int[] sv) {
        synchronized (monitor) {
            int me = who.id();
            if (me == Owners.RELEASED) {
                return -Errno.EPERM;
            }
            int r = stack.pairs.create(family, type, proto, sv);
            if (r >= 0) {
                stamp(sv[0], me);
                stamp(sv[1], me);
            }
            return r;
        }
    }

    /**
     * Zephyr's zsock_get_context_object: the opaque object for fd that {@link #grant} and
     * {@link #revoke} take, or null for a bad fd or one this view may not use.
     */
    public Object getContextObject(int fd) {
        synchronized (monitor) {
            return fds.ops(fd, who.id()) == null ? null : fds.handle(fd);
        }
    }

    /**
     * k_object_access_grant: other (an owner object, registered if new) may use the socket from its
     * next call on. 0; -EBADF when handle is not from {@link #getContextObject} or names an fd this
     * view may not use (now closed, or revoked); -ENOMEM when the owner table is full, -ESRCH for an
     * owner being released. Without ownership every caller has access already and this is 0.
     */
    public int grant(Object handle, Object other) {
        return permission(handle, other, true);
    }

    /**
     * k_object_access_revoke: other's next call on the socket is -EBADF; a call of other already
     * blocked on it goes on (Zephyr checks permission when a call enters). The owner itself cannot
     * be revoked (-EINVAL); an owner without a grant is 0.
     */
    public int revoke(Object handle, Object other) {
        return permission(handle, other, false);
    }

    private int permission(Object handle, Object other, boolean grant) {
        if (other == null) {
            return -Errno.EINVAL;
        }
        synchronized (monitor) {
            int fd = fds.fdOf(handle);
            if (fd < 0 || fds.ops(fd, who.id()) == null) {
                return -Errno.EBADF;
            }
            Owners owners = stack.ownership.owners;
            if (owners == null) {
                return 0;
            }
            int id = grant ? owners.register(other) : owners.idOf(other);
            if (id < 0) {
                return grant ? id : 0;
            }
            if (fds.ownerOf(fd) == id) {
                return grant ? 0 : -Errno.EINVAL;
            }
            if (grant) {
                fds.grant(fd, id);
            } else {
                fds.revoke(fd, id);
            }
            return 0;
        }
    }

    /** The owner-slot generation this view was made for (NetStack reuses a view only for the same one). */
    int ownerGeneration() {
        return who.generation();
    }

    /** Gives a just-created fd to the caller; a result that is not an fd passes through. Monitor held. */
    private int stamp(int fd, int me) {
        if (fd >= 0 && who.stamps()) {
            fds.setOwner(fd, me);
        }
        return fd;
    }

    /**
     * Closes the fd; threads blocked on it return -EINTR (Zephyr's close wakes them). A kind that
     * runs outside the monitor is closed after its fd is freed, so its close (a TLS close_notify)
     * never holds the monitor while it sends.
     */
    public int close(int fd) {
        return closeFd(fd, AS_CALLER);
    }

    /**
     * close's body. With requiredOwner an owner id (release's sweep, or {@link Owners#NOBODY} for an
     * accepted fd not handed out) it closes fd only if that owner holds it, else -EBADF; with
     * {@link #AS_CALLER}, if this view's caller may use it.
     */
    int closeFd(int fd, int requiredOwner) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            if (requiredOwner == AS_CALLER) {
                ops = fds.ops(fd, who.id());
            } else {
                ops = fd >= 0 && fd < fds.capacity() && fds.ownerOf(fd) == requiredOwner ? fds.ops(fd) : null;
            }
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                int r = ops.close(obj);
                fds.free(fd);
                stack.waiter.wakeAll();
                return r;
            }
            fds.free(fd);
            stack.waiter.wakeAll();
        }
        return ops.close(obj);
    }

    public int bind(int fd, SockAddr a) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            if (a == null) {
                return -Errno.EFAULT;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.bind(obj, a);
            }
        }
        return ops.bind(obj, a);
    }

    public int connect(int fd, SockAddr a) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            if (a == null) {
                return -Errno.EFAULT;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.connect(obj, a);
            }
        }
        return ops.connect(obj, a);
    }

    public int listen(int fd, int backlog) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.listen(obj, backlog);
            }
        }
        return ops.listen(obj, backlog);
    }

    public int accept(int fd, SockAddr peerOutOrNull) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return adopt(ops.accept(obj, peerOutOrNull));
            }
        }
        return adopt(ops.accept(obj, peerOutOrNull));
    }

    /**
     * An accepted fd becomes the caller's (it was NOBODY's while the accept ran, which may have waited
     * or, for a kind outside the monitor, opened it in a section of its own); if the caller was
     * released meanwhile, the fd is closed and the accept is -EINTR, as its other blocked calls are.
     */
    private int adopt(int fd) {
        if (fd < 0 || !who.stamps()) {
            return fd;
        }
        synchronized (monitor) {
            int me = who.id();
            if (me != Owners.RELEASED) {
                if (fds.ownerOf(fd) == Owners.NOBODY) {
                    fds.setOwner(fd, me);
                }
                return fd;
            }
        }
        closeFd(fd, Owners.NOBODY);
        return -Errno.EINTR;
    }

    public int send(int fd, byte[] b, int off, int len, int flags) {
        return sendto(fd, b, off, len, flags, null);
    }

    /** A kind outside the monitor delivers loopback itself after its inner send (SocketHost.deliverLoopbackNow). */
    public int sendto(int fd, byte[] b, int off, int len, int flags, SockAddr dstOrNull) {
        int bad = checkRange(b, off, len);
        if (bad < 0) {
            return bad;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                int r = ops.sendto(obj, b, off, len, flags, dstOrNull);
                stack.deliverLoopbackNow();
                return r;
            }
        }
        return ops.sendto(obj, b, off, len, flags, dstOrNull);
    }

    public int sendmsg(int fd, MsgHdr msg, int flags) {
        int bad = checkMsg(msg);
        if (bad < 0 && msg != null) {
            return bad;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                int r = ops.sendmsg(obj, msg, flags);
                stack.deliverLoopbackNow();
                return r;
            }
        }
        return ops.sendmsg(obj, msg, flags);
    }

    public int recv(int fd, byte[] b, int off, int len, int flags) {
        return recvfrom(fd, b, off, len, flags, null);
    }

    public int recvfrom(int fd, byte[] b, int off, int len, int flags, SockAddr srcOutOrNull) {
        int bad = checkRange(b, off, len);
        if (bad < 0) {
            return bad;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.recvfrom(obj, b, off, len, flags, srcOutOrNull);
            }
        }
        return ops.recvfrom(obj, b, off, len, flags, srcOutOrNull);
    }

    /** recvmsg(NULL) is -EINVAL, a NULL iovec -ENOMEM (Zephyr's udp test_recvmsg_invalid). */
    public int recvmsg(int fd, MsgHdr msg, int flags) {
        if (msg != null && msg.iovBase != null) {
            int bad = checkMsg(msg);
            if (bad < 0) {
                return bad;
            }
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.recvmsg(obj, msg, flags);
            }
        }
        return ops.recvmsg(obj, msg, flags);
    }

    /**
     * SHUT_RD, SHUT_WR, SHUT_RDWR; other values -EINVAL. Zephyr answers SHUT_WR with ENOTSUP; we
     * implement the half-close POSIX describes.
     */
    public int shutdown(int fd, int how) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            if (how < SHUT_RD || how > SHUT_RDWR) {
                return -Errno.EINVAL;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.shutdown(obj, how);
            }
        }
        return ops.shutdown(obj, how);
    }

    public int fcntl(int fd, int cmd, int arg) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.fcntl(obj, cmd, arg);
            }
        }
        return ops.fcntl(obj, cmd, arg);
    }

    /** FIONREAD (argInOut[0] receives the count) and FIONBIO (argInOut[0] != 0 sets O_NONBLOCK). */
    public int ioctl(int fd, int req, int[] argInOut) {
        if (argInOut == null || argInOut.length < 1) {
            return -Errno.EFAULT;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.ioctl(obj, req, argInOut);
            }
        }
        return ops.ioctl(obj, req, argInOut);
    }

    /** Int-valued option. SO_RCVTIMEO/SO_SNDTIMEO take milliseconds here (0: no timeout). */
    public int setsockopt(int fd, int level, int opt, int value) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.setsockopt(obj, level, opt, value);
            }
        }
        return ops.setsockopt(obj, level, opt, value);
    }

    public int getsockopt(int fd, int level, int opt, int[] valueOut) {
        if (valueOut == null || valueOut.length < 1) {
            return -Errno.EFAULT;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.getsockopt(obj, level, opt, valueOut);
            }
        }
        return ops.getsockopt(obj, level, opt, valueOut);
    }

    /** Option as the bytes of its C value (int little-endian, ip_mreqn, ifreq name, timeval, ...). */
    public int setsockopt(int fd, int level, int opt, byte[] v, int off, int len) {
        int bad = checkRange(v, off, len);
        if (bad < 0) {
            return bad;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.setsockopt(obj, level, opt, v, off, len);
            }
        }
        return ops.setsockopt(obj, level, opt, v, off, len);
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
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.getsockopt(obj, level, opt, v, off, lenInOut);
            }
        }
        return ops.getsockopt(obj, level, opt, v, off, lenInOut);
    }

    /**
     * List-valued options (TLS_SEC_TAG_LIST, TLS_CIPHERSUITE_LIST). Under socket ownership a sec tag
     * another owner added and did not grant to this view's owner is -EACCES (see
     * {@link NetStack#setTagAccess}).
     */
    public int setsockopt(int fd, int level, int opt, int[] values, int count) {
        if (values == null || count < 0 || count > values.length) {
            return values == null ? -Errno.EFAULT : -Errno.EINVAL;
        }
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            int me = who.id();
            ops = fds.ops(fd, me);
            if (ops == null) {
                return -Errno.EBADF;
            }
            TagAccess tags = stack.ownership.tagAccess;
            Owners owners = stack.ownership.owners;
            if (level == SOL_TLS && opt == TLS_SEC_TAG_LIST && tags != null && owners != null) {
                int r = tags.check(owners.objectOf(me), values, count);
                if (r < 0) {
                    return r;
                }
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.setsockopt(obj, level, opt, values, count);
            }
        }
        return ops.setsockopt(obj, level, opt, values, count);
    }

    /**
     * Count of ready entries, 0 on timeout (timeoutMs &lt; 0: forever); closed fds give POLLNVAL. A kind that
     * runs outside the monitor (TLS) has its poll update run before each look ({@link Poller}).
     */
    public int poll(PollFd[] set, int nfds, int timeoutMs) {
        if (set == null && nfds == 0) {
            // No entries is a sleep for the timeout, as Zephyr's k_poll with no events and POSIX's poll
            return poller.poll(NO_ENTRIES, 0, timeoutMs, who);
        }
        if (set == null || nfds < 0 || nfds > set.length) {
            return -Errno.EINVAL;
        }
        return poller.poll(set, nfds, timeoutMs, who);
    }

    /**
     * Ready bits left in the sets, 0 on timeout (timeoutMs &lt; 0: forever), -EBADF for a closed fd, -EINVAL for
     * a bad nfds. Unlike Zephyr, whose zvfs_select finds a bad fd only from POLLNVAL after its poll ran the TLS
     * updates of the other fds, the arguments are checked first, as POSIX has it: a failed select leaves the
     * sets and every socket untouched (the returned value is the same either way).
     */
    public int select(int nfds, FdSet r, FdSet w, FdSet e, int timeoutMs) {
        return poller.select(nfds, r, w, e, timeoutMs, who);
    }

    /** Unbound socket: -EINVAL (Zephyr's misc test). */
    public int getsockname(int fd, SockAddr out) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            if (out == null) {
                return -Errno.EFAULT;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.getsockname(obj, out);
            }
        }
        return ops.getsockname(obj, out);
    }

    /** Unconnected socket: -ENOTCONN. */
    public int getpeername(int fd, SockAddr out) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null) {
                return -Errno.EBADF;
            }
            if (out == null) {
                return -Errno.EFAULT;
            }
            obj = fds.obj(fd);
            if (ops.lockRule() == SocketOps.UNDER_MONITOR) {
                return ops.getpeername(obj, out);
            }
        }
        return ops.getpeername(obj, out);
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
     * call blocks until answered (see {@link HostResolver}); on the net thread, which would have to
     * read the answer itself, a name is EAI_FAIL at once.
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

    /** Without NI_NUMERICHOST the address is looked up in DNS (PTR: in-addr.arpa or ip6.arpa); blocks until answered. */
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
