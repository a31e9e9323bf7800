package io.jzsock.tls.bc;

/**
 * What one DTLS handshake needs, in plain arrays the socket fills from TlsCredentials and its SOL_TLS
 * options before the handshake, and what the handshake reports back. One per session slot, reused.
 */
public final class DtlsPeerParams {
    /** RFC 9146 connection ID length the server hands out when TLS_DTLS_CID is enabled. */
    public static final int SERVER_CID_LENGTH = 8;

    public byte[] psk;
    public byte[] pskId;
    /** Own certificate entry: back-to-back DER certificates, leaf first; null without one. */
    public byte[] chain;
    /** Own private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC) DER. */
    public byte[] key;
    /** IANA cipher suite numbers; null for the defaults the credentials allow. */
    public int[] cipherSuites;
    /** TLS_PEER_VERIFY_NONE/OPTIONAL/REQUIRED. */
    public int verifyLevel;
    public ChainCheck check;
    /** TLS_HOSTNAME for the client's server_name (RFC 6066 §3); null for none (not for address literals). */
    public String serverName;
    /** The first retransmission timeout (TLS_DTLS_HANDSHAKE_TIMEOUT_MIN), ms. */
    public int resendMillis;
    /** The whole handshake's budget (from TLS_DTLS_HANDSHAKE_TIMEOUT_MIN/MAX), ms. */
    public int handshakeMillis;
    /** TLS_DTLS_CID_DISABLED/SUPPORTED/ENABLED. */
    public int cidMode;
    /** The CID this end asks the peer to put in its records (server, ENABLED); null for none. */
    public byte[] ownCid;

    /**
     * Results: the negotiated suite (TLS_CIPHERSUITE_USED), the verify flags, the CIDs in use as BC
     * names them: cidLocal goes into the records this end sends, cidPeer is in the records it receives.
     */
    public int suiteUsed = -1;
    public int verifyResult;
    /** True once a peer certificate was checked in this handshake. */
    public boolean verified;
    public byte[] cidLocal;
    public byte[] cidPeer;

    public void clearResults() {
        suiteUsed = -1;
        verifyResult = 0;
        verified = false;
        cidLocal = null;
        cidPeer = null;
    }
}
