package io.jzsock.tls;

import static io.jzsock.net.ZsockConstants.*;
import static io.jzsock.tls.TestPki.cert;
import static io.jzsock.tls.TestPki.rsa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.tls.TestPki.Cert;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad-certificate matrix of {@link PeerVerifierTest}, through sockets: a jzsock TLS server presents each bad
 * chain, a jzsock client that trusts the root and expects the name connects (TLS 1.2 and 1.3), and connect is
 * -ECONNABORTED with the mbedTLS flags in TLS_CERT_VERIFY_RESULT (and the server's accept fails on the client's
 * alert). The stack's wall clock is the PKI's instant, so validity is checked.
 */
class TlsStreamBadCertificateTest {
    private static final String HOST = "server.example.com";
    private static final int ROOT_TAG = 1;
    private static final int[] PROTOS = {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3};

    private static NetStack stack;
    private static Zsock z;
    private static TlsCredentials creds;
    private static Cert root;
    private static Cert intermediate;
    private static Cert leaf;
    private static int nextTag = 10;
    private static int nextPort = 6400;

    @BeforeAll
    static void up() {
        NetConfig nc = NetConfig.defaults();
        nc.maxSockets = 16;
        nc.maxFds = 24;
        nc.maxTcpConnections = 16;
        stack = NetStack.start(nc);
        z = stack.zsock();
        CredentialConfig cc = CredentialConfig.defaults();
        cc.maxCredentials = 32;
        cc.maxTotalBytes = 65536;
        creds = new TlsCredentials(new RamCredentialStore(cc), cc);
        root = cert("Root").keys(rsa(0)).ca().build();
        intermediate = cert("Intermediate").keys(rsa(1)).issuer(root).ca().build();
        leaf = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).eku(KeyPurposeId.id_kp_serverAuth).build();
        assertEquals(0, creds.add(ROOT_TAG, TlsCredentials.CA_CERTIFICATE, root.der(), 0, root.der().length));
        TlsConfig cfg = TlsConfig.defaults();
        cfg.maxStreamSockets = 6;
        TlsSockets.install(stack, creds, cfg, () -> TestPki.NOW);
    }

    @AfterAll
    static void down() {
        stack.stop();
    }

    /** The server's tag for this chain (leaf first) and the leaf's key. */
    private static int serve(Cert... chain) {
        int tag = nextTag++;
        byte[] bundle = TestPki.bundle(chain);
        byte[] key = chain[0].keys().getPrivate().getEncoded();
        assertEquals(0, creds.add(tag, TlsCredentials.SERVER_CERTIFICATE, bundle, 0, bundle.length));
        assertEquals(0, creds.add(tag, TlsCredentials.PRIVATE_KEY, key, 0, key.length));
        return tag;
    }

    /** For each protocol: connect's result, its SO_ERROR, TLS_CERT_VERIFY_RESULT, and the server's accept. */
    private static void assertConnect(int expectedFlags, String hostname, int serverTag) throws Exception {
        for (int proto : PROTOS) {
            int port = nextPort++;
            int l = z.socket(AF_INET, SOCK_STREAM, proto);
            assertEquals(0, z.setsockopt(l, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {serverTag}, 1));
            assertEquals(0, z.bind(l, SockAddr.parse("127.0.0.1", port)));
            assertEquals(0, z.listen(l, 2));
            CompletableFuture<Integer> acc = TlsLab.async(() -> z.accept(l, null));
            int c = z.socket(AF_INET, SOCK_STREAM, proto);
            assertEquals(0, z.setsockopt(c, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {ROOT_TAG}, 1));
            assertEquals(0, z.setsockopt(c, SOL_TLS, TLS_HOSTNAME, hostname.getBytes(), 0, hostname.length()));
            int r = z.connect(c, SockAddr.parse("127.0.0.1", port));
            int[] flags = {-2};
            assertEquals(0, z.getsockopt(c, SOL_TLS, TLS_CERT_VERIFY_RESULT, flags));
            int a = acc.get(10, TimeUnit.SECONDS);
            String what = "proto " + proto + ": " + PeerVerifier.reason(flags[0]);
            if (expectedFlags == 0) {
                assertEquals(0, r, what);
                assertTrue(a >= 0, "accept " + a);
                z.close(a);
            } else {
                assertEquals(-Errno.ECONNABORTED, r, what);
                int[] so = new int[1];
                assertEquals(0, z.getsockopt(c, SOL_SOCKET, SO_ERROR, so));
                assertEquals(Errno.ECONNABORTED, so[0], "SO_ERROR, " + what);
                assertEquals(-Errno.ECONNABORTED, a, "the server's accept saw the client's alert, " + what);
            }
            assertEquals(expectedFlags, flags[0], what);
            z.close(c);
            z.close(l);
        }
    }

    private static Date at(String instant) {
        return Date.from(Instant.parse(instant));
    }

    @Test
    void theGoodChainConnectsWithNoFlags() throws Exception {
        assertConnect(0, HOST, serve(leaf, intermediate));
    }

    @Test
    void anExpiredLeafIsBadcertExpired() throws Exception {
        Cert old = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2025-01-01T00:00:00Z"), at("2026-05-31T23:59:59Z")).build();
        assertConnect(PeerVerifier.BADCERT_EXPIRED, HOST, serve(old, intermediate));
    }

    @Test
    void aNotYetValidLeafIsBadcertFuture() throws Exception {
        Cert early = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2026-06-01T12:00:01Z"), at("2027-01-01T00:00:00Z")).build();
        assertConnect(PeerVerifier.BADCERT_FUTURE, HOST, serve(early, intermediate));
    }

    @Test
    void aWrongHostnameIsBadcertCnMismatch() throws Exception {
        assertConnect(PeerVerifier.BADCERT_CN_MISMATCH, "other.example.com", serve(leaf, intermediate));
    }

    @Test
    void anUntrustedCaIsBadcertNotTrusted() throws Exception {
        Cert strangerRoot = cert("Root").keys(rsa(3)).ca().build();
        Cert strangerInt = cert("Intermediate").keys(rsa(1)).issuer(strangerRoot).ca().build();
        Cert strangerLeaf = cert(HOST).keys(rsa(2)).issuer(strangerInt).dns(HOST).build();
        assertConnect(PeerVerifier.BADCERT_NOT_TRUSTED, HOST, serve(strangerLeaf, strangerInt, strangerRoot));
    }

    @Test
    void aSelfSignedLeafIsBadcertNotTrusted() throws Exception {
        assertConnect(PeerVerifier.BADCERT_NOT_TRUSTED, HOST, serve(cert(HOST).keys(rsa(2)).dns(HOST).build()));
    }

    @Test
    void aBadSignatureOnTheLeafIsBadcertNotTrusted() throws Exception {
        Cert forged = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).badSignature().build();
        assertConnect(PeerVerifier.BADCERT_NOT_TRUSTED, HOST, serve(forged, intermediate));
    }

    @Test
    void aWrongKeyUsageIsBadcertKeyUsage() throws Exception {
        Cert encipherOnly = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).keyUsage(KeyUsage.keyEncipherment).build();
        assertConnect(PeerVerifier.BADCERT_KEY_USAGE, HOST, serve(encipherOnly, intermediate));
    }

    @Test
    void aTruncatedChainIsBadcertNotTrusted() throws Exception {
        assertConnect(PeerVerifier.BADCERT_NOT_TRUSTED, HOST, serve(leaf));
    }

    @Test
    void aCaFalseIntermediateIsBadcertNotTrusted() throws Exception {
        Cert notCa = cert("Intermediate").keys(rsa(1)).issuer(root).notCa().build();
        Cert under = cert(HOST).keys(rsa(2)).issuer(notCa).dns(HOST).build();
        assertConnect(PeerVerifier.BADCERT_NOT_TRUSTED, HOST, serve(under, notCa));
    }
}
