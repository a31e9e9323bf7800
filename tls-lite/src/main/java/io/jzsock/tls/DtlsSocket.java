package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.InnerSocket;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.tls.bc.BcCookies;
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
 * <li>Non-blocking sockets hand it to the kind's handshake thread ({@link DtlsHandshakes}, one
 * handshake at a time): connect returns -EINPROGRESS (then -EALREADY; POLLOUT once it succeeded,
 * POLLERR with SO_ERROR when it failed), a server's recvfrom returns -EAGAIN at once and the peer's
 * session appears when its handshake ends. The application's recvfrom and poll leave that peer's
 * datagrams on the inner socket for the handshake thread (they peek at the source).</li>
 * <li>After the handshake the socket reads datagrams itself and feeds them one at a time to BC's
 * record layer, so O_NONBLOCK, MSG_DONTWAIT and SO_RCVTIMEO behave as on UDP, and a datagram that
 * holds no application data (a retransmitted flight, a duplicate, a bad MAC) ends a non-blocking
 * call with -EAGAIN.</li>
 * <li>While a blocking server runs one peer's handshake, datagrams from other peers are held
 * ({@link DtlsConfig#heldDatagrams}) and processed after it.</li>
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
 */
final class DtlsSocket {
    private final TlsContext ctx;
    private final DtlsHandshakes handshakes;
    private final SocketHost host;
    private final Object monitor;
    final InnerSocket inner = new InnerSocket();
    final TlsOptions options;
    private final DtlsPeer[] peers;
    private final DtlsHeld held;
    private final SockAddr peekFrom = new SockAddr();
    private final byte[] peekByte = new byte[1];
    private final byte[] raw;
    private final byte[] plain;
    private final byte[] assembly;
    private final SockAddr from = new SockAddr();
    private final SockAddr handshakeFrom = new SockAddr();
    private final SockAddr lastPeer = new SockAddr();
    private final byte[] clientId = new byte[18];
    private final int[] intOut = new int[1];
    private final int[] optOut = new int[1];
    private final DtlsChainCheck chainCheck;
    private final Object rx = new Object();
    private final Object tx = new Object();
    private final int sendLimit;
    private final int index;
    /** RFC 8200 §3 (40-byte header) against RFC 791 (20 bytes without options). */
    private static final int IPV6_EXTRA_HEADER = 20;
    /** The socket's family is AF_INET6 (then peers may also be v4-mapped IPv4 ones, as on UDP). */
    private boolean ipv6;
    private BcCookies cookies;

    private boolean used;
    private boolean closing;
    /** Calls between enter and exit: the slot is reused only when none is left. */
    private int inside;
    private boolean connected;
    /** A client's association ended by a fatal alert: recv and send answer -ECONNABORTED. */
    private boolean failed;
    /** connect with TLS_DTLS_HANDSHAKE_ON_CONNECT = 0 fixed the peer; the handshake waits for the first send or recv. */
    private boolean deferred;
    /** The handshake thread runs this socket's handshake (its failure goes to SO_ERROR). */
    private volatile boolean asyncRunning;
    /** SO_ERROR: set by a fatal alert, cleared by reading it. */
    private int soError;

    DtlsSocket(TlsContext ctx, DtlsHandshakes handshakes, int index) {
        this.ctx = ctx;
        this.handshakes = handshakes;
        this.host = ctx.host;
        this.monitor = host.monitor();
        this.index = index;
        DtlsConfig cfg = ctx.cfg.dtls;
        this.options = ctx.newOptions();
        this.raw = new byte[cfg.maxDatagram];
        this.plain = new byte[cfg.maxDatagram];
        this.assembly = new byte[cfg.sendmsgBuffer];
        this.sendLimit = cfg.sendLimit;
        this.held = new DtlsHeld(cfg.heldDatagrams, cfg.maxDatagram);
        this.chainCheck = new DtlsChainCheck(ctx.verifier, options);
        this.peers = new DtlsPeer[cfg.sessionsPerSocket];
        for (int i = 0; i < peers.length; i++) {
            byte[] cid = new byte[DtlsPeerParams.SERVER_CID_LENGTH];
            peers[i] = new DtlsPeer(this, cid);
        }
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
        held.clear();
        lastPeer.clear();
        for (int i = 0; i < peers.length; i++) {
            peers[i].state = DtlsPeer.FREE;
            peers[i].expired = false;
            peers[i].async = false;
            BcDtlsSession.randomize(ctx.engine.crypto(), peers[i].ownCid);
        }
    }

    boolean isServer() {
        return options.dtlsRole() == ZsockConstants.TLS_DTLS_ROLE_SERVER;
    }

    int maxDatagram() {
        return raw.length;
    }

    /** The datagram limit of this socket's family: an IPv6 header is 20 bytes longer than IPv4's. */
    int sendLimit() {
        return ipv6 ? sendLimit - IPV6_EXTRA_HEADER : sendLimit;
    }

    // ---- connect: the client handshake ----

    /**
     * The client handshake: in this thread for a blocking socket; for a non-blocking one it goes to the
     * handshake thread and connect returns -EINPROGRESS (then -EALREADY until it ends; POLLOUT when
     * it succeeded, POLLERR and SO_ERROR when it failed).
     */
    int connect(SockAddr a) {
        if (isServer()) {
            return -Errno.EOPNOTSUPP;
        }
        if (!options.handshakeOnConnect()) {
            // TLS_DTLS_HANDSHAKE_ON_CONNECT = 0: connect only fixes the peer; the first send or recv handshakes.
            synchronized (monitor) {
                if (connected) {
                    return -Errno.EISCONN;
                }
                int r = inner.isOpen() ? inner.ops().connect(inner.obj(), a) : -Errno.EBADF;
                if (r == 0) {
                    peers[0].addr.set(a);
                    deferred = true;
                }
                return r;
            }
        }
        return handshake(a);
    }

    /** The client handshake with a, now (blocking socket) or on the handshake thread (-EINPROGRESS). */
    private int handshake(SockAddr a) {
        if (isNonBlocking(0)) {
            return startClientHandshake(a, true);
        }
        synchronized (rx) {
            int r = startClientHandshake(a, false);
            return r != 0 ? r : finishClientHandshake(peers[0]);
        }
    }

    /** Checks, connects the inner socket and fills the parameters; async: hands over to the handshake thread. */
    private int startClientHandshake(SockAddr a, boolean async) {
        DtlsPeer p = peers[0];
        synchronized (monitor) {
            if (!inner.isOpen() || closing) {
                return -Errno.EBADF;
            }
            if (connected) {
                return -Errno.EISCONN;
            }
            if (p.state == DtlsPeer.HANDSHAKING) {
                return -Errno.EALREADY;
            }
            int r = inner.ops().connect(inner.obj(), a);
            if (r < 0) {
                return r;
            }
            p.addr.set(a);
            p.state = DtlsPeer.HANDSHAKING;
            failed = false;
            soError = 0;
        }
        int r = fillParams(p, false);
        synchronized (monitor) {
            if (r < 0) {
                p.state = DtlsPeer.FREE;
                return r;
            }
            if (async) {
                p.async = true;
                handshakes.submit();
                return -Errno.EINPROGRESS;
            }
        }
        return 0;
    }

    /** Runs the client handshake (this thread, or the handshake thread) and publishes its end. */
    private int finishClientHandshake(DtlsPeer p) {
        int r = p.session.connect(ctx.engine.crypto());
        synchronized (monitor) {
            if (r == 0 && !closing) {
                p.state = DtlsPeer.OPEN;
                p.lastActivity = host.waiter().now();
                connected = true;
                publish(p);
            } else {
                p.state = DtlsPeer.FREE;
                p.session.drop();
                publishVerifyResult(p);
                if (asyncRunning) {
                    soError = -r;
                }
            }
            host.wakeAll();
        }
        return r;
    }

    /**
     * The handshake thread's work on this socket (entered, no monitor): the handshake of the peer
     * waiting for it, client or server. Blocks as the handshake does; other sockets' calls go on.
     */
    void runAsyncHandshake(DtlsPeer p) {
        synchronized (monitor) {
            asyncRunning = true;
        }
        try {
            if (isServer()) {
                finishServerHandshake(p);
            } else {
                finishClientHandshake(p);
            }
        } finally {
            synchronized (monitor) {
                asyncRunning = false;
                host.wakeAll();
            }
        }
    }

    /** Monitor held (the handshake thread looks): the peer waiting for the handshake thread, or null. */
    DtlsPeer takeAsync() {
        if (!used || closing) {
            return null;
        }
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].async) {
                peers[i].async = false;
                inside++;
                return peers[i];
            }
        }
        return null;
    }

    // ---- receive ----

    int recvfrom(byte[] b, int off, int len, int flags, SockAddr src) {
        if ((flags & ZsockConstants.MSG_PEEK) != 0) {
            // TLS-03: no MSG_PEEK on DTLS sockets; -ENOTSUP as Zephyr's TLS sockets (and the stream kind).
            return -Errno.ENOTSUP;
        }
        synchronized (rx) {
            int n = receiveRecord(flags, src);
            if (n < 0) {
                return n;
            }
            int copied = Math.min(n, len);
            System.arraycopy(plain, 0, b, off, copied);
            // TLS-03: MSG_TRUNC returns the record's full length; the rest is discarded either way.
            return (flags & ZsockConstants.MSG_TRUNC) != 0 ? n : copied;
        }
    }

    int recvmsg(MsgHdr msg, int flags) {
        if ((flags & ZsockConstants.MSG_PEEK) != 0) {
            return -Errno.ENOTSUP;
        }
        synchronized (rx) {
            int n = receiveRecord(flags, msg.name);
            if (n < 0) {
                return n;
            }
            int copied = 0;
            for (int i = 0; i < msg.iovCount && copied < n; i++) {
                int c = Math.min(msg.iovLen[i], n - copied);
                System.arraycopy(plain, copied, msg.iovBase[i], msg.iovOff[i], c);
                copied += c;
            }
            msg.controlLen = 0;
            msg.flags = copied < n ? ZsockConstants.MSG_TRUNC : 0;
            return (flags & ZsockConstants.MSG_TRUNC) != 0 ? n : copied;
        }
    }

    /**
     * A client that has no association yet but a peer (a deferred connect, or sendto's address)
     * handshakes first: 0 to go on, or the handshake's error (-EAGAIN while it runs on the handshake thread).
     */
    private int handshakeFirst(SockAddr dst) {
        SockAddr to;
        synchronized (monitor) {
            if (connected || peers[0].state != DtlsPeer.FREE || failed) {
                return 0;
            }
            to = dst != null ? dst : deferred ? peers[0].addr : null;
            if (to == null) {
                return 0;
            }
            deferred = false;
        }
        int r = handshake(to);
        return r == -Errno.EINPROGRESS ? -Errno.EAGAIN : r;
    }

    /** One record of application data into plain: its length, or a negative errno. rx held. */
    private int receiveRecord(int flags, SockAddr src) {
        boolean server = isServer();
        if (!server) {
            int r = handshakeFirst(null);
            if (r < 0) {
                return r;
            }
        }
        boolean nonBlocking = isNonBlocking(flags);
        long deadline = nonBlocking ? host.waiter().deadline(0) : deadline(flags);
        if (server) {
            // Peers that hung up before this call have had their POLLHUP; this call frees their slots.
            reapClosedPeers();
        }
        while (true) {
            int r = stateError(server);
            if (r != 0) {
                return r;
            }
            r = receivePending(src);
            if (r != -Errno.EAGAIN) {
                return r;
            }
            int n = readDatagram(deadline);
            if (n < 0) {
                return n;
            }
            DtlsPeer p = server ? findPeer(from, raw, n) : peers[0];
            if (p == null) {
                admit(n, nonBlocking, null);
                continue;
            }
            if (server && p.state == DtlsPeer.OPEN && p.isNewClientHello(raw, 0, n)) {
                admit(n, nonBlocking, p);
                continue;
            }
            if (p.state != DtlsPeer.OPEN) {
                continue;
            }
            r = settle(p, p.session.receive(raw, 0, n, plain), src, server);
            if (r != -Errno.EAGAIN) {
                return r;
            }
        }
    }

    /** A client's standing answers before it reads: 0 to go on. */
    private int stateError(boolean server) {
        synchronized (monitor) {
            if (!inner.isOpen() || closing) {
                return -Errno.EINTR;
            }
            if (server) {
                return 0;
            }
            if (failed) {
                return -Errno.ECONNABORTED;
            }
            int st = peers[0].state;
            if (st == DtlsPeer.HUNG) {
                // TLS-21: after the peer's close_notify a DTLS client sees POLLHUP and recv -EAGAIN.
                return -Errno.EAGAIN;
            }
            if (st == DtlsPeer.HANDSHAKING) {
                return -Errno.EAGAIN;
            }
            return st == DtlsPeer.OPEN ? 0 : -Errno.ENOTCONN;
        }
    }

    /** Application data BC still holds from a datagram with several records. */
    private int receivePending(SockAddr src) {
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.OPEN && p.session.mayHavePending()) {
                int r = settle(p, p.session.receivePending(plain), src, isServer());
                if (r != -Errno.EAGAIN) {
                    return r;
                }
            }
        }
        return -Errno.EAGAIN;
    }

    /** What one record's result means for the socket: a length to deliver, -EAGAIN to go on, or an error. */
    private int settle(DtlsPeer p, int r, SockAddr src, boolean server) {
        synchronized (monitor) {
            p.lastActivity = host.waiter().now();
            if (r >= 0) {
                if (server && p.session.lastRecordMovesPeer() && !from.equals(p.addr)) {
                    // RFC 9146 §6: a newer record with our CID from a new address moves the peer there.
                    p.addr.set(from);
                }
                lastPeer.set(p.addr);
                if (src != null) {
                    src.set(p.addr);
                }
                return r;
            }
            if (r == -Errno.ENOTCONN) {
                p.state = DtlsPeer.HUNG;
                p.session.drop();
                host.wakeAll();
                return -Errno.EAGAIN;
            }
            if (r == -Errno.ECONNABORTED) {
                // TLS-22: a fatal alert. A client's association is over; a server drops that peer only.
                soError = Errno.ECONNABORTED;
                if (server) {
                    p.state = DtlsPeer.FREE;
                } else {
                    failed = true;
                }
                p.session.drop();
                host.wakeAll();
                return r;
            }
            return r;
        }
    }

    /** The next datagram into raw with its source in from: a held one first, then the inner socket's. */
    private int readDatagram(long deadline) {
        synchronized (monitor) {
            while (true) {
                if (!inner.isOpen() || closing) {
                    return -Errno.EINTR;
                }
                int n = held.take(raw, 0, raw.length, from);
                if (n < 0) {
                    n = nextIsForHandshakeThread() ? -Errno.EAGAIN
                            : inner.ops().recvfrom(inner.obj(), raw, 0, raw.length, ZsockConstants.MSG_DONTWAIT, from);
                }
                if (n >= 0 && toHandshake(from)) {
                    continue;
                }
                if (n != -Errno.EAGAIN) {
                    return n;
                }
                if (!host.waiter().await(deadline)) {
                    return -Errno.EAGAIN;
                }
            }
        }
    }

    /**
     * Handshake mode (BcDatagramTransport): the next datagram from p's address within waitMillis, held
     * aside when another peer's. Runs in the thread that runs the handshake, with rx held.
     */
    int receiveFromPeer(DtlsPeer p, byte[] b, int off, int len, int waitMillis) {
        synchronized (monitor) {
            long deadline = host.waiter().deadline(waitMillis > 0 ? waitMillis : -1);
            while (true) {
                if (!inner.isOpen() || closing) {
                    return -Errno.EINTR;
                }
                int r = inner.ops().recvfrom(inner.obj(), b, off, len, ZsockConstants.MSG_DONTWAIT, handshakeFrom);
                if (r >= 0) {
                    if (!isServer() || handshakeFrom.equals(p.addr)) {
                        return r;
                    }
                    if (!toHandshake(handshakeFrom)) {
                        held.put(handshakeFrom, b, off, r);
                        host.wakeAll();
                    }
                    continue;
                }
                if (r != -Errno.EAGAIN) {
                    return r;
                }
                if (!host.waiter().await(deadline)) {
                    return -Errno.EAGAIN;
                }
            }
        }
    }

    /**
     * Monitor held, server: true for a datagram (already read) from a peer in a handshake this call
     * does not run, which is dropped: one waiting for the handshake thread retransmits later. The
     * datagrams of the handshake that thread runs are never read here ({@link #nextIsForHandshakeThread}).
     */
    private boolean toHandshake(SockAddr src) {
        if (!isServer()) {
            return false;
        }
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.HANDSHAKING && peers[i].addr.equals(src)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Monitor held: true when the inner socket's next datagram belongs to the handshake running on the
     * handshake thread. The application's recvfrom and poll leave it there (a peek at its source) for
     * that thread, which is woken by its arrival as every waiter is.
     */
    private boolean nextIsForHandshakeThread() {
        if (!asyncRunning || !isServer() || !inner.isOpen()) {
            return false;
        }
        int r = inner.ops().recvfrom(inner.obj(), peekByte, 0, 1, ZsockConstants.MSG_PEEK | ZsockConstants.MSG_DONTWAIT,
                peekFrom);
        if (r < 0) {
            return false;
        }
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.HANDSHAKING && !p.async && p.addr.equals(peekFrom)) {
                return true;
            }
        }
        return false;
    }

    /** O_NONBLOCK on the inner socket, or MSG_DONTWAIT in flags. */
    private boolean isNonBlocking(int flags) {
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

    /** A blocking call's deadline from SO_RCVTIMEO (0: none). */
    private long deadline(int flags) {
        synchronized (monitor) {
            int timeout = -1;
            if (inner.isOpen()
                    && inner.ops().getsockopt(inner.obj(), ZsockConstants.SOL_SOCKET, ZsockConstants.SO_RCVTIMEO, intOut) == 0
                    && intOut[0] > 0) {
                timeout = intOut[0];
            }
            return host.waiter().deadline(timeout);
        }
    }

    // ---- server: peers ----

    /** The session a datagram belongs to: by our CID in a tls12_cid record, else by address. */
    private DtlsPeer findPeer(SockAddr src, byte[] d, int n) {
        synchronized (monitor) {
            if (options.cidMode() != TlsOptions.DTLS_CID_DISABLED && n > 0 && d[0] == 25) {
                for (int i = 0; i < peers.length; i++) {
                    if (peers[i].state != DtlsPeer.FREE && peers[i].cidMatches(d, 0, n)) {
                        return peers[i];
                    }
                }
                return null;
            }
            for (int i = 0; i < peers.length; i++) {
                if (peers[i].state != DtlsPeer.FREE && peers[i].addr.equals(src)) {
                    return peers[i];
                }
            }
            return null;
        }
    }

    /**
     * A datagram from an unknown address (or a restarted client's new ClientHello, replacing): a
     * ClientHello with a valid cookie gets a free slot (or the replaced one) and its handshake runs
     * now, in this thread, or on the handshake thread for a non-blocking call; without a cookie it
     * gets a HelloVerifyRequest; anything else, or a full table, is dropped.
     */
    private void admit(int n, boolean nonBlockingCall, DtlsPeer replacing) {
        if (!BcCookies.isHandshakeRecord(raw, 0, n)) {
            return;
        }
        DtlsPeer p = replacing;
        synchronized (monitor) {
            for (int i = 0; i < peers.length && p == null; i++) {
                if (peers[i].state == DtlsPeer.FREE) {
                    p = peers[i];
                }
            }
            if (p == null) {
                return;
            }
            if (replacing == null) {
                p.addr.set(from);
            }
            clientIdOf(from);
            if (cookies == null) {
                cookies = new BcCookies(ctx.engine.crypto());
            }
        }
        if (!cookies.check(clientId, raw, 0, n, p)) {
            return;
        }
        if (replacing != null) {
            // RFC 6347 §4.2.8: the restarted client passed the cookie exchange; its old association goes.
            synchronized (monitor) {
                replacing.session.drop();
            }
        }
        p.rememberHello(raw, 0, n);
        p.session.stage(cookies);
        synchronized (monitor) {
            p.state = DtlsPeer.HANDSHAKING;
            p.expired = false;
        }
        if (fillParams(p, true) < 0) {
            synchronized (monitor) {
                p.state = DtlsPeer.FREE;
            }
            return;
        }
        if (nonBlockingCall) {
            synchronized (monitor) {
                p.async = true;
                handshakes.submit();
            }
            return;
        }
        finishServerHandshake(p);
    }

    /** Runs a server handshake (in the recvfrom that admitted the peer, or the handshake thread) and publishes its end. */
    private void finishServerHandshake(DtlsPeer p) {
        int r = p.session.accept(ctx.engine.crypto());
        synchronized (monitor) {
            if (r == 0 && !closing) {
                p.state = DtlsPeer.OPEN;
                p.lastActivity = host.waiter().now();
                publish(p);
            } else {
                p.state = DtlsPeer.FREE;
                p.session.drop();
            }
            host.wakeAll();
        }
    }

    /**
     * The cookie's client identity (RFC 6347 §4.2.1: bound to the source address and port): the
     * 16-byte address (an IPv4 one v4-mapped, so both families share one form) and the port.
     */
    private void clientIdOf(SockAddr a) {
        long hi = a.addrHi();
        long lo = a.addrLo();
        for (int i = 0; i < 8; i++) {
            clientId[i] = (byte) (hi >>> (56 - 8 * i));
            clientId[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        clientId[16] = (byte) (a.port() >>> 8);
        clientId[17] = (byte) a.port();
    }

    /** Frees closed and idle peers; an idle one is told with close_notify first. rx held. */
    private void reapClosedPeers() {
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            boolean expired;
            synchronized (monitor) {
                if (p.state != DtlsPeer.HUNG) {
                    continue;
                }
                expired = p.expired;
            }
            if (expired) {
                synchronized (tx) {
                    p.session.close();
                }
            }
            synchronized (monitor) {
                p.session.drop();
                p.expired = false;
                p.state = DtlsPeer.FREE;
                host.wakeAll();
            }
        }
    }

    /** The idle timer (monitor held, net thread): marks server peers idle past the timeout HUNG; true if any. */
    boolean expireIdle(long now, int idleMillis) {
        if (!used || idleMillis <= 0 || !isServer()) {
            return false;
        }
        boolean any = false;
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.OPEN && p.lastActivity + idleMillis <= now) {
                p.state = DtlsPeer.HUNG;
                p.expired = true;
                any = true;
            }
        }
        if (any) {
            host.wakeAll();
        }
        return any;
    }

    /** When the next server peer idles out (monitor held), or Long.MAX_VALUE. */
    long nextIdleDeadline(int idleMillis) {
        if (!used || idleMillis <= 0 || !isServer()) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.OPEN) {
                next = Math.min(next, peers[i].lastActivity + idleMillis);
            }
        }
        return next;
    }

    /** Sessions a server holds (open or handshaking), for tests and logs. */
    int sessionCount() {
        synchronized (monitor) {
            int n = 0;
            for (int i = 0; i < peers.length; i++) {
                if (peers[i].state == DtlsPeer.OPEN || peers[i].state == DtlsPeer.HANDSHAKING) {
                    n++;
                }
            }
            return n;
        }
    }

    // ---- send ----

    int sendto(byte[] b, int off, int len, int flags, SockAddr dst) {
        if (!isServer()) {
            // Zephyr's DTLS client: sendto on an unconnected socket handshakes with dst first.
            int r = handshakeFirst(dst);
            if (r < 0) {
                return r;
            }
        }
        synchronized (tx) {
            DtlsPeer p;
            synchronized (monitor) {
                if (!inner.isOpen() || closing) {
                    return -Errno.EBADF;
                }
                if (!isServer() && failed) {
                    return -Errno.ECONNABORTED;
                }
                p = isServer() ? openPeer(dst != null ? dst : lastPeer) : peers[0];
                if (p == null || p.state != DtlsPeer.OPEN) {
                    return -Errno.ENOTCONN;
                }
            }
            int r = p.session.send(b, off, len);
            synchronized (monitor) {
                if (r >= 0) {
                    p.lastActivity = host.waiter().now();
                } else if (r == -Errno.ECONNABORTED) {
                    soError = Errno.ECONNABORTED;
                    failed = !isServer();
                    p.state = isServer() ? DtlsPeer.FREE : p.state;
                    host.wakeAll();
                }
            }
            return r;
        }
    }

    /** TLS-04: one iovec as is; several concatenated into the assembly buffer (empty ones skipped), else -EMSGSIZE. */
    int sendmsg(MsgHdr msg, int flags) {
        int nonEmpty = 0;
        int single = -1;
        for (int i = 0; i < msg.iovCount; i++) {
            if (msg.iovLen[i] > 0) {
                nonEmpty++;
                single = i;
            }
        }
        if (nonEmpty <= 1) {
            if (single < 0) {
                return sendto(plain, 0, 0, flags, msg.name);
            }
            return sendto(msg.iovBase[single], msg.iovOff[single], msg.iovLen[single], flags, msg.name);
        }
        synchronized (tx) {
            int total = msg.totalLength();
            if (total > assembly.length) {
                return -Errno.EMSGSIZE;
            }
            int at = 0;
            for (int i = 0; i < msg.iovCount; i++) {
                System.arraycopy(msg.iovBase[i], msg.iovOff[i], assembly, at, msg.iovLen[i]);
                at += msg.iovLen[i];
            }
            return sendto(assembly, 0, at, flags, msg.name);
        }
    }

    private DtlsPeer openPeer(SockAddr dst) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.OPEN && peers[i].addr.equals(dst)) {
                return peers[i];
            }
        }
        return null;
    }

    /** One datagram to a through the inner socket (the client's is connected). */
    int sendDatagram(SockAddr a, byte[] b, int off, int len) {
        synchronized (monitor) {
            if (!inner.isOpen()) {
                return -Errno.EINTR;
            }
            int r = inner.ops().sendto(inner.obj(), b, off, len, 0, isServer() ? a : null);
            host.deliverLoopbackNow();
            return r;
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

    /** TLS_CERT_VERIFY_RESULT after a handshake, also a failed one (monitor held). */
    private void publishVerifyResult(DtlsPeer p) {
        DtlsPeerParams r = p.session.params();
        options.publishVerifyResult(r.verifyLevel == ZsockConstants.TLS_PEER_VERIFY_NONE || !r.verified
                ? TlsOptions.VERIFY_RESULT_NONE : r.verifyResult);
    }

    /** Publishes what a handshake gave to the options (monitor held). */
    private void publish(DtlsPeer p) {
        DtlsPeerParams r = p.session.params();
        options.publishSuiteUsed(r.suiteUsed < 0 ? 0 : r.suiteUsed);
        publishVerifyResult(p);
        // BC's names: connectionIDLocal is the CID in the records this end sends (the peer's choice),
        // connectionIDPeer the one in the records it receives (its own choice).
        int down = r.cidPeer != null && r.cidPeer.length > 0 ? 1 : 0;
        int up = r.cidLocal != null && r.cidLocal.length > 0 ? 2 : 0;
        if (r.cidLocal != null) {
            options.publishCid(down | up, r.cidLocal, 0, r.cidLocal.length);
        } else {
            options.publishCid(down | up, raw, 0, 0);
        }
    }

    int pollEvents() {
        boolean server = isServer();
        // DTLS is always writable, except while a client's connect is in progress (its end is POLLOUT).
        int ev = server || peers[0].state != DtlsPeer.HANDSHAKING ? ZsockConstants.POLLOUT : 0;
        if (soError != 0 || failed) {
            ev |= ZsockConstants.POLLERR;
        }
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.HUNG) {
                ev |= ZsockConstants.POLLHUP;
            }
            if (p.state == DtlsPeer.OPEN && p.session.mayHavePending()) {
                ev |= ZsockConstants.POLLIN;
            }
            if (!server) {
                break;
            }
        }
        boolean receiving = server || (connected && peers[0].state == DtlsPeer.OPEN);
        if (receiving && (held.count() > 0
                || inner.isOpen() && (inner.ops().pollEvents(inner.obj()) & ZsockConstants.POLLIN) != 0
                && !nextIsForHandshakeThread())) {
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
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.OPEN) {
                peers[i].session.close();
            }
        }
        synchronized (monitor) {
            int r = host.closeInner(inner);
            for (int i = 0; i < peers.length; i++) {
                peers[i].state = DtlsPeer.FREE;
            }
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
        for (int i = 0; i < peers.length; i++) {
            peers[i].session.drop();
            peers[i].state = DtlsPeer.FREE;
        }
        held.clear();
        used = false;
    }

    /** Fills p's handshake parameters from the options (under the monitor) and the credentials. */
    private int fillParams(DtlsPeer p, boolean server) {
        DtlsPeerParams q = p.session.params();
        synchronized (monitor) {
            DtlsHandshakeSetup.fromOptions(options, chainCheck, q, server, p.ownCid);
        }
        return DtlsCredentials.fill(ctx.keys, options, q);
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
            out.set(peers[0].addr);
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
        return peers[0].session;
    }
}
