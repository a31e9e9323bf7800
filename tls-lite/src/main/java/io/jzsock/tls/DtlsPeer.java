package io.jzsock.tls;

import io.jzsock.net.SockAddr;
import io.jzsock.tls.bc.BcDtlsSession;
import io.jzsock.tls.bc.DatagramLink;

/**
 * One session slot of a DTLS socket ({@link DtlsSessionTable}): the peer's address, the association
 * ({@link BcDtlsSession}) and its state. A client socket uses slot 0; a server one slot per peer, found by address or, with
 * RFC 9146 connection IDs, by the CID in the record. The address and state are published under the
 * stack's monitor (poll reads them); the association is used by the socket's receive and send paths.
 */
final class DtlsPeer implements DatagramLink {
    static final int FREE = 0;
    /** A handshake runs in some thread. */
    static final int HANDSHAKING = 1;
    static final int OPEN = 2;
    /** Closed by the peer (close_notify) or idle too long: POLLHUP until the server's next receive frees it. */
    static final int HUNG = 3;

    final DtlsSocket socket;
    final BcDtlsSession session;
    final SockAddr addr = new SockAddr();
    /** The CID this server asks its client to use (TLS_DTLS_CID enabled), fixed per slot. */
    final byte[] ownCid;
    int state;
    /** The ClientHello random of the association's handshake: the same again is a late duplicate, not a restart. */
    final byte[] helloRandom = new byte[32];
    /** HANDSHAKING and waiting for the kind's handshake thread (a non-blocking socket's handshake). */
    boolean async;
    /** The idle timer saw it expire: the server closes it with close_notify. */
    boolean expired;
    long lastActivity;

    DtlsPeer(DtlsSocket socket, byte[] ownCid) {
        this.socket = socket;
        this.ownCid = ownCid;
        this.session = new BcDtlsSession(this);
    }

    @Override
    public int receive(byte[] b, int off, int len, int waitMillis) {
        return socket.receiver.receiveFromPeer(this, b, off, len, waitMillis);
    }

    @Override
    public int send(byte[] b, int off, int len) {
        return socket.sender.sendDatagram(addr, b, off, len);
    }

    @Override
    public int receiveLimit() {
        return socket.receiver.maxDatagram();
    }

    @Override
    public int sendLimit() {
        return socket.sender.sendLimit();
    }

    /**
     * True when b is a ClientHello (epoch 0 handshake record, RFC 6347 §4.1, §4.2.2) with another random
     * than this association's: the client restarted on the same address (RFC 6347 §4.2.8).
     */
    boolean isNewClientHello(byte[] b, int off, int len) {
        int random = off + 13 + 12 + 2;
        if (len < random + 32 - off || b[off] != 22 || b[off + 3] != 0 || b[off + 4] != 0 || b[off + 13] != 1) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (b[random + i] != helloRandom[i]) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the random of the ClientHello this association starts from. */
    void rememberHello(byte[] b, int off, int len) {
        int random = off + 13 + 12 + 2;
        if (len >= random + 32 - off) {
            System.arraycopy(b, random, helloRandom, 0, 32);
        }
    }

    /** True when b holds an RFC 9146 tls12_cid record carrying this slot's CID (header: type, version, epoch, seq, cid). */
    boolean cidMatches(byte[] b, int off, int len) {
        int n = ownCid.length;
        if (len < 13 + n || b[off] != 25) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[off + 11 + i] != ownCid[i]) {
                return false;
            }
        }
        return true;
    }
}
