package io.jzsock.tls.bc;

import io.jzsock.net.Errno;

import java.io.IOException;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * One socket's TLS engine: Bouncy Castle's non-blocking {@link TlsClientProtocol} /
 * {@link TlsServerProtocol} (bytes in with offerInput, bytes out with readOutput), behind calls that
 * return errno values. A fatal alert either way, a failed verification or a malformed record is
 * -ECONNABORTED (Zephyr's mapping of mbedTLS's fatal errors); {@link #failure()} says why. Not
 * thread-safe: the socket guards it.
 */
public final class BcEngine {
    private final BcTls tls;
    private final HandshakeParams params;
    final int[] flagsOut = new int[1];
    private TlsProtocol protocol;
    private String failure;
    private boolean failed;
    private boolean closeNotifyReceived;
    private int suite;
    private int verifyFlags;
    private boolean verifiedSomething;
    private boolean resumed;
    private int negotiatedMfl;
    private boolean tls13;
    private boolean complete;

    public BcEngine(BcTls tls, HandshakeParams params) {
        this.tls = tls;
        this.params = params;
    }

    public HandshakeParams params() {
        return params;
    }

    /** Starts a handshake with the params as filled: a ClientHello is then waiting in the output (client). */
    public int start() {
        protocol = null;
        failure = null;
        failed = false;
        closeNotifyReceived = false;
        suite = 0;
        verifyFlags = 0;
        verifiedSomething = false;
        resumed = false;
        negotiatedMfl = 0;
        tls13 = false;
        complete = false;
        flagsOut[0] = 0;
        try {
            if (params.server) {
                TlsServerProtocol s = new TlsServerProtocol();
                protocol = s;
                s.accept(new BcServer(tls, params, this));
            } else {
                TlsClientProtocol c = new TlsClientProtocol();
                protocol = c;
                c.connect(new BcClient(tls, params, this));
            }
            return 0;
        } catch (IOException e) {
            return fail(e);
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    /**
     * Ciphertext from the peer; every complete record in it is processed now. 0 or -ECONNABORTED. One
     * whole record per call keeps BC from allocating per record ({@link TlsRecordFramer}).
     */
    public int offer(byte[] b, int off, int len) {
        if (protocol == null || failed) {
            return -Errno.ECONNABORTED;
        }
        try {
            protocol.offerInput(b, off, len);
            return 0;
        } catch (IOException e) {
            return fail(e);
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    /** The peer closed its TCP side: no more input (an EOF inside a handshake is a failure). */
    public void inputEnded() {
        if (protocol == null || failed) {
            return;
        }
        if (protocol.isHandshaking()) {
            failed = true;
            failure = "connection closed by the peer during the handshake";
            return;
        }
        try {
            protocol.closeInput();
        } catch (IOException e) {
            // Truncation after the handshake is an EOF to the application (Zephyr returns 0 too).
            closeNotifyReceived = true;
        }
    }

    public int outputAvailable() {
        return protocol == null ? 0 : protocol.getAvailableOutputBytes();
    }

    public int readOutput(byte[] b, int off, int len) {
        return protocol == null ? 0 : protocol.readOutput(b, off, len);
    }

    /** Decrypted application data waiting to be read. */
    public int appAvailable() {
        return protocol == null ? 0 : protocol.getAvailableInputBytes();
    }

    public int readApp(byte[] b, int off, int len) {
        return protocol == null ? 0 : protocol.readInput(b, off, len);
    }

    /** Encrypts application data into the output. 0, or -ECONNABORTED. */
    public int writeApp(byte[] b, int off, int len) {
        if (protocol == null || failed) {
            return -Errno.ECONNABORTED;
        }
        try {
            protocol.writeApplicationData(b, off, len);
            return 0;
        } catch (IOException e) {
            return fail(e);
        } catch (RuntimeException e) {
            return fail(e);
        }
    }

    /** Queues close_notify (RFC 8446 §6.1); the output then holds it. */
    public void closeNotify() {
        if (protocol == null || failed || protocol.isClosed()) {
            return;
        }
        try {
            protocol.close();
        } catch (IOException e) {
            failure = String.valueOf(e.getMessage());
        }
    }

    public boolean handshaking() {
        return protocol != null && !failed && protocol.isHandshaking();
    }

    public boolean connected() {
        return protocol != null && !failed && protocol.isConnected() && !protocol.isHandshaking();
    }

    /** The handshake finished (the connection may have been closed by the peer since). */
    public boolean handshakeComplete() {
        return complete && !failed;
    }

    public boolean failed() {
        return failed;
    }

    /** The peer sent close_notify (or ended the stream after the handshake). */
    public boolean peerClosed() {
        return closeNotifyReceived || protocol != null && !failed && protocol.isClosed();
    }

    /** IANA number of the suite negotiated, 0 before the handshake completes. */
    public int suiteUsed() {
        return suite;
    }

    /** X509_BADCERT_* flags of the peer's chain; -1 when no chain was checked. */
    public int verifyResult() {
        return verifiedSomething ? verifyFlags : -1;
    }

    public boolean resumed() {
        return resumed;
    }

    public boolean tls13() {
        return tls13;
    }

    /** RFC 6066 code agreed (0: none). */
    public int maxFragmentLength() {
        return negotiatedMfl;
    }

    /**
     * The most plaintext one record carries: 2^14 (RFC 8446 §5.1), or 2^(8 + code) with max_fragment_length
     * agreed (RFC 6066 §4). A write of at most this is one record, so BC's output queue never holds more.
     */
    public int recordPlaintextLimit() {
        return negotiatedMfl == 0 ? 1 << 14 : 1 << (8 + negotiatedMfl);
    }

    /** Why the connection failed, for logs and test messages; null while it has not. */
    public String failure() {
        return failure;
    }

    /** Drops the protocol object (the socket closed). */
    public void release() {
        protocol = null;
        params.wipeSecrets();
    }

    void verified(int flags) {
        verifiedSomething = true;
        verifyFlags = flags;
    }

    void handshakeDone(TlsContext c) {
        complete = true;
        suite = c.getSecurityParametersConnection().getCipherSuite();
        resumed = c.getSecurityParametersConnection().isResumedSession();
        if (resumed) {
            tls.countResumed();
        }
        negotiatedMfl = c.getSecurityParametersConnection().getMaxFragmentLength();
        tls13 = org.bouncycastle.tls.TlsUtils.isTLSv13(c);
        if (negotiatedMfl < 0) {
            negotiatedMfl = 0;
        }
        params.wipeSecrets();
    }

    void alertRaised(short description, String message) {
        if (failure == null && description != AlertDescription.close_notify) {
            failure = "sent " + AlertDescription.getText(description) + (message == null ? "" : ": " + message);
        }
    }

    void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        } else if (level == AlertLevel.fatal && failure == null) {
            failure = "received " + AlertDescription.getText(description);
        }
    }

    private int fail(Throwable e) {
        failed = true;
        if (verifiedSomething) {
            flagsOut[0] = verifyFlags;
        }
        if (flagsOut[0] != 0) {
            verifiedSomething = true;
            verifyFlags = flagsOut[0];
        }
        if (failure == null) {
            failure = e.getClass().getName() + ": " + e.getMessage();
        }
        return -Errno.ECONNABORTED;
    }
}
