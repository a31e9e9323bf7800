package io.jzsock.sim.cli;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One localhost connection spliced to a gateway zsock TCP connection to the board. Once the client
 * has sent its first bytes, the connection waits for one of the board's client places (a
 * {@link Semaphore} as large as the board's slots plus backlog) and retries the board connection
 * until {@link #QUEUE_MILLIS} later.
 * A failure is never a clean close with zero bytes: if the board cannot be reached or refuses, or
 * the board connection breaks, the client is reset (SO_LINGER 0), so it sees an error; only the
 * board's own FIN ends the client connection with a FIN.
 */
final class Forward {
    /** How long a client may wait for the board, from its first bytes, before it is reset. */
    static final long QUEUE_MILLIS = 10_000;
    /** A client that sends nothing for this long is closed (it asked nothing, so nothing is owed). */
    private static final int SILENT_CLIENT_MS = 30_000;
    private static final int POLL_MS = 250;
    private static final int RETRY_MS = 20;
    private final Zsock z;
    private final SockAddr board;
    private final Socket socket;
    private final Semaphore places;
    private volatile long deadlineNanos;
    private final Thread up;
    private final Thread down;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int fd = -1;

    Forward(Zsock z, SockAddr board, Socket socket, Semaphore places, int n) {
        this.z = z;
        this.board = board;
        this.socket = socket;
        this.places = places;
        up = new Thread(this::pumpUp, "jzsock-run-up-" + n);
        down = new Thread(this::pumpDown, "jzsock-run-down-" + n);
        up.setDaemon(true);
        down.setDaemon(true);
    }

    void start() {
        up.start();
    }

    boolean finished() {
        return !up.isAlive() && !down.isAlive() && closed.get();
    }

    /**
     * Waits for the client's first bytes, then for a place and a board connection, then copies
     * client bytes to the board. A client that has not spoken takes no place (Linux's
     * TCP_DEFER_ACCEPT, FreeBSD's accf_http): an idle connection a client opened in advance must not
     * hold a board slot while another client's request waits for one.
     */
    private void pumpUp() {
        byte[] buf = new byte[4096];
        int first;
        try {
            socket.setSoTimeout(SILENT_CLIENT_MS);
            first = socket.getInputStream().read(buf);
            socket.setSoTimeout(0);
        } catch (IOException e) {
            first = -1;
        }
        if (first <= 0) {
            close();
            return;
        }
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUEUE_MILLIS);
        if (!awaitPlace()) {
            reset();
            return;
        }
        int c = connect();
        if (c < 0) {
            places.release();
            reset();
            return;
        }
        fd = c;
        down.start();
        try {
            InputStream in = socket.getInputStream();
            int n = first;
            for (; n > 0; n = in.read(buf)) {
                for (int off = 0; off < n; ) {
                    int w = z.send(c, buf, off, n - off, 0);
                    if (w <= 0) {
                        reset();
                        return;
                    }
                    off += w;
                }
            }
            synchronized (this) {
                if (!closed.get()) {
                    z.shutdown(c, Zsock.SHUT_WR);
                }
            }
        } catch (IOException e) {
            close();
        }
    }

    /** True once a place is taken; false when the queue time is over or the session closes. */
    private boolean awaitPlace() {
        try {
            while (!closed.get() && remainingNanos() > 0) {
                if (places.tryAcquire(Math.min(POLL_MS, remainingNanos() / 1_000_000 + 1), TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * A connected fd, or a negative errno once the queue time is over or the board refused (RST:
     * -ECONNREFUSED is final). Exhausted gateway objects (-ENOENT, -ENFILE, -ENOMEM) and a board
     * that drops SYNs (-ETIMEDOUT) are retried.
     */
    private int connect() {
        int r = -Errno.ETIMEDOUT;
        while (!closed.get() && remainingNanos() > 0) {
            int c = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            if (c >= 0) {
                r = z.connect(c, board);
                if (r == 0) {
                    z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, POLL_MS);
                    return c;
                }
                z.close(c);
                if (r == -Errno.ECONNREFUSED) {
                    return r;
                }
            } else {
                r = c;
            }
            sleep(RETRY_MS);
        }
        return r;
    }

    private long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /**
     * Copies board bytes to the client. The board's FIN closes the client cleanly; an error resets
     * it. The fd is closed here, once, after the up pump ended: a closed fd number may be reused at once.
     */
    private void pumpDown() {
        byte[] buf = new byte[4096];
        boolean clean = false;
        try {
            OutputStream out = socket.getOutputStream();
            while (!closed.get()) {
                int n = z.recv(fd, buf, 0, buf.length, 0);
                if (n == -Errno.EAGAIN) {
                    continue;
                }
                if (n <= 0) {
                    clean = n == 0;
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        }
        if (clean) {
            close();
        } else {
            reset();
        }
        RunCommand.join(up);
        z.close(fd);
        places.release();
    }

    /** Closes the client socket with a FIN (which ends the up pump) and tells the down pump to stop. */
    synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(false);
        }
    }

    /** As {@link #close()}, but with a RST (SO_LINGER 0), so the client sees an error, not an empty reply. */
    synchronized void reset() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(true);
        }
    }

    private void closeQuietly(boolean rst) {
        try {
            if (rst) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    void join() {
        RunCommand.join(up);
        RunCommand.join(down);
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
