package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;
import io.jzsock.net.PollFd;
import io.jzsock.net.ZsockConstants;

/**
 * poll() and select() over any mix of socket kinds: readiness comes from each kind's
 * {@link SocketOps#pollEvents}, waiting is on the stack's monitor, so a datagram, a socketpair
 * write or a close from any thread wakes every poller (Zephyr's {@code zvfs_poll}). Runs with
 * the monitor held. A closed fd reports POLLNVAL (poll) or -EBADF (select), never a hang; so does an
 * fd the caller may not use under socket ownership (Zephyr's zvfs_poll finds no vtable for it). A
 * poll or select of an owner that is released while it waits returns -EINTR.
 */
public final class Poller {
    private static final int ALWAYS = ZsockConstants.POLLERR | ZsockConstants.POLLHUP | ZsockConstants.POLLNVAL;
    private static final int READABLE = ZsockConstants.POLLIN | ZsockConstants.POLLERR | ZsockConstants.POLLHUP;
    private static final int WRITABLE = ZsockConstants.POLLOUT | ZsockConstants.POLLERR | ZsockConstants.POLLHUP;

    /** {@link #pollOnce} and {@link #selectOnce}: woken before the deadline, the caller looks again. */
    public static final int WOKEN = Integer.MIN_VALUE;

    private final FdTable fds;
    private final Waiter waiter;

    public Poller(FdTable fds, Waiter waiter) {
        this.fds = fds;
        this.waiter = waiter;
    }

    /** Number of entries with events, 0 on timeout; timeoutMs < 0 waits forever. */
    public int poll(PollFd[] set, int n, int timeoutMs, Actor who) {
        long deadline = timeoutMs == 0 ? 0 : waiter.deadline(timeoutMs);
        boolean waited = false;
        while (true) {
            int r = pollOnce(set, n, deadline, timeoutMs == 0, who, waited);
            if (r != WOKEN) {
                return r;
            }
            waited = true;
        }
    }

    /**
     * One look at the set and, if nothing is ready and now is false, one wait until a wake-up or the deadline:
     * the count of ready entries, 0 at the deadline, -EINTR (also for an owner released while it waited), or
     * {@link #WOKEN} (the caller may drop the monitor, run kinds' {@link SocketOps#pollUpdate}, and call again
     * with waited set). Evaluation and wait are one monitor hold, so no wake-up is lost between them.
     */
    public int pollOnce(PollFd[] set, int n, long deadline, boolean now, Actor who, boolean waited) {
        int me = who.id();
        if (waited && me == Owners.RELEASED) {
            return -Errno.EINTR;
        }
        int ready = 0;
        for (int i = 0; i < n; i++) {
            PollFd p = set[i];
            if (p == null || p.fd < 0) {
                if (p != null) {
                    p.revents = 0;
                }
                continue;
            }
            SocketOps ops = fds.ops(p.fd, me);
            p.revents = ops == null ? ZsockConstants.POLLNVAL
                    : ops.pollEvents(fds.obj(p.fd)) & (p.events | ALWAYS);
            if (p.revents != 0) {
                ready++;
            }
        }
        if (ready > 0 || now) {
            return ready;
        }
        if (!waiter.await(deadline)) {
            return Thread.currentThread().isInterrupted() ? -Errno.EINTR : 0;
        }
        return WOKEN;
    }

    /**
     * Number of bits left set across the three sets, 0 on timeout, -EBADF if a set names a closed
     * fd, -EINVAL for a bad nfds. Readable includes error and hang-up, as a read would not block.
     */
    public int select(int nfds, FdSet r, FdSet w, FdSet e, int timeoutMs, Actor who) {
        long deadline = timeoutMs == 0 ? 0 : waiter.deadline(timeoutMs);
        boolean waited = false;
        while (true) {
            int n = selectOnce(nfds, r, w, e, deadline, timeoutMs == 0, who, waited);
            if (n != WOKEN) {
                return n;
            }
            waited = true;
        }
    }

    /** select's {@link #pollOnce}: the count, 0 at the deadline, -EBADF, -EINVAL, -EINTR or {@link #WOKEN}. */
    public int selectOnce(int nfds, FdSet r, FdSet w, FdSet e, long deadline, boolean now, Actor who, boolean waited) {
        if (nfds < 0 || nfds > ZsockConstants.FD_SETSIZE) {
            return -Errno.EINVAL;
        }
        int me = who.id();
        if (waited && me == Owners.RELEASED) {
            return -Errno.EINTR;
        }
        if (anyBad(nfds, r, w, e, me)) {
            return -Errno.EBADF;
        }
        int ready = scan(nfds, r, w, e, false, me);
        if (ready > 0 || now) {
            return scan(nfds, r, w, e, true, me);
        }
        if (!waiter.await(deadline)) {
            if (Thread.currentThread().isInterrupted()) {
                return -Errno.EINTR;
            }
            return scan(nfds, r, w, e, true, me);
        }
        return WOKEN;
    }

    private boolean anyBad(int nfds, FdSet r, FdSet w, FdSet e, int me) {
        for (int fd = 0; fd < nfds; fd++) {
            if (requested(fd, r, w, e) && fds.ops(fd, me) == null) {
                return true;
            }
        }
        return false;
    }

    private static boolean requested(int fd, FdSet r, FdSet w, FdSet e) {
        return (r != null && r.isSet(fd)) || (w != null && w.isSet(fd)) || (e != null && e.isSet(fd));
    }

    /** Counts ready bits; with update, clears the bits of sets that are not ready. */
    private int scan(int nfds, FdSet r, FdSet w, FdSet e, boolean update, int me) {
        int count = 0;
        for (int fd = 0; fd < nfds; fd++) {
            if (!requested(fd, r, w, e)) {
                continue;
            }
            SocketOps ops = fds.ops(fd, me);
            int ev = ops == null ? ZsockConstants.POLLNVAL : ops.pollEvents(fds.obj(fd));
            count += mark(r, fd, (ev & READABLE) != 0, update);
            count += mark(w, fd, (ev & WRITABLE) != 0, update);
            count += mark(e, fd, (ev & ZsockConstants.POLLERR) != 0, update);
        }
        return count;
    }

    private static int mark(FdSet set, int fd, boolean ready, boolean update) {
        if (set == null || !set.isSet(fd)) {
            return 0;
        }
        if (!ready && update) {
            set.clr(fd);
        }
        return ready ? 1 : 0;
    }
}
