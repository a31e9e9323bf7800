package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;
import io.jzsock.net.PollFd;
import io.jzsock.net.ZsockConstants;

/**
 * poll() and select() over any mix of socket kinds: readiness comes from each kind's
 * {@link SocketOps#pollEvents}, waiting is on the stack's monitor, so a datagram, a socketpair
 * write or a close from any thread wakes every poller (Zephyr's {@code zvfs_poll}). A closed fd reports
 * POLLNVAL (poll) or -EBADF (select), never a hang; so does an fd the caller may not use under socket
 * ownership (Zephyr's zvfs_poll finds no vtable for it). A poll or select of an owner that is released
 * while it waits returns -EINTR.
 *
 * <p>Called without the monitor. One loop serves both calls: look, wait, look again. A set of netcore's
 * kinds is looked at and waited for in one monitor hold; a set with a kind that runs
 * {@link SocketOps#OUTSIDE_MONITOR} has that kind's {@link SocketOps#pollUpdate} run, without the monitor,
 * before each look (on entry and after every wake-up), and again, with no wait, when a look finds
 * {@link SocketOps#UPDATE_PENDING} (a record that completed between the update and the look). Each look and
 * its wait are one monitor hold, so no wake-up is lost between them.
 */
public final class Poller {
    private static final int ALWAYS = ZsockConstants.POLLERR | ZsockConstants.POLLHUP | ZsockConstants.POLLNVAL;
    private static final int READABLE = ZsockConstants.POLLIN | ZsockConstants.POLLERR | ZsockConstants.POLLHUP;
    private static final int WRITABLE = ZsockConstants.POLLOUT | ZsockConstants.POLLERR | ZsockConstants.POLLHUP;

    /** A look's answer: woken before the deadline, or an update is pending: update and look again. */
    private static final int WOKEN = Integer.MIN_VALUE;

    private final Object monitor;
    private final FdTable fds;
    private final Waiter waiter;

    public Poller(Object monitor, FdTable fds, Waiter waiter) {
        this.monitor = monitor;
        this.fds = fds;
        this.waiter = waiter;
    }

    /** Number of entries with events, 0 on timeout; timeoutMs &lt; 0 waits forever. The caller checked set and n. */
    public int poll(PollFd[] set, int n, int timeoutMs, Actor who) {
        return await(set, n, null, null, null, timeoutMs, who);
    }

    /**
     * Number of bits left set across the three sets, 0 on timeout, -EBADF if a set names a closed
     * fd, -EINVAL for a bad nfds. Readable includes error and hang-up, as a read would not block.
     */
    public int select(int nfds, FdSet r, FdSet w, FdSet e, int timeoutMs, Actor who) {
        return await(null, nfds, r, w, e, timeoutMs, who);
    }

    /** The loop of poll (set non-null) and select (the fd sets). */
    private int await(PollFd[] set, int n, FdSet r, FdSet w, FdSet e, int timeoutMs, Actor who) {
        boolean now = timeoutMs == 0;
        long deadline = 0;
        boolean started = false;
        boolean waited = false;
        boolean updated = false;
        while (true) {
            synchronized (monitor) {
                if (!started) {
                    // select's -EINVAL and -EBADF before any update: an invalid call has no side effect
                    int bad = set != null ? 0 : selectArguments(n, r, w, e, who.id());
                    if (bad < 0) {
                        return bad;
                    }
                    deadline = now ? 0 : waiter.deadline(timeoutMs);
                    started = true;
                }
                while (updated || !updatesNeeded(set, n, r, who.id())) {
                    updated = false;
                    int ready = set != null ? pollOnce(set, n, deadline, now, who, waited)
                            : selectOnce(n, r, w, e, deadline, now, who, waited);
                    if (ready != WOKEN) {
                        return ready;
                    }
                    waited = true;
                }
            }
            update(set, n, r, who);
            updated = true;
        }
    }

    /**
     * One look at the set and, if nothing is ready and now is false, one wait until a wake-up or the deadline:
     * the count of ready entries, 0 at the deadline, -EINTR (also for an owner released while it waited), or
     * {@link #WOKEN} (also, without a wait, for an update pending).
     */
    private int pollOnce(PollFd[] set, int n, long deadline, boolean now, Actor who, boolean waited) {
        int me = who.id();
        if (waited && me == Owners.RELEASED) {
            return -Errno.EINTR;
        }
        int ready = 0;
        boolean pending = false;
        for (int i = 0; i < n; i++) {
            PollFd p = set[i];
            if (p == null || p.fd < 0) {
                if (p != null) {
                    p.revents = 0;
                }
                continue;
            }
            SocketOps ops = fds.ops(p.fd, me);
            if (ops == null) {
                p.revents = ZsockConstants.POLLNVAL;
            } else {
                int ev = ops.pollEvents(fds.obj(p.fd));
                pending |= updatePending(ops, ev, p.events);
                // only POLL* bits: UPDATE_PENDING is the kind's word to this loop, even if events names it
                p.revents = ev & (p.events | ALWAYS) & ~SocketOps.UPDATE_PENDING;
            }
            if (p.revents != 0) {
                ready++;
            }
        }
        if (pending) {
            return WOKEN;
        }
        if (ready > 0 || now) {
            return ready;
        }
        if (!waiter.await(deadline)) {
            return Thread.currentThread().isInterrupted() ? -Errno.EINTR : 0;
        }
        return WOKEN;
    }

