package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.InnerSocket;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.SocketOps;
import io.jzsock.tls.bc.BcEngine;
import io.jzsock.tls.bc.HandshakeParams;
import io.jzsock.tls.bc.TlsRecordFramer;

/**
 * One TLS stream socket: its inner TCP socket, its SOL_TLS options, its engine, and the glue between
 * them (Zephyr's {@code struct tls_context}). The lock rule of {@link SocketOps#OUTSIDE_MONITOR}:
 * engine calls hold {@link #engineLock} and never the stack's monitor; inner socket calls hold the
 * monitor and never the engine lock (order: engine lock, then monitor, never the other way).
 * Receivers serialise on {@link #rxLock}, senders on {@link #sendLock}; ciphertext goes out through
 * one flusher at a time ({@code txBusy}), so a receiver that must answer (close_notify, alerts) never
 * waits behind a sender blocked on a full window (TLS-16).
 *
 * <p>Ciphertext is received into one {@link TlsRecordFramer} buffer sized from
 * {@link TlsConfig#maxRecordCiphertext}, never past the current record, and the engine is offered one
 * whole record at a time; it is handed at most one record of plaintext per write, and recv reads the
 * decrypted data of a record before it receives the next. That keeps Bouncy Castle on its
 * allocation-free record path and its queues (which grow to a power of two of what they ever held)
 * at one record.
 *
 * <p>Readiness for poll is published under the monitor: decrypted bytes waiting, peer closed, error,
 * and the framer (changed under the monitor), so that {@link #pollEvents} can tell a complete record
 * waiting in the inner socket (POLLIN while a receiver is at work, else update pending) from a partial one (no POLLIN: recv would
 * find nothing; Zephyr issues 115247 and 33330). Before poll reads that, its
 * {@link #pollUpdate} (without the monitor) processes a complete record unless a receiver is at work,
 * as Zephyr's ztls_poll_update_pollin does: a fatal alert is POLLIN|POLLERR in that same poll, a
 * close_notify POLLIN|POLLHUP, a record with nothing for the application (a TLS 1.3 ticket) no POLLIN.
 * A record that completes after the update and before the look is not POLLIN but
 * {@link SocketOps#UPDATE_PENDING}: poll updates again and looks again, so the same holds for it.
 */
final class TlsStream {
    static final int SLOT_BITS = 8;
    static final int SLOT_MASK = (1 << SLOT_BITS) - 1;

    static final int IDLE = 0;
    static final int LISTENING = 1;
    static final int CONNECTING = 2;
    static final int HANDSHAKING = 3;
    static final int ESTABLISHED = 4;
    static final int FAILED = 5;


    final InnerSocket inner = new InnerSocket();
    final TlsOptions options;
    final BcEngine engine;
    final Object engineLock = new Object();
    final Object rxLock = new Object();
    final Object sendLock = new Object();
    private final HandshakeParams params;
    private final TlsContext ctx;
    private final SocketHost host;
    private final int index;
    /** Ciphertext received, one record at a time; its state changes under the monitor. */
    private final TlsRecordFramer framer;
    private final byte[] tx;
    private final int[] ioctlArg = new int[1];
    private final TlsHandshakeSetup setup;
    private int generation;
    private boolean open;
    private int proto;
    private boolean server;

    // Published under the monitor.
    private int state;
    private int error;
    private boolean async;
    private long deadline;
    private int appAvailable;
    private boolean peerClosed;
    private boolean txPending;
    private boolean flushing;
    /** Threads inside recv, and whether a poll update is reading: they never read the inner socket at once. */
    private int receivers;
    private boolean pollReading;
    private boolean wasEstablished;

    // Guarded by engineLock.
    private int txOff;
    private int txLen;
    private boolean txBusy;

    TlsStream(TlsContext ctx, int index) {
        this.ctx = ctx;
        this.host = ctx.host;
        this.index = index;
        this.options = ctx.newOptions();
        this.params = new HandshakeParams(ctx.cfg.maxCipherSuites, ctx.keys.maxCredentialBytes(), ctx.cfg.maxPskBytes,
                ctx.cfg.maxPskIdentityBytes, ctx.cfg.maxAlpnBytes);
        this.engine = new BcEngine(ctx.engine, params);
        this.setup = new TlsHandshakeSetup(ctx, options, inner, params);
        this.framer = new TlsRecordFramer(ctx.cfg.maxRecordCiphertext);
        this.tx = new byte[ctx.cfg.ciphertextChunk];
    }

