package io.jzsock.tls.bc;

import org.bouncycastle.tls.ProtocolVersion;

/**
 * What one handshake needs from the socket, filled by tls-lite before {@link BcEngine#start}: the
 * versions, the suites, the credential bytes read from TlsCredentials by sec_tag, the verification
 * level and the extensions asked for. Buffers are allocated once per slot; a handshake reads them.
 */
public final class HandshakeParams {
    public static final int VERIFY_NONE = 0;
    public static final int VERIFY_OPTIONAL = 1;
    public static final int VERIFY_REQUIRED = 2;

    public boolean server;
    /** IPPROTO_TLS_1_3 allows 1.3 and 1.2 (sockets_tls sets only the maximum); IPPROTO_TLS_1_2 only 1.2. */
    public boolean allowTls13;
    /** TLS_CIPHERSUITE_LIST; count 0: the defaults. */
    public final int[] suites;
    public int suiteCount;
    /** Own certificate chain (back-to-back DER, leaf first) and key, of the first tag that has both. */
    public final byte[] chain;
    public int chainLen;
    public final byte[] key;
    public int keyLen;
    public final byte[] psk;
    public int pskLen;
    public final byte[] pskId;
    public int pskIdLen;
    /** True when some tag of the list holds a CA certificate: only then is a peer chain verified. */
    public boolean haveCa;
    public int verify;
    /** TLS_HOSTNAME for SNI (and, in the verifier, RFC 6125 matching); null for none or an address. */
    public String sniName;
    /** TLS_ALPN_LIST: names separated by NULs, [0, alpnLen). */
    public final byte[] alpn;
    public int alpnLen;
    /** RFC 6066 max_fragment_length code, 0 for none. */
    public int maxFragment;
    public boolean sessionCache;
    /** Which server a client's cached session belongs to: (IPv4 address << 16) | port. */
    public long peerKey;
    public ChainVerifier verifier;

    public HandshakeParams(int maxSuites, int maxCredentialBytes, int maxPskBytes, int maxPskIdentityBytes,
            int maxAlpnBytes) {
        suites = new int[maxSuites];
        chain = new byte[maxCredentialBytes];
        key = new byte[maxCredentialBytes];
        psk = new byte[maxPskBytes];
        pskId = new byte[maxPskIdentityBytes];
        alpn = new byte[maxAlpnBytes];
    }

    public void clear() {
        server = false;
        allowTls13 = false;
        suiteCount = 0;
        chainLen = 0;
        keyLen = 0;
        pskLen = 0;
        pskIdLen = 0;
        haveCa = false;
        verify = VERIFY_NONE;
        sniName = null;
        alpnLen = 0;
        maxFragment = 0;
        sessionCache = false;
        peerKey = 0;
    }

    /** Wipes the secrets once the handshake no longer needs them. */
    public void wipeSecrets() {
        for (int i = 0; i < keyLen; i++) {
            key[i] = 0;
        }
        for (int i = 0; i < pskLen; i++) {
            psk[i] = 0;
        }
    }

    ProtocolVersion[] versions() {
        return allowTls13 ? ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12) : ProtocolVersion.TLSv12.only();
    }
}
