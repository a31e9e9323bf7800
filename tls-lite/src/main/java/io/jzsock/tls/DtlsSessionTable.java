package io.jzsock.tls;

import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.tls.bc.BcDtlsSession;
import io.jzsock.tls.bc.DtlsPeerParams;

/**
 * The session slots of one DTLS socket ({@link DtlsConfig#sessionsPerSocket}): a client uses slot 0, a
 * server one slot per peer, found by the peer's address or by the RFC 9146 connection ID in a
 * tls12_cid record. Also the slots' timers (the server's idle timeout) and their poll bits. Every
 * method but {@link #reapClosed} runs with the stack's monitor held (the states are published under it).
 */
final class DtlsSessionTable {
    /** RFC 9146 §4: the tls12_cid content type. */
    private static final int TLS12_CID = 25;
    private final DtlsSocket socket;
    private final DtlsPeer[] peers;

    DtlsSessionTable(DtlsSocket socket, int sessions) {
        this.socket = socket;
        this.peers = new DtlsPeer[sessions];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new DtlsPeer(socket, new byte[DtlsPeerParams.SERVER_CID_LENGTH]);
        }
    }

    /** A client's one association. */
    DtlsPeer client() {
        return peers[0];
    }

    int size() {
        return peers.length;
    }

    DtlsPeer at(int i) {
        return peers[i];
    }

    /** A new socket on the slot: every session free, each slot with a fresh CID of its own. */
    void reset(TlsContext ctx) {
        for (int i = 0; i < peers.length; i++) {
            peers[i].state = DtlsPeer.FREE;
            peers[i].expired = false;
            peers[i].async = false;
            BcDtlsSession.randomize(ctx.engine.crypto(), peers[i].ownCid);
        }
    }

    /** Every slot FREE; with drop, their BC state goes too (the socket's slot is released). */
    void freeAll(boolean drop) {
        for (int i = 0; i < peers.length; i++) {
            if (drop) {
                peers[i].session.drop();
            }
            peers[i].state = DtlsPeer.FREE;
        }
    }

    /** The session a datagram belongs to: by our CID in a tls12_cid record (when CIDs are on), else by address. */
    DtlsPeer find(SockAddr src, byte[] d, int n, boolean cidOn) {
        if (cidOn && n > 0 && d[0] == TLS12_CID) {
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

    /** The open session with dst (sendto's peer), or null. */
    DtlsPeer open(SockAddr dst) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.OPEN && peers[i].addr.equals(dst)) {
                return peers[i];
            }
        }
        return null;
    }

    /** A free slot, or null when the table is full. */
    DtlsPeer free() {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.FREE) {
                return peers[i];
            }
        }
        return null;
    }

    /** True when a handshake with src is under way (in any thread, or waiting for a handshake thread). */
    boolean handshaking(SockAddr src) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.HANDSHAKING && peers[i].addr.equals(src)) {
                return true;
            }
        }
        return false;
    }

    /** True when a handshake thread (or a blocking call) runs, not just waits for, the handshake with src. */
    boolean handshakeThreadRuns(SockAddr src) {
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.HANDSHAKING && !p.async && p.addr.equals(src)) {
                return true;
            }
        }
        return false;
    }

    /** The peer waiting for a handshake thread, taken (its async mark cleared), or null. */
    DtlsPeer takeAsync() {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].async) {
                peers[i].async = false;
                return peers[i];
            }
        }
        return null;
    }

    /** Sessions open or handshaking. */
    int count() {
        int n = 0;
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.OPEN || peers[i].state == DtlsPeer.HANDSHAKING) {
                n++;
            }
        }
        return n;
    }

    /**
     * Frees closed and idle peers; an idle one is told with close_notify first (under tx, outside the
     * monitor: that is crypto). rx held, monitor not.
     */
    void reapClosed(Object monitor, Object tx) {
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
                socket.host.wakeAll();
            }
        }
    }

    /** The idle timer (net thread): marks open peers idle past idleMillis HUNG; true if any. */
    boolean expireIdle(long now, int idleMillis) {
        boolean any = false;
        for (int i = 0; i < peers.length; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.OPEN && p.lastActivity + idleMillis <= now) {
                p.state = DtlsPeer.HUNG;
                p.expired = true;
                any = true;
            }
        }
        return any;
    }

    /** When the next open peer idles out, or Long.MAX_VALUE. */
    long nextIdleDeadline(int idleMillis) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < peers.length; i++) {
            if (peers[i].state == DtlsPeer.OPEN) {
                next = Math.min(next, peers[i].lastActivity + idleMillis);
            }
        }
        return next;
    }

    /** POLLHUP for a hung-up session, POLLIN when BC may hold records of an open one (a client looks at slot 0 only). */
    int pollEvents(boolean server) {
        int ev = 0;
        int n = server ? peers.length : 1;
        for (int i = 0; i < n; i++) {
            DtlsPeer p = peers[i];
            if (p.state == DtlsPeer.HUNG) {
                ev |= ZsockConstants.POLLHUP;
            }
            if (p.state == DtlsPeer.OPEN && p.session.mayHavePending()) {
                ev |= ZsockConstants.POLLIN;
            }
        }
        return ev;
    }
}
