package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.NetStack;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.service.StackService;
import io.jzsock.net.sock.SocketKind;

/**
 * {@code socket(AF_INET or AF_INET6, SOCK_DGRAM, IPPROTO_DTLS_1_2)}: a DTLS 1.2 socket over an inner UDP
 * socket of the same family ({@link DtlsSocket}). Slots from {@link DtlsConfig#maxSockets}; a DTLS
 * protocol with another type than SOCK_DGRAM is -EPROTOTYPE (sockets_tls.c protocol_check), DTLS 1.0 stays -EPROTONOSUPPORT.
 * Also the stack service of the servers' idle timers (TLS-26), run by the net thread, and the owner
 * of the handshake threads of non-blocking sockets ({@link DtlsHandshakes}).
 */
final class DtlsKind extends SocketKind implements StackService {
    private final TlsContext ctx;
    private final DtlsSocket[] slots;
    final DtlsOps ops;

    DtlsKind(TlsContext ctx, NetStack stack) {
        this.ctx = ctx;
        this.slots = new DtlsSocket[ctx.cfg.dtls.maxSockets];
        this.ops = new DtlsOps(this);
        DtlsHandshakes handshakes = new DtlsHandshakes(stack, ctx.cfg.dtls.handshakeThreads);
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new DtlsSocket(ctx, handshakes, i);
        }
        handshakes.attach(slots);
    }

    DtlsSocket slot(int handle) {
        return slots[handle];
    }

    @Override
    public boolean takesFamily(int family) {
        return family == ZsockConstants.AF_INET || family == ZsockConstants.AF_INET6;
    }

    @Override
    public boolean takesType(int type) {
        return true;
    }

    @Override
    public boolean takesProtocol(int proto) {
        return proto == ZsockConstants.IPPROTO_DTLS_1_2;
    }

    @Override
    public int create(int family, int type, int proto) {
        if (type != ZsockConstants.SOCK_DGRAM) {
            return -Errno.EPROTOTYPE;
        }
        DtlsSocket s = null;
        for (int i = 0; i < slots.length && s == null; i++) {
            if (slots[i].isFree()) {
                s = slots[i];
            }
        }
        if (s == null) {
            return -Errno.ENOMEM;
        }
        if (!ctx.host.hasFreeFd()) {
            return -Errno.ENFILE;
        }
        int fd = ctx.host.socket(family, ZsockConstants.SOCK_DGRAM, ZsockConstants.IPPROTO_UDP);
        if (fd < 0) {
            return fd;
        }
        s.open(family);
        ctx.host.wrap(fd, ops, s.handle(), s.inner);
        return fd;
    }

    /** Sessions held by the DTLS server sockets (tests, status). */
    int sessionCount() {
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            if (!slots[i].isFree() && slots[i].isServer()) {
                n += slots[i].sessionCount();
            }
        }
        return n;
    }

    /** The idle timer: monitor held, on the net thread; marks only, the crypto (close_notify) runs in the next recvfrom. */
    @Override
    public boolean poll(long now) {
        boolean expired = false;
        int idle = ctx.cfg.dtls.idleTimeoutMillis;
        for (int i = 0; i < slots.length; i++) {
            expired |= slots[i].expireIdle(now, idle);
        }
        return expired;
    }

    /** Computed on each call (monitor held): a session opened since the last pass counts at once. */
    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        int idle = ctx.cfg.dtls.idleTimeoutMillis;
        for (int i = 0; i < slots.length; i++) {
            next = Math.min(next, slots[i].nextIdleDeadline(idle));
        }
        return next;
    }
}
