package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.InnerSocket;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.tls.bc.BcDtlsSession;
import io.jzsock.tls.bc.DtlsPeerParams;

/**
 * One DTLS 1.2 socket over an inner UDP socket: a client (TLS_DTLS_ROLE_CLIENT, the default) with one
 * association made by connect, or a server (TLS_DTLS_ROLE_SERVER) with a session per peer on one
 * bound socket, demultiplexed by the peer's address or its RFC 9146 connection ID, admitted through
 * the stateless cookie exchange (RFC 6347 §4.2.1) into a bounded table.
 *
 * <p>Where the work runs, since Bouncy Castle's DTLS handshake is one blocking call (its state lives
 * on the calling thread's stack, so it cannot be cut into steps):
 * <ul>
 * <li>Blocking sockets run it in the calling thread: the client's in connect, a server's in the
 * recvfrom (or recvmsg) that reads a ClientHello with a valid cookie, which then goes on waiting for
 * application data. It waits on the inner socket as BC's retransmission timer asks, from
 * TLS_DTLS_HANDSHAKE_TIMEOUT_MIN doubling while within _MAX, and fails with -ETIMEDOUT after the sum
 * of that schedule ({@link DtlsHandshakeSetup#handshakeBudget}).</li>
 * <li>Non-blocking sockets hand it to the stack's pool of handshake threads ({@link DtlsHandshakes},
 * {@link DtlsConfig#handshakeThreads} at once, a server's several peers too): connect returns -EINPROGRESS (then -EALREADY; POLLOUT once it succeeded,
 * POLLERR with SO_ERROR when it failed), a server's recvfrom returns -EAGAIN at once and the peer's
 * session appears when its handshake ends. The application's recvfrom and poll leave that peer's
 * datagrams on the inner socket for its handshake thread (they peek at the source).</li>
 * <li>After the handshake the socket reads datagrams itself and feeds them one at a time to BC's
 * record layer, so O_NONBLOCK, MSG_DONTWAIT and SO_RCVTIMEO behave as on UDP, and a datagram that
 * holds no application data (a retransmitted flight, a duplicate, a bad MAC) ends a non-blocking
 * call with -EAGAIN.</li>
 * <li>While a server runs a peer's handshake, the datagrams it reads for the application are held
 * ({@link DtlsConfig#heldDatagrams}); those of another running handshake are left on the inner
 * socket for its thread.</li>
 * </ul>
 *
 * <p>poll: POLLOUT always (DTLS is always writable) but during a client's connect; POLLIN when a datagram waits on the inner socket
 * or is held, or BC may hold more records of the last datagram (it can turn out to be no application
 * data: then recv says -EAGAIN and poll sleeps again, as the datagram is consumed); POLLHUP when a
 * client's peer or one of a server's peers closed or idled out; POLLERR with SO_ERROR ECONNABORTED
 * after a fatal alert. A client after its peer's close_notify: POLLHUP, recv -EAGAIN, send -ENOTCONN.
 * A server's closed peer: POLLHUP until the next recvfrom frees its slot, sendto to it -ENOTCONN.
 *
 * <p>Locks: {@code rx} serialises receivers (and handshakes), {@code tx} senders; the stack's monitor
 * is taken only around inner socket calls and to publish state, never around crypto (the lock rule
 * of {@code SocketOps.OUTSIDE_MONITOR}).
 *
 * <p>This class holds the socket's state and its life (open, calls entered, close), forwards the
 * options and the plain socket calls to the inner UDP socket, and answers poll; the work is done by
 * its parts: {@link DtlsSessionTable} (the session slots), {@link DtlsReceiver} (recvfrom, recvmsg and
 * the handshake's reads), {@link DtlsSender} (sendto, sendmsg, every datagram out),
 * {@link DtlsClientHandshake} (connect) and {@link DtlsAdmission} (a server's cookie exchange and
 * handshakes).
 */
