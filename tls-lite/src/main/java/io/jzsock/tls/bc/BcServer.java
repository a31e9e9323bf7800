package io.jzsock.tls.bc;

import java.io.IOException;
import java.util.Vector;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;

/**
 * The server side of a TLS socket: its certificate chain and key (ECDSA P-256 or RSA) or its PSK
 * from the sec tags, a CertificateRequest when TLS_PEER_VERIFY is OPTIONAL or REQUIRED and a CA is
 * configured, the client's chain through the verifier, ALPN and RFC 6066 max_fragment_length as
 * AbstractTlsServer negotiates them, and TLS 1.2 session ids issued and resumed from the cache.
 */
final class BcServer extends AbstractTlsServer {
    private final BcTls tls;
    private final HandshakeParams p;
    private final BcEngine engine;
    /** The own private key, parsed for this handshake; dropped when it completes (a secret, and 2 KB for RSA). */
    private AsymmetricKeyParameter key;

    BcServer(BcTls tls, HandshakeParams p, BcEngine engine) {
        super(tls.crypto());
        this.tls = tls;
        this.p = p;
        this.engine = engine;
        this.key = p.keyLen > 0 ? BcKeys.privateKey(p.key, 0, p.keyLen) : null;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return p.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return BcPeerSupport.suites(tls, p, key);
    }

    /**
     * The server's order decides, as mbedTLS does by default (no MBEDTLS_SSL_SRV_RESPECT_CLIENT_PREFERENCE):
     * TLS_CIPHERSUITE_LIST's order, or the defaults' with SHA-256 suites first, which a TLS 1.3 external
     * PSK (bound to SHA-256, RFC 8446 §4.2.11) needs when the client prefers a SHA-384 suite, as OpenSSL does.
     */
    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    protected Vector getProtocolNames() {
        return BcPeerSupport.protocolNames(p);
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        int kx = TlsUtils.getKeyExchangeAlgorithm(selectedCipherSuite);
        if (kx == KeyExchangeAlgorithm.PSK || kx == KeyExchangeAlgorithm.ECDHE_PSK) {
            return null;
        }
        return BcPeerSupport.signer(context, tls, p, key, context.getSecurityParametersHandshake().getClientSigAlgs(), null);
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
                return matches(identity) ? BcClient.copy(p.psk, p.pskLen) : null;
            }
        };
    }

    /** RFC 8446 §4.2.11: the first offered identity that is ours. */
    @Override
    public TlsPSKExternal getExternalPSK(Vector identities) {
        if (p.pskLen == 0) {
            return null;
        }
        for (int i = 0; i < identities.size(); i++) {
            PskIdentity id = (PskIdentity) identities.elementAt(i);
            if (matches(id.getIdentity())) {
                return new BasicTlsPSKExternal(id.getIdentity(), getCrypto().createSecret(BcClient.copy(p.psk, p.pskLen)),
                        BcPeerSupport.tls13Prf());
            }
        }
        return null;
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        if (p.verify == HandshakeParams.VERIFY_NONE || !p.haveCa) {
            return null;
        }
        Vector algs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        if (TlsUtils.isTLSv13(context)) {
            return new CertificateRequest(TlsUtils.EMPTY_BYTES, algs, null, null);
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, algs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        engine.verified(BcPeerSupport.checkChain(p, clientCertificate, false, engine.flagsOut));
    }

    @Override
    public TlsSession getSessionToResume(byte[] sessionID) {
        return p.sessionCache ? tls.sessions().forId(sessionID) : null;
    }

    /** A session id only when TLS_SESSION_CACHE is on (AbstractTlsServer issues none). */
    @Override
    public byte[] getNewSessionID() {
        if (!p.sessionCache) {
            return null;
        }
        byte[] id = new byte[32];
        tls.entropy().fill(id, 0, id.length);
        return id;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (p.sessionCache && !TlsUtils.isTLSv13(context)) {
            tls.sessions().store(0, context.getSession(), true);
        }
        engine.handshakeDone(context);
        key = null;
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        engine.alertRaised(description, message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        engine.alertReceived(level, description);
    }

    private boolean matches(byte[] identity) {
        if (identity == null || identity.length != p.pskIdLen) {
            return false;
        }
        for (int i = 0; i < identity.length; i++) {
            if (identity[i] != p.pskId[i]) {
                return false;
            }
        }
        return true;
    }
}
