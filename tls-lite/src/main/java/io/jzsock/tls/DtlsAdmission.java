package io.jzsock.tls;

import io.jzsock.net.SockAddr;
import io.jzsock.tls.bc.BcCookies;

/**
 * A DTLS server's admission of new peers: the stateless cookie exchange (RFC 6347 §4.2.1, BC's
 * DTLSVerifier) in front of the bounded session table, then the peer's handshake, in the recvfrom that
 * read the ClientHello (blocking socket) or on a handshake thread (non-blocking call). Runs in the
 * receive path, with the socket's {@code rx} held.
 */
final class DtlsAdmission {
    private final DtlsSocket s;
    /** The cookie's client identity: a 16-byte address and the port. */
    private final byte[] clientId = new byte[18];
    /** Made by the first server use of the socket slot: the cookie secret is randomness from the stack. */
    private BcCookies cookies;

    DtlsAdmission(DtlsSocket s) {
        this.s = s;
    }

    /**
     * A datagram d (n bytes) from an unknown address (or a restarted client's new ClientHello, replacing):
     * a ClientHello with a valid cookie gets a free slot (or the replaced one) and its handshake runs
     * now, in this thread, or on a handshake thread for a non-blocking call; without a cookie it gets
     * a HelloVerifyRequest; anything else, or a full table, is dropped.
     */
    void admit(byte[] d, int n, SockAddr from, boolean nonBlockingCall, DtlsPeer replacing) {
        if (!BcCookies.isHandshakeRecord(d, 0, n)) {
            return;
        }
        DtlsPeer p = replacing;
        synchronized (s.monitor) {
            if (p == null) {
                p = s.table.free();
            }
            if (p == null) {
                return;
            }
            if (replacing == null) {
                p.addr.set(from);
            }
            clientIdOf(from);
            if (cookies == null) {
                cookies = new BcCookies(s.ctx.engine.crypto());
            }
        }
        if (!cookies.check(clientId, d, 0, n, p)) {
            return;
        }
        if (replacing != null) {
            // RFC 6347 §4.2.8: the restarted client passed the cookie exchange; its old association goes.
            synchronized (s.monitor) {
                replacing.session.drop();
            }
        }
        p.rememberHello(d, 0, n);
        p.session.stage(cookies);
        synchronized (s.monitor) {
            p.state = DtlsPeer.HANDSHAKING;
            p.expired = false;
        }
        if (s.fillParams(p, true) < 0) {
            synchronized (s.monitor) {
                p.state = DtlsPeer.FREE;
            }
            return;
        }
        if (nonBlockingCall) {
            synchronized (s.monitor) {
                p.async = true;
                s.handshakes.submit();
            }
            return;
        }
        finish(p);
    }

    /** Runs a server handshake (in the recvfrom that admitted the peer, or a handshake thread) and publishes its end. */
    void finish(DtlsPeer p) {
        int r = p.session.accept(s.ctx.engine.crypto());
        synchronized (s.monitor) {
            if (r == 0 && !s.closing) {
                p.state = DtlsPeer.OPEN;
                p.lastActivity = s.host.waiter().now();
                s.publish(p, true);
            } else {
                p.state = DtlsPeer.FREE;
                p.session.drop();
            }
            s.host.wakeAll();
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
}
