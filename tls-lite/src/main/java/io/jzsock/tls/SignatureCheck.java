package io.jzsock.tls;

import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;

/**
 * Checks a certificate's signature with its issuer's public key, with Bouncy Castle's lightweight
 * verifiers (no JCA provider): PKCS#1 v1.5 RSA and ECDSA, the families {@link SignatureProfile} names.
 */
final class SignatureCheck {
    private static final DigestAlgorithmIdentifierFinder DIGESTS = new DefaultDigestAlgorithmIdentifierFinder();

    private SignatureCheck() {
    }

    /**
     * True when {@code issuer}'s key verifies {@code child}'s signature. False for a bad signature, a
     * signature of another family than the key (RSA on an EC key), an unsupported algorithm, or a key
     * or signature that BC cannot decode: a certificate from the network is never trusted by accident
     * of an exception.
     */
    static boolean signedBy(X509CertificateHolder child, X509CertificateHolder issuer) {
        int family = SignatureProfile.family(child.getSignatureAlgorithm());
        if (family == 0 || family != SignatureProfile.keyFamily(issuer.getSubjectPublicKeyInfo())) {
            return false;
        }
        BcContentVerifierProviderBuilder verifiers = family == SignatureProfile.RSA
                ? new BcRSAContentVerifierProviderBuilder(DIGESTS)
                : new BcECContentVerifierProviderBuilder(DIGESTS);
        try {
            return child.isSignatureValid(verifiers.build(issuer));
        } catch (OperatorCreationException e) {
            return false;
        } catch (CertException e) {
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
