package io.jzsock.tls.bc;

import org.bouncycastle.tls.TlsSession;

/**
 * TLS 1.2 sessions for resumption by session id (RFC 5246 §7.3), Zephyr's TLS_SESSION_CACHE: a
 * client keeps the session it got from each server address (IPv4 address and port), a server the
 * sessions it issued, by id. Fixed capacity; the oldest entry is replaced. Bouncy Castle 1.82 has no
 * TLS 1.3 resumption (no PSK from NewSessionTicket), so TLS 1.3 handshakes are always full.
 * Thread-safe.
 */
public final class BcSessionCache {
    private final long[] keys;
    private final byte[][] ids;
    private final TlsSession[] sessions;
    private final long[] ages;
    private long clock;

    public BcSessionCache(int entries) {
        keys = new long[entries];
        ids = new byte[entries][];
        sessions = new TlsSession[entries];
        ages = new long[entries];
    }

    /** A client's session for the server at key, or null. */
    public synchronized TlsSession forPeer(long key) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null && keys[i] == key && ids[i] == null && sessions[i].isResumable()) {
                return sessions[i];
            }
        }
        return null;
    }

    /** A server's session of that id, or null. */
    public synchronized TlsSession forId(byte[] id) {
        if (id == null || id.length == 0) {
            return null;
        }
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null && ids[i] != null && sameBytes(ids[i], id) && sessions[i].isResumable()) {
                return sessions[i];
            }
        }
        return null;
    }

    /** Keeps a client's session for key (replacing the one it had), or a server's by its id (key ignored). */
    public synchronized void store(long key, TlsSession s, boolean server) {
        if (s == null || sessions.length == 0) {
            return;
        }
        byte[] id = server ? s.getSessionID() : null;
        int slot = -1;
        for (int i = 0; i < sessions.length && slot < 0; i++) {
            if (sessions[i] != null && (server ? ids[i] != null && sameBytes(ids[i], id) : ids[i] == null && keys[i] == key)) {
                slot = i;
            }
        }
        for (int i = 0; i < sessions.length && slot < 0; i++) {
            if (sessions[i] == null) {
                slot = i;
            }
        }
        if (slot < 0) {
            slot = 0;
            for (int i = 1; i < sessions.length; i++) {
                if (ages[i] < ages[slot]) {
                    slot = i;
                }
            }
        }
        keys[slot] = key;
        ids[slot] = id;
        sessions[slot] = s;
        ages[slot] = ++clock;
    }

    /** TLS_SESSION_CACHE_PURGE: every session goes. */
    public synchronized void purge() {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null) {
                sessions[i].invalidate();
            }
            sessions[i] = null;
            ids[i] = null;
        }
    }

    public synchronized int count() {
        int n = 0;
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null) {
                n++;
            }
        }
        return n;
    }

    private static boolean sameBytes(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
