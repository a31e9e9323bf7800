package io.jzsock.tls.bc;

import java.io.IOException;
import java.util.Vector;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What the client and the server adapters share: which suites the socket's credentials can serve,
 * the signer over the own key, ALPN names, and the peer chain check with TLS_PEER_VERIFY's levels.
 */
final class BcPeerSupport {
    private BcPeerSupport() {
    }

    /** TLS_CIPHERSUITE_LIST or the defaults, less those the credentials cannot serve, less those the crypto lacks. */
    static int[] suites(BcTls tls, HandshakeParams p, AsymmetricKeyParameter key) {
        int[] wanted;
        if (p.suiteCount > 0) {
            wanted = new int[p.suiteCount];
            System.arraycopy(p.suites, 0, wanted, 0, p.suiteCount);
        } else {
            wanted = tls.defaultCipherSuites();
        }
        int[] out = new int[wanted.length];
        int n = 0;
        for (int i = 0; i < wanted.length; i++) {
            if (usable(wanted[i], p, key)) {
                out[n++] = wanted[i];
            }
        }
        int[] fit = new int[n];
        System.arraycopy(out, 0, fit, 0, n);
        return TlsUtils.getSupportedCipherSuites(tls.crypto(), fit);
    }

    private static boolean usable(int suite, HandshakeParams p, AsymmetricKeyParameter key) {
        int kx = TlsUtils.getKeyExchangeAlgorithm(suite);
        switch (kx) {
            case KeyExchangeAlgorithm.NULL:
                return true; // TLS 1.3: authentication is not part of the suite
            case KeyExchangeAlgorithm.PSK:
            case KeyExchangeAlgorithm.ECDHE_PSK:
                return p.pskLen > 0 && p.pskIdLen > 0;
            case KeyExchangeAlgorithm.ECDHE_ECDSA:
                return !p.server || key instanceof ECPrivateKeyParameters;
            case KeyExchangeAlgorithm.ECDHE_RSA:
                return !p.server || key != null && !(key instanceof ECPrivateKeyParameters);
            default:
                return false;
        }
    }

    /** The own chain and key as a signer for the algorithm the peer offered that fits the key (P-256/SHA-256, RSA-PSS or PKCS#1). */
    static TlsCredentialedSigner signer(TlsContext ctx, BcTls tls, HandshakeParams p, AsymmetricKeyParameter key,
            Vector peerAlgs, byte[] requestContext) throws IOException {
        if (key == null || p.chainLen == 0) {
            return null;
        }
        boolean tls13 = TlsUtils.isTLSv13(ctx);
        Certificate chain = BcKeys.chain(tls.crypto(), p.chain, 0, p.chainLen,
                tls13 ? (requestContext == null ? TlsUtils.EMPTY_BYTES : requestContext) : null);
        boolean ec = key instanceof ECPrivateKeyParameters;
        SignatureAndHashAlgorithm chosen = null;
        if (peerAlgs != null) {
            for (int i = 0; i < peerAlgs.size() && chosen == null; i++) {
                SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) peerAlgs.elementAt(i);
                if (ec ? a.getSignature() == SignatureAlgorithm.ecdsa && a.getHash() == HashAlgorithm.sha256
                        : a.getSignature() == SignatureAlgorithm.rsa_pss_rsae_sha256
                        || !tls13 && a.getSignature() == SignatureAlgorithm.rsa && a.getHash() == HashAlgorithm.sha256) {
                    chosen = a;
                }
            }
        } else if (!tls13) {
            // RFC 5246 §7.4.1.4.1: no signature_algorithms extension means SHA-1 with the key's algorithm.
            chosen = new SignatureAndHashAlgorithm(HashAlgorithm.sha1, ec ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa);
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no signature algorithm fits the own key");
        }
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(ctx), (BcTlsCrypto) tls.crypto(), key, chain, chosen);
    }

    /** TLS_ALPN_LIST as BC's ProtocolName list, or null. */
    static Vector protocolNames(HandshakeParams p) {
        if (p.alpnLen == 0) {
            return null;
        }
        Vector v = new Vector();
        int start = 0;
        for (int i = 0; i < p.alpnLen; i++) {
            if (p.alpn[i] == 0) {
                if (i > start) {
                    byte[] name = new byte[i - start];
                    System.arraycopy(p.alpn, start, name, 0, name.length);
                    v.addElement(ProtocolName.asRawBytes(name));
                }
                start = i + 1;
            }
        }
        return v.isEmpty() ? null : v;
    }

    /**
     * The peer's chain through the verifier, with TLS_PEER_VERIFY's levels (mbedTLS authmode): NONE
     * records nothing, OPTIONAL records the flags and goes on, REQUIRED fails with bad_certificate.
     * Returns the flags (0: verified).
     */
    static int checkChain(HandshakeParams p, Certificate peer, boolean peerIsServer, int[] resultOut) throws IOException {
        if (p.verify == HandshakeParams.VERIFY_NONE) {
            return 0;
        }
        int n = peer == null ? 0 : peer.getLength();
        byte[][] ders = new byte[n][];
        for (int i = 0; i < n; i++) {
            ders[i] = peer.getCertificateAt(i).getEncoded();
        }
        int flags = n == 0 ? BADCERT_MISSING : p.verifier.verify(ders, n, peerIsServer);
        resultOut[0] = flags;
        if (flags != 0 && p.verify == HandshakeParams.VERIFY_REQUIRED) {
            short alert = n == 0 ? AlertDescription.certificate_required : AlertDescription.bad_certificate;
            throw new TlsFatalAlert(alert, "peer certificate rejected, flags 0x" + Integer.toHexString(flags));
        }
        return flags;
    }

    /** mbedTLS's MBEDTLS_X509_BADCERT_MISSING: the peer sent no certificate. */
    static final int BADCERT_MISSING = 0x40;

    static int tls13Prf() {
        return PRFAlgorithm.tls13_hkdf_sha256;
    }
}