    /** Called with the stack's monitor held. */
    void open(int protocol, TlsOptions from) {
        generation = (generation + 1) & 0x7fffff;
        open = true;
        proto = protocol;
        server = false;
        state = IDLE;
        error = 0;
        async = false;
        appAvailable = 0;
        peerClosed = false;
        txPending = false;
        flushing = false;
        receivers = 0;
        pollReading = false;
        wasEstablished = false;
        framer.reset();
        txOff = 0;
        txLen = 0;
        txBusy = false;
        options.reset();
        if (from != null) {
            options.copyFrom(from);
        }
    }

    boolean isOpen() {
        return open;
    }

    int handle() {
        return generation << SLOT_BITS | index;
    }

    int proto() {
        return proto;
    }

    /** FIONREAD on a TLS socket: decrypted bytes waiting (the monitor is held). */
    int decryptedAvailable() {
        return appAvailable;
    }

    /** The sticky error SO_ERROR reports (0 for none); the monitor is held. */
    int error() {
        return error;
    }

    // ---- connect, listen, accept -------------------------------------------------------------

    int connect(SockAddr a) {
        int r;
        synchronized (host.monitor()) {
            if (state == CONNECTING || state == HANDSHAKING) {
                return -Errno.EALREADY;
            }
            if (state == ESTABLISHED) {
                return -Errno.EISCONN;
            }
            if (state != IDLE) {
                return error != 0 ? error : -Errno.EBADF;
            }
            r = inner.ops().connect(inner.obj(), a);
            if (r == -Errno.EINPROGRESS) {
                state = CONNECTING;
                startAsync();
                return r;
            }
            if (r < 0) {
                return r;
            }
            state = HANDSHAKING;
        }
        r = start(false);
        if (r < 0) {
            return r;
        }
        if (nonBlocking()) {
            synchronized (host.monitor()) {
                startAsync();
            }
            return -Errno.EINPROGRESS;
        }
        return handshake();
    }

    int listen(int backlog) {
        synchronized (host.monitor()) {
            int r = inner.ops().listen(inner.obj(), backlog);
            if (r == 0) {
                state = LISTENING;
                server = true;
            }
            return r;
        }
    }

    /**
     * The server half of accept, on the new socket: a blocking listener runs the handshake here
     * (failure: the fd is closed and accept returns -ECONNABORTED, TLS-07); a non-blocking one hands
     * it to the pump, and recv/send answer -EAGAIN until it completes.
     */
    int serverHandshake(int fd, boolean blocking) {
        synchronized (host.monitor()) {
            server = true;
            state = HANDSHAKING;
        }
        int r = start(true);
        if (r == 0 && !blocking) {
            synchronized (host.monitor()) {
                startAsync();
            }
            return fd;
        }
        if (r == 0) {
            r = handshake();
        }
        if (r < 0) {
            synchronized (host.monitor()) {
                host.closeFd(fd);
            }
            return r == -Errno.EINTR ? r : -Errno.ECONNABORTED;
        }
        return fd;
    }

    boolean nonBlocking() {
        synchronized (host.monitor()) {
            if (!inner.isOpen()) {
                return false;
            }
            int fl = inner.ops().fcntl(inner.obj(), ZsockConstants.F_GETFL, 0);
            return fl >= 0 && (fl & ZsockConstants.O_NONBLOCK) != 0;
        }
    }

    /** Fills the handshake's parameters from the options and the credentials, and starts the engine. */
    private int start(boolean asServer) {
        synchronized (engineLock) {
            synchronized (host.monitor()) {
                setup.prepare(asServer, proto);
            }
            int r = engine.start();
            if (r < 0) {
                return fail(r);
            }
        }
        return 0;
    }

    /** Drives a blocking handshake to the end; the handshake timeout bounds a silent peer. */
    private int handshake() {
        long until;
        synchronized (host.monitor()) {
            until = host.waiter().deadline(ctx.cfg.handshakeTimeoutMillis);
        }
        while (true) {
            int r = step(true, until);
            if (r != -Errno.EAGAIN) {
                return r;
            }
        }
    }

