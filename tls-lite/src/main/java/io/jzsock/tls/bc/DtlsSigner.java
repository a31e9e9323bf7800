package io.jzsock.tls.bc;

import java.io.IOException;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** This end's certificate chain and key as BC's signer credentials (ECDSA or RSA with SHA-256, TLS 1.2). */
final class DtlsSigner {
    private DtlsSigner() {
    }

    static boolean hasEcKey(DtlsPeerParams p) {
        AsymmetricKeyParameter k = p.key == null ? null : BcKeys.privateKey(p.key, 0, p.key.length);
        return k instanceof ECPrivateKeyParameters;
    }

    static boolean hasRsaKey(DtlsPeerParams p) {
        AsymmetricKeyParameter k = p.key == null ? null : BcKeys.privateKey(p.key, 0, p.key.length);
        return k != null && !(k instanceof ECPrivateKeyParameters);
    }

    /** The signer, or null when this end has no certificate and key. */
    static TlsCredentialedSigner create(BcTlsCrypto crypto, TlsContext context, DtlsPeerParams p) throws IOException {
        if (p.chain == null || p.key == null) {
            return null;
        }
        AsymmetricKeyParameter key = BcKeys.privateKey(p.key, 0, p.key.length);
        if (key == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        short sig = key instanceof ECPrivateKeyParameters ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                BcKeys.chain(crypto, p.chain, 0, p.chain.length, null), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, sig));
    }

    /** Checks a peer's chain as the verify level says; throws bad_certificate when REQUIRED fails. */
    static void checkPeer(DtlsPeerParams p, Certificate peer, boolean missingIsFailure) throws IOException {
        if (p.verifyLevel == 0) {
            return;
        }
        int n = peer == null ? 0 : peer.getLength();
        if (n == 0) {
            if (missingIsFailure && p.verifyLevel == 2) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }
            return;
        }
        byte[][] chain = new byte[n][];
        for (int i = 0; i < n; i++) {
            chain[i] = peer.getCertificateAt(i).getEncoded();
        }
        int flags = p.check == null ? -1 : p.check.verify(chain, n);
        p.verifyResult = flags;
        p.verified = true;
        if (flags != 0 && p.verifyLevel == 2) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }
}
