package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;

/**
 * The send path of a DTLS socket: sendto and sendmsg seal one record of application data per datagram
 * for the session sendto's address names (a server's; a client has one), and every datagram of a
 * handshake or record goes out through {@link #sendDatagram}. Callers are serialised by the socket's
 * {@code tx}; the record is sealed outside the stack's monitor.
 */
final class DtlsSender {
    /** RFC 8200 §3 (40-byte header) against RFC 791 (20 bytes without options). */
    private static final int IPV6_EXTRA_HEADER = 20;
    private final DtlsSocket s;
    private final byte[] assembly;
    private final int sendLimit;

    DtlsSender(DtlsSocket s, DtlsConfig cfg) {
        this.s = s;
        this.assembly = new byte[cfg.sendmsgBuffer];
        this.sendLimit = cfg.sendLimit;
    }

    /** The datagram limit of this socket's family: an IPv6 header is 20 bytes longer than IPv4's. */
    int sendLimit() {
        return s.ipv6 ? sendLimit - IPV6_EXTRA_HEADER : sendLimit;
    }

    int sendto(byte[] b, int off, int len, int flags, SockAddr dst) {
        boolean server = s.isServer();
        if (!server) {
            // Zephyr's DTLS client: sendto on an unconnected socket handshakes with dst first.
            int r = s.client.handshakeFirst(dst);
            if (r < 0) {
                return r;
            }
        }
        synchronized (s.tx) {
            DtlsPeer p;
            synchronized (s.monitor) {
                if (!s.inner.isOpen() || s.closing) {
                    return -Errno.EBADF;
                }
                if (!server && s.failed) {
                    return -Errno.ECONNABORTED;
                }
                p = server ? s.table.open(dst != null ? dst : s.lastPeer) : s.table.client();
                if (p == null || p.state != DtlsPeer.OPEN) {
                    return -Errno.ENOTCONN;
                }
            }
            int r = p.session.send(b, off, len);
            synchronized (s.monitor) {
                if (r >= 0) {
                    p.lastActivity = s.host.waiter().now();
                } else if (r == -Errno.ECONNABORTED) {
                    s.soError = Errno.ECONNABORTED;
                    s.failed = !server;
                    p.state = server ? DtlsPeer.FREE : p.state;
                    s.host.wakeAll();
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
                return sendto(assembly, 0, 0, flags, msg.name);
            }
            return sendto(msg.iovBase[single], msg.iovOff[single], msg.iovLen[single], flags, msg.name);
        }
        synchronized (s.tx) {
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

    /** One datagram to a through the inner socket (the client's is connected). */
    int sendDatagram(SockAddr a, byte[] b, int off, int len) {
        synchronized (s.monitor) {
            if (!s.inner.isOpen()) {
                return -Errno.EINTR;
            }
            int r = s.inner.ops().sendto(s.inner.obj(), b, off, len, 0, s.isServer() ? a : null);
            s.host.deliverLoopbackNow();
            return r;
        }
    }
}