    /**
     * One handshake step: sends what the engine has, finishes when it is connected, else reads what
     * the peer sent (waiting until the deadline when block) and offers it. 0 when established,
     * -EAGAIN for "call again", another errno when it failed (the socket is then FAILED).
     */
    int step(boolean block, long until) {
        while (true) {
            int r = flush(block);
            if (r < 0 && r != -Errno.EAGAIN) {
                return fail(r);
            }
            synchronized (engineLock) {
                if (engine.failed()) {
                    flushQuietly();
                    return fail(-Errno.ECONNABORTED);
                }
                if (engine.handshakeComplete() && r == 0) {
                    return established();
                }
            }
            if (r == -Errno.EAGAIN && !block) {
                return r;
            }
            int n = readInner(block, until);
            if (n == -Errno.EAGAIN) {
                if (block || timeUp(until)) {
                    return fail(-Errno.ETIMEDOUT);
                }
                return n;
            }
            if (n < 0) {
                return fail(n == -Errno.ECONNRESET || n == -Errno.EPIPE ? -Errno.ECONNABORTED : n);
            }
            synchronized (engineLock) {
                if (n == 0) {
                    engine.inputEnded();
                    return fail(-Errno.ECONNABORTED);
                }
                r = offer();
            }
            if (r < 0) {
                flushQuietly();
                return fail(r);
            }
        }
    }

    private boolean timeUp(long until) {
        synchronized (host.monitor()) {
            return host.waiter().now() >= until;
        }
    }

    private int established() {
        synchronized (host.monitor()) {
            options.publishSuiteUsed(engine.suiteUsed());
            options.publishVerifyResult(engine.verifyResult());
            state = ESTABLISHED;
            wasEstablished = true;
            async = false;
            publishLocked();
            host.wakeAll();
        }
        return 0;
    }

    /** Records a failure once: the socket stays FAILED and every call answers err (SO_ERROR too). */
    private int fail(int err) {
        synchronized (host.monitor()) {
            if (error == 0) {
                error = err == -Errno.EAGAIN ? -Errno.ECONNABORTED : err;
            }
            if (engine.verifyResult() != -1) {
                options.publishVerifyResult(engine.verifyResult());
            }
            if (state != ESTABLISHED || err == -Errno.ECONNABORTED) {
                state = FAILED;
            }
            async = false;
            host.wakeAll();
            return error;
        }
    }

    // ---- the pump's side (non-blocking handshakes, ciphertext left over) ---------------------

    private void startAsync() {
        async = true;
        deadline = host.waiter().deadline(ctx.cfg.handshakeTimeoutMillis);
        host.wakeAll();
    }

    /** Under the monitor: does this socket need the pump now? Never true twice for the same state without progress. */
    boolean needsPump(long now) {
        if (!open || !inner.isOpen()) {
            return false;
        }
        int ev = inner.ops().pollEvents(inner.obj());
        if (async) {
            if (now >= deadline) {
                return true;
            }
            if (state == CONNECTING) {
                return (ev & (ZsockConstants.POLLOUT | ZsockConstants.POLLERR | ZsockConstants.POLLHUP)) != 0;
            }
            return (ev & (ZsockConstants.POLLIN | ZsockConstants.POLLERR | ZsockConstants.POLLHUP)) != 0
                    || txPending && !flushing && (ev & ZsockConstants.POLLOUT) != 0;
        }
        return state == ESTABLISHED && txPending && !flushing && (ev & ZsockConstants.POLLOUT) != 0;
    }

    /** Under the monitor: when the pump must look again without a wake-up (an async handshake's deadline). */
    long pumpDeadline() {
        return open && async ? deadline : Long.MAX_VALUE;
    }

    /** Called by the pump thread, without the monitor: one step of an async handshake, or a flush. */
    void pump() {
        boolean connecting;
        long until;
        synchronized (host.monitor()) {
            if (!open || !inner.isOpen()) {
                return;
            }
            if (!async) {
                connecting = false;
                until = -1;
            } else {
                connecting = state == CONNECTING;
                until = deadline;
                if (host.waiter().now() >= deadline) {
                    async = false;
                    until = 0;
                }
            }
        }
        if (until < 0) {
            int r = flush(false);
            if (r < 0 && r != -Errno.EAGAIN) {
                fail(r);
            }
            return;
        }
        if (until == 0) {
            fail(-Errno.ETIMEDOUT);
            return;
        }
        if (connecting) {
            synchronized (host.monitor()) {
                int r = inner.ops().getsockopt(inner.obj(), ZsockConstants.SOL_SOCKET, ZsockConstants.SO_ERROR, ioctlArg);
                if (r == 0 && ioctlArg[0] != 0) {
                    fail(ioctlArg[0] > 0 ? -ioctlArg[0] : ioctlArg[0]);
                    return;
                }
                int ev = inner.ops().pollEvents(inner.obj());
                if ((ev & ZsockConstants.POLLOUT) == 0) {
                    fail((ev & ZsockConstants.POLLHUP) != 0 ? -Errno.ECONNREFUSED : -Errno.ECONNABORTED);
                    return;
                }
                state = HANDSHAKING;
            }
            if (start(false) < 0) {
                return;
            }
        }
        step(false, until);
    }

