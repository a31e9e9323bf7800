package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;

/**
 * A DTLS client's handshake: in connect (or, with TLS_DTLS_HANDSHAKE_ON_CONNECT = 0 or an unconnected
 * sendto, in the first send or recv), in the calling thread for a blocking socket, on the handshake
 * thread ({@link DtlsHandshakes}) for a non-blocking one: connect returns -EINPROGRESS (then -EALREADY
 * until it ends; POLLOUT when it succeeded, POLLERR and SO_ERROR when it failed).
 */
final class DtlsClientHandshake {
    private final DtlsSocket s;

    DtlsClientHandshake(DtlsSocket s) {
        this.s = s;
    }

    int connect(SockAddr a) {
        if (s.isServer()) {
            return -Errno.EOPNOTSUPP;
        }
        if (!s.options.handshakeOnConnect()) {
            // TLS_DTLS_HANDSHAKE_ON_CONNECT = 0: connect only fixes the peer; the first send or recv handshakes.
            synchronized (s.monitor) {
                if (s.connected) {
                    return -Errno.EISCONN;
                }
                int r = s.inner.isOpen() ? s.inner.ops().connect(s.inner.obj(), a) : -Errno.EBADF;
                if (r == 0) {
                    s.table.client().addr.set(a);
                    s.deferred = true;
                }
                return r;
            }
        }
        return handshake(a);
    }

    /** The client handshake with a, now (blocking socket) or on a handshake thread (-EINPROGRESS). */
    private int handshake(SockAddr a) {
        if (s.isNonBlocking(0)) {
            return start(a, true);
        }
        synchronized (s.rx) {
            int r = start(a, false);
            return r != 0 ? r : finish(s.table.client());
        }
    }

    /**
     * A client that has no association yet but a peer (a deferred connect, or sendto's address)
     * handshakes first: 0 to go on, or the handshake's error (-EAGAIN while it runs on a handshake thread).
     */
    int handshakeFirst(SockAddr dst) {
        SockAddr to;
        synchronized (s.monitor) {
            DtlsPeer p = s.table.client();
            if (s.connected || p.state != DtlsPeer.FREE || s.failed) {
                return 0;
            }
            to = dst != null ? dst : s.deferred ? p.addr : null;
            if (to == null) {
                return 0;
            }
            s.deferred = false;
        }
        int r = handshake(to);
        return r == -Errno.EINPROGRESS ? -Errno.EAGAIN : r;
    }

    /** Checks, connects the inner socket and fills the parameters; async: hands over to the handshake threads. */
    private int start(SockAddr a, boolean async) {
        DtlsPeer p = s.table.client();
        synchronized (s.monitor) {
            if (!s.inner.isOpen() || s.closing) {
                return -Errno.EBADF;
            }
            if (s.connected) {
                return -Errno.EISCONN;
            }
            if (p.state == DtlsPeer.HANDSHAKING) {
                return -Errno.EALREADY;
            }
            int r = s.inner.ops().connect(s.inner.obj(), a);
            if (r < 0) {
                return r;
            }
            p.addr.set(a);
            p.state = DtlsPeer.HANDSHAKING;
            s.failed = false;
            s.soError = 0;
        }
        int r = s.fillParams(p, false);
        synchronized (s.monitor) {
            if (r < 0) {
                p.state = DtlsPeer.FREE;
                return r;
            }
            if (async) {
                p.async = true;
                s.handshakes.submit();
                return -Errno.EINPROGRESS;
            }
        }
        return 0;
    }

    /** Runs the client handshake (this thread, or a handshake thread) and publishes its end. */
    int finish(DtlsPeer p) {
        int r = p.session.connect(s.ctx.engine.crypto());
        synchronized (s.monitor) {
            if (r == 0 && !s.closing) {
                p.state = DtlsPeer.OPEN;
                p.lastActivity = s.host.waiter().now();
                s.connected = true;
                s.publish(p, true);
            } else {
                p.state = DtlsPeer.FREE;
                p.session.drop();
                s.publish(p, false);
                if (s.asyncRunning > 0) {
                    s.soError = -r;
                }
            }
            s.host.wakeAll();
        }
        return r;
    }
}
