package io.jzsock.tls.bc;

import io.jzsock.net.Errno;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRecordCallback;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One DTLS 1.2 association over Bouncy Castle, with zsock results: the handshake (client or server,
 * run to its end in the calling thread), then records in feed mode ({@link BcDatagramTransport}).
 * A session slot of a DTLS socket owns one and reuses it for each association. Not thread-safe:
 * the socket serialises receive and send as its javadoc says.
 */
public final class BcDtlsSession implements DTLSRecordCallback {
    private final BcDatagramTransport transport;
    private final DtlsPeerParams params = new DtlsPeerParams();
    private DTLSTransport dtls;
    private int lastFlags;
    private volatile boolean mayHavePending;
    private boolean closing;
    private DTLSRequest staged;

    public BcDtlsSession(DatagramLink link) {
        this.transport = new BcDatagramTransport(link);
    }

    /** Filled by the socket before each handshake. */
    public DtlsPeerParams params() {
        return params;
    }

    public boolean isOpen() {
        return dtls != null && !transport.closed();
    }

    /** True after a close_notify from the peer (or our own close). */
    public boolean peerClosed() {
        return dtls != null && transport.closed() && !closing;
    }

    /** The client handshake: 0, or -ETIMEDOUT, -ECONNABORTED (alert, failed verification), -EINTR (closed). */
    public int connect(TlsCrypto crypto) {
        begin();
        try {
            dtls = new DTLSClientProtocol().connect(new DtlsClientPeer(bc(crypto), params), transport);
        } catch (IOException e) {
            return handshakeError(e);
        } catch (RuntimeException e) {
            return -Errno.ECONNABORTED;
        }
        transport.feedMode();
        return 0;
    }

    /** Takes the ClientHello {@link BcCookies} just accepted, for {@link #accept} (now or on the handshake thread). */
    public void stage(BcCookies cookies) {
        staged = cookies.take();
    }

    /** The server handshake for the staged ClientHello: 0, or -ETIMEDOUT, -ECONNABORTED, -EINTR, -EINVAL (none staged). */
    public int accept(TlsCrypto crypto) {
        DTLSRequest request = staged;
        staged = null;
        if (request == null) {
            return -Errno.EINVAL;
        }
        begin();
        try {
            DTLSServerProtocol server = new DTLSServerProtocol();
            dtls = server.accept(new DtlsServerPeer(bc(crypto), params), transport, request);
        } catch (IOException e) {
            return handshakeError(e);
        } catch (RuntimeException e) {
            return -Errno.ECONNABORTED;
        }
        transport.feedMode();
        return 0;
    }

    /**
     * Feeds one datagram and asks for application data into plain (sized to {@link #receiveLimit}):
     * its length; -EAGAIN when the datagram held none (handshake retransmission, duplicate, bad MAC);
     * -ENOTCONN when it held the peer's close_notify; -ECONNABORTED for a fatal alert.
     */
    public int receive(byte[] datagram, int off, int len, byte[] plain) {
        if (dtls == null) {
            return -Errno.ENOTCONN;
        }
        int records = recordCount(datagram, off, len, params.cidPeer == null ? 0 : params.cidPeer.length);
        transport.feed(datagram, off, len);
        lastFlags = 0;
        int r;
        try {
            r = dtls.receive(plain, 0, plain.length, 1, this);
        } catch (InterruptedIOException e) {
            r = -1;
        } catch (IOException e) {
            dtls = null;
            return -Errno.ECONNABORTED;
        } catch (RuntimeException e) {
            dtls = null;
            return -Errno.ECONNABORTED;
        }
        transport.feed(null, 0, -1);
        if (transport.closed()) {
            return -Errno.ENOTCONN;
        }
        if (r < 0) {
            return -Errno.EAGAIN;
        }
        mayHavePending = records > 1;
        return r;
    }

    /**
     * Records in one datagram, by their headers (RFC 6347 §4.1: type, version, epoch, sequence number,
     * length; RFC 9146 §4: a tls12_cid record has the receiver's CID before the length). Only a datagram
     * of several records can leave some behind in BC's record queue, so poll reports POLLIN for it.
     */
    static int recordCount(byte[] d, int off, int len, int cidLen) {
        int n = 0;
        int at = off;
        int end = off + len;
        while (at + 13 <= end) {
            int lengthAt = d[at] == 25 ? at + 11 + cidLen : at + 11;
            if (lengthAt + 2 > end) {
                break;
            }
            at = lengthAt + 2 + (((d[lengthAt] & 0xff) << 8) | (d[lengthAt + 1] & 0xff));
            n++;
        }
        return n;
    }

