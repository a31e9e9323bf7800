package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.KeyPair;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** mbedTLS's default profile: key sizes and curves, read without BigInteger. */
class SignatureProfileTest {
    private static SubjectPublicKeyInfo spki(KeyPair k) {
        return SubjectPublicKeyInfo.getInstance(k.getPublic().getEncoded());
    }

    /** A key of exactly this modulus; no key generation (odd sizes are slow or impossible). */
    private static SubjectPublicKeyInfo rsaKey(BigInteger modulus) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, BigInteger.valueOf(65537)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rsaModulusBitsAreExact() {
        assertEquals(2048, SignatureProfile.rsaModulusBits(spki(TestPki.rsa(0))));
        assertEquals(1024, SignatureProfile.rsaModulusBits(spki(TestPki.rsaOfBits(1024))));
        SubjectPublicKeyInfo odd = rsaKey(BigInteger.ONE.shiftLeft(2046).add(BigInteger.ONE));
        assertEquals(2047, SignatureProfile.rsaModulusBits(odd));
        assertEquals(PeerVerifier.BADCERT_BAD_KEY, SignatureProfile.keyFlags(odd));
        assertEquals(2048, SignatureProfile.rsaModulusBits(rsaKey(BigInteger.ONE.shiftLeft(2047))));
        assertEquals(0, SignatureProfile.keyFlags(spki(TestPki.rsa(0))));
    }

    @Test
    void curvesOfTheProfile() {
        assertEquals(0, SignatureProfile.keyFlags(spki(TestPki.p256(0))));
        assertEquals(0, SignatureProfile.keyFlags(spki(TestPki.ec("secp384r1"))));
        assertEquals(0, SignatureProfile.keyFlags(spki(TestPki.ec("secp521r1"))));
        assertEquals(0, SignatureProfile.keyFlags(spki(TestPki.ec("brainpoolP256r1"))));
        assertEquals(PeerVerifier.BADCERT_BAD_KEY, SignatureProfile.keyFlags(spki(TestPki.ec("secp256k1"))));
        assertEquals(PeerVerifier.BADCERT_BAD_KEY, SignatureProfile.keyFlags(spki(TestPki.ec("secp224r1"))));
        assertEquals(PeerVerifier.BADCERT_BAD_PK, SignatureProfile.keyFlags(spki(TestPki.ed25519())));
    }
}