final class DtlsSocket {
    final TlsContext ctx;
    final DtlsHandshakes handshakes;
    final SocketHost host;
    final Object monitor;
    final InnerSocket inner = new InnerSocket();
    final TlsOptions options;
    final DtlsSessionTable table;
    final DtlsReceiver receiver;
    final DtlsSender sender;
    final DtlsClientHandshake client;
    final DtlsAdmission admission;
    /** The server's last peer read: sendto without an address (send) answers it. */
    final SockAddr lastPeer = new SockAddr();
    private final int[] optOut = new int[1];
    private final DtlsChainCheck chainCheck;
    final Object rx = new Object();
    final Object tx = new Object();
    private final int index;

    private boolean used;
    boolean closing;
    /** Calls between enter and exit: the slot is reused only when none is left. */
    private int inside;
    boolean connected;
    /** A client's association ended by a fatal alert: recv and send answer -ECONNABORTED. */
    boolean failed;
    /** connect with TLS_DTLS_HANDSHAKE_ON_CONNECT = 0 fixed the peer; the handshake waits for the first send or recv. */
    boolean deferred;
    /** Handshakes of this socket running on handshake threads (a client's failure goes to SO_ERROR). */
    volatile int asyncRunning;
    /** SO_ERROR: set by a fatal alert, cleared by reading it. */
    int soError;
    /** The socket's family is AF_INET6 (then peers may also be v4-mapped IPv4 ones, as on UDP). */
    boolean ipv6;

    DtlsSocket(TlsContext ctx, DtlsHandshakes handshakes, int index) {
        this.ctx = ctx;
        this.handshakes = handshakes;
        this.host = ctx.host;
        this.monitor = host.monitor();
        this.index = index;
        DtlsConfig cfg = ctx.cfg.dtls;
        this.options = ctx.newOptions();
        this.chainCheck = new DtlsChainCheck(ctx.verifier, options);
        this.table = new DtlsSessionTable(this, cfg.sessionsPerSocket);
        this.receiver = new DtlsReceiver(this, cfg);
        this.sender = new DtlsSender(this, cfg);
        this.client = new DtlsClientHandshake(this);
        this.admission = new DtlsAdmission(this);
    }

    int handle() {
        return index;
    }

    boolean isFree() {
        return !used;
    }

    /** A new socket of this family on this slot (monitor held). */
    void open(int family) {
        used = true;
        ipv6 = family == ZsockConstants.AF_INET6;
        closing = false;
        deferred = false;
        inside = 0;
        connected = false;
        failed = false;
        soError = 0;
        options.reset();
        receiver.clear();
        lastPeer.clear();
        table.reset(ctx);
    }

    boolean isServer() {
        return options.dtlsRole() == ZsockConstants.TLS_DTLS_ROLE_SERVER;
    }

    // ---- the calls DtlsOps dispatches to the parts ----

    int connect(SockAddr a) {
        return client.connect(a);
    }

    int recvfrom(byte[] b, int off, int len, int flags, SockAddr src) {
        return receiver.recvfrom(b, off, len, flags, src);
    }

    int recvmsg(MsgHdr msg, int flags) {
        return receiver.recvmsg(msg, flags);
    }

    int sendto(byte[] b, int off, int len, int flags, SockAddr dst) {
        return sender.sendto(b, off, len, flags, dst);
    }

    int sendmsg(MsgHdr msg, int flags) {
        return sender.sendmsg(msg, flags);
    }

    // ---- the handshake threads ----

    /**
     * The handshake thread's work on this socket (entered, no monitor): the handshake of the peer
     * waiting for it, client or server. Blocks as the handshake does; other sockets' calls go on.
     */
    void runAsyncHandshake(DtlsPeer p) {
        synchronized (monitor) {
            asyncRunning++;
        }
        try {
            if (isServer()) {
                admission.finish(p);
            } else {
                client.finish(p);
            }
        } finally {
            synchronized (monitor) {
                asyncRunning--;
                host.wakeAll();
            }
        }
    }

    /** Monitor held (a handshake thread looks): the peer waiting for a handshake thread, or null. */
    DtlsPeer takeAsync() {
        if (!used || closing) {
            return null;
        }
        DtlsPeer p = table.takeAsync();
        if (p != null) {
            inside++;
        }
        return p;
    }