    // ---- data ------------------------------------------------------------------------------------

    /** Blocks (unless dontWait) while a non-blocking handshake is in progress; 0 once established. */
    private int awaitEstablished(boolean dontWait) {
        synchronized (host.monitor()) {
            while (true) {
                if (!open || !inner.isOpen()) {
                    return -Errno.EINTR;
                }
                if (error != 0) {
                    return error;
                }
                if (state == ESTABLISHED) {
                    return 0;
                }
                if (state != CONNECTING && state != HANDSHAKING) {
                    return -Errno.ENOTCONN;
                }
                if (dontWait) {
                    return -Errno.EAGAIN;
                }
                if (!host.waiter().await(Long.MAX_VALUE)) {
                    return -Errno.EINTR;
                }
            }
        }
    }

    int recv(byte[] b, int off, int len, int flags) {
        if ((flags & ZsockConstants.MSG_PEEK) != 0) {
            return -Errno.ENOTSUP;
        }
        boolean dontWait = (flags & ZsockConstants.MSG_DONTWAIT) != 0 || nonBlocking();
        boolean waitAll = (flags & ZsockConstants.MSG_WAITALL) != 0 && !dontWait;
        synchronized (host.monitor()) {
            receivers++;
            // no poll update starts now; one already reading finishes its offer before this recv reads
            while (pollReading && host.waiter().await(io.jzsock.net.sock.Waiter.FOREVER)) {
                // woken: look again
            }
        }
        try {
            return receive(b, off, len, dontWait, waitAll);
        } finally {
            synchronized (host.monitor()) {
                receivers--;
            }
        }
    }

    private int receive(byte[] b, int off, int len, boolean dontWait, boolean waitAll) {
        synchronized (rxLock) {
            int r = awaitEstablished(dontWait);
            if (r < 0) {
                return r;
            }
            int got = 0;
            long until = dontWait ? 0 : receiveDeadline();
            while (true) {
                synchronized (engineLock) {
                    if (engine.appAvailable() > 0 && got < len) {
                        got += engine.readApp(b, off + got, len - got);
                        publish();
                    }
                }
                if (got == len || got > 0 && !waitAll) {
                    return got;
                }
                synchronized (host.monitor()) {
                    if (error != 0) {
                        return got > 0 ? got : error;
                    }
                    if (peerClosed) {
                        return got;
                    }
                }
                int n = readInner(!dontWait, until);
                if (n < 0) {
                    if (n != -Errno.EAGAIN && n != -Errno.EINTR) {
                        fail(n);
                    }
                    return got > 0 ? got : n;
                }
                synchronized (engineLock) {
                    if (n == 0) {
                        engine.inputEnded();
                        publish();
                        continue;
                    }
                    r = offer();
                }
                flushQuietly();
                if (r < 0) {
                    fail(r);
                    return got > 0 ? got : r;
                }
            }
        }
    }

    int send(byte[] b, int off, int len, int flags) {
        boolean dontWait = (flags & ZsockConstants.MSG_DONTWAIT) != 0 || nonBlocking();
        synchronized (sendLock) {
            int r = awaitEstablished(dontWait);
            if (r < 0) {
                return r;
            }
            synchronized (host.monitor()) {
                if (peerClosed) {
                    return -Errno.ECONNABORTED;
                }
            }
            r = flush(!dontWait);
            if (r < 0) {
                return r == -Errno.EAGAIN ? r : fail(r);
            }
            int sent = 0;
            while (sent < len) {
                int chunk;
                synchronized (engineLock) {
                    chunk = Math.min(len - sent, Math.min(ctx.cfg.plaintextChunk, engine.recordPlaintextLimit()));
                    r = engine.writeApp(b, off + sent, chunk);
                }
                if (r < 0) {
                    fail(r);
                    return sent > 0 ? sent : r;
                }
                sent += chunk;
                r = flush(!dontWait);
                if (r == -Errno.EAGAIN) {
                    return sent;
                }
                if (r < 0) {
                    fail(r);
                    return sent;
                }
            }
            return sent;
        }
    }

