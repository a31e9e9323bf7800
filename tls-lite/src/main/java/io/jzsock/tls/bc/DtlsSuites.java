package io.jzsock.tls.bc;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/** The DTLS 1.2 cipher suites offered when TLS_CIPHERSUITE_LIST is not set, by credential kind. */
final class DtlsSuites {
    static final int[] PSK = {
        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
    };
    static final int[] ECDSA = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    };
    static final int[] RSA = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    };

    private DtlsSuites() {
    }

    /** The configured list, or the concatenation of the groups that apply; filtered by what crypto can do. */
    static int[] choose(TlsCrypto crypto, int[] configured, boolean psk, boolean ecdsa, boolean rsa) {
        if (configured != null) {
            return TlsUtils.getSupportedCipherSuites(crypto, configured);
        }
        int n = (psk ? PSK.length : 0) + (ecdsa ? ECDSA.length : 0) + (rsa ? RSA.length : 0);
        int[] all = new int[n];
        int at = 0;
        at = append(all, at, psk ? PSK : null);
        at = append(all, at, ecdsa ? ECDSA : null);
        append(all, at, rsa ? RSA : null);
        return TlsUtils.getSupportedCipherSuites(crypto, all);
    }

    private static int append(int[] dst, int at, int[] src) {
        if (src == null) {
            return at;
        }
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }
}
