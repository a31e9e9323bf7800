package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;

/**
 * One socket kind's implementation of the zsock calls, Zephyr's {@code socket_op_vtable}: UDP,
 * socketpair, later TCP and TLS. {@link FdTable} dispatches by fd to (ops, obj) so no call tests
 * types; {@code obj} indexes the kind's own state table. Every method runs with the stack's monitor
 * held and may wait on it. The defaults are what Zephyr answers for a call a kind does not support.
 *
 * <p>Arguments are already checked by the API layer: buffers are non-null with valid ranges.
 */
public abstract class SocketOps {
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

    /** The POLL* bits that are true now (POLLIN, POLLOUT, POLLERR, POLLHUP). */
    public abstract int pollEvents(int obj);

    /** Releases the object; wakes threads blocked on it, which then return -EINTR. */
    public abstract int close(int obj);

    private final int[] scratch = new int[1];
}
