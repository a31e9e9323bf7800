package io.jzsock.sim.bench.tls;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * One configuration of the in-memory TLS pair: version, authentication, cipher suite, max fragment length.
 *
 * @param auth {@link #AUTH_ECDSA}, {@link #AUTH_RSA} or {@link #AUTH_PSK}
 * @param maxFragmentLength 0 for none, else 512, 1024, 2048 or 4096 (RFC 6066 §4)
 */
public record TlsConfig(ProtocolVersion version, int auth, int cipherSuite, int maxFragmentLength) {
    public static final int AUTH_ECDSA = 1;
    public static final int AUTH_RSA = 2;
    public static final int AUTH_PSK = 3;

    public boolean tls13() {
        return ProtocolVersion.TLSv13.equals(version);
    }

    public TlsConfig withMaxFragmentLength(int mfl) {
        return new TlsConfig(version, auth, cipherSuite, mfl);
    }

    /** The AEAD suite of {@code aead} ("AES128GCM", "AES256GCM", "CHACHA20") for the version and authentication. */
    public static TlsConfig of(ProtocolVersion version, int auth, String aead) {
        boolean v13 = ProtocolVersion.TLSv13.equals(version);
        int suite;
        switch (aead) {
            case "AES128GCM" -> suite = v13 ? CipherSuite.TLS_AES_128_GCM_SHA256
                    : auth == AUTH_ECDSA ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                    : auth == AUTH_RSA ? CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                    : CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
            case "AES256GCM" -> suite = v13 ? CipherSuite.TLS_AES_256_GCM_SHA384
                    : auth == AUTH_ECDSA ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                    : auth == AUTH_RSA ? CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
                    : CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384;
            case "CHACHA20" -> suite = v13 ? CipherSuite.TLS_CHACHA20_POLY1305_SHA256
                    : auth == AUTH_ECDSA ? CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
                    : auth == AUTH_RSA ? CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
                    : CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256;
            default -> throw new IllegalArgumentException("unknown AEAD " + aead);
        }
        return new TlsConfig(version, auth, suite, 0);
    }

    public String versionName() {
        return tls13() ? "TLS1.3" : "TLS1.2";
    }

    public String authName() {
        return auth == AUTH_ECDSA ? "ECDHE-ECDSA P-256" : auth == AUTH_RSA ? "ECDHE-RSA 2048" : "PSK";
    }
}
