package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.Waiter;

/**
 * The byte-stream half of the TCP socket calls: send/recv and their vector forms over the
 * connection's rings, with Zephyr's short writes, blocking with SO_SNDTIMEO/SO_RCVTIMEO, -EINTR
 * when the socket is closed meanwhile, and the SOCKS5 gate while a proxy handshake is running.
 */
final class TcpStreams {
    private final TcpEngine engine;
    private final TcpOutput out;
    private final Waiter waiter;
    private final Socks5Sessions socks;

    TcpStreams(TcpEngine engine, Waiter waiter, Socks5Sessions socks) {
        this.engine = engine;
        this.out = engine.out;
        this.waiter = waiter;
        this.socks = socks;
    }

    private static boolean nonblocking(TcpConnection c, int flags) {
        return c.nonblock || (flags & ZsockConstants.MSG_DONTWAIT) != 0;
    }

    /** Queues what fits (short writes, as Zephyr's sockets); blocks per SO_SNDTIMEO unless non-blocking. */
    int send(TcpConnection c, byte[] b, int off, int len, int flags) {
        int gen = c.gen;
        long deadline = c.opts.sndTimeout > 0 ? waiter.deadline(c.opts.sndTimeout) : Waiter.FOREVER;
        int g = socks.gate(c, nonblocking(c, flags), deadline, gen);
        if (g < 0) {
            return g;
        }
        while (true) {
            int r = writable(c);
            if (r < 0) {
                return r;
            }
            int room = sendSpace(c);
            if (room > 0) {
                int n = c.tx.write(b, off, Math.min(len, room));
                c.shortWrite = n < len;
                out.flush(c, waiter.now());
                return n;
            }
            if (nonblocking(c, flags)) {
                return -Errno.EAGAIN;
            }
            if (!engine.await(waiter, deadline)) {
                return Thread.currentThread().isInterrupted() ? -Errno.EINTR : -Errno.EAGAIN;
            }
            if (c.gen != gen) {
                return -Errno.EINTR;
            }
        }
    }

    /**
     * Bytes send may queue now: the send buffer's room (SO_SNDBUF), whatever the peer's window. As in
     * Linux and unlike Zephyr's tcp_window_full, data is buffered past the window, so the output can
     * cut full-sized segments as the window opens instead of the short tail every window-sized write
     * left; a full buffer makes send -EAGAIN / block and clears POLLOUT (TCP-17, TCP-20, POLL-04).
     */
    private static int sendSpace(TcpConnection c) {
        return c.tx.free();
    }

    /**
     * POLLOUT's room: free space of at least half what is queued (Linux's sk_stream_is_writeable), so a
     * writer polling a busy buffer wakes to write a useful amount, not every few bytes an ACK frees.
     */
    static boolean pollOut(TcpConnection c) {
        int free = c.tx.free();
        return free > 0 && free >= c.tx.size() / 2;
    }

    /** 0 when data may be queued now, else the errno send reports. */
    private static int writable(TcpConnection c) {
        if (c.reset) {
            int e = c.error != 0 ? c.error : Errno.ECONNRESET;
            c.error = 0;
            return -e;
        }
        if (c.finQueued) {
            return -Errno.EPIPE;
        }
        if (c.state == TcpConnection.ESTABLISHED || c.state == TcpConnection.CLOSE_WAIT) {
            return 0;
        }
        if (c.state == TcpConnection.SYN_SENT || c.state == TcpConnection.SYN_RECEIVED) {
            return -Errno.EAGAIN;
        }
        return -Errno.ENOTCONN;
    }

    int sendmsg(TcpConnection c, MsgHdr msg, int flags) {
        if (msg == null) {
            return -Errno.EINVAL;
        }
        int total = 0;
        for (int i = 0; i < msg.iovCount; i++) {
            if (msg.iovLen[i] == 0) {
                continue;
            }
            int r = send(c, msg.iovBase[i], msg.iovOff[i], msg.iovLen[i], total > 0 ? flags | ZsockConstants.MSG_DONTWAIT : flags);
            if (r < 0) {
                return total > 0 ? total : r;
            }
            total += r;
            if (r < msg.iovLen[i]) {
                break;
            }
        }
        return total;
    }

