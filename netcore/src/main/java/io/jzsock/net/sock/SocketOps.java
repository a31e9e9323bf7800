package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;

/**
 * One socket kind's implementation of the zsock calls, Zephyr's {@code socket_op_vtable}: UDP,
 * TCP, socketpair, later TLS. {@link FdTable} dispatches by fd to (ops, obj) so no call tests
 * types; {@code obj} indexes the kind's own state table. The defaults are what Zephyr answers for
 * a call a kind does not support.
 *
 * <p>The lock rule. Netcore's kinds are {@link #UNDER_MONITOR}: every method runs with the stack's
 * monitor held and may wait on it, so the net thread is stopped for as long as a call computes. A
 * kind whose calls compute for long (a TLS handshake's public-key operations, record encryption)
 * declares {@link #OUTSIDE_MONITOR}: Zsock then looks the fd up under the monitor, releases it and
 * calls the kind without it. Such a kind
 * <ul>
 * <li>takes {@link SocketHost#monitor()} itself, only for short sections: calls on its inner
 * socket (which may wait on the monitor, releasing it), reading or publishing its own state;
 * never around crypto;</li>
 * <li>guards its own objects against concurrent calls from several threads, including a close
 * from another thread while a call runs (close reaches the kind after its fd is freed);</li>
 * <li>calls {@link SocketHost#deliverLoopbackNow()} after sending on its inner socket and
 * {@link SocketHost#wakeAll()} after any change of its readiness;</li>
 * <li>answers {@link #pollEvents} under the monitor, as every kind does (the {@link Poller} holds
 * it), from published state, without computing; {@link io.jzsock.net.NetStack#stop()} also closes
 * it with the monitor held;</li>
 * <li>may do the computing poll needs in {@link #pollUpdate}, which poll and select call without the
 * monitor before they read {@link #pollEvents};</li>
 * <li>adds {@link #UPDATE_PENDING} to {@link #pollEvents} when what it must process first (a record that
 * completed since the update) would change the answer.</li>
 * </ul>
 *
 * <p>Arguments are already checked by the API layer: buffers are non-null with valid ranges.
 */
public abstract class SocketOps {
    /** Calls run with the stack's monitor held (netcore's kinds). */
    public static final int UNDER_MONITOR = 0;
    /** Calls run without the monitor; the kind takes it itself for short sections. */
    public static final int OUTSIDE_MONITOR = 1;

    /**
     * Not a POLL* bit: from {@link #pollEvents} of an {@link #OUTSIDE_MONITOR} kind, "{@link #pollUpdate} has
     * something to process that may change these events" (a TLS record that completed after the update ran).
     * A poll that asks POLLIN of that fd, or a select that has it in the read set, then reports nothing yet: it
     * runs the updates and looks again, as Zephyr's poll updates from what it processed after its wait. The
     * kind sets it only when its next pollUpdate(obj, POLLIN) will process something, so every round makes
     * progress and a record that carries no application data (a TLS 1.3 ticket) is processed, then not reported.
     */
    public static final int UPDATE_PENDING = 0x40000000;

    private final int lockRule;

    protected SocketOps() {
        this(UNDER_MONITOR);
    }

    /** lockRule: {@link #UNDER_MONITOR} or {@link #OUTSIDE_MONITOR}. */
    protected SocketOps(int lockRule) {
        if (lockRule != UNDER_MONITOR && lockRule != OUTSIDE_MONITOR) {
            throw new IllegalArgumentException("lock rule " + lockRule);
        }
        this.lockRule = lockRule;
    }

    /** How Zsock calls this kind: {@link #UNDER_MONITOR} or {@link #OUTSIDE_MONITOR}. */
    public final int lockRule() {
        return lockRule;
    }

    public int bind(int obj, SockAddr a) {
        return -Errno.EOPNOTSUPP;
    }

    public int connect(int obj, SockAddr a) {
        return -Errno.EOPNOTSUPP;
    }

    public int listen(int obj, int backlog) {
        return -Errno.EOPNOTSUPP;
    }

    /** Returns a new fd (the kind allocates it through the fd table) or a negative errno. */
    public int accept(int obj, SockAddr peerOut) {
        return -Errno.EOPNOTSUPP;
    }

    public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr dst) {
        return -Errno.EOPNOTSUPP;
    }

    public int sendmsg(int obj, MsgHdr msg, int flags) {
        return -Errno.EOPNOTSUPP;
    }

    public int recvfrom(int obj, byte[] b, int off, int len, int flags, SockAddr src) {
        return -Errno.EOPNOTSUPP;
    }

    public int recvmsg(int obj, MsgHdr msg, int flags) {
        return -Errno.EOPNOTSUPP;
    }

    public int shutdown(int obj, int how) {
        return -Errno.EOPNOTSUPP;
    }

    public int setsockopt(int obj, int level, int opt, int value) {
        return -Errno.ENOPROTOOPT;
    }

    public int getsockopt(int obj, int level, int opt, int[] valueOut) {
        return -Errno.ENOPROTOOPT;
    }

    /**
     * Struct-valued options. The default decodes a 4-byte little-endian int and defers to the int form,
     * so kinds only override this for options whose value is a struct.
     */
    public int setsockopt(int obj, int level, int opt, byte[] v, int off, int len) {
        if (len != 4) {
            return -Errno.EINVAL;
        }
        return setsockopt(obj, level, opt, OptionCodec.getInt(v, off));
    }

    /** The default encodes the int form into 4 little-endian bytes; lenInOut[0] is updated. */
    public int getsockopt(int obj, int level, int opt, byte[] v, int off, int[] lenInOut) {
        if (lenInOut[0] < 4) {
            return -Errno.EINVAL;
        }
        int[] tmp = scratch;
        int r = getsockopt(obj, level, opt, tmp);
        if (r < 0) {
            return r;
        }
        OptionCodec.putInt(v, off, tmp[0]);
        lenInOut[0] = 4;
        return 0;
    }

    /** Lists (TLS_SEC_TAG_LIST, TLS_CIPHERSUITE_LIST): none at this layer. */
    public int setsockopt(int obj, int level, int opt, int[] values, int count) {
        return -Errno.ENOPROTOOPT;
    }

    public int getsockname(int obj, SockAddr out) {
        return -Errno.EOPNOTSUPP;
    }

    public int getpeername(int obj, SockAddr out) {
        return -Errno.EOPNOTSUPP;
    }

    /** F_GETFL/F_SETFL: only O_NONBLOCK is meaningful (Zephyr's zsock_fcntl_impl). */
    public abstract int fcntl(int obj, int cmd, int arg);

    public abstract int ioctl(int obj, int req, int[] argInOut);

    /** The POLL* bits that are true now (POLLIN, POLLOUT, POLLERR, POLLHUP), and {@link #UPDATE_PENDING}. */
    public abstract int pollEvents(int obj);

    /**
     * For an {@link #OUTSIDE_MONITOR} kind only: poll and select call it without the monitor, before each
     * reading of {@link #pollEvents} (on entry and after every wake-up), with the events asked for, so the
     * kind can process what its inner socket holds (Zephyr's ZFD_IOCTL_POLL_UPDATE, where sockets_tls reads a
     * buffered record). It must not block; obj may have been closed meanwhile.
     */
    public void pollUpdate(int obj, int events) {
    }

    /** Releases the object; wakes threads blocked on it, which then return -EINTR. */
    public abstract int close(int obj);

    private final int[] scratch = new int[1];
}
