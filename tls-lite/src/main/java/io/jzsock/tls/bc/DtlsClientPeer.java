package io.jzsock.tls.bc;

import java.io.IOException;
import java.util.Vector;

import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.util.Strings;

/** The client side of one DTLS 1.2 handshake, configured by {@link DtlsPeerParams}. */
final class DtlsClientPeer extends AbstractTlsClient {
    private final BcTlsCrypto bc;
    private final DtlsPeerParams p;

    DtlsClientPeer(BcTlsCrypto crypto, DtlsPeerParams params) {
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
        return DtlsSuites.choose(getCrypto(), p.cipherSuites, p.psk != null, true, true);
    }

    @Override
    public TlsPSKIdentity getPSKIdentity() {
        return p.psk == null ? null : new BasicTlsPSKIdentity(p.pskId, p.psk);
    }

    /** RFC 9146 §3: an empty CID says "I send CIDs but want none in what I receive" (TLS_DTLS_CID_SUPPORTED). */
    @Override
    protected byte[] getNewConnectionID() {
        if (p.cidMode == 0) {
            return null;
        }
        return p.ownCid != null ? p.ownCid : new byte[0];
    }

    @Override
    protected Vector getSNIServerNames() {
        if (p.serverName == null) {
            return null;
        }
        Vector names = new Vector(1);
        names.addElement(new ServerName(NameType.host_name, Strings.toByteArray(p.serverName)));
        return names;
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
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsSigner.checkPeer(p, serverCertificate.getCertificate(), true);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return DtlsSigner.create(bc, context, p);
            }
        };
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
