package io.jzsock.tls;

import io.jzsock.tls.bc.ChainCheck;

/**
 * A DTLS socket's peer check: {@link PeerVerifier} against the CA certificates of the socket's
 * TLS_SEC_TAG_LIST, with TLS_HOSTNAME when one is set (a client checking its server). One per socket.
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

    @Override
    public int verify(byte[][] chain, int n) {
        String host = null;
        if (purpose == PeerVerifier.PURPOSE_SERVER && options.hostnameState() == TlsOptions.HOSTNAME_SET) {
            host = new String(options.hostname(), 0, options.hostnameLength());
        }
        return verifier.verify(chain, n, options.secTags(), options.secTagCount(), host, purpose);
    }
}
