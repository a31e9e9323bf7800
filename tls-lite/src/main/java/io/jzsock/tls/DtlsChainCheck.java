package io.jzsock.tls;

import io.jzsock.tls.bc.ChainCheck;

/**
 * A DTLS socket's peer check: {@link PeerVerifier} against the CA certificates of the socket's
 * TLS_SEC_TAG_LIST and, for a client checking its server, TLS_HOSTNAME as the stream kind does: a
 * name set is matched, NULL disables the check, never set fails it (BADCERT_CN_MISMATCH, mbedTLS
 * 3.6.3 on). One per socket.
 */
final class DtlsChainCheck implements ChainCheck {
    private final PeerVerifier verifier;
    private final TlsOptions options;
    private int purpose = PeerVerifier.PURPOSE_SERVER;

    DtlsChainCheck(PeerVerifier verifier, TlsOptions options) {
        this.verifier = verifier;
        this.options = options;
    }

    /** Which end the peer is: PURPOSE_SERVER when this socket is the client. */
    void purpose(int p) {
        purpose = p;
    }

    /** TLS_HOSTNAME as a String for the name check and SNI, or null when not set. */
    String hostname() {
        if (options.hostnameState() != TlsOptions.HOSTNAME_SET) {
            return null;
        }
        byte[] b = options.hostname();
        char[] c = new char[options.hostnameLength()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (b[i] & 0xff);
        }
        return new String(c);
    }

    @Override
    public int verify(byte[][] chain, int n) {
        String host = null;
        int extra = 0;
        if (purpose == PeerVerifier.PURPOSE_SERVER) {
            host = hostname();
            if (options.hostnameState() == TlsOptions.HOSTNAME_UNSET) {
                extra = PeerVerifier.BADCERT_CN_MISMATCH;
            }
        }
        int flags = verifier.verify(chain, n, options.secTags(), options.secTagCount(), host, purpose);
        if (flags < 0) {
            flags = PeerVerifier.BADCERT_NOT_TRUSTED;
        }
        return flags | extra;
    }
}
