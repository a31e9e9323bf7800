package io.jzsock.net.sock;

import io.jzsock.net.Errno;

/**
 * What a socket kind from another module (TLS in tls-lite) needs from the stack to own fds, and
 * nothing more: the stack's monitor and {@link Waiter}, fds in the same table with the kind's own
 * {@link SocketOps}, inner sockets created through the registry and hidden behind the kind's fd,
 * and the wake-up that pollers and blocked callers wait for.
 *
 * <p>The contract:
 * <ul>
 * <li>Every method here runs with {@link #monitor()} held by the caller; nothing waits.</li>
 * <li>The lock rule of {@link SocketOps}: a kind's calls run with the monitor held, or, when it
 * declares {@link SocketOps#OUTSIDE_MONITOR}, without it; it then takes the monitor itself for
 * short sections only (inner socket I/O, its own state), never around crypto.</li>
 * <li>{@link SocketOps#pollEvents} is always called with the monitor held, by the {@link Poller}, and
 * answers from state the kind publishes under the monitor: it never decrypts or waits.</li>
 * <li>Whenever the kind's readiness changes (a record decrypted, a handshake finished, an error),
 * it calls {@link #wakeAll()} under the monitor; pollers and blocked callers then ask again.
 * Readiness of the inner socket wakes them already (the net thread wakes all after each pass).</li>
 * <li>Closing the kind's fd calls its {@link SocketOps#close}, which closes the inner socket with
 * {@link #closeInner}; {@link io.jzsock.net.NetStack#stop()} does the same for every open fd.</li>
 * </ul>
 */
public final class SocketHost {
    private final Object monitor;
    private final FdTable fds;
    private final Waiter waiter;
    private final SocketKinds kinds;
    private final Runnable flushLoopback;

    /** Built by the stack; flushLoopback delivers what a send queued on loopback right away. */
    public SocketHost(Object monitor, FdTable fds, Waiter waiter, SocketKinds kinds, Runnable flushLoopback) {
        this.monitor = monitor;
        this.fds = fds;
        this.waiter = waiter;
        this.kinds = kinds;
        this.flushLoopback = flushLoopback;
    }

    /** The stack's monitor: every socket state, the fd table and the waiter are guarded by it. */
    public Object monitor() {
        return monitor;
    }

    /** Deadlines and waits on the monitor (the caller holds it). */
    public Waiter waiter() {
        return waiter;
    }

    /** True when {@link #openFd} would succeed: reserve your own object only if an fd is left. */
    public boolean hasFreeFd() {
        return fds.hasFree();
    }

    /** The lowest free fd bound to (ops, obj), or -ENFILE. */
    public int openFd(SocketOps ops, int obj) {
        return fds.open(ops, obj);
    }

    /**
     * A socket created through the registry as {@code socket()} would (the kind's own protocol
     * numbers excluded, so ask for IPPROTO_TCP or IPPROTO_UDP): its fd, or a negative errno. Pass
     * the fd to {@link #wrap} to hide it behind the kind's own fd.
     */
    public int socket(int family, int type, int proto) {
        return kinds.socket(family, type, proto);
    }

    /**
     * Gives fd to the kind: its current (ops, obj), a TCP or UDP socket from {@link #socket} or
     * from an inner listener's accept, move into inner, and the fd dispatches to (ops, obj) from
     * now on. Returns 0, or -EBADF for a free fd (inner is then left as it was).
     */
    public int wrap(int fd, SocketOps ops, int obj, InnerSocket inner) {
        SocketOps was = fds.ops(fd);
        if (was == null || ops == null) {
            return -Errno.EBADF;
        }
        inner.set(was, fds.obj(fd));
        fds.replace(fd, ops, obj);
        return 0;
    }

    /**
     * Closes and frees an fd the kind got but will not hand out (its error path: an inner
     * listener's accept when the kind has no slot left): the fd's current ops close it. Returns
     * that close's result, or -EBADF for a free fd.
     */
    public int closeFd(int fd) {
        SocketOps ops = fds.ops(fd);
        if (ops == null) {
            return -Errno.EBADF;
        }
        int r = ops.close(fds.obj(fd));
        fds.free(fd);
        waiter.wakeAll();
        return r;
    }

    /** Closes the inner socket (threads blocked on it return -EINTR) and wakes every waiter; 0 if already closed. */
    public int closeInner(InnerSocket inner) {
        SocketOps ops = inner.ops();
        if (ops == null) {
            return 0;
        }
        int r = ops.close(inner.obj());
        inner.set(null, 0);
        waiter.wakeAll();
        return r;
    }

    /** After a send on an inner socket: what it queued on loopback is delivered now, as after an application's send. */
    public void deliverLoopbackNow() {
        flushLoopback.run();
    }

    /** Pollers and blocked callers re-check readiness: call after any change of the kind's state. */
    public void wakeAll() {
        waiter.wakeAll();
    }
}