    /** Application data still queued from the last datagram (several records in one), or -EAGAIN. */
    public int receivePending(byte[] plain) {
        if (dtls == null || !mayHavePending) {
            return -Errno.EAGAIN;
        }
        int r;
        try {
            r = dtls.receivePending(plain, 0, plain.length, this);
        } catch (IOException e) {
            dtls = null;
            return -Errno.ECONNABORTED;
        } catch (RuntimeException e) {
            dtls = null;
            return -Errno.ECONNABORTED;
        }
        if (transport.closed()) {
            return -Errno.ENOTCONN;
        }
        if (r < 0) {
            mayHavePending = false;
            return -Errno.EAGAIN;
        }
        return r;
    }

    /** True while BC may hold more records of the last datagram fed (poll reports POLLIN for it). */
    public boolean mayHavePending() {
        return mayHavePending;
    }

    /** The DTLSRecordFlags of the last record the record layer accepted (RFC 9146 §6 address update). */
    public int lastRecordFlags() {
        return lastFlags;
    }

    /** True when the last accepted record carried our CID and was the newest seen (RFC 9146 §6). */
    public boolean lastRecordMovesPeer() {
        return (lastFlags & 3) == 3;
    }

    /** Largest application datagram send takes, or -ENOTCONN. */
    public int sendLimit() {
        if (dtls == null) {
            return -Errno.ENOTCONN;
        }
        try {
            return dtls.getSendLimit();
        } catch (IOException e) {
            return -Errno.ENOTCONN;
        }
    }

    /** Largest plaintext one record can carry on receive (the plaintext buffer's size). */
    public int receiveLimit() {
        if (dtls == null) {
            return transport.getReceiveLimit();
        }
        try {
            return dtls.getReceiveLimit();
        } catch (IOException e) {
            return transport.getReceiveLimit();
        }
    }

    /** One record: len, -EMSGSIZE past the send limit, -ENOTCONN when closed, -ECONNABORTED on failure. */
    public int send(byte[] b, int off, int len) {
        if (dtls == null || transport.closed()) {
            return -Errno.ENOTCONN;
        }
        int limit = sendLimit();
        if (limit < 0) {
            return limit;
        }
        if (len > limit) {
            return -Errno.EMSGSIZE;
        }
        try {
            dtls.send(b, off, len);
        } catch (IOException e) {
            int err = transport.lastError();
            dtls = null;
            return err != 0 ? -err : -Errno.ECONNABORTED;
        } catch (RuntimeException e) {
            dtls = null;
            return -Errno.ECONNABORTED;
        }
        return len;
    }

    /** Sends close_notify (when open) and forgets the association. */
    public void close() {
        if (dtls != null && !transport.closed()) {
            closing = true;
            try {
                dtls.close();
            } catch (IOException e) {
                // The peer learns it from the idle timeout instead.
            }
        }
        dtls = null;
    }

    /** Forgets the association without a word to the peer (expired, or the socket is gone). */
    public void drop() {
        dtls = null;
    }

    /** Fills b from the crypto's randomness (a server's connection IDs, RFC 9146 §3). */
    public static void randomize(TlsCrypto crypto, byte[] b) {
        crypto.getSecureRandom().nextBytes(b);
    }

    @Override
    public void recordAccepted(int flags) {
        lastFlags |= flags;
    }

    private void begin() {
        transport.reset();
        params.clearResults();
        dtls = null;
        lastFlags = 0;
        mayHavePending = false;
        closing = false;
    }

    private int handshakeError(IOException e) {
        dtls = null;
        if (e instanceof TlsTimeoutException) {
            return -Errno.ETIMEDOUT;
        }
        if (e instanceof TlsFatalAlertReceived || e instanceof TlsFatalAlert) {
            int err = transport.lastError();
            return err == Errno.EINTR ? -Errno.EINTR : -Errno.ECONNABORTED;
        }
        int err = transport.lastError();
        return err != 0 ? -err : -Errno.ECONNABORTED;
    }

    private static BcTlsCrypto bc(TlsCrypto crypto) {
        if (!(crypto instanceof BcTlsCrypto)) {
            throw new IllegalArgumentException("DTLS needs BcTlsCrypto for its signer, got " + crypto);
        }
        return (BcTlsCrypto) crypto;
    }
}
