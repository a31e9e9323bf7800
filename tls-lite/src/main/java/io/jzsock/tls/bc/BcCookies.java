package io.jzsock.tls.bc;

import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The stateless cookie exchange of a DTLS server (RFC 6347 §4.2.1), over BC's {@link DTLSVerifier}:
 * a ClientHello without the right cookie is answered with a HelloVerifyRequest and forgotten, so a
 * spoofed source costs one datagram and no session slot. One per server socket; its HMAC key comes
 * from the crypto's randomness when the socket becomes a server.
 */
public final class BcCookies {
    private final DTLSVerifier verifier;
    private final Sender sender = new Sender();
    private DTLSRequest request;

    public BcCookies(TlsCrypto crypto) {
        this.verifier = new DTLSVerifier(crypto);
    }

    /** The DTLS record type of a handshake record's first byte (ClientHello candidates). */
    public static boolean isHandshakeRecord(byte[] d, int off, int len) {
        return len > 13 && d[off] == 22;
    }

    /**
     * Checks a datagram from an unknown peer: true when it is a ClientHello with the cookie for
     * clientId (then {@link BcDtlsSession#accept} takes it); otherwise a HelloVerifyRequest went out
     * through reply, or the datagram was not a ClientHello at all. A record BC's parser throws on
     * (a reserved version such as {0xfe, 0xfe} is an IllegalArgumentException from
     * ProtocolVersion.get) is not a ClientHello either: dropped, as RFC 6347 §4.1.2.7 drops invalid
     * records, never an exception out of recvfrom (DtlsServerFuzzTest's reserved-record-version).
     */
    public boolean check(byte[] clientId, byte[] d, int off, int len, DatagramLink reply) {
        sender.link = reply;
        try {
            request = verifier.verifyRequest(clientId, d, off, len, sender);
        } catch (RuntimeException e) {
            request = null;
        } finally {
            sender.link = null;
        }
        return request != null;
    }

    DTLSRequest take() {
        DTLSRequest r = request;
        request = null;
        return r;
    }

    private static final class Sender implements DatagramSender {
        DatagramLink link;

        @Override
        public int getSendLimit() {
            return link.sendLimit();
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            link.send(buf, off, len);
        }
    }
}
