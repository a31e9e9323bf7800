package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.sock.Waiter;

/**
 * SO_SOCKS5 on stream sockets (Zephyr's {@code net_socks5_connect}, made non-blocking): connect(dst)
 * opens TCP to the proxy instead, then a {@link Socks5Client} per connection object runs the
 * RFC 1928/1929 handshake over the connection's own rings. Until it succeeds the socket looks like
 * one still connecting: no POLLIN/POLLOUT, send and recv wait (or -EAGAIN when non-blocking),
 * getpeername is -ENOTCONN, a second connect is -EALREADY; afterwards getpeername and recvfrom
 * report the destination. A failure aborts the proxy connection (RST) and is reported like a failed
 * connect: the blocking connect returns it, otherwise POLLERR and SO_ERROR carry it.
 *
 * <p>There is no timer of its own: the handshake advances whenever the socket is used or polled
 * (every received segment wakes the pollers), and it fails with ETIMEDOUT when it is still
 * unfinished tcpConnectTimeoutMillis after connect() was called. A proxy that resets or closes the
 * connection mid-handshake gives ECONNREFUSED; a proxy that cannot be reached at all gives the TCP
 * error itself (ECONNREFUSED, ETIMEDOUT, ...).
 *
 * <p>Memory: the first SO_SOCKS5 on a stack allocates one client per connection object (about
 * 540 bytes each) once; nothing is allocated per connection or per handshake.
 */
final class Socks5Sessions {
    private final TcpEngine engine;
    private final TcpTable table;
    private final TcpOutput out;
    private final Waiter waiter;
    private final int timeoutMillis;
    private final SockAddr proxy = new SockAddr();
    private final byte[] scratch = new byte[16];
    private Socks5Client[] clients;
    private long[] deadlines;

    Socks5Sessions(TcpEngine engine, Waiter waiter, int timeoutMillis) {
        this.engine = engine;
        this.table = engine.table;
        this.out = engine.out;
        this.waiter = waiter;
        this.timeoutMillis = timeoutMillis;
    }

    /** setsockopt(SOL_SOCKET, SO_SOCKS5): value layout in {@link Socks5Client}. */
    int configure(TcpConnection c, byte[] v, int off, int len) {
        if (clients == null) {
            int n = table.conns.length;
            Socks5Client[] all = new Socks5Client[n];
            for (int i = 0; i < n; i++) {
                all[i] = new Socks5Client();
            }
            deadlines = new long[n];
            clients = all;
        }
        return clients[c.index].configure(v, off, len);
    }

    /** The connection object serves a new socket, or its socket is gone. */
    void release(TcpConnection c) {
        if (clients != null) {
            clients[c.index].reset();
        }
    }

    private Socks5Client client(TcpConnection c) {
        Socks5Client[] all = clients;
        if (all == null || !all[c.index].enabled()) {
            return null;
        }
        return all[c.index];
    }

    boolean enabled(TcpConnection c) {
        return client(c) != null;
    }

    /** connect(dst) with a proxy set: records dst, returns the address TCP connects to instead. */
    SockAddr begin(TcpConnection c, SockAddr dst) {
        Socks5Client s = clients[c.index];
        s.target(dst.ipv4(), dst.port());
        deadlines[c.index] = waiter.deadline(timeoutMillis);
        return proxy.setIpv4(s.proxyIp(), s.proxyPort());
    }

    /** Advances the handshake as far as the bytes at hand allow; true while it is unfinished. */
    boolean pending(TcpConnection c) {
        Socks5Client s = client(c);
        if (s == null || !s.pending()) {
            return false;
        }
        drive(c, s);
        return s.pending();
    }

    private void drive(TcpConnection c, Socks5Client s) {
        long now = waiter.now();
        if (c.reset || c.state == TcpConnection.CLOSED) {
            if (s.state() == Socks5Client.CONNECTING) {
                s.fail(c.error != 0 ? c.error : Errno.ECONNREFUSED);
            } else {
                abort(c, s, Errno.ECONNREFUSED, now);
            }
            return;
        }
        if (s.state() == Socks5Client.CONNECTING) {
            if (c.state < TcpConnection.ESTABLISHED) {
                return;
            }
            s.start();
        }
        boolean progress = true;
        while (progress && s.pending()) {
            progress = false;
            if (s.outLen() > 0) {
                int n = c.tx.write(s.out(), s.outOff(), s.outLen());
                if (n > 0) {
                    s.sent(n);
                    out.flush(c, now);
                    progress = true;
                }
            }
            int want = s.wanted();
            if (want > 0 && c.rx.size() > 0) {
                int k = c.rx.peek(0, scratch, 0, Math.min(want, scratch.length));
                c.rx.discard(s.input(scratch, 0, k));
                if (out.windowUpdateDue(c)) {
                    c.ackNow = true;
                    out.flush(c, now);
                }
                progress = true;
            }
        }
        if (s.state() == Socks5Client.FAILED) {
            abort(c, s, s.error(), now);
        } else if (s.pending() && (c.finReceived || now - deadlines[c.index] >= 0)) {
            abort(c, s, c.finReceived ? Errno.ECONNREFUSED : Errno.ETIMEDOUT, now);
        }
    }

    /** RFC 1928 §6: a failed CONNECT ends the proxy connection; RST frees it at once on both ends. */
    private void abort(TcpConnection c, Socks5Client s, int errno, long now) {
        s.fail(errno);
        if (!c.reset && c.state != TcpConnection.CLOSED) {
            out.sendRst(c, now);
        }
        c.rx.clear();
        c.tx.clear();
        c.ooo.clear();
        table.fail(c, errno);
        waiter.wakeAll();
    }

    /**
     * send/recv before the handshake is over: waits for it (0 when done or failed: the caller then
     * sees the connection's state), or -EAGAIN when non-blocking or at the caller's deadline, or
     * -EINTR when the socket is closed meanwhile.
     */
    int gate(TcpConnection c, boolean nonblock, long deadline, int gen) {
        while (pending(c)) {
            if (nonblock) {
                return -Errno.EAGAIN;
            }
            long handshakeEnd = deadlines[c.index];
            if (!engine.await(waiter, Math.min(deadline, handshakeEnd))) {
                if (Thread.currentThread().isInterrupted()) {
                    return -Errno.EINTR;
                }
                if (waiter.now() - handshakeEnd < 0) {
                    return -Errno.EAGAIN;
                }
            }
            if (c.gen != gen) {
                return -Errno.EINTR;
            }
        }
        return 0;
    }

    /** The end of a blocking connect once TCP to the proxy is up: 0, or the handshake's -errno. */
    int awaitHandshake(TcpConnection c, int gen) {
        int r = gate(c, false, Waiter.FOREVER, gen);
        if (r < 0) {
            return r;
        }
        if (c.error != 0) {
            int e = c.error;
            c.error = 0;
            return -e;
        }
        return c.reset ? -Errno.ECONNREFUSED : 0;
    }

    /** The peer the application sees: the destination once connected through a proxy. */
    void peer(TcpConnection c, SockAddr outAddr) {
        Socks5Client s = client(c);
        if (s != null && s.state() == Socks5Client.DONE) {
            outAddr.setIpv4(s.dstIp(), s.dstPort());
        } else {
            c.remote(outAddr);
        }
    }
}
