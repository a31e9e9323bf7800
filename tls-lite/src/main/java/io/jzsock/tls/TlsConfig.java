package io.jzsock.tls;

/**
 * The sizes of the TLS layer, fixed before {@link TlsSockets#install} (as {@code NetConfig} is for the
 * stack): every per-socket table and buffer is allocated once from these. Zephyr's Kconfig names are
 * given where a value follows one. Fields are public and mutable until the config is handed over;
 * {@link #validate()} rejects impossible combinations once.
 */
public final class TlsConfig {
    /** TLS stream sockets open at once, listeners included (CONFIG_NET_SOCKETS_TLS_MAX_CONTEXTS, 4). */
    public int maxStreamSockets = 4;
    /** Entries of TLS_SEC_TAG_LIST (CONFIG_NET_SOCKETS_TLS_MAX_CREDENTIALS, 4). */
    public int maxSecTags = 4;
    /** Entries of TLS_CIPHERSUITE_LIST (CONFIG_NET_SOCKETS_TLS_MAX_CIPHERSUITES, 4 there; 8 here for both versions). */
    public int maxCipherSuites = 8;
    /** Bytes of TLS_HOSTNAME (mbedTLS MBEDTLS_SSL_MAX_HOST_NAME_LEN, 255). */
    public int maxHostnameBytes = 255;
    /** Protocols of TLS_ALPN_LIST (CONFIG_NET_SOCKETS_TLS_MAX_APP_PROTOCOLS, 2). */
    public int maxAlpnProtocols = 2;
    /** Bytes of TLS_ALPN_LIST, every name with its NUL. */
    public int maxAlpnBytes = 64;
    /**
     * Bytes of a PSK a TLS stream socket can use (mbedTLS MBEDTLS_PSK_MAX_LEN, 32 there; 64 here for
     * TLS 1.3's SHA-384 PSKs). A TLS_SEC_TAG_LIST naming a longer one is -EINVAL (DTLS sockets too).
     * Each stream socket keeps a buffer of this, and of {@link #maxPskIdentityBytes}, for its handshakes.
     */
    public int maxPskBytes = 64;
    /** Bytes of a PSK identity a TLS stream socket can use (RFC 4279 allows 2^16 - 1); longer is -EINVAL. */
    public int maxPskIdentityBytes = 128;
    /** Bytes of TLS_DTLS_CID_VALUE (RFC 9146 allows 255; mbedTLS MBEDTLS_SSL_CID_OUT_LEN_MAX is 32). */
    public int maxCidBytes = 32;
    /**
     * Ciphertext of the largest record a stream socket receives whole into its one record buffer, so
     * that the engine is offered one complete record at a time (its allocation-free input path):
     * 2^14 + 256 covers any record (RFC 8446 §5.2). When every socket negotiates
     * TLS_MAX_FRAGMENT_LENGTH, its length plus 256 suffices (2048 + 256 for MFL 2048). A larger record
     * still works: it is handed to the engine in pieces, which then allocates to reassemble it.
     */
    public int maxRecordCiphertext = 16384 + 256;
    /** Ciphertext copied from the engine to the inner TCP socket at once; any size works, this bounds one copy. */
    public int ciphertextChunk = 4096;
    /** Plaintext handed to the engine per record it writes: at most one record (2^14, RFC 8446 §5.1). */
    public int plaintextChunk = 4096;
    /** TLS 1.2 sessions kept for resumption by TLS_SESSION_CACHE (CONFIG_NET_SOCKETS_TLS_MAX_CLIENT_SESSION_COUNT, 1). */
    public int sessionCacheEntries = 4;
    /** A handshake that makes no progress for this long fails with -ETIMEDOUT (a silent peer). */
    public int handshakeTimeoutMillis = 30000;

    /** The DTLS kind's sizes (sockets, sessions per server, datagrams, idle timeout, sendmsg buffer). */
    public final DtlsConfig dtls = new DtlsConfig();

    public static TlsConfig defaults() {
        return new TlsConfig();
    }

    /** Throws IllegalArgumentException naming the first bad setting. */
    public void validate() {
        require(maxStreamSockets >= 1, "maxStreamSockets >= 1");
        require(maxSecTags >= 1, "maxSecTags >= 1");
        require(maxCipherSuites >= 1, "maxCipherSuites >= 1");
        require(maxHostnameBytes >= 1, "maxHostnameBytes >= 1");
        require(maxAlpnProtocols >= 1 && maxAlpnBytes >= 2, "maxAlpnProtocols >= 1, maxAlpnBytes >= 2");
        require(maxCidBytes >= 0, "maxCidBytes >= 0");
        require(maxPskBytes >= 1 && maxPskIdentityBytes >= 1, "maxPskBytes >= 1, maxPskIdentityBytes >= 1");
        require(maxRecordCiphertext >= 512 && maxRecordCiphertext <= 0xffff, "maxRecordCiphertext in 512..65535");
        require(ciphertextChunk >= 512, "ciphertextChunk >= 512");
        require(plaintextChunk >= 512 && plaintextChunk <= 16384, "plaintextChunk in 512..16384");
        require(sessionCacheEntries >= 0, "sessionCacheEntries >= 0");
        require(handshakeTimeoutMillis > 0, "handshakeTimeoutMillis > 0");
        dtls.validate();
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("TlsConfig: " + rule);
        }
    }
}
