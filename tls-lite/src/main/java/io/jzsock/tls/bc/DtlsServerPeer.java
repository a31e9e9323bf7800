package io.jzsock.tls.bc;

import java.io.IOException;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.util.Arrays;

/** The server side of one DTLS 1.2 handshake, configured by {@link DtlsPeerParams}. */
final class DtlsServerPeer extends DefaultTlsServer {
    private final BcTlsCrypto bc;
    private final DtlsPeerParams p;

    DtlsServerPeer(BcTlsCrypto crypto, DtlsPeerParams params) {
        super(crypto);
        this.bc = crypto;
        this.p = params;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsSuites.choose(getCrypto(), p.cipherSuites, p.psk != null, DtlsSigner.hasEcKey(p),
                DtlsSigner.hasRsaKey(p));
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        int kx = context.getSecurityParametersHandshake().getKeyExchangeAlgorithm();
        if (kx == KeyExchangeAlgorithm.PSK || kx == KeyExchangeAlgorithm.ECDHE_PSK
                || kx == KeyExchangeAlgorithm.DHE_PSK) {
            return null;
        }
        return super.getCredentials();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return DtlsSigner.create(bc, context, p);
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return DtlsSigner.create(bc, context, p);
    }

    @Override
    public TlsPSKIdentityManager getPSKIdentityManager() {
        if (p.psk == null) {
            return null;
        }
        return new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return null;
            }

            @Override
            public byte[] getPSK(byte[] identity) {
                return Arrays.constantTimeAreEqual(identity, p.pskId) ? p.psk : null;
            }
        };
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        if (p.verifyLevel == 0) {
            return null;
        }
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsSigner.checkPeer(p, clientCertificate, true);
    }

    /** RFC 9146 §3: called only when the client offered the extension. */
    @Override
    protected byte[] getNewConnectionID() {
        if (p.cidMode == 0) {
            return null;
        }
        return p.ownCid != null ? p.ownCid : new byte[0];
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return p.handshakeMillis;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return p.resendMillis;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        SecurityParameters sp = context.getSecurityParametersConnection();
        p.suiteUsed = sp.getCipherSuite();
        p.cidLocal = sp.getConnectionIDLocal();
        p.cidPeer = sp.getConnectionIDPeer();
    }
}
