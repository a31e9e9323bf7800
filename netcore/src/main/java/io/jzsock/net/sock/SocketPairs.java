package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.ByteRing;

/**
 * AF_UNIX SOCK_STREAM socketpairs (Zephyr's {@code subsys/net/lib/sockets/socketpair.c}). A pair is
 * two ends; end {@code obj = pair * 2 + side} owns the ring it receives into, and its peer is
 * {@code obj ^ 1}. There is no send queue: a write lands in the peer's ring or not at all, so
 * reads and writes may be partial, a blocking write waits only while the peer's ring is full, and a
 * blocking read only while its own ring is empty and the peer is open.
 *
 * <p>Every method runs under the stack's monitor. A close bumps the end's generation: a thread
 * blocked on that end sees the change when it wakes and returns -EINTR, even if the slot was
 * reused meanwhile. The pair's slot is free again once both ends are closed.
 *
 * <p>Zephyr's answers are kept, including those Linux does not give: bind/connect -EISCONN, listen
 * -EINVAL, shutdown -ENOTSUP, every option -ENOPROTOOPT, a read or write of 0 bytes -EINVAL, and a
 * non-blocking sendmsg larger than the free space -EMSGSIZE. Beyond Zephyr (which ignores recv
 * flags and has no recvmsg for socketpairs): MSG_PEEK and MSG_DONTWAIT are honoured, and recvmsg
 * scatters like read.
 */
public final class SocketPairs extends SocketOps {
    private final ByteRing[] rx;
    private final boolean[] open;
    private final boolean[] nonblock;
    private final int[] generation;
    private final FdTable fds;
    private final Waiter waiter;

    public SocketPairs(int maxPairs, int bufferBytes, FdTable fds, Waiter waiter) {
        int ends = maxPairs * 2;
        rx = new ByteRing[ends];
        for (int i = 0; i < ends; i++) {
            rx[i] = new ByteRing(bufferBytes);
        }
        open = new boolean[ends];
        nonblock = new boolean[ends];
        generation = new int[ends];
        this.fds = fds;
        this.waiter = waiter;
    }

    /**
     * {@code zsock_socketpair}: on success sv[0] and sv[1] hold two connected fds and the result is
     * 0. Checks run in Zephyr's order; out of pairs is -ENOMEM (its slab is empty), out of fds
     * -ENFILE, and a failure keeps nothing.
     */
    public int create(int family, int type, int proto, int[] sv) {
        if (family != ZsockConstants.AF_UNIX) {
            return -Errno.EAFNOSUPPORT;
        }
        if (type != ZsockConstants.SOCK_STREAM) {
            return -Errno.EPROTOTYPE;
        }
        if (proto != 0) {
            return -Errno.EPROTONOSUPPORT;
        }
        if (sv == null || sv.length < 2) {
            return -Errno.EFAULT;
        }
        int a = freeEnd();
        if (a < 0) {
            return -Errno.ENOMEM;
        }
        int fd0 = fds.open(this, a);
        if (fd0 < 0) {
            return -Errno.ENFILE;
        }
        int fd1 = fds.open(this, a + 1);
        if (fd1 < 0) {
            fds.free(fd0);
            return -Errno.ENFILE;
        }
        for (int e = a; e <= a + 1; e++) {
            rx[e].clear();
            nonblock[e] = false;
            open[e] = true;
        }
        sv[0] = fd0;
        sv[1] = fd1;
        return 0;
    }

    /** Pairs with at least one end still open. */
    public int pairsInUse() {
        int n = 0;
        for (int e = 0; e < open.length; e += 2) {
            if (open[e] || open[e + 1]) {
                n++;
            }
        }
        return n;
    }

    private int freeEnd() {
        for (int e = 0; e < open.length; e += 2) {
            if (!open[e] && !open[e + 1]) {
                return e;
            }
        }
        return -1;
    }

    private boolean dontWait(int obj, int flags) {
        return nonblock[obj] || (flags & ZsockConstants.MSG_DONTWAIT) != 0;
    }

    /**
     * Waits for a state change on obj. Returns 0, or -EINTR when obj was closed meanwhile (its
     * generation moved) or the thread was interrupted.
     */
    private int await(int obj, int gen) {
        if (!waiter.await(Waiter.FOREVER) || generation[obj] != gen) {
            return -Errno.EINTR;
        }
        return 0;
    }

