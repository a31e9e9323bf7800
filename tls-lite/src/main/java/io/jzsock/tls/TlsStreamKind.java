package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.SocketKind;

/**
 * {@code socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2 | IPPROTO_TLS_1_3)}: a TLS socket over an inner
 * TCP socket (Zephyr's sockets_tls, {@code ctx->sock}). The slots ({@link TlsStream}) are allocated
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
        return family == ZsockConstants.AF_INET;
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
     * The inner listener's new TCP connection becomes a TLS fd with the listener's options (Zephyr's
     * tls_clone): its fd, or -ENOMEM when no slot is free (the connection is closed).
     */
    int adoptAccepted(int tcpFd, TlsStream listener) {
        TlsStream s = freeSlot();
        if (s == null) {
            ctx.host.closeFd(tcpFd);
            return -Errno.ENOMEM;
        }
        s.open(listener.proto(), listener.options);
        ctx.host.wrap(tcpFd, ops, s.handle(), s.inner);
        return tcpFd;
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