    // ---- handshake parameters and results ----

    /** Fills p's handshake parameters from the options (under the monitor) and the credentials. */
    int fillParams(DtlsPeer p, boolean server) {
        DtlsPeerParams q = p.session.params();
        synchronized (monitor) {
            DtlsHandshakeSetup.fromOptions(options, chainCheck, q, server, p.ownCid);
        }
        return DtlsCredentials.fill(ctx.keys, options, q);
    }

    /** Publishes a handshake's end to the options (monitor held): all of it, or (failed) the verification result. */
    void publish(DtlsPeer p, boolean success) {
        if (success) {
            DtlsHandshakeSetup.publish(options, p.session.params());
        } else {
            DtlsHandshakeSetup.publishVerifyResult(options, p.session.params());
        }
    }

    /** O_NONBLOCK on the inner socket, or MSG_DONTWAIT in flags. */
    boolean isNonBlocking(int flags) {
        if ((flags & ZsockConstants.MSG_DONTWAIT) != 0) {
            return true;
        }
        synchronized (monitor) {
            if (!inner.isOpen()) {
                return false;
            }
            int fl = inner.ops().fcntl(inner.obj(), ZsockConstants.F_GETFL, 0);
            return fl >= 0 && (fl & ZsockConstants.O_NONBLOCK) != 0;
        }
    }

    // ---- the server's idle timer (monitor held, net thread) ----

    /** Marks server peers idle past the timeout HUNG; true if any. */
    boolean expireIdle(long now, int idleMillis) {
        if (!used || idleMillis <= 0 || !isServer()) {
            return false;
        }
        boolean any = table.expireIdle(now, idleMillis);
        if (any) {
            host.wakeAll();
        }
        return any;
    }

    /** When the next server peer idles out, or Long.MAX_VALUE. */
    long nextIdleDeadline(int idleMillis) {
        if (!used || idleMillis <= 0 || !isServer()) {
            return Long.MAX_VALUE;
        }
        return table.nextIdleDeadline(idleMillis);
    }

    /** Sessions a server holds (open or handshaking), for tests and logs. */
    int sessionCount() {
        synchronized (monitor) {
            return table.count();
        }
    }

    // ---- options, poll, close ----