    /** SHUT_RD: recv gives EOF (TLS-15); SHUT_WR / SHUT_RDWR: close_notify first, then the TCP FIN. */
    int shutdown(int how) {
        if (how == ZsockConstants.SHUT_WR || how == ZsockConstants.SHUT_RDWR) {
            synchronized (engineLock) {
                if (engine.connected()) {
                    engine.closeNotify();
                }
            }
            flushQuietly();
        }
        synchronized (host.monitor()) {
            if (!inner.isOpen()) {
                return -Errno.EBADF;
            }
            int r = inner.ops().shutdown(inner.obj(), how);
            if (r == 0 && how != ZsockConstants.SHUT_WR) {
                peerClosed = true;
                host.wakeAll();
            }
            return r;
        }
    }

    /** close: close_notify when established (best effort, never waits), then the inner socket. */
    int close() {
        if (!ctx.stack.isRunning()) {
            // NetStack.stop() closes every fd with the monitor held: taking the engine lock now would
            // invert the lock order (engine lock, then monitor), so no close_notify, only the TCP close.
            synchronized (host.monitor()) {
                open = false;
                async = false;
                return host.closeInner(inner);
            }
        }
        synchronized (engineLock) {
            if (engine.connected()) {
                engine.closeNotify();
            }
        }
        flushQuietly();
        synchronized (engineLock) {
            synchronized (host.monitor()) {
                open = false;
                async = false;
                int r = host.closeInner(inner);
                engine.release();
                return r;
            }
        }
    }

    // ---- poll ------------------------------------------------------------------------------------

    /** Under the monitor (the Poller holds it): from published state and a peek at the inner socket, never decrypting. */
    int pollEvents() {
        if (!open || !inner.isOpen()) {
            return ZsockConstants.POLLNVAL;
        }
        int ev = inner.ops().pollEvents(inner.obj());
        switch (state) {
            case IDLE:
            case LISTENING:
                return ev;
            case CONNECTING:
            case HANDSHAKING:
                return ev & (ZsockConstants.POLLERR | ZsockConstants.POLLHUP);
            case FAILED:
                // after the handshake neither recv nor send blocks, they return the error: Zephyr keeps the
                // inner socket's POLLIN and POLLOUT beside POLLERR
                return ZsockConstants.POLLERR | (ev & ZsockConstants.POLLHUP)
                        | (wasEstablished ? ZsockConstants.POLLIN | ev & ZsockConstants.POLLOUT : 0);
            default:
                break;
        }
        if (error != 0) {
            return ZsockConstants.POLLERR | ZsockConstants.POLLIN;
        }
        int out = ev & (ZsockConstants.POLLOUT | ZsockConstants.POLLERR);
        if (appAvailable > 0) {
            out |= ZsockConstants.POLLIN;
        }
        if (peerClosed) {
            return out | ZsockConstants.POLLIN | ZsockConstants.POLLHUP;
        }
        int avail = innerBytes(ev);
        if (avail == 0 && (ev & (ZsockConstants.POLLIN | ZsockConstants.POLLHUP)) != 0) {
            // Readable with nothing to read: the peer's FIN, with or without close_notify (Zephyr 39660).
            out |= ZsockConstants.POLLIN | ZsockConstants.POLLHUP;
        }
        if (wholeRecordUnprocessed(avail)) {
            out |= unprocessedRecordEvents();
        }
        return out;
    }

    /**
     * What poll says of a whole record not processed yet: POLLIN when a receiver will decrypt it; nothing
     * while another poll's update processes it (that one publishes and wakes every poller); otherwise
     * {@link SocketOps#UPDATE_PENDING}, so that poll runs {@link #pollUpdate} and looks again rather than
     * report as data a record that may be an alert or a close_notify. With decrypted data waiting, POLLIN
     * is reported already and the record waits for recv.
     */
    private int unprocessedRecordEvents() {
        if (receivers > 0) {
            return ZsockConstants.POLLIN;
        }
        return updateMayRead() ? SocketOps.UPDATE_PENDING : 0;
    }

