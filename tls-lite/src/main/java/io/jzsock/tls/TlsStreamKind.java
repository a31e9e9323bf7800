package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.NetStack;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.SocketKind;

/**
 * {@code socket(AF_INET or AF_INET6, SOCK_STREAM, IPPROTO_TLS_1_2 | IPPROTO_TLS_1_3)}: a TLS socket over
 * an inner TCP socket of the same family (Zephyr's sockets_tls, {@code ctx->sock}). The slots ({@link TlsStream}) are allocated
 * here from {@link TlsConfig#maxStreamSockets}. TLS 1.0 and 1.1 are not taken, so they stay
 * -EPROTONOSUPPORT, as a Zephyr built without them answers; a TLS protocol with another type than
 * SOCK_STREAM is -EPROTOTYPE (sockets_tls.c protocol_check). Runs with the stack's monitor held.
 */
final class TlsStreamKind extends SocketKind {
    private final TlsContext ctx;
    private final TlsStream[] slots;
    final TlsStreamOps ops;

    TlsStreamKind(TlsContext ctx) {
        this.ctx = ctx;
        this.slots = new TlsStream[ctx.cfg.maxStreamSockets];
        this.ops = new TlsStreamOps(this);
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new TlsStream(ctx, i);
        }
    }

    TlsContext context() {
        return ctx;
    }

    @Override
    public boolean takesFamily(int family) {
        return family == ZsockConstants.AF_INET || family == ZsockConstants.AF_INET6;
    }

    /** Every type: a TLS protocol number with SOCK_DGRAM is this kind's -EPROTOTYPE, not TCP's answer. */
    @Override
    public boolean takesType(int type) {
        return true;
    }

    @Override
    public boolean takesProtocol(int proto) {
        return proto == ZsockConstants.IPPROTO_TLS_1_2 || proto == ZsockConstants.IPPROTO_TLS_1_3;
    }

    @Override
    public int create(int family, int type, int proto) {
        if (type != ZsockConstants.SOCK_STREAM) {
            return -Errno.EPROTOTYPE;
        }
        TlsStream s = freeSlot();
        if (s == null) {
            return -Errno.ENOMEM;
        }
        if (!ctx.host.hasFreeFd()) {
            return -Errno.ENFILE;
        }
        int fd = ctx.host.socket(family, type, ZsockConstants.IPPROTO_TCP);
        if (fd < 0) {
            return fd;
        }
        s.open(proto, null);
        ctx.host.wrap(fd, ops, s.handle(), s.inner);
        return fd;
    }

    /**
     * The inner listener's new TCP connection becomes a TLS socket with the listener's options
     * (Zephyr's tls_clone), under the same fd: the new slot, or null when none is free (the
     * connection is then closed). The monitor is held.
     */
    TlsStream adoptAccepted(int tcpFd, TlsStream listener) {
        TlsStream s = freeSlot();
        if (s == null) {
            ctx.host.closeFd(tcpFd);
            return null;
        }
        s.open(listener.proto(), listener.options);
        ctx.host.wrap(tcpFd, ops, s.handle(), s.inner);
        return s;
    }

    /** Starts the thread that drives non-blocking handshakes and sends ciphertext left over (see {@link Pump}). */
    void startPump(NetStack stack) {
        Thread t = new Thread(new Pump(stack), "jzsock-tls-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Non-blocking sockets need someone to run their handshake while the application only polls
     * (Zephyr runs it inside poll; here poll never computes): this thread waits on the stack's monitor
     * until a socket needs it (its inner socket readable or writable in a handshake, a deadline, or
     * ciphertext a non-blocking send left behind), then runs that step without the monitor.
     */
    private final class Pump implements Runnable {
        /** How often a pump with nothing to do looks whether its stack has stopped. */
        private static final long IDLE_CHECK_MILLIS = 1000;
        private final NetStack stack;

        Pump(NetStack stack) {
            this.stack = stack;
        }

        @Override
        public void run() {
            while (stack.isRunning()) {
                TlsStream work = null;
                synchronized (ctx.host.monitor()) {
                    while (work == null && stack.isRunning()) {
                        long now = ctx.host.waiter().now();
                        long next = Long.MAX_VALUE;
                        for (int i = 0; i < slots.length && work == null; i++) {
                            if (slots[i].needsPump(now)) {
                                work = slots[i];
                            }
                            next = Math.min(next, slots[i].pumpDeadline());
                        }
                        if (work == null) {
                            ctx.host.waiter().await(Math.min(next, now + IDLE_CHECK_MILLIS));
                        }
                    }
                }
                if (work != null) {
                    work.pump();
                }
            }
        }
    }

    /** The slot a handle names, or null when that socket has been closed since (its slot reused or free). */
    TlsStream slot(int handle) {
        TlsStream s = slots[handle & TlsStream.SLOT_MASK];
        return s.handle() == handle && s.isOpen() ? s : null;
    }

    private TlsStream freeSlot() {
        for (int i = 0; i < slots.length; i++) {
            if (!slots[i].isOpen()) {
                return slots[i];
            }
        }
        return null;
    }
}
