package io.jzsock.tls.bc;

import io.jzsock.bsp.Entropy;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The engine side every TLS socket of one stack shares: Bouncy Castle's crypto (from
 * {@link BcCrypto#create}, once) and the TLS 1.2 session cache. Makes the per-socket {@link BcEngine}s.
 */
public final class BcTls {
    /**
     * What a socket offers when TLS_CIPHERSUITE_LIST is not set, most preferred first: the TLS 1.3
     * AEAD suites, ECDHE with ECDSA or RSA and AEAD for TLS 1.2 (RFC 9325 §4.2), and PSK suites for
     * a socket whose credentials are a PSK (RFC 5487, RFC 8442). Only suites this crypto implements.
     */
    private static final int[] OFFERED = {
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
    };

    private final TlsCrypto crypto;
    private final BcSessionCache sessions;
    private final int[] suites;

    public BcTls(Entropy entropy, int sessionCacheEntries) {
        crypto = BcCrypto.create(entropy);
        sessions = new BcSessionCache(sessionCacheEntries);
        suites = TlsUtils.getSupportedCipherSuites(crypto, OFFERED);
    }

    public TlsCrypto crypto() {
        return crypto;
    }

    public BcSessionCache sessions() {
        return sessions;
    }

    /** IANA numbers offered by default (TLS_CIPHERSUITE_LIST unset); do not modify. */
    public int[] defaultCipherSuites() {
        return suites;
    }

    private int resumed;

    /** Handshakes (either end) that resumed a cached TLS 1.2 session. */
    public synchronized int resumedHandshakes() {
        return resumed;
    }

    synchronized void countResumed() {
        resumed++;
    }
}
