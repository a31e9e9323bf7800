package io.jzsock.tls;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.teletrust.TeleTrusTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Which signatures and keys are acceptable: mbedTLS's {@code mbedtls_x509_crt_profile_default}
 * ({@code library/x509_crt.c}), which Zephyr's TLS sockets use. Hashes SHA-256, SHA-384, SHA-512;
 * RSA keys of at least 2048 bits; EC keys on P-256, P-384, P-521 or brainpoolP256r1/P384r1/P512r1.
 *
 * <p>Signatures this verifier can check: RSA PKCS#1 v1.5, RSASSA-PSS with MGF1 (as mbedTLS with
 * {@code MBEDTLS_X509_RSASSA_PSS_SUPPORT}; the hash of its parameters is the one judged) and ECDSA.
 * Others (EdDSA, DSA) are {@link PeerVerifier#BADCERT_BAD_PK}, and their signature is never good:
 * mbedTLS's X.509 has neither.
 */
final class SignatureProfile {
    /** {@link #family} of an RSA PKCS#1 v1.5 signature or an RSA key. */
    static final int RSA = 1;
    /** {@link #family} of an ECDSA signature or an EC key. */
    static final int EC = 2;

    private static final ASN1ObjectIdentifier[] RSA_GOOD = {
        PKCSObjectIdentifiers.sha256WithRSAEncryption,
        PKCSObjectIdentifiers.sha384WithRSAEncryption,
        PKCSObjectIdentifiers.sha512WithRSAEncryption,
    };
    private static final ASN1ObjectIdentifier[] RSA_WEAK_HASH = {
        PKCSObjectIdentifiers.md5WithRSAEncryption,
        PKCSObjectIdentifiers.sha1WithRSAEncryption,
        PKCSObjectIdentifiers.sha224WithRSAEncryption,
    };
    private static final ASN1ObjectIdentifier[] EC_GOOD = {
        X9ObjectIdentifiers.ecdsa_with_SHA256,
        X9ObjectIdentifiers.ecdsa_with_SHA384,
        X9ObjectIdentifiers.ecdsa_with_SHA512,
    };
    private static final ASN1ObjectIdentifier[] EC_WEAK_HASH = {
        X9ObjectIdentifiers.ecdsa_with_SHA1,
        X9ObjectIdentifiers.ecdsa_with_SHA224,
    };
    private static final ASN1ObjectIdentifier[] HASH_GOOD = {
        NISTObjectIdentifiers.id_sha256,
        NISTObjectIdentifiers.id_sha384,
        NISTObjectIdentifiers.id_sha512,
    };
    private static final ASN1ObjectIdentifier[] CURVES = {
        SECObjectIdentifiers.secp256r1,
        SECObjectIdentifiers.secp384r1,
        SECObjectIdentifiers.secp521r1,
        TeleTrusTObjectIdentifiers.brainpoolP256r1,
        TeleTrusTObjectIdentifiers.brainpoolP384r1,
        TeleTrusTObjectIdentifiers.brainpoolP512r1,
    };
    private static final int RSA_MIN_BITS = 2048;

    private SignatureProfile() {
    }

    /** {@link #RSA} (PKCS#1 v1.5 or PSS), {@link #EC} or 0 (unsupported) for a certificate's signatureAlgorithm. */
    static int family(AlgorithmIdentifier signature) {
        ASN1ObjectIdentifier oid = signature.getAlgorithm();
        if (in(oid, RSA_GOOD) || in(oid, RSA_WEAK_HASH) || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            return RSA;
        }
        return in(oid, EC_GOOD) || in(oid, EC_WEAK_HASH) ? EC : 0;
    }

    /** {@link #RSA}, {@link #EC} or 0 (unsupported) for a subject public key. */
    static int keyFamily(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier oid = key.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return RSA;
        }
        return X9ObjectIdentifiers.id_ecPublicKey.equals(oid) ? EC : 0;
    }

    /**
     * 0, or BADCERT_BAD_MD (a hash below SHA-256) and/or BADCERT_BAD_PK (an algorithm this verifier
     * cannot check) for the signature on a certificate, as mbedTLS's verify_chain flags the child.
     */
    static int signatureFlags(AlgorithmIdentifier signature) {
        ASN1ObjectIdentifier oid = signature.getAlgorithm();
        if (in(oid, RSA_GOOD) || in(oid, EC_GOOD)) {
            return 0;
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            PssParameters pss = PssParameters.of(signature);
            if (pss == null) {
                return PeerVerifier.BADCERT_BAD_PK;
            }
            return in(pss.hash.getAlgorithm(), HASH_GOOD) ? 0 : PeerVerifier.BADCERT_BAD_MD;
        }
        return in(oid, RSA_WEAK_HASH) || in(oid, EC_WEAK_HASH) ? PeerVerifier.BADCERT_BAD_MD
                : PeerVerifier.BADCERT_BAD_PK;
    }

    /**
     * 0, BADCERT_BAD_PK (neither RSA nor EC) or BADCERT_BAD_KEY (RSA under 2048 bits, a curve outside
     * the profile, or a key that does not parse) for a certificate's public key.
     */
    static int keyFlags(SubjectPublicKeyInfo key) {
        int family = keyFamily(key);
        if (family == 0) {
            return PeerVerifier.BADCERT_BAD_PK;
        }
        if (family == EC) {
            ASN1Encodable curve = key.getAlgorithm().getParameters();
            return curve instanceof ASN1ObjectIdentifier && in((ASN1ObjectIdentifier) curve, CURVES) ? 0
                    : PeerVerifier.BADCERT_BAD_KEY;
        }
        return rsaModulusBits(key) >= RSA_MIN_BITS ? 0 : PeerVerifier.BADCERT_BAD_KEY;
    }

    /**
     * The bit length of an RSA key's modulus (RFC 8017 A.1.1 RSAPublicKey, first INTEGER), or -1. Read
     * from the INTEGER's DER contents rather than as a BigInteger, which the device library lacks.
     */
    static int rsaModulusBits(SubjectPublicKeyInfo key) {
        byte[] der;
        try {
            ASN1Primitive modulus = ASN1Sequence.getInstance(key.parsePublicKey()).getObjectAt(0).toASN1Primitive();
            der = modulus.getEncoded();
        } catch (java.io.IOException e) {
            return -1;
        } catch (RuntimeException e) {
            return -1;
        }
        int p = DerChain.headerLength(der, 0, der.length);
        if (p < 0 || der[0] != 0x02) {
            return -1;
        }
        while (p < der.length && der[p] == 0) {
            p++;
        }
        if (p == der.length) {
            return 0;
        }
        int bits = (der.length - p) * 8;
        for (int top = der[p] & 0xff; top < 0x80; top <<= 1) {
            bits--;
        }
        return bits;
    }

    private static boolean in(ASN1ObjectIdentifier oid, ASN1ObjectIdentifier[] set) {
        for (int i = 0; i < set.length; i++) {
            if (set[i].equals(oid)) {
                return true;
            }
        }
        return false;
    }
}
