package io.jzsock.net.sock;

import io.jzsock.net.Errno;

/**
 * The static fd table (Zephyr's {@code lib/os/fdtable.c}): fd → (ops, obj). A free slot has no ops.
 * Full is {@code -ENFILE}, never EMFILE, as in Zephyr. Guarded by the stack's monitor.
 */
public final class FdTable {
    private final SocketOps[] ops;
    private final int[] obj;

    public FdTable(int maxFds) {
        ops = new SocketOps[maxFds];
        obj = new int[maxFds];
    }

    /** The lowest free fd bound to (o, object), or -ENFILE. */
    public int open(SocketOps o, int object) {
        for (int fd = 0; fd < ops.length; fd++) {
            if (ops[fd] == null) {
                ops[fd] = o;
                obj[fd] = object;
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
    }

    /** The ops of an open fd, or null for a bad or closed fd (the caller answers -EBADF). */
    public SocketOps ops(int fd) {
        return fd >= 0 && fd < ops.length ? ops[fd] : null;
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
}
