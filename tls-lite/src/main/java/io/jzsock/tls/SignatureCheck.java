package io.jzsock.tls;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;

/**
 * Checks a certificate's signature with its issuer's public key, with Bouncy Castle's lightweight
 * verifiers (no JCA provider): RSA (PKCS#1 v1.5 and PSS) and ECDSA, the families {@link SignatureProfile} names.
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
        try {
            if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(child.getSignatureAlgorithm().getAlgorithm())) {
                return pssSignedBy(child, issuer);
            }
            BcContentVerifierProviderBuilder verifiers = family == SignatureProfile.EC
                    ? new BcECContentVerifierProviderBuilder(DIGESTS)
                    : new BcRSAContentVerifierProviderBuilder(DIGESTS);
            return child.isSignatureValid(verifiers.build(issuer));
        } catch (OperatorCreationException e) {
            return false;
        } catch (CertException e) {
            return false;
        } catch (IOException e) {
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * RSASSA-PSS, which BC 1.82's lightweight RSA builder lacks (it would check PSS as PKCS#1 v1.5): BC's
     * PSSSigner with the certificate's own parameters over the DER of its TBSCertificate, whose
     * signature field must repeat the outer algorithm (RFC 5280 §4.1.2.3), as isSignatureValid checks.
     */
    private static boolean pssSignedBy(X509CertificateHolder child, X509CertificateHolder issuer)
            throws IOException, OperatorCreationException {
        TBSCertificate tbs = child.toASN1Structure().getTBSCertificate();
        PssParameters pss = PssParameters.of(child.getSignatureAlgorithm());
        if (pss == null || !tbs.getSignature().equals(child.getSignatureAlgorithm())) {
            return false;
        }
        PSSSigner signer = new PSSSigner(new RSAEngine(), BcDefaultDigestProvider.INSTANCE.get(pss.hash),
                BcDefaultDigestProvider.INSTANCE.get(pss.mgfHash), pss.saltLength);
        signer.init(false, PublicKeyFactory.createKey(issuer.getSubjectPublicKeyInfo()));
        byte[] signed = tbs.getEncoded(ASN1Encoding.DER);
        signer.update(signed, 0, signed.length);
        return signer.verifySignature(child.getSignature());
    }
}