    /**
     * Blocks (unless obj or flags say not to) until obj has bytes to read or its peer is gone.
     * Returns the bytes readable, 0 at end of stream, or a negative errno.
     */
    private int awaitReadable(int obj, int flags) {
        int gen = generation[obj];
        while (true) {
            int avail = rx[obj].size();
            if (avail > 0) {
                return avail;
            }
            if (!open[obj ^ 1]) {
                return 0;
            }
            if (dontWait(obj, flags)) {
                return -Errno.EAGAIN;
            }
            int r = await(obj, gen);
            if (r < 0) {
                return r;
            }
        }
    }

    /**
     * Blocks (unless obj or flags say not to) until the peer's ring has room. Returns the free
     * bytes or a negative errno: -EPIPE once the peer is closed, as Zephyr's SPAIR_SIG_CANCEL.
     */
    private int awaitWritable(int obj, int flags, int gen) {
        while (true) {
            int peer = obj ^ 1;
            if (!open[peer]) {
                return -Errno.EPIPE;
            }
            int free = rx[peer].free();
            if (free > 0) {
                return free;
            }
            if (dontWait(obj, flags)) {
                return -Errno.EAGAIN;
            }
            int r = await(obj, gen);
            if (r < 0) {
                return r;
            }
        }
    }

    private int read(int obj, byte[] b, int off, int len, int flags) {
        if (!open[obj]) {
            return -Errno.EBADF;
        }
        if (len == 0) {
            return -Errno.EINVAL;
        }
        int r = awaitReadable(obj, flags);
        if (r <= 0) {
            return r;
        }
        if ((flags & ZsockConstants.MSG_PEEK) != 0) {
            return rx[obj].peek(0, b, off, len);
        }
        int n = rx[obj].read(b, off, len);
        waiter.wakeAll();
        return n;
    }

    private int write(int obj, byte[] b, int off, int len, int flags) {
        if (!open[obj]) {
            return -Errno.EBADF;
        }
        if (len == 0) {
            return -Errno.EINVAL;
        }
        int r = awaitWritable(obj, flags, generation[obj]);
        if (r < 0) {
            return r;
        }
        int n = rx[obj ^ 1].write(b, off, len);
        waiter.wakeAll();
        return n;
    }

    @Override
    public int bind(int obj, SockAddr a) {
        return -Errno.EISCONN;
    }

    @Override
    public int connect(int obj, SockAddr a) {
        return -Errno.EISCONN;
    }

    @Override
    public int listen(int obj, int backlog) {
        return -Errno.EINVAL;
    }

    @Override
    public int accept(int obj, SockAddr peerOut) {
        return -Errno.EOPNOTSUPP;
    }

    /** Zephyr's socketpair vtable has no shutdown, so zsock_shutdown answers ENOTSUP. */
    @Override
    public int shutdown(int obj, int how) {
        return -Errno.ENOTSUP;
    }

