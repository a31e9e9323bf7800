package io.jzsock.tls;

import static io.jzsock.tls.TestPki.cert;
import static io.jzsock.tls.TestPki.p256;
import static io.jzsock.tls.TestPki.rsa;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.tls.TestPki.Cert;
import java.util.Random;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificates from the network are hostile: seeded byte mutations of a good chain (and of its anchor)
 * never make verify throw, and never turn into "verified" unless the bytes that are signed or compared
 * were left alone. Any flag set is fine; an exception or a negative result is not, and neither is
 * PeerVerifier's last-resort catch: {@link CertificateParser} must have refused the certificate first.
 */
class PeerVerifierMutationTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa", "p256"})
    void mutatedChainsNeverThrow(String kind) {
        boolean isRsa = kind.equals("rsa");
        Cert root = cert("Root").keys(isRsa ? rsa(0) : p256(0)).ca().build();
        Cert intermediate = cert("Intermediate").keys(isRsa ? rsa(1) : p256(1)).issuer(root).ca().build();
        Cert leaf = cert("a.example").keys(isRsa ? rsa(2) : p256(2)).issuer(intermediate).dns("a.example", "*.b.example")
                .ip("192.0.2.1").eku(KeyPurposeId.id_kp_serverAuth).build();
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        PeerVerifier verifier = new PeerVerifier(creds, () -> TestPki.NOW);
        Random random = new Random(isRsa ? 14 : 15);
        int verified = 0;
        for (int round = 0; round < 1500; round++) {
            byte[][] chain = TestPki.chain(leaf, intermediate);
            byte[] anchor = root.der().clone();
            int target = random.nextInt(3);
            byte[] victim = target == 2 ? anchor : chain[target];
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                victim[random.nextInt(victim.length)] ^= (byte) (1 << random.nextInt(8));
            }
            creds.delete(1, TlsCredentials.CA_CERTIFICATE);
            creds.add(1, TlsCredentials.CA_CERTIFICATE, anchor, 0, anchor.length);
            StringBuilder detail = new StringBuilder();
            int r = verifier.verify(chain, 2, new int[] {1}, 1, round % 2 == 0 ? "a.example" : "192.0.2.1",
                    PeerVerifier.PURPOSE_SERVER, detail);
            assertTrue(r >= 0, "round " + round + ": " + r);
            assertFalse(detail.toString().contains("verification stopped"), "round " + round + ": " + detail);
            if (r == 0) {
                verified++;
            }
        }
        // A flip in the signed part or the signature is always caught; only the few bytes outside both
        // (the outer signatureAlgorithm copy, unused bits) can leave a chain that still verifies.
        assertNotEquals(1500, verified);
        assertTrue(verified < 150, "verified " + verified + " of 1500 mutated chains");
    }

    @ParameterizedTest(name = "bit {0} of every leaf byte")
    @ValueSource(ints = {0, 3, 5, 7})
    void everyLeafByteFlippedNeverThrows(int bit) {
        boolean pss = bit == 3;
        Cert root = cert("Root").keys(pss ? rsa(0) : p256(0)).ca().build();
        Cert leaf = cert("a.example").keys(p256(2)).issuer(root).dns("a.example").ip("192.0.2.1")
                .eku(KeyPurposeId.id_kp_serverAuth).signature(pss ? "SHA256withRSAandMGF1" : null).build();
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        creds.add(1, TlsCredentials.CA_CERTIFICATE, root.der(), 0, root.der().length);
        PeerVerifier verifier = new PeerVerifier(creds, () -> TestPki.NOW);
        for (int p = 0; p < leaf.der().length; p++) {
            byte[] der = leaf.der().clone();
            der[p] ^= (byte) (1 << bit);
            StringBuilder detail = new StringBuilder();
            int r = verifier.verify(new byte[][] {der}, 1, new int[] {1}, 1, "a.example", PeerVerifier.PURPOSE_SERVER,
                    detail);
            assertTrue(r >= 0, "byte " + p + ": " + r);
            assertFalse(detail.toString().contains("verification stopped"), "byte " + p + ": " + detail);
        }
    }
}
