package io.jzsock.net.sock;

import io.jzsock.net.Errno;

/**
 * The static fd table (Zephyr's {@code lib/os/fdtable.c}): fd → (ops, obj). A free slot has no ops.
 * Full is {@code -ENFILE}, never EMFILE, as in Zephyr. Guarded by the stack's monitor.
 *
 * <p>With socket ownership each fd also has an owner id ({@link Owners}) and a bit per granted owner,
 * checked in O(1) by {@link #ops(int, int)}: a caller without permission sees a bad fd, as
 * Zephyr's {@code get_sock_vtable} answers EBADF when {@code k_object_is_valid} fails. A new fd
 * belongs to {@link Owners#NOBODY} until the call that created it stamps its caller
 * ({@link #setOwner}); without ownership every fd is the supervisor's.
 */
public final class FdTable {
    private final SocketOps[] ops;
    private final int[] obj;
    private final int[] owner;
    private final long[] grants;
    private final Object[] handles;
    private final int newOwner;

    /** Without socket ownership. */
    public FdTable(int maxFds) {
        this(maxFds, false);
    }

    public FdTable(int maxFds, boolean ownership) {
        ops = new SocketOps[maxFds];
        obj = new int[maxFds];
        owner = new int[maxFds];
        grants = new long[maxFds];
        handles = new Object[maxFds];
        newOwner = ownership ? Owners.NOBODY : Owners.SUPERVISOR;
        for (int fd = 0; fd < maxFds; fd++) {
            handles[fd] = new ContextHandle(this, fd);
            owner[fd] = newOwner;
        }
    }

    /** The lowest free fd bound to (o, object), or -ENFILE. */
    public int open(SocketOps o, int object) {
        for (int fd = 0; fd < ops.length; fd++) {
            if (ops[fd] == null) {
                ops[fd] = o;
                obj[fd] = object;
                owner[fd] = newOwner;
                grants[fd] = 0;
                return fd;
            }
        }
        return -Errno.ENFILE;
    }

    /** True when open() would succeed: callers reserve their own object only if an fd is left. */
    public boolean hasFree() {
        for (int fd = 0; fd < ops.length; fd++) {
            if (ops[fd] == null) {
                return true;
            }
        }
        return false;
    }

    /** Binds an open fd to other (ops, object): a kind taking over a socket it wraps ({@link SocketHost#wrap}). */
    public void replace(int fd, SocketOps o, int object) {
        ops[fd] = o;
        obj[fd] = object;
    }

    public void free(int fd) {
        ops[fd] = null;
        obj[fd] = 0;
        owner[fd] = newOwner;
        grants[fd] = 0;
    }

    /** The ops of an open fd, or null for a bad or closed fd (the caller answers -EBADF). */
    public SocketOps ops(int fd) {
        return fd >= 0 && fd < ops.length ? ops[fd] : null;
    }

    /**
     * The ops of an open fd that actor (an owner id, {@link Owners#SUPERVISOR} or
     * {@link Owners#RELEASED}) may use: its owner's or granted to it; else null, answered -EBADF.
     */
    public SocketOps ops(int fd, int actor) {
        SocketOps o = ops(fd);
        if (o == null || actor == Owners.SUPERVISOR || owner[fd] == actor) {
            return o;
        }
        return actor >= 0 && (grants[fd] & (1L << actor)) != 0 ? o : null;
    }

    /** The owner id of fd ({@link Owners#SUPERVISOR} without ownership); fd must be in range. */
    public int ownerOf(int fd) {
        return owner[fd];
    }

    /** Gives a just-created fd to the caller that created it. */
    public void setOwner(int fd, int id) {
        owner[fd] = id;
    }

    /** k_object_access_grant: id may use fd from its next call on. */
    public void grant(int fd, int id) {
        grants[fd] |= 1L << id;
    }

    /** k_object_access_revoke: id's next call on fd is -EBADF (a call already blocked goes on, as in Zephyr). */
    public void revoke(int fd, int id) {
        grants[fd] &= ~(1L << id);
    }

    /** A released owner's grants on every fd. */
    public void revokeEverywhere(int id) {
        for (int fd = 0; fd < grants.length; fd++) {
            grants[fd] &= ~(1L << id);
        }
    }

    /** The opaque object getContextObject hands out for fd, one per slot, made at construction. */
    public Object handle(int fd) {
        return handles[fd];
    }

    /** The fd of a handle from this table's {@link #handle}, or -1 for anything else. */
    public int fdOf(Object handle) {
        if (handle instanceof ContextHandle) {
            ContextHandle h = (ContextHandle) handle;
            if (h.table == this) {
                return h.fd;
            }
        }
        return -1;
    }

    public int obj(int fd) {
        return obj[fd];
    }

    public int capacity() {
        return ops.length;
    }

    public int openCount() {
        int n = 0;
        for (int fd = 0; fd < ops.length; fd++) {
            if (ops[fd] != null) {
                n++;
            }
        }
        return n;
    }

    /** What zsock_get_context_object returns: names an fd slot of one table, and nothing an application can use. */
    private static final class ContextHandle {
        final FdTable table;
        final int fd;

        ContextHandle(FdTable table, int fd) {
            this.table = table;
            this.fd = fd;
        }
    }
}