    /** select's {@link #pollOnce}: the count, 0 at the deadline, -EBADF, -EINVAL, -EINTR or {@link #WOKEN}. */
    private int selectOnce(int nfds, FdSet r, FdSet w, FdSet e, long deadline, boolean now, Actor who, boolean waited) {
        int me = who.id();
        if (waited && me == Owners.RELEASED) {
            return -Errno.EINTR;
        }
        int bad = selectArguments(nfds, r, w, e, me);
        if (bad < 0) {
            return bad;
        }
        int ready = scan(nfds, r, w, e, false, me);
        if (ready == WOKEN) {
            return WOKEN;
        }
        if (ready > 0 || now) {
            return scan(nfds, r, w, e, true, me);
        }
        if (!waiter.await(deadline)) {
            if (Thread.currentThread().isInterrupted()) {
                return -Errno.EINTR;
            }
            // await waited not at all (the deadline had passed): the look above, in this hold, stands; clear the sets
            return scan(nfds, r, w, e, true, me);
        }
        return WOKEN;
    }

    /**
     * Does this entry's answer wait for its kind's poll update? Only where the loop runs updates (a kind
     * outside the monitor, POLLIN asked), so a pending bit can never make it spin without one.
     */
    private static boolean updatePending(SocketOps ops, int ev, int events) {
        return (ev & SocketOps.UPDATE_PENDING) != 0 && (events & ZsockConstants.POLLIN) != 0
                && ops.lockRule() == SocketOps.OUTSIDE_MONITOR;
    }

    /**
     * Under the monitor: does an entry asked for reading (poll's POLLIN, select's read set) name a kind that
     * wants {@link SocketOps#pollUpdate}?
     */
    private boolean updatesNeeded(PollFd[] set, int n, FdSet readers, int me) {
        if (set != null) {
            for (int i = 0; i < n; i++) {
                if (set[i] != null && set[i].fd >= 0 && (set[i].events & ZsockConstants.POLLIN) != 0
                        && outsideMonitor(set[i].fd, me)) {
                    return true;
                }
            }
            return false;
        }
        for (int fd = 0; readers != null && fd < n && fd < ZsockConstants.FD_SETSIZE; fd++) {
            if (readers.isSet(fd) && outsideMonitor(fd, me)) {
                return true;
            }
        }
        return false;
    }

    private boolean outsideMonitor(int fd, int me) {
        SocketOps ops = fds.ops(fd, me);
        return ops != null && ops.lockRule() == SocketOps.OUTSIDE_MONITOR;
    }

    /** Without the monitor: the poll update of every entry (poll) or every fd of the read set (select). */
    private void update(PollFd[] set, int n, FdSet readers, Actor who) {
        if (set != null) {
            for (int i = 0; i < n; i++) {
                if (set[i] != null && set[i].fd >= 0) {
                    update(set[i].fd, set[i].events, who);
                }
            }
            return;
        }
        for (int fd = 0; fd < n && fd < ZsockConstants.FD_SETSIZE; fd++) {
            if (readers.isSet(fd)) {
                update(fd, ZsockConstants.POLLIN, who);
            }
        }
    }

    /** Without the monitor: the kind's poll update for fd, if it runs outside the monitor and the caller may use fd. */
    private void update(int fd, int events, Actor who) {
        SocketOps ops;
        int obj;
        synchronized (monitor) {
            ops = fds.ops(fd, who.id());
            if (ops == null || ops.lockRule() != SocketOps.OUTSIDE_MONITOR) {
                return;
            }
            obj = fds.obj(fd);
        }
        ops.pollUpdate(obj, events);
    }

    /**
     * Under the monitor: -EINVAL for nfds outside 0..FD_SETSIZE, -EBADF if a set names an fd that is closed
     * (or that the caller may not use), else 0. Asked on entry and at every look: an fd may close meanwhile.
     */
    private int selectArguments(int nfds, FdSet r, FdSet w, FdSet e, int me) {
        if (nfds < 0 || nfds > ZsockConstants.FD_SETSIZE) {
            return -Errno.EINVAL;
        }
        for (int fd = 0; fd < nfds; fd++) {
            if (requested(fd, r, w, e) && fds.ops(fd, me) == null) {
                return -Errno.EBADF;
            }
        }
        return 0;
    }

    private static boolean requested(int fd, FdSet r, FdSet w, FdSet e) {
        return (r != null && r.isSet(fd)) || (w != null && w.isSet(fd)) || (e != null && e.isSet(fd));
    }

    /**
     * Counts ready bits; with update, clears the bits of sets that are not ready. Without update, {@link #WOKEN}
     * as soon as an fd of the read set has an update pending (the sets are left as they are).
     */
    private int scan(int nfds, FdSet r, FdSet w, FdSet e, boolean update, int me) {
        int count = 0;
        for (int fd = 0; fd < nfds; fd++) {
            if (!requested(fd, r, w, e)) {
                continue;
            }
            SocketOps ops = fds.ops(fd, me);
            int ev = ops == null ? ZsockConstants.POLLNVAL : ops.pollEvents(fds.obj(fd));
            if (!update && r != null && r.isSet(fd) && ops != null && updatePending(ops, ev, ZsockConstants.POLLIN)) {
                return WOKEN;
            }
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
