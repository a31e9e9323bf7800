package io.jzsock.tls.bc;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;

/**
 * The client side of a TLS socket: versions and suites from the socket, SNI from TLS_HOSTNAME, ALPN,
 * max_fragment_length, a PSK (TLS 1.2 PSK suites, TLS 1.3 external PSK, RFC 8446 §4.2.11) when the
 * sec tags hold one, the server's chain through the verifier, a client certificate when asked and
 * the tags hold one, and TLS 1.2 session resumption by id from the cache.
 */
final class BcClient extends AbstractTlsClient {
    private final BcTls tls;
    private final HandshakeParams p;
    private final BcEngine engine;
    /** The own private key, parsed for this handshake; dropped when it completes (a secret, and 2 KB for RSA). */
    private AsymmetricKeyParameter key;

    BcClient(BcTls tls, HandshakeParams p, BcEngine engine) {
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

    @Override
    public TlsPSKIdentity getPSKIdentity() {
        return p.pskLen > 0 ? new BasicTlsPSKIdentity(copy(p.pskId, p.pskIdLen), copy(p.psk, p.pskLen)) : null;
    }

    @Override
    public Vector getExternalPSKs() {
        if (p.pskLen == 0 || !p.allowTls13) {
            return null;
        }
        Vector v = new Vector();
        v.addElement(new BasicTlsPSKExternal(copy(p.pskId, p.pskIdLen), getCrypto().createSecret(copy(p.psk, p.pskLen)),
                BcPeerSupport.tls13Prf()));
        return v;
    }

    @Override
    protected Vector getProtocolNames() {
        return BcPeerSupport.protocolNames(p);
    }

    @Override
    protected Vector getSNIServerNames() {
        if (p.sniName == null) {
            return null;
        }
        Vector v = new Vector();
        v.addElement(new ServerName(NameType.host_name, p.sniName.getBytes()));
        return v;
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = super.getClientExtensions();
        if (p.maxFragment != 0) {
            TlsExtensionsUtils.addMaxFragmentLengthExtension(ext, (short) p.maxFragment);
        }
        return ext;
    }

    @Override
    public TlsSession getSessionToResume() {
        return p.sessionCache ? tls.sessions().forPeer(p.peerKey) : null;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (p.sessionCache && !TlsUtils.isTLSv13(context)) {
            tls.sessions().store(p.peerKey, context.getSession(), false);
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

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                engine.verified(BcPeerSupport.checkChain(p, serverCertificate.getCertificate(), true, engine.flagsOut));
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return BcPeerSupport.signer(context, tls, p, key, request.getSupportedSignatureAlgorithms(),
                        request.getCertificateRequestContext());
            }
        };
    }

    static byte[] copy(byte[] b, int len) {
        byte[] c = new byte[len];
        System.arraycopy(b, 0, c, 0, len);
        return c;
    }
}
