package io.jzsock.sim.bench;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * A UDP echo server on a jzsock stack in a thread of its own: every datagram goes back to its
 * sender. Preallocated buffer and address, so it adds nothing to the allocation it is used to
 * measure; wakes every 200 ms (SO_RCVTIMEO) to notice {@link #stop()}.
 */
public final class JzsockEchoServer implements AutoCloseable {
    private static final int POLL_MS = 200;

    private final Zsock z;
    private final int fd;
    private final byte[] buf = new byte[1500];
    private final SockAddr from = new SockAddr();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean closed;
    private volatile int lastError;
    private volatile long echoed;

    private JzsockEchoServer(Zsock z, int fd, String threadName) {
        this.z = z;
        this.fd = fd;
        thread = new Thread(this::serve, threadName);
        thread.setDaemon(true);
    }

    /** Binds 0.0.0.0:port on z and starts serving; throws IllegalStateException if the socket fails. */
    public static JzsockEchoServer start(Zsock z, int port, String threadName) {
        return start(z, Zsock.AF_INET, port, threadName);
    }

    /**
     * The same on an AF_INET or AF_INET6 socket; an AF_INET6 one binds [::]:port with IPV6_V6ONLY off, so it
     * echoes IPv4 clients too (their addresses v4-mapped).
     */
    public static JzsockEchoServer start(Zsock z, int family, int port, String threadName) {
        int fd = z.socket(family, Zsock.SOCK_DGRAM, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + Errno.name(-fd));
        }
        int r = family == Zsock.AF_INET6 ? z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0) : 0;
        if (r == 0) {
            r = z.bind(fd, SockAddr.parse(family == Zsock.AF_INET6 ? "::" : "0.0.0.0", port));
        }
        if (r == 0) {
            r = z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, POLL_MS);
        }
        if (r < 0) {
            z.close(fd);
            throw new IllegalStateException("echo server on port " + port + ": " + Errno.name(-r));
        }
        JzsockEchoServer s = new JzsockEchoServer(z, fd, threadName);
        s.thread.start();
        return s;
    }

    private void serve() {
        while (running) {
            int n = z.recvfrom(fd, buf, 0, buf.length, 0, from);
            if (n >= 0) {
                int r = z.sendto(fd, buf, 0, n, 0, from);
                if (r == n) {
                    echoed++;
                } else {
                    lastError = r;
                }
            } else if (n != -Errno.EAGAIN) {
                lastError = n;
            }
        }
    }

    public Thread thread() {
        return thread;
    }

    public long echoed() {
        return echoed;
    }

    /** The last failed recvfrom/sendto result (a negative errno), or 0. */
    public int lastError() {
        return lastError;
    }

    /** Stops the thread and closes the socket; a second call does nothing (the fd may be reused). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        z.close(fd);
    }
}
