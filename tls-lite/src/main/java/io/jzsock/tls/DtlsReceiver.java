package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;

/**
 * The receive path of a DTLS socket: recvfrom and recvmsg read datagrams from the inner UDP socket (or
 * the ones held aside during a handshake), hand each to its session's record layer and deliver one
 * record of application data; a server's datagram from an unknown peer goes to {@link DtlsAdmission}.
 * Also the handshake's side of the inner socket ({@link #receiveFromPeer}), which keeps other peers'
 * datagrams for later. Callers hold the socket's {@code rx}; the stack's monitor is taken around
 * inner socket calls and state changes only.
 */
final class DtlsReceiver {
    private final DtlsSocket s;
    private final DtlsHeld held;
    private final byte[] raw;
    private final byte[] plain;
    private final SockAddr from = new SockAddr();
    private final SockAddr handshakeFrom = new SockAddr();
    private final SockAddr peekFrom = new SockAddr();
    private final byte[] peekByte = new byte[1];
    private final int[] intOut = new int[1];

    DtlsReceiver(DtlsSocket s, DtlsConfig cfg) {
        this.s = s;
        this.raw = new byte[cfg.maxDatagram];
        this.plain = new byte[cfg.maxDatagram];
        this.held = new DtlsHeld(cfg.heldDatagrams, cfg.maxDatagram);
    }

    int maxDatagram() {
        return raw.length;
    }

    /** Monitor held: a datagram kept aside for the application (not for a running handshake). */
    boolean holdsForApplication() {
        return held.hasForApplication(s.table);
    }

    /** Monitor held: the slot is reused. */
    void clear() {
        held.clear();
    }

