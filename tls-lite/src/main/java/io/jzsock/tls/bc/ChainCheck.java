package io.jzsock.tls.bc;

/** The peer-certificate check a handshake calls (PeerVerifier behind the socket's CA tags and hostname). */
public interface ChainCheck {
    /** 0 when chain[0..n) (DER, leaf first) verifies, else X509_BADCERT_* flags. */
    int verify(byte[][] chain, int n);
}
