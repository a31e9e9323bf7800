package io.jzsock.tls;

import static io.jzsock.tls.PeerVerifier.BADCERT_BAD_KEY;
import static io.jzsock.tls.PeerVerifier.BADCERT_BAD_MD;
import static io.jzsock.tls.PeerVerifier.BADCERT_BAD_PK;
import static io.jzsock.tls.PeerVerifier.BADCERT_CN_MISMATCH;
import static io.jzsock.tls.PeerVerifier.BADCERT_EXPIRED;
import static io.jzsock.tls.PeerVerifier.BADCERT_EXT_KEY_USAGE;
import static io.jzsock.tls.PeerVerifier.BADCERT_FUTURE;
import static io.jzsock.tls.PeerVerifier.BADCERT_KEY_USAGE;
import static io.jzsock.tls.PeerVerifier.BADCERT_MISSING;
import static io.jzsock.tls.PeerVerifier.BADCERT_NOT_TRUSTED;
import static io.jzsock.tls.PeerVerifier.BADCERT_OTHER;
import static io.jzsock.tls.PeerVerifier.PURPOSE_CLIENT;
import static io.jzsock.tls.PeerVerifier.PURPOSE_KEY_TRANSPORT;
import static io.jzsock.tls.PeerVerifier.PURPOSE_SERVER;
import static io.jzsock.tls.TestPki.cert;
import static io.jzsock.tls.TestPki.chain;
import static io.jzsock.tls.TestPki.p256;
import static io.jzsock.tls.TestPki.rsa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.tls.TestPki.Cert;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-certificate matrix: chains made at test time ({@link TestPki}), each verified against a
 * trust anchor in sec tag 1 at {@link TestPki#NOW}, with the exact mbedTLS flags and a readable reason
 * and detail. The usual chain is root (tag 1) → intermediate → leaf {@code server.example.com}.
 */
class PeerVerifierTest {
    private static final String HOST = "server.example.com";
    private static final int TAG = 1;
    private static final int[] TAGS = {TAG};

    private static Cert root;
    private static Cert intermediate;
    private static Cert leaf;
    private static Cert ecRoot;
    private static Cert ecIntermediate;

    private TlsCredentials creds;
    private long now = TestPki.NOW;
    private PeerVerifier verifier;
    private final StringBuilder detail = new StringBuilder();

    @BeforeAll
    static void pki() {
        root = cert("Root").keys(rsa(0)).ca().build();
        intermediate = cert("Intermediate").keys(rsa(1)).issuer(root).ca().build();
        leaf = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).eku(KeyPurposeId.id_kp_serverAuth).build();
        ecRoot = cert("EC Root").keys(p256(0)).ca().build();
        ecIntermediate = cert("EC Intermediate").keys(p256(1)).issuer(ecRoot).ca().build();
    }

    @BeforeEach
    void store() {
        creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        trust(TAG, root.der());
        verifier = new PeerVerifier(creds, () -> now);
    }

    private void trust(int tag, byte[] der) {
        assertEquals(0, creds.add(tag, TlsCredentials.CA_CERTIFICATE, der, 0, der.length));
    }

    private int verify(String host, int purpose, Cert... peer) {
        detail.setLength(0);
        return verifier.verify(chain(peer), peer.length, TAGS, TAGS.length, host, purpose, detail);
    }

    private int verify(Cert... peer) {
        return verify(HOST, PURPOSE_SERVER, peer);
    }

    /** Exact flags, the reason() text of each, and the detail naming what is wrong. */
    private void assertRejected(int expected, int actual, String detailFragment) {
        assertEquals(expected, actual, () -> "0x" + Integer.toHexString(actual) + ": " + PeerVerifier.reason(actual)
                + " [" + detail + "]");
        assertEquals(expectedReason(expected), PeerVerifier.reason(actual));
        assertTrue(detail.toString().contains(detailFragment), () -> "detail: " + detail);
    }

    private void assertVerified(int actual) {
        assertEquals(0, actual, () -> "0x" + Integer.toHexString(actual) + ": " + PeerVerifier.reason(actual)
                + " [" + detail + "]");
        assertEquals("verified", PeerVerifier.reason(actual));
        assertEquals("", detail.toString());
    }

    private static String expectedReason(int flags) {
        StringBuilder b = new StringBuilder();
        String[][] texts = {
            {"1", "the certificate validity has expired"},
            {"4", "the certificate Common Name (CN) does not match with the expected CN"},
            {"8", "the certificate is not correctly signed by the trusted CA"},
            {"64", "certificate was missing"},
            {"256", "other reason (can be used by verify callback)"},
            {"512", "the certificate validity starts in the future"},
            {"2048", "usage does not match the keyUsage extension"},
            {"4096", "usage does not match the extendedKeyUsage extension"},
            {"16384", "the certificate is signed with an unacceptable hash"},
            {"32768", "the certificate is signed with an unacceptable PK alg (eg RSA vs ECDSA)"},
            {"65536", "the certificate is signed with an unacceptable key (eg bad curve, RSA too short)"},
        };
        for (String[] t : texts) {
            if ((flags & Integer.parseInt(t[0])) != 0) {
                b.append(b.length() > 0 ? "; " : "").append(t[1]);
            }
        }
        return b.toString();
    }

    private static Date at(String instant) {
        return Date.from(Instant.parse(instant));
    }

    // ---- good chains

    @Test
    void rsa2048ChainWithAnIntermediateVerifies() {
        assertVerified(verify(leaf, intermediate));
    }

    @Test
    void p256ChainWithAnIntermediateVerifies() {
        trust(2, ecRoot.der());
        Cert ecLeaf = cert(HOST).keys(p256(2)).issuer(ecIntermediate).dns(HOST).build();
        detail.setLength(0);
        int r = verifier.verify(chain(ecLeaf, ecIntermediate), 2, new int[] {2}, 1, HOST, PURPOSE_SERVER, detail);
        assertVerified(r);
    }

    @Test
    void wildcardSanMatchesOneLabel() {
        Cert wild = cert("wild").keys(rsa(2)).issuer(intermediate).dns("*.example.com").build();
        assertVerified(verify("a.example.com", PURPOSE_SERVER, wild, intermediate));
        assertRejected(BADCERT_CN_MISMATCH, verify("a.b.example.com", PURPOSE_SERVER, wild, intermediate),
                "not a name for a.b.example.com");
        assertRejected(BADCERT_CN_MISMATCH, verify("example.com", PURPOSE_SERVER, wild, intermediate),
                "not a name for example.com");
    }

    @Test
    void ipSanMatchesIpLiteralsOnly() {
        Cert ipLeaf = cert("192.0.2.7").keys(rsa(2)).issuer(intermediate).ip("192.0.2.7", "2001:db8::1")
                .dns("192.0.2.8").build();
        assertVerified(verify("192.0.2.7", PURPOSE_SERVER, ipLeaf, intermediate));
        assertVerified(verify("2001:DB8:0::1", PURPOSE_SERVER, ipLeaf, intermediate));
        assertRejected(BADCERT_CN_MISMATCH, verify("192.0.2.8", PURPOSE_SERVER, ipLeaf, intermediate),
                "not a name for 192.0.2.8");
    }

    @Test
    void cnIsUsedOnlyWithoutSan() {
        Cert cnOnly = cert(HOST).keys(rsa(2)).issuer(intermediate).build();
        assertVerified(verify(cnOnly, intermediate));
        Cert sanWithoutDns = cert(HOST).keys(rsa(2)).issuer(intermediate).email("ops@example.com").build();
        assertRejected(BADCERT_CN_MISMATCH, verify(sanWithoutDns, intermediate), "not a name for " + HOST);
    }

    @Test
    void extraRootAndAnyOrderAfterTheLeafAreTolerated() {
        assertVerified(verify(leaf, intermediate, root));
        assertVerified(verify(leaf, root, intermediate));
    }

    @Test
    void noHostnameMeansNoNameCheck() {
        assertVerified(verify(null, PURPOSE_SERVER, leaf, intermediate));
    }

    @Test
    void leafSignedDirectlyByTheRootVerifies() {
        Cert direct = cert(HOST).keys(rsa(2)).issuer(root).dns(HOST).build();
        assertVerified(verify(direct));
    }

    @Test
    void selfSignedLeafThatIsItselfTrustedVerifies() {
        Cert self = cert(HOST).keys(p256(2)).dns(HOST).build();
        trust(TAG + 1, self.der());
        detail.setLength(0);
        assertVerified(verifier.verify(chain(self), 1, new int[] {TAG + 1}, 1, HOST, PURPOSE_SERVER, detail));
    }

    @Test
    void v1RootWithoutExtensionsIsAnAnchor() {
        Cert v1Root = cert("V1 Root").keys(rsa(3)).v1().build();
        Cert int1 = cert("Intermediate").keys(rsa(1)).issuer(v1Root).ca().build();
        Cert leaf1 = cert(HOST).keys(rsa(2)).issuer(int1).dns(HOST).build();
        trust(TAG + 1, v1Root.der());
        detail.setLength(0);
        assertVerified(verifier.verify(chain(leaf1, int1), 2, new int[] {TAG + 1}, 1, HOST, PURPOSE_SERVER, detail));
    }

    @Test
    void anchorIsFoundInABundleAndAcrossTags() {
        Cert otherRoot = cert("Other Root").keys(p256(3)).ca().build();
        creds.delete(TAG, TlsCredentials.CA_CERTIFICATE);
        trust(TAG, TestPki.bundle(otherRoot, root));
        assertVerified(verify(leaf, intermediate));
        creds.delete(TAG, TlsCredentials.CA_CERTIFICATE);
        trust(7, root.der());
        detail.setLength(0);
        assertVerified(verifier.verify(chain(leaf, intermediate), 2, new int[] {TAG, 5, 7}, 3, HOST, PURPOSE_SERVER,
                detail));
    }

    @Test
    void rolledOverRootOfTheSameNameIsChosenBySignature() {
        Cert oldRoot = cert("Root").keys(rsa(3)).ca().build();
        creds.delete(TAG, TlsCredentials.CA_CERTIFICATE);
        trust(TAG, TestPki.bundle(oldRoot, root));
        assertVerified(verify(leaf, intermediate));
    }

    // ---- validity

    @Test
    void expiredLeaf() {
        Cert old = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2025-01-01T00:00:00Z"), at("2026-05-31T23:59:59Z")).build();
        assertRejected(BADCERT_EXPIRED, verify(old, intermediate), "certificate CN=" + HOST + ",O=jzsock test: expired");
    }

    @Test
    void notYetValidLeaf() {
        Cert early = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2026-06-01T12:00:01Z"), at("2027-01-01T00:00:00Z")).build();
        assertRejected(BADCERT_FUTURE, verify(early, intermediate), "not yet valid");
    }

    @Test
    void validityBoundsAreInclusive() {
        Cert exact = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(new Date(TestPki.NOW), new Date(TestPki.NOW)).build();
        assertVerified(verify(exact, intermediate));
    }

    @Test
    void expiredIntermediate() {
        Cert oldInt = cert("Intermediate").keys(rsa(1)).issuer(root).ca()
                .validity(at("2024-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z")).build();
        assertRejected(BADCERT_EXPIRED, verify(leaf, oldInt), "certificate CN=Intermediate,O=jzsock test: expired");
    }

    @Test
    void expiredTrustAnchor() {
        Cert oldRoot = cert("Root").keys(rsa(0)).ca()
                .validity(at("2024-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z")).build();
        creds.delete(TAG, TlsCredentials.CA_CERTIFICATE);
        trust(TAG, oldRoot.der());
        assertRejected(BADCERT_EXPIRED, verify(leaf, intermediate), "trust anchor CN=Root,O=jzsock test: expired");
    }

    @Test
    void unknownWallClockSkipsValidityByDefault() {
        Cert old = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2020-01-01T00:00:00Z"), at("2021-01-01T00:00:00Z")).build();
        now = -1;
        assertVerified(verify(old, intermediate));
    }

    @Test
    void unknownWallClockFailsUnderTheRejectPolicy() {
        verifier = new PeerVerifier(creds, () -> now, PeerVerifier.UNKNOWN_TIME_REJECT);
        now = -1;
        assertRejected(BADCERT_OTHER, verify(leaf, intermediate), "the date is unknown");
        now = TestPki.NOW;
        assertVerified(verify(leaf, intermediate));
    }

    // ---- names

    @Test
    void wrongHostname() {
        assertRejected(BADCERT_CN_MISMATCH, verify("other.example.com", PURPOSE_SERVER, leaf, intermediate),
                "not a name for other.example.com");
    }

    // ---- trust

    @Test
    void untrustedCaOfTheSameNameAsTheAnchor() {
        Cert strangerRoot = cert("Root").keys(rsa(3)).ca().build();
        Cert strangerInt = cert("Intermediate").keys(rsa(1)).issuer(strangerRoot).ca().build();
        Cert strangerLeaf = cert(HOST).keys(rsa(2)).issuer(strangerInt).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(strangerLeaf, strangerInt, strangerRoot),
                "certificate CN=Root,O=jzsock test: no trusted issuer CN=Root,O=jzsock test:"
                        + " trust anchor CN=Root,O=jzsock test did not sign it");
    }

    @Test
    void selfSignedLeaf() {
        Cert self = cert(HOST).keys(rsa(2)).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(self), "no trusted issuer CN=" + HOST);
    }

    @Test
    void badSignatureOnTheLeaf() {
        Cert forged = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).badSignature().build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(forged, intermediate),
                "signature does not verify with the key of CN=Intermediate");
    }

    @Test
    void badSignatureOnTheIntermediateFindsNoTrustedIssuer() {
        Cert forged = cert("Intermediate").keys(rsa(1)).issuer(root).ca().badSignature().build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(leaf, forged),
                "no trusted issuer CN=Root,O=jzsock test: trust anchor CN=Root,O=jzsock test did not sign it");
    }

    @Test
    void badEcdsaSignature() {
        trust(2, ecRoot.der());
        Cert forged = cert(HOST).keys(p256(2)).issuer(ecIntermediate).dns(HOST).badSignature().build();
        detail.setLength(0);
        int r = verifier.verify(chain(forged, ecIntermediate), 2, new int[] {2}, 1, HOST, PURPOSE_SERVER, detail);
        assertRejected(BADCERT_NOT_TRUSTED, r, "signature does not verify");
    }

    @Test
    void truncatedChain() {
        assertRejected(BADCERT_NOT_TRUSTED, verify(leaf),
                "no trusted issuer CN=Intermediate,O=jzsock test (unknown CA or missing intermediate)");
    }

    @Test
    void caFalseIntermediate() {
        Cert notCa = cert("Intermediate").keys(rsa(1)).issuer(root).notCa().build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(notCa).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(under, notCa),
                "no trusted issuer CN=Intermediate,O=jzsock test: CN=Intermediate,O=jzsock test may not issue certificates");
    }

    @Test
    void intermediateWithoutBasicConstraints() {
        Cert bare = cert("Intermediate").keys(rsa(1)).issuer(root).keyUsage(TestPki.CA_USAGE)
                .withoutBasicConstraints().build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(bare).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(under, bare), "CN=Intermediate,O=jzsock test may not issue");
    }

    @Test
    void intermediateWithoutKeyCertSign() {
        Cert noSign = cert("Intermediate").keys(rsa(1)).issuer(root).ca().keyUsage(KeyUsage.digitalSignature)
                .build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(noSign).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(under, noSign), "CN=Intermediate,O=jzsock test may not issue");
    }

    @Test
    void pathLenZeroRootAllowsNoIntermediate() {
        Cert tightRoot = cert("Root").keys(rsa(0)).ca().pathLen(0).build();
        creds.delete(TAG, TlsCredentials.CA_CERTIFICATE);
        trust(TAG, tightRoot.der());
        assertRejected(BADCERT_NOT_TRUSTED, verify(leaf, intermediate), "path length exceeded");
        Cert direct = cert(HOST).keys(rsa(2)).issuer(tightRoot).dns(HOST).build();
        assertVerified(verify(direct));
    }

    @Test
    void pathLenOfAnIntermediateIsEnforced() {
        Cert int1 = cert("Int 1").keys(p256(0)).issuer(root).ca().pathLen(0).build();
        Cert int2 = cert("Int 2").keys(p256(1)).issuer(int1).ca().build();
        Cert under = cert(HOST).keys(p256(2)).issuer(int2).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(under, int2, int1), "path length exceeded");
        Cert int1Loose = cert("Int 1").keys(p256(0)).issuer(root).ca().pathLen(1).build();
        assertVerified(verify(under, int2, int1Loose));
    }

    @Test
    void moreThanEightIntermediates() {
        Cert[] peer = new Cert[10];
        Cert issuer = root;
        for (int i = 9; i >= 1; i--) {
            issuer = cert("Int " + i).keys(p256(i % 2)).issuer(issuer).ca().build();
            peer[i] = issuer;
        }
        peer[0] = cert(HOST).keys(p256(2)).issuer(issuer).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED | BADCERT_OTHER, verify(peer), "more than 8 intermediate certificates");
        Cert[] eight = new Cert[9];
        issuer = root;
        for (int i = 8; i >= 1; i--) {
            issuer = cert("Int " + i).keys(p256(i % 2)).issuer(issuer).ca().build();
            eight[i] = issuer;
        }
        eight[0] = cert(HOST).keys(p256(2)).issuer(issuer).dns(HOST).build();
        assertVerified(verify(eight));
    }

    // ---- usage

    @Test
    void wrongKeyUsage() {
        Cert encipherOnly = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .keyUsage(KeyUsage.keyEncipherment).build();
        assertRejected(BADCERT_KEY_USAGE, verify(encipherOnly, intermediate), "keyUsage does not allow a TLS server");
        assertVerified(verify(HOST, PURPOSE_SERVER | PURPOSE_KEY_TRANSPORT, encipherOnly, intermediate));
    }

    @Test
    void wrongExtendedKeyUsage() {
        Cert clientOnly = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .eku(KeyPurposeId.id_kp_clientAuth).build();
        assertRejected(BADCERT_EXT_KEY_USAGE, verify(clientOnly, intermediate),
                "extendedKeyUsage does not allow a TLS server");
        assertVerified(verify(HOST, PURPOSE_CLIENT, clientOnly, intermediate));
        assertRejected(BADCERT_EXT_KEY_USAGE, verify(HOST, PURPOSE_CLIENT, leaf, intermediate),
                "extendedKeyUsage does not allow a TLS client");
    }

    @Test
    void anyExtendedKeyUsageAndAbsentExtensionsAllowBoth() {
        Cert any = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .eku(KeyPurposeId.anyExtendedKeyUsage).build();
        assertVerified(verify(HOST, PURPOSE_CLIENT, any, intermediate));
        Cert none = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).keyUsage(null).build();
        assertVerified(verify(HOST, PURPOSE_CLIENT, none, intermediate));
        assertVerified(verify(HOST, PURPOSE_SERVER | PURPOSE_KEY_TRANSPORT, none, intermediate));
    }

    // ---- profile

    @Test
    void sha1SignatureIsABadHash() {
        Cert sha1 = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).signature("SHA1withRSA").build();
        assertRejected(BADCERT_BAD_MD, verify(sha1, intermediate), "signature algorithm 1.2.840.113549.1.1.5");
    }

    @Test
    void rsassaPssSignaturesVerify() {
        Cert pss = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).signature("SHA256withRSAandMGF1").build();
        assertVerified(verify(pss, intermediate));
        Cert pss512 = cert(HOST).keys(p256(2)).issuer(intermediate).dns(HOST).signature("SHA512withRSAandMGF1")
                .build();
        assertVerified(verify(pss512, intermediate));
        Cert forged = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).signature("SHA256withRSAandMGF1")
                .badSignature().build();
        assertRejected(BADCERT_NOT_TRUSTED, verify(forged, intermediate), "signature does not verify");
        Cert sha1 = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).signature("SHA1withRSAandMGF1").build();
        assertRejected(BADCERT_BAD_MD, verify(sha1, intermediate), "signature algorithm 1.2.840.113549.1.1.10");
    }

    @Test
    void rsa1024LeafIsABadKey() {
        Cert weak = cert(HOST).keys(TestPki.rsaOfBits(1024)).issuer(intermediate).dns(HOST).build();
        assertRejected(BADCERT_BAD_KEY, verify(weak, intermediate), "key outside the profile");
    }

    @Test
    void rsa1024IntermediateIsABadKey() {
        Cert weakInt = cert("Intermediate").keys(TestPki.rsaOfBits(1024)).issuer(root).ca().build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(weakInt).dns(HOST).build();
        assertRejected(BADCERT_BAD_KEY, verify(under, weakInt), "issuer key outside the profile");
    }

    @Test
    void curveOutsideTheProfileIsABadKey() {
        Cert k1 = cert(HOST).keys(TestPki.ec("secp256k1")).issuer(intermediate).dns(HOST).build();
        assertRejected(BADCERT_BAD_KEY, verify(k1, intermediate), "key outside the profile");
    }

    @Test
    void ed25519LeafKeyIsABadPkAlgorithm() {
        Cert ed = cert(HOST).keys(TestPki.ed25519()).issuer(intermediate).dns(HOST).build();
        assertRejected(BADCERT_BAD_PK, verify(ed, intermediate), "key outside the profile");
    }

    @Test
    void ed25519SignedLeafCannotBeVerified() {
        Cert edInt = cert("Ed Intermediate").keys(TestPki.ed25519()).issuer(root).ca().build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(edInt).dns(HOST).build();
        assertRejected(BADCERT_NOT_TRUSTED | BADCERT_BAD_PK | BADCERT_BAD_KEY, verify(under, edInt),
                "signature algorithm 1.3.101.112 outside the profile");
    }

    // ---- malformed input and several problems at once

    @Test
    void unsupportedCriticalExtension() {
        Cert constrained = cert("Intermediate").keys(rsa(1)).issuer(root).ca().critical(Extension.nameConstraints)
                .build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(constrained).dns(HOST).build();
        assertRejected(BADCERT_OTHER, verify(under, constrained), "unsupported critical extension 2.5.29.30");
    }

    @Test
    void everyProblemIsReported() {
        Cert stranger = cert("Stranger CA").keys(rsa(3)).ca().build();
        Cert bad = cert("bad").keys(rsa(2)).issuer(stranger).dns("bad.example.org")
                .validity(at("2024-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z"))
                .eku(KeyPurposeId.id_kp_clientAuth).build();
        assertRejected(BADCERT_EXPIRED | BADCERT_CN_MISMATCH | BADCERT_NOT_TRUSTED | BADCERT_EXT_KEY_USAGE,
                verify(bad, stranger), "no trusted issuer CN=Stranger CA");
    }

    @Test
    void emptyChainIsMissing() {
        detail.setLength(0);
        int r = verifier.verify(new byte[0][], 0, TAGS, 1, HOST, PURPOSE_SERVER, detail);
        assertRejected(BADCERT_MISSING, r, "no certificate");
    }

    @Test
    void garbageIsNotACertificate() {
        byte[] truncated = java.util.Arrays.copyOf(leaf.der(), leaf.der().length - 1);
        byte[][] peers = {leaf.der(), truncated};
        detail.setLength(0);
        assertRejected(BADCERT_NOT_TRUSTED | BADCERT_OTHER,
                verifier.verify(peers, 2, TAGS, 1, HOST, PURPOSE_SERVER, detail), "certificate 1 of the chain");
        byte[][] sequence = {{0x30, 0x03, 0x02, 0x01, 0x01}};
        detail.setLength(0);
        assertRejected(BADCERT_NOT_TRUSTED | BADCERT_OTHER,
                verifier.verify(sequence, 1, TAGS, 1, HOST, PURPOSE_SERVER, detail), "certificate 0 of the chain");
        byte[][] nothing = {null};
        detail.setLength(0);
        assertRejected(BADCERT_NOT_TRUSTED | BADCERT_OTHER,
                verifier.verify(nothing, 1, TAGS, 1, HOST, PURPOSE_SERVER, detail), "certificate 0 of the chain");
    }

    @Test
    void noTrustAnchorsTrustsNothing() {
        assertEquals(BADCERT_NOT_TRUSTED, verifier.verify(chain(leaf, intermediate), 2, null, 0, HOST, PURPOSE_SERVER));
        assertEquals(BADCERT_NOT_TRUSTED,
                verifier.verify(chain(leaf, intermediate), 2, new int[] {9}, 1, HOST, PURPOSE_SERVER));
    }

    @Test
    void badArgumentsAreEinval() {
        byte[][] c = chain(leaf, intermediate);
        assertEquals(-Errno.EINVAL, verifier.verify(null, 0, TAGS, 1, HOST, PURPOSE_SERVER));
        assertEquals(-Errno.EINVAL, verifier.verify(c, 3, TAGS, 1, HOST, PURPOSE_SERVER));
        assertEquals(-Errno.EINVAL, verifier.verify(c, -1, TAGS, 1, HOST, PURPOSE_SERVER));
        assertEquals(-Errno.EINVAL, verifier.verify(c, 2, TAGS, 2, HOST, PURPOSE_SERVER));
        assertEquals(-Errno.EINVAL, verifier.verify(c, 2, null, 1, HOST, PURPOSE_SERVER));
        assertEquals(-Errno.EINVAL, verifier.verify(c, 2, TAGS, -1, HOST, PURPOSE_SERVER));
        assertEquals(-Errno.EINVAL, verifier.verify(c, 2, TAGS, 1, HOST, 0));
        assertEquals(-Errno.EINVAL, verifier.verify(c, 2, TAGS, 1, HOST, PURPOSE_SERVER | PURPOSE_CLIENT));
    }

    @Test
    void credentialChangesAreSeenAtTheNextCall() {
        assertVerified(verify(leaf, intermediate));
        creds.delete(TAG, TlsCredentials.CA_CERTIFICATE);
        assertRejected(BADCERT_NOT_TRUSTED, verify(leaf, intermediate), "no trusted issuer CN=Root");
        trust(TAG, root.der());
        assertVerified(verify(leaf, intermediate));
    }

    @Test
    void reasonNamesUnknownBits() {
        assertEquals("the certificate validity has expired; unknown flags 0x100000",
                PeerVerifier.reason(BADCERT_EXPIRED | 0x100000));
        assertEquals("not verified: error -22", PeerVerifier.reason(-Errno.EINVAL));
    }
}