    /** Under the monitor, once established without error or close_notify: may a poll update read a record now? */
    private boolean updateMayRead() {
        return appAvailable == 0 && receivers == 0 && !pollReading;
    }

    /**
     * Under the monitor: is a whole record not processed yet, held by the framer (a receiver's or an
     * update's, between its read and its offer) or waiting in the inner socket, which holds avail bytes?
     */
    private boolean wholeRecordUnprocessed(int avail) {
        return framer.completes(0) || avail > 0 && completeRecordWaiting(avail);
    }

    /** Bytes in the inner socket, asked only when its events say it is readable (ev: its pollEvents). */
    private int innerBytes(int ev) {
        return (ev & (ZsockConstants.POLLIN | ZsockConstants.POLLHUP)) != 0 ? innerReadable() : 0;
    }

    /**
     * poll's update, without the monitor (Zephyr's ztls_socket_data_check in ztls_poll_update_pollin):
     * an established socket with a whole record not processed yet reads and offers it, so what it carries
     * is published before poll looks. Runs exactly when {@link #pollEvents} says {@link SocketOps#UPDATE_PENDING}:
     * skipped while a receiver is at work (it will read the record itself); never waits.
     */
    void pollUpdate() {
        int gen;
        synchronized (host.monitor()) {
            if (!open || !inner.isOpen() || state != ESTABLISHED || error != 0 || peerClosed || !updateMayRead()
                    || !wholeRecordUnprocessed(innerBytes(inner.ops().pollEvents(inner.obj())))) {
                return;
            }
            pollReading = true;
            gen = generation;
        }
        int r = 0;
        try {
            boolean held = false;
            synchronized (host.monitor()) {
                // the whole record is waiting (checked above): its header, then its body, into the framer
                while (sameSocket(gen) && framer.ready() == 0) {
                    if (readInner(false, 0) <= 0) {
                        break;
                    }
                }
                held = sameSocket(gen) && framer.ready() > 0;
            }
            if (held) {
                // close needs the engine lock to release the engine: holding it, the socket stays this one
                synchronized (engineLock) {
                    if (sameSocket(gen)) {
                        r = offer();
                    }
                }
            }
        } finally {
            synchronized (host.monitor()) {
                if (generation == gen) {
                    pollReading = false;
                }
                host.wakeAll();
            }
        }
        flushQuietly();
        if (r < 0) {
            synchronized (host.monitor()) {
                if (generation == gen) {
                    fail(r);
                }
            }
        }
    }

    /** Is this slot still the socket of generation gen, open (a close and a reuse may come between calls)? */
    private boolean sameSocket(int gen) {
        synchronized (host.monitor()) {
            return generation == gen && open && inner.isOpen();
        }
    }

    private int innerReadable() {
        ioctlArg[0] = 0;
        int r = inner.ops().ioctl(inner.obj(), ZsockConstants.FIONREAD, ioctlArg);
        return r < 0 ? 0 : ioctlArg[0];
    }

    /**
     * Is a whole record (the rest of the current one, or the next) in the inner socket? Peeks the
     * missing header bytes into the framer's buffer, where they are received over later.
     */
    private boolean completeRecordWaiting(int avail) {
        int missing = framer.headerMissing();
        if (missing > 0) {
            if (avail < missing) {
                return false;
            }
            int r = inner.ops().recvfrom(inner.obj(), framer.buffer(), framer.fillOffset(), missing,
                    ZsockConstants.MSG_PEEK | ZsockConstants.MSG_DONTWAIT, null);
            if (r < missing) {
                return false;
            }
        }
        return framer.completes(avail);
    }

    // ---- inner socket I/O ------------------------------------------------------------------------

    /**
     * Receives ciphertext into the framer, never past the current record: the count, 0 at EOF (or
     * after SHUT_RD), or a negative errno; -EAGAIN when nothing came before until. It waits on the
     * monitor itself, so one deadline covers a recv that needs several reads to complete a record,
     * and a close from another thread (the inner socket closed) is -EINTR.
     */
    private int readInner(boolean block, long until) {
        synchronized (host.monitor()) {
            while (true) {
                if (!inner.isOpen()) {
                    return -Errno.EINTR;
                }
                int n = inner.ops().recvfrom(inner.obj(), framer.buffer(), framer.fillOffset(), framer.wanted(),
                        ZsockConstants.MSG_DONTWAIT, null);
                if (n > 0) {
                    framer.filled(n);
                }
                if (n != -Errno.EAGAIN || !block) {
                    return n;
                }
                if (!host.waiter().await(until)) {
                    return inner.isOpen() ? -Errno.EAGAIN : -Errno.EINTR;
                }
            }
        }
    }