    @Override
    public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr dst) {
        return write(obj, b, off, len, flags);
    }

    /** A connected AF_UNIX socket has no source address: src is cleared, as Zephyr sets addrlen 0. */
    @Override
    public int recvfrom(int obj, byte[] b, int off, int len, int flags, SockAddr src) {
        if (src != null) {
            src.clear();
        }
        return read(obj, b, off, len, flags);
    }

    /**
     * Gathers the slices into the peer's ring. Non-blocking, it is all or -EMSGSIZE (Zephyr);
     * blocking, it waits for room until every byte is written, and if the peer goes or the end is
     * closed part-way it returns the bytes already written.
     */
    @Override
    public int sendmsg(int obj, MsgHdr msg, int flags) {
        if (!open[obj]) {
            return -Errno.EBADF;
        }
        if (msg == null || (msg.iovCount > 0 && msg.iovBase == null)) {
            return -Errno.EINVAL;
        }
        int peer = obj ^ 1;
        if (!open[peer]) {
            return -Errno.EPIPE;
        }
        int total = msg.totalLength();
        if (total == 0) {
            return 0;
        }
        if (dontWait(obj, flags) && total > rx[peer].free()) {
            return -Errno.EMSGSIZE;
        }
        int gen = generation[obj];
        int written = 0;
        for (int i = 0; i < msg.iovCount; i++) {
            int done = 0;
            int len = msg.iovLen[i];
            while (done < len) {
                int r = awaitWritable(obj, flags, gen);
                if (r < 0) {
                    return written > 0 ? written : r;
                }
                int n = rx[peer].write(msg.iovBase[i], msg.iovOff[i] + done, len - done);
                done += n;
                written += n;
                waiter.wakeAll();
            }
        }
        return written;
    }

    /** Scatters what is buffered over the slices, blocking as read does; no control data. */
    @Override
    public int recvmsg(int obj, MsgHdr msg, int flags) {
        if (!open[obj]) {
            return -Errno.EBADF;
        }
        if (msg == null) {
            return -Errno.EINVAL;
        }
        if (msg.iovBase == null) {
            return -Errno.ENOMEM;
        }
        msg.controlLen = 0;
        msg.flags = 0;
        if (msg.totalLength() == 0) {
            return 0;
        }
        int r = awaitReadable(obj, flags);
        if (r <= 0) {
            return r;
        }
        ByteRing ring = rx[obj];
        int copied = 0;
        for (int i = 0; i < msg.iovCount && copied < r; i++) {
            copied += ring.peek(copied, msg.iovBase[i], msg.iovOff[i], msg.iovLen[i]);
        }
        if ((flags & ZsockConstants.MSG_PEEK) == 0) {
            ring.discard(copied);
            waiter.wakeAll();
        }
        return copied;
    }

    @Override
    public int setsockopt(int obj, int level, int opt, int value) {
        return -Errno.ENOPROTOOPT;
    }

    @Override
    public int setsockopt(int obj, int level, int opt, byte[] v, int off, int len) {
        return -Errno.ENOPROTOOPT;
    }

    @Override
    public int getsockopt(int obj, int level, int opt, int[] valueOut) {
        return -Errno.ENOPROTOOPT;
    }

    @Override
    public int getsockopt(int obj, int level, int opt, byte[] v, int off, int[] lenInOut) {
        return -Errno.ENOPROTOOPT;
    }

    /** F_GETFL/F_SETFL reach Zephyr's spair_ioctl, which answers anything else EOPNOTSUPP. */
    @Override
    public int fcntl(int obj, int cmd, int arg) {
        if (cmd == ZsockConstants.F_GETFL) {
            return nonblock[obj] ? ZsockConstants.O_NONBLOCK : 0;
        }
        if (cmd == ZsockConstants.F_SETFL) {
            nonblock[obj] = (arg & ZsockConstants.O_NONBLOCK) != 0;
            return 0;
        }
        return -Errno.EOPNOTSUPP;
    }

    /**
     * FIONREAD: bytes buffered for this end. FIONBIO: argInOut[0] != 0 sets O_NONBLOCK and 0 clears
     * it (Zephyr's socketpair sets it whatever the argument; POSIX reads the argument).
     */
    @Override
    public int ioctl(int obj, int req, int[] argInOut) {
        if (req != ZsockConstants.FIONREAD && req != ZsockConstants.FIONBIO) {
            return -Errno.EOPNOTSUPP;
        }
        if (argInOut == null || argInOut.length < 1) {
            return -Errno.EFAULT;
        }
        if (req == ZsockConstants.FIONREAD) {
            argInOut[0] = rx[obj].size();
        } else {
            nonblock[obj] = argInOut[0] != 0;
        }
        return 0;
    }

    /**
     * POLLIN when bytes are buffered or the peer is gone (a read returns 0 at once); POLLOUT when
     * the peer is open with room in its ring; POLLHUP once the peer is closed (SP-04).
     */
    @Override
    public int pollEvents(int obj) {
        if (!open[obj]) {
            return ZsockConstants.POLLNVAL;
        }
        int peer = obj ^ 1;
        int ev = 0;
        if (!open[peer]) {
            ev |= ZsockConstants.POLLIN | ZsockConstants.POLLHUP;
        } else {
            if (rx[obj].size() > 0) {
                ev |= ZsockConstants.POLLIN;
            }
            if (rx[peer].free() > 0) {
                ev |= ZsockConstants.POLLOUT;
            }
        }
        return ev;
    }

    /**
     * Drops this end and its unread bytes. The peer keeps what it has buffered, then reads end of
     * stream and writes -EPIPE; threads blocked on this end return -EINTR.
     */
    @Override
    public int close(int obj) {
        if (!open[obj]) {
            return -Errno.EBADF;
        }
        open[obj] = false;
        nonblock[obj] = false;
        generation[obj]++;
        rx[obj].clear();
        waiter.wakeAll();
        return 0;
    }
}