    /** Reads what is there (MSG_PEEK, MSG_WAITALL with a partial count on timeout), EOF as 0, errors once. */
    int recv(TcpConnection c, byte[] b, int off, int len, int flags, SockAddr src) {
        // A connection that ended normally (FIN both ways) stays at EOF: Zephyr's test_eof reads 0 after teardown.
        if (c.state == TcpConnection.LISTEN || (c.state == TcpConnection.CLOSED && !c.reset && !c.finReceived)) {
            return -Errno.ENOTCONN;
        }
        int gen = c.gen;
        long deadline = c.opts.rcvTimeout > 0 ? waiter.deadline(c.opts.rcvTimeout) : Waiter.FOREVER;
        int g = socks.gate(c, nonblocking(c, flags), deadline, gen);
        if (g < 0) {
            return g;
        }
        boolean waitAll = (flags & ZsockConstants.MSG_WAITALL) != 0 && (flags & ZsockConstants.MSG_PEEK) == 0;
        int got = 0;
        while (true) {
            if (c.rx.size() > 0) {
                int n;
                if ((flags & ZsockConstants.MSG_PEEK) != 0) {
                    n = c.rx.peek(0, b, off + got, len - got);
                } else {
                    n = c.rx.read(b, off + got, len - got);
                    afterRead(c);
                }
                got += n;
                if (!waitAll || got == len) {
                    break;
                }
                continue;
            }
            if (c.finReceived || c.shutRd) {
                break;
            }
            if (c.reset) {
                if (got > 0) {
                    break;
                }
                int e = c.error;
                c.error = 0;
                return e != 0 ? -e : 0;
            }
            if (nonblocking(c, flags)) {
                return got > 0 ? got : -Errno.EAGAIN;
            }
            if (!engine.await(waiter, deadline)) {
                if (Thread.currentThread().isInterrupted()) {
                    return -Errno.EINTR;
                }
                return got > 0 ? got : -Errno.EAGAIN;
            }
            if (c.gen != gen) {
                return -Errno.EINTR;
            }
        }
        if (src != null && got > 0) {
            socks.peer(c, src);
        }
        return got;
    }

    /** A read opened the window: tell the peer now rather than at its next probe (pain point 7). */
    private void afterRead(TcpConnection c) {
        if (c.state >= TcpConnection.ESTABLISHED && out.windowUpdateDue(c)) {
            c.ackNow = true;
            out.flush(c, waiter.now());
        }
    }

    int recvmsg(TcpConnection c, MsgHdr msg, int flags) {
        if (msg == null) {
            return -Errno.EINVAL;
        }
        if (msg.iovBase == null) {
            return -Errno.ENOMEM;
        }
        msg.flags = 0;
        msg.controlLen = 0;
        int total = 0;
        int peekSkip = 0;
        for (int i = 0; i < msg.iovCount; i++) {
            if (msg.iovLen[i] == 0) {
                continue;
            }
            int r;
            if ((flags & ZsockConstants.MSG_PEEK) != 0 && total > 0) {
                r = c.rx.peek(peekSkip, msg.iovBase[i], msg.iovOff[i], msg.iovLen[i]);
            } else {
                r = recv(c, msg.iovBase[i], msg.iovOff[i], msg.iovLen[i], total > 0 ? flags | ZsockConstants.MSG_DONTWAIT : flags, null);
            }
            if (r < 0) {
                return total > 0 ? total : r;
            }
            total += r;
            peekSkip += r;
            if (r < msg.iovLen[i]) {
                break;
            }
        }
        if (msg.name != null && total > 0) {
            socks.peer(c, msg.name);
        }
        return total;
    }
}