    /** SO_RCVTIMEO as one deadline for the whole recv (0 or unset: none). */
    private long receiveDeadline() {
        synchronized (host.monitor()) {
            int[] v = ioctlArg;
            int r = inner.isOpen() ? inner.ops().getsockopt(inner.obj(), ZsockConstants.SOL_SOCKET, ZsockConstants.SO_RCVTIMEO, v) : -1;
            return r == 0 && v[0] > 0 ? host.waiter().deadline(v[0]) : io.jzsock.net.sock.Waiter.FOREVER;
        }
    }

    /**
     * Under engineLock: the record the framer holds (if it holds a whole one, or a piece of one too
     * large for it) into the engine, then readiness published. 0 while the record is incomplete.
     */
    private int offer() {
        int n = framer.ready();
        if (n == 0) {
            return 0;
        }
        int r = engine.offer(framer.buffer(), 0, n);
        synchronized (host.monitor()) {
            framer.consumed();
            publishLocked();
            host.wakeAll();
        }
        return r;
    }

    /** Under engineLock: copies the engine's state to the fields pollEvents reads, and wakes pollers. */
    private void publish() {
        synchronized (host.monitor()) {
            publishLocked();
            host.wakeAll();
        }
    }

    private void publishLocked() {
        appAvailable = engine.appAvailable();
        if (engine.peerClosed()) {
            peerClosed = true;
        }
        txPending = txLen > 0 || engine.outputAvailable() > 0;
    }

    /**
     * Sends the engine's output. block: waits for room as the inner socket's send does (SO_SNDTIMEO
     * applies); otherwise -EAGAIN leaves the rest for the next send or the pump. One flusher at a
     * time: a second caller that may not block returns -EAGAIN at once, one that may waits its turn.
     * A flusher whose slot is closed and opened for another socket meanwhile (the pump flushing while
     * the application closes and reconnects) stops with -EINTR instead of sending the new socket's
     * bytes or corrupting its offsets.
     */
    private int flush(boolean block) {
        int gen;
        synchronized (engineLock) {
            while (txBusy) {
                if (!block) {
                    return -Errno.EAGAIN;
                }
                try {
                    engineLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -Errno.EINTR;
                }
            }
            txBusy = true;
            synchronized (host.monitor()) {
                flushing = true;
                gen = generation;
            }
        }
        int r = 0;
        try {
            while (true) {
                int off;
                int len;
                synchronized (engineLock) {
                    if (reused(gen)) {
                        return -Errno.EINTR;
                    }
                    if (txLen == 0) {
                        txOff = 0;
                        txLen = engine.readOutput(tx, 0, tx.length);
                        if (txLen == 0) {
                            return 0;
                        }
                    }
                    off = txOff;
                    len = txLen;
                }
                synchronized (host.monitor()) {
                    if (!inner.isOpen() || generation != gen) {
                        return -Errno.EINTR;
                    }
                    r = inner.ops().sendto(inner.obj(), tx, off, len, block ? 0 : ZsockConstants.MSG_DONTWAIT, null);
                    host.deliverLoopbackNow();
                }
                if (r < 0) {
                    return r;
                }
                synchronized (engineLock) {
                    if (reused(gen)) {
                        return -Errno.EINTR;
                    }
                    txOff += r;
                    txLen -= r;
                }
            }
        } finally {
            synchronized (engineLock) {
                synchronized (host.monitor()) {
                    // A slot closed and reopened meanwhile (open() reset the flush state for its new socket)
                    // is not this flusher's any more: leave its state alone.
                    if (generation == gen) {
                        txBusy = false;
                        flushing = false;
                        txPending = txLen > 0 || engine.outputAvailable() > 0;
                        if (txPending) {
                            host.wakeAll();
                        }
                    }
                }
                engineLock.notifyAll();
            }
        }
    }

    /** Under engineLock: was the slot closed and opened for another socket since generation gen? */
    private boolean reused(int gen) {
        synchronized (host.monitor()) {
            return generation != gen;
        }
    }

    private void flushQuietly() {
        flush(false);
    }
}
