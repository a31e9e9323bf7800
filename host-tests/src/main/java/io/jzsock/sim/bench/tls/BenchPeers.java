package io.jzsock.sim.bench.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.MaxFragmentLength;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** The BC client and server of the in-memory pair: one suite, one version, no peer verification (a benchmark). */
final class BenchPeers {
    static final byte[] PSK_IDENTITY = "jzsock-bench".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PSK_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private BenchPeers() {
    }

    /** RFC 8446 §4.2.11: an external PSK is bound to one hash; SHA-384 for TLS_AES_256_GCM_SHA384. */
    static int prf(TlsConfig cfg) {
        return cfg.cipherSuite() == org.bouncycastle.tls.CipherSuite.TLS_AES_256_GCM_SHA384
                ? PRFAlgorithm.tls13_hkdf_sha384 : PRFAlgorithm.tls13_hkdf_sha256;
    }

    static short mflCode(int mfl) {
        return switch (mfl) {
            case 512 -> MaxFragmentLength.pow2_9;
            case 1024 -> MaxFragmentLength.pow2_10;
            case 2048 -> MaxFragmentLength.pow2_11;
            case 4096 -> MaxFragmentLength.pow2_12;
            default -> throw new IllegalArgumentException("max fragment length " + mfl);
        };
    }

    static final class Client extends AbstractTlsClient {
        private final TlsConfig cfg;

        Client(TlsCrypto crypto, TlsConfig cfg) {
            super(crypto);
            this.cfg = cfg;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {cfg.cipherSuite()};
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return cfg.version().only();
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            if (cfg.maxFragmentLength() != 0) {
                ext = TlsExtensionsUtils.ensureExtensionsInitialised(ext);
                TlsExtensionsUtils.addMaxFragmentLengthExtension(ext, mflCode(cfg.maxFragmentLength()));
            }
            return ext;
        }

        @Override
        public TlsPSKIdentity getPSKIdentity() {
            return cfg.auth() == TlsConfig.AUTH_PSK && !cfg.tls13() ? new BasicTlsPSKIdentity(PSK_IDENTITY, PSK_KEY)
                    : null;
        }

        @Override
        public Vector getExternalPSKs() {
            if (cfg.auth() != TlsConfig.AUTH_PSK || !cfg.tls13()) {
                return null;
            }
            return TlsUtils.vectorOfOne(new BasicTlsPSKExternal(PSK_IDENTITY,
                    getCrypto().createSecret(PSK_KEY), prf(cfg)));
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                    return null;
                }
            };
        }
    }

    static final class Server extends AbstractTlsServer {
        private final TlsConfig cfg;
        private final TlsBenchCredentials creds;

        Server(TlsCrypto crypto, TlsConfig cfg, TlsBenchCredentials creds) {
            super(crypto);
            this.cfg = cfg;
            this.creds = creds;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {cfg.cipherSuite()};
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return cfg.version().only();
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            if (cfg.auth() == TlsConfig.AUTH_PSK) {
                return null;
            }
            TlsCertificate cert = getCrypto().createCertificate(creds.certificateDer);
            Certificate chain = cfg.tls13()
                    ? new Certificate(TlsUtils.EMPTY_BYTES, new CertificateEntry[] {new CertificateEntry(cert, null)})
                    : new Certificate(new TlsCertificate[] {cert});
            SignatureAndHashAlgorithm alg = cfg.auth() == TlsConfig.AUTH_ECDSA
                    ? new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
                    : cfg.tls13() ? SignatureAndHashAlgorithm.rsa_pss_rsae_sha256
                    : new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (BcTlsCrypto) getCrypto(),
                    creds.privateKey, chain, alg);
        }

        @Override
        public TlsPSKIdentityManager getPSKIdentityManager() {
            return new TlsPSKIdentityManager() {
                @Override
                public byte[] getHint() {
                    return null;
                }

                @Override
                public byte[] getPSK(byte[] identity) {
                    return java.util.Arrays.equals(identity, PSK_IDENTITY) ? PSK_KEY.clone() : null;
                }
            };
        }

        @Override
        public TlsPSKExternal getExternalPSK(Vector identities) {
            PskIdentity wanted = new PskIdentity(PSK_IDENTITY, 0L);
            for (int i = 0; i < identities.size(); i++) {
                if (wanted.equals(identities.elementAt(i))) {
                    return new BasicTlsPSKExternal(PSK_IDENTITY, getCrypto().createSecret(PSK_KEY), prf(cfg));
                }
            }
            return null;
        }
    }
}
