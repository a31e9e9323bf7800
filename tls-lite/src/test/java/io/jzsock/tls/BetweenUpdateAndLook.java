package io.jzsock.tls;

import io.jzsock.net.NetStack;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.SocketOps;

/**
 * An fd of its own kind whose poll update runs an action, once. Put after a TLS fd in a poll set, the
 * action runs after that fd's record update and before poll looks at the set: bytes it makes arrive
 * land exactly in the window between Zsock.poll's update and its look, with no timing involved.
 */
final class BetweenUpdateAndLook extends SocketOps implements AutoCloseable {
    private final NetStack stack;
    private final Runnable action;
    private boolean ran;
    final int fd;

    BetweenUpdateAndLook(NetStack stack, Runnable action) {
        super(OUTSIDE_MONITOR);
        this.stack = stack;
        this.action = action;
        SocketHost host = stack.socketHost();
        synchronized (host.monitor()) {
            fd = host.openFd(this, 0);
        }
        if (fd < 0) {
            throw new IllegalStateException("openFd " + fd);
        }
    }

    @Override
    public void pollUpdate(int obj, int events) {
        if (!ran) {
            ran = true;
            action.run();
        }
    }

    /** Did poll call the update (the action ran)? */
    boolean ran() {
        return ran;
    }

    @Override
    public int pollEvents(int obj) {
        return 0;
    }

    @Override
    public int fcntl(int obj, int cmd, int arg) {
        return 0;
    }

    @Override
    public int ioctl(int obj, int req, int[] argInOut) {
        return -io.jzsock.net.Errno.EINVAL;
    }

    @Override
    public int close(int obj) {
        return 0;
    }

    @Override
    public void close() {
        stack.zsock().close(fd);
    }
}