    int getsockopt(int level, int opt, int[] out) {
        synchronized (monitor) {
            if (level == ZsockConstants.SOL_TLS) {
                return options.getInt(opt, out);
            }
            if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_PROTOCOL) {
                out[0] = ZsockConstants.IPPROTO_DTLS_1_2;
                return 0;
            }
            if (level == ZsockConstants.SOL_SOCKET && opt == ZsockConstants.SO_ERROR && soError != 0) {
                out[0] = soError;
                soError = 0;
                return 0;
            }
            return inner.isOpen() ? inner.ops().getsockopt(inner.obj(), level, opt, out) : -Errno.EBADF;
        }
    }

    int pollEvents() {
        boolean server = isServer();
        // DTLS is always writable, except while a client's connect is in progress (its end is POLLOUT).
        int ev = server || table.client().state != DtlsPeer.HANDSHAKING ? ZsockConstants.POLLOUT : 0;
        if (soError != 0 || failed) {
            ev |= ZsockConstants.POLLERR;
        }
        ev |= table.pollEvents(server);
        boolean receiving = server || (connected && table.client().state == DtlsPeer.OPEN);
        if (receiving && (receiver.holdsForApplication()
                || inner.isOpen() && (inner.ops().pollEvents(inner.obj()) & ZsockConstants.POLLIN) != 0
                && !receiver.nextIsForHandshake(null))) {
            ev |= ZsockConstants.POLLIN;
        }
        return ev;
    }

    /**
     * Close, from Zsock (the fd already free, no monitor) or NetStack.stop (monitor held), so it waits
     * for no lock: new calls are refused and blocked ones woken (-EINTR), close_notify goes to every
     * open peer, the inner socket is closed, and the slot is free once the last call still inside
     * has left ({@link #exit}).
     */
    int close() {
        synchronized (monitor) {
            if (!used || closing) {
                return 0;
            }
            closing = true;
            host.wakeAll();
        }
        for (int i = 0; i < table.size(); i++) {
            if (table.at(i).state == DtlsPeer.OPEN) {
                table.at(i).session.close();
            }
        }
        synchronized (monitor) {
            int r = host.closeInner(inner);
            table.freeAll(false);
            if (inside == 0) {
                release();
            }
            return r;
        }
    }

    /** Every call but close and poll runs between enter and exit: false (then -EBADF) once closing. */
    boolean enter() {
        synchronized (monitor) {
            if (!used || closing) {
                return false;
            }
            inside++;
            return true;
        }
    }

    void exit() {
        synchronized (monitor) {
            inside--;
            if (closing && inside == 0 && !inner.isOpen()) {
                release();
            }
        }
    }

    /** Monitor held: the slot is free for the next socket. */
    private void release() {
        table.freeAll(true);
        receiver.clear();
        used = false;
    }

    // ---- the rest forwards to the inner UDP socket ----

    int bind(SockAddr a) {
        synchronized (monitor) {
            return inner.isOpen() ? inner.ops().bind(inner.obj(), a) : -Errno.EBADF;
        }
    }

    int setsockopt(int level, int opt, int value) {
        synchronized (monitor) {
            if (level == ZsockConstants.SOL_TLS) {
                return options.setInt(opt, value);
            }
            return inner.isOpen() ? inner.ops().setsockopt(inner.obj(), level, opt, value) : -Errno.EBADF;
        }
    }

    int setsockopt(int level, int opt, byte[] v, int off, int len) {
        synchronized (monitor) {
            if (level == ZsockConstants.SOL_TLS) {
                return options.setBytes(opt, v, off, len);
            }
            return inner.isOpen() ? inner.ops().setsockopt(inner.obj(), level, opt, v, off, len) : -Errno.EBADF;
        }
    }

    int setsockopt(int level, int opt, int[] values, int count) {
        synchronized (monitor) {
            if (level == ZsockConstants.SOL_TLS) {
                return options.setList(opt, values, count);
            }
            return inner.isOpen() ? inner.ops().setsockopt(inner.obj(), level, opt, values, count) : -Errno.EBADF;
        }
    }

    int getsockopt(int level, int opt, byte[] v, int off, int[] lenInOut) {
        synchronized (monitor) {
            if (level == ZsockConstants.SOL_TLS) {
                return options.getBytes(opt, v, off, lenInOut);
            }
        }
        if (lenInOut[0] < 4) {
            return -Errno.EINVAL;
        }
        int[] out = optOut;
        int r = getsockopt(level, opt, out);
        if (r == 0) {
            v[off] = (byte) out[0];
            v[off + 1] = (byte) (out[0] >>> 8);
            v[off + 2] = (byte) (out[0] >>> 16);
            v[off + 3] = (byte) (out[0] >>> 24);
            lenInOut[0] = 4;
        }
        return r;
    }

    int getsockname(SockAddr out) {
        synchronized (monitor) {
            return inner.isOpen() ? inner.ops().getsockname(inner.obj(), out) : -Errno.EBADF;
        }
    }

    int getpeername(SockAddr out) {
        synchronized (monitor) {
            if (isServer() || !connected) {
                return -Errno.ENOTCONN;
            }
            out.set(table.client().addr);
            return 0;
        }
    }

    int fcntl(int cmd, int arg) {
        synchronized (monitor) {
            return inner.isOpen() ? inner.ops().fcntl(inner.obj(), cmd, arg) : -Errno.EBADF;
        }
    }

    int ioctl(int req, int[] argInOut) {
        synchronized (monitor) {
            return inner.isOpen() ? inner.ops().ioctl(inner.obj(), req, argInOut) : -Errno.EBADF;
        }
    }

    int shutdown(int how) {
        synchronized (monitor) {
            return inner.isOpen() ? inner.ops().shutdown(inner.obj(), how) : -Errno.EBADF;
        }
    }

    /** The BC session of a client socket, for tests of the adapter. */
    BcDtlsSession clientSession() {
        return table.client().session;
    }
}
