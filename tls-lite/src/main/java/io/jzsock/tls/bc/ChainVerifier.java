package io.jzsock.tls.bc;

/**
 * How the engine asks tls-lite to verify the peer's certificate chain (io.jzsock.tls.PeerVerifier
 * behind it): 0 or mbedTLS-style X509_BADCERT_* flags, what TLS_CERT_VERIFY_RESULT reports.
 */
public interface ChainVerifier {
    /** chain: DER, leaf first, [0, length); peerIsServer: the EKU purpose to check. */
    int verify(byte[][] chain, int length, boolean peerIsServer);
}