    int recvfrom(byte[] b, int off, int len, int flags, SockAddr src) {
        if ((flags & ZsockConstants.MSG_PEEK) != 0) {
            // TLS-03: no MSG_PEEK on DTLS sockets; -ENOTSUP as Zephyr's TLS sockets (and the stream kind).
            return -Errno.ENOTSUP;
        }
        synchronized (s.rx) {
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
        synchronized (s.rx) {
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

    /** One record of application data into plain: its length, or a negative errno. rx held. */
    private int receiveRecord(int flags, SockAddr src) {
        boolean server = s.isServer();
        if (!server) {
            int r = s.client.handshakeFirst(null);
            if (r < 0) {
                return r;
            }
        }
        boolean nonBlocking = s.isNonBlocking(flags);
        long deadline = nonBlocking ? s.host.waiter().deadline(0) : deadline();
        if (server) {
            // Peers that hung up before this call have had their POLLHUP; this call frees their slots.
            s.table.reapClosed(s.monitor, s.tx);
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
            DtlsPeer p = server ? find(n) : s.table.client();
            if (p == null) {
                s.admission.admit(raw, n, from, nonBlocking, null);
                continue;
            }
            if (server && p.state == DtlsPeer.OPEN && p.isNewClientHello(raw, 0, n)) {
                s.admission.admit(raw, n, from, nonBlocking, p);
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

    private DtlsPeer find(int n) {
        synchronized (s.monitor) {
            return s.table.find(from, raw, n, s.options.cidMode() != TlsOptions.DTLS_CID_DISABLED);
        }
    }

    /** A client's standing answers before it reads: 0 to go on. */
    private int stateError(boolean server) {
        synchronized (s.monitor) {
            if (!s.inner.isOpen() || s.closing) {
                return -Errno.EINTR;
            }
            if (server) {
                return 0;
            }
            if (s.failed) {
                return -Errno.ECONNABORTED;
            }
            int st = s.table.client().state;
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
        for (int i = 0; i < s.table.size(); i++) {
            DtlsPeer p = s.table.at(i);
            if (p.state == DtlsPeer.OPEN && p.session.mayHavePending()) {
                int r = settle(p, p.session.receivePending(plain), src, s.isServer());
                if (r != -Errno.EAGAIN) {
                    return r;
                }
            }
        }
        return -Errno.EAGAIN;
    }

    /** What one record's result means for the socket: a length to deliver, -EAGAIN to go on, or an error. */
    private int settle(DtlsPeer p, int r, SockAddr src, boolean server) {
        synchronized (s.monitor) {
            p.lastActivity = s.host.waiter().now();
            if (r >= 0) {
                if (server && p.session.lastRecordMovesPeer() && !from.equals(p.addr)) {
                    // RFC 9146 §6: a newer record with our CID from a new address moves the peer there.
                    p.addr.set(from);
                }
                s.lastPeer.set(p.addr);
                if (src != null) {
                    src.set(p.addr);
                }
                return r;
            }
            if (r == -Errno.ENOTCONN) {
                p.state = DtlsPeer.HUNG;
                p.session.drop();
                s.host.wakeAll();
                return -Errno.EAGAIN;
            }
            if (r == -Errno.ECONNABORTED) {
                // TLS-22: a fatal alert. A client's association is over; a server drops that peer only.
                s.soError = Errno.ECONNABORTED;
                if (server) {
                    p.state = DtlsPeer.FREE;
                } else {
                    s.failed = true;
                }
                p.session.drop();
                s.host.wakeAll();
                return r;
            }
            return r;
        }
    }

    /** The next datagram into raw with its source in from: a held one first, then the inner socket's. */
    private int readDatagram(long deadline) {
        synchronized (s.monitor) {
            while (true) {
                if (!s.inner.isOpen() || s.closing) {
                    return -Errno.EINTR;
                }
                int n = held.takeForApplication(s.table, raw, 0, raw.length, from);
                if (n < 0) {
                    n = nextIsForHandshake(null) ? -Errno.EAGAIN
                            : s.inner.ops().recvfrom(s.inner.obj(), raw, 0, raw.length, ZsockConstants.MSG_DONTWAIT, from);
                }
                if (n >= 0 && toHandshake(from)) {
                    continue;
                }
                if (n != -Errno.EAGAIN) {
                    return n;
                }
                if (!s.host.waiter().await(deadline)) {
                    return -Errno.EAGAIN;
                }
            }
        }
    }

    /**
     * Handshake mode (BcDatagramTransport): the next datagram from p's address within waitMillis. Runs
     * in the thread that runs p's handshake (the application's, with rx held, or a handshake thread). A
     * server's handshakes share the inner socket: a datagram another running handshake waits for is
     * left at the head for its thread (a peek at the source; a flight is often several datagrams, so
     * reading them for that thread could overflow what can be held), one for the application is held
     * aside, one for a handshake still waiting for a thread is dropped (its peer retransmits). Whoever
     * takes its own datagram while more wait wakes the others, who may be waiting behind it.
     */
    int receiveFromPeer(DtlsPeer p, byte[] b, int off, int len, int waitMillis) {
        synchronized (s.monitor) {
            long deadline = s.host.waiter().deadline(waitMillis > 0 ? waitMillis : -1);
            while (true) {
                if (!s.inner.isOpen() || s.closing) {
                    return -Errno.EINTR;
                }
                if (s.isServer()) {
                    int h = held.takeFrom(p.addr, b, off, len);
                    if (h >= 0) {
                        return h;
                    }
                }
                int r = s.isServer() && nextIsForHandshake(p) ? -Errno.EAGAIN
                        : s.inner.ops().recvfrom(s.inner.obj(), b, off, len, ZsockConstants.MSG_DONTWAIT, handshakeFrom);
                if (r >= 0) {
                    if (!s.isServer()) {
                        return r;
                    }
                    if (handshakeFrom.equals(p.addr)) {
                        if ((s.inner.ops().pollEvents(s.inner.obj()) & ZsockConstants.POLLIN) != 0) {
                            s.host.wakeAll();
                        }
                        return r;
                    }
                    if (!toHandshake(handshakeFrom)) {
                        held.put(handshakeFrom, b, off, r);
                        s.host.wakeAll();
                    }
                    continue;
                }
                if (r != -Errno.EAGAIN) {
                    return r;
                }
                if (!s.host.waiter().await(deadline)) {
                    return -Errno.EAGAIN;
                }
            }
        }
    }

    /**
     * Monitor held, server: true for a datagram (already read) from a peer in a handshake this call
     * does not run, which is dropped: one waiting for a handshake thread retransmits later. The
     * datagrams of running handshakes are never read here ({@link #nextIsForHandshake}).
     */
    private boolean toHandshake(SockAddr src) {
        return s.isServer() && s.table.handshaking(src);
    }

    /**
     * Monitor held: true when the inner socket's next datagram belongs to a handshake running in
     * another thread than mine's (mine null: the application's recvfrom and poll). It is left there (a
     * peek at its source) for that thread, which is woken by its arrival as every waiter is.
     */
    boolean nextIsForHandshake(DtlsPeer mine) {
        if (s.asyncRunning == 0 || !s.isServer() || !s.inner.isOpen()) {
            return false;
        }
        int r = s.inner.ops().recvfrom(s.inner.obj(), peekByte, 0, 1,
                ZsockConstants.MSG_PEEK | ZsockConstants.MSG_DONTWAIT, peekFrom);
        return r >= 0 && (mine == null || !peekFrom.equals(mine.addr)) && s.table.handshakeThreadRuns(peekFrom);
    }

    /** A blocking call's deadline from SO_RCVTIMEO (0: none). */
    private long deadline() {
        synchronized (s.monitor) {
            int timeout = -1;
            if (s.inner.isOpen()
                    && s.inner.ops().getsockopt(s.inner.obj(), ZsockConstants.SOL_SOCKET, ZsockConstants.SO_RCVTIMEO, intOut) == 0
                    && intOut[0] > 0) {
                timeout = intOut[0];
            }
            return s.host.waiter().deadline(timeout);
        }
    }
}
