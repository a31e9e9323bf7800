package io.jzsock.tls;

import static io.jzsock.tls.TestPki.cert;
import static io.jzsock.tls.TestPki.p256;
import static io.jzsock.tls.TestPki.rsa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.tls.TestPki.Cert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second opinion on the matrix: {@code openssl verify -purpose sslserver} at the same instant, with
 * the same anchor, intermediates and name, must accept exactly what PeerVerifier accepts. Where the two
 * are meant to differ, the case says why and asserts the difference. Skipped without openssl unless
 * {@code JZSOCK_REQUIRE_OPENSSL=1}.
 */
class OpensslVerifyCrossCheckTest {
    private static final String HOST = "server.example.com";

    @TempDir
    static Path dir;

    private static Cert root;
    private static Cert intermediate;

    @BeforeAll
    static void requireOpenssl() {
        boolean ok;
        try {
            ok = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok && "1".equals(System.getenv("JZSOCK_REQUIRE_OPENSSL"))) {
            throw new IllegalStateException("JZSOCK_REQUIRE_OPENSSL=1 but openssl cannot be run");
        }
        Assumptions.assumeTrue(ok, "openssl is not installed");
    }

    /** (name, host, leaf, intermediates, anchor, openssl accepts although PeerVerifier does not, or the reverse). */
    static synchronized Stream<Arguments> cases() {
        if (root == null) {
            root = cert("Root").keys(rsa(0)).ca().build();
            intermediate = cert("Intermediate").keys(rsa(1)).issuer(root).ca().build();
        }
        List<Arguments> c = new ArrayList<>();
        Cert leaf = cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).eku(KeyPurposeId.id_kp_serverAuth).build();
        c.add(Arguments.of("good RSA chain", HOST, leaf, new Cert[] {intermediate}, root, false));
        Cert ecRoot = cert("EC Root").keys(p256(0)).ca().build();
        Cert ecInt = cert("EC Intermediate").keys(p256(1)).issuer(ecRoot).ca().build();
        c.add(Arguments.of("good P-256 chain", HOST, cert(HOST).keys(p256(2)).issuer(ecInt).dns(HOST).build(),
                new Cert[] {ecInt}, ecRoot, false));
        c.add(Arguments.of("RSASSA-PSS leaf", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .signature("SHA256withRSAandMGF1").build(), new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("RSASSA-PSS leaf, bad signature", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate)
                .dns(HOST).signature("SHA384withRSAandMGF1").badSignature().build(), new Cert[] {intermediate}, root,
                false));
        Cert wild = cert("wild").keys(rsa(2)).issuer(intermediate).dns("*.example.com").build();
        c.add(Arguments.of("wildcard one label", "a.example.com", wild, new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("wildcard two labels", "a.b.example.com", wild, new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("wildcard bare domain", "example.com", wild, new Cert[] {intermediate}, root, false));
        Cert ip = cert("ip").keys(rsa(2)).issuer(intermediate).ip("192.0.2.7").build();
        c.add(Arguments.of("IP SAN", "192.0.2.7", ip, new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("CN only", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).build(),
                new Cert[] {intermediate}, root, false));
        // OpenSSL falls back to the CN when no SAN is a dNSName (RFC 6125 §6.4.4 allows it); mbedTLS and
        // PeerVerifier do not once a subjectAltName extension is there at all.
        c.add(Arguments.of("CN with an email-only SAN", HOST,
                cert(HOST).keys(rsa(2)).issuer(intermediate).email("ops@example.com").build(),
                new Cert[] {intermediate}, root, true));
        c.add(Arguments.of("expired", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")).build(),
                new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("not yet valid", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .validity(at("2026-07-01T00:00:00Z"), at("2027-01-01T00:00:00Z")).build(),
                new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("wrong hostname", "other.example.com", leaf, new Cert[] {intermediate}, root, false));
        Cert strangerRoot = cert("Stranger").keys(rsa(3)).ca().build();
        c.add(Arguments.of("untrusted CA", HOST, cert(HOST).keys(rsa(2)).issuer(strangerRoot).dns(HOST).build(),
                new Cert[] {strangerRoot}, root, false));
        c.add(Arguments.of("self-signed leaf", HOST, cert(HOST).keys(rsa(2)).dns(HOST).build(), new Cert[0], root,
                false));
        c.add(Arguments.of("bad signature", HOST,
                cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST).badSignature().build(),
                new Cert[] {intermediate}, root, false));
        // OpenSSL's sslserver purpose takes keyEncipherment alone (RSA key transport); PeerVerifier asks
        // for digitalSignature unless told the suite is key transport, as mbedTLS does per suite.
        c.add(Arguments.of("keyEncipherment only", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .keyUsage(KeyUsage.keyEncipherment).build(), new Cert[] {intermediate}, root, true));
        c.add(Arguments.of("keyCertSign only", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .keyUsage(KeyUsage.keyCertSign).build(), new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("clientAuth EKU", HOST, cert(HOST).keys(rsa(2)).issuer(intermediate).dns(HOST)
                .eku(KeyPurposeId.id_kp_clientAuth).build(), new Cert[] {intermediate}, root, false));
        c.add(Arguments.of("truncated chain", HOST, leaf, new Cert[0], root, false));
        c.add(Arguments.of("extra root sent", HOST, leaf, new Cert[] {intermediate, root}, root, false));
        Cert notCa = cert("Intermediate").keys(rsa(1)).issuer(root).notCa().build();
        c.add(Arguments.of("CA:false intermediate", HOST, cert(HOST).keys(rsa(2)).issuer(notCa).dns(HOST).build(),
                new Cert[] {notCa}, root, false));
        Cert noSign = cert("Intermediate").keys(rsa(1)).issuer(root).ca().keyUsage(KeyUsage.digitalSignature).build();
        c.add(Arguments.of("intermediate without keyCertSign", HOST,
                cert(HOST).keys(rsa(2)).issuer(noSign).dns(HOST).build(), new Cert[] {noSign}, root, false));
        Cert tightRoot = cert("Root").keys(rsa(0)).ca().pathLen(0).build();
        c.add(Arguments.of("pathLen 0 root with an intermediate", HOST, leaf, new Cert[] {intermediate}, tightRoot,
                false));
        Cert int1 = cert("Int 1").keys(p256(0)).issuer(root).ca().pathLen(0).build();
        Cert int2 = cert("Int 2").keys(p256(1)).issuer(int1).ca().build();
        c.add(Arguments.of("pathLen 0 intermediate above another", HOST,
                cert(HOST).keys(p256(2)).issuer(int2).dns(HOST).build(), new Cert[] {int2, int1}, root, false));
        Cert v1Root = cert("V1 Root").keys(rsa(3)).v1().build();
        Cert underV1 = cert("Intermediate").keys(rsa(1)).issuer(v1Root).ca().build();
        c.add(Arguments.of("v1 root", HOST, cert(HOST).keys(rsa(2)).issuer(underV1).dns(HOST).build(),
                new Cert[] {underV1}, v1Root, false));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void opensslAgrees(String name, String host, Cert leaf, Cert[] intermediates, Cert anchor, boolean differs)
            throws Exception {
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        creds.add(1, TlsCredentials.CA_CERTIFICATE, anchor.der(), 0, anchor.der().length);
        Cert[] peer = new Cert[intermediates.length + 1];
        peer[0] = leaf;
        System.arraycopy(intermediates, 0, peer, 1, intermediates.length);
        int flags = new PeerVerifier(creds, () -> TestPki.NOW).verify(TestPki.chain(peer), peer.length,
                new int[] {1}, 1, host, PeerVerifier.PURPOSE_SERVER);
        boolean ours = flags == 0;
        boolean theirs = opensslVerify(host, leaf, intermediates, anchor);
        assertEquals(differs ? !ours : ours, theirs, () -> name + ": PeerVerifier " + PeerVerifier.reason(flags)
                + ", openssl " + (theirs ? "OK" : "rejects") + (differs ? " (a known difference)" : ""));
    }

    private static boolean opensslVerify(String host, Cert leaf, Cert[] intermediates, Cert anchor) throws Exception {
        Path ca = pem("ca", anchor);
        Path untrusted = pem("untrusted", intermediates);
        Path leafPem = pem("leaf", leaf);
        List<String> cmd = new ArrayList<>(List.of("openssl", "verify", "-attime", Long.toString(TestPki.NOW / 1000),
                "-CAfile", ca.toString(), "-purpose", "sslserver"));
        if (intermediates.length > 0) {
            cmd.addAll(List.of("-untrusted", untrusted.toString()));
        }
        cmd.addAll(List.of(HostnameMatch.ipLiteral(host) != null ? "-verify_ip" : "-verify_hostname", host));
        cmd.add(leafPem.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl verify timed out");
        return p.exitValue() == 0 && out.contains(": OK");
    }

    private static Path pem(String name, Cert... certs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Cert c : certs) {
            b.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.der()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        Path f = Files.createTempFile(dir, name, ".pem");
        Files.writeString(f, b);
        return f;
    }

    private static Date at(String instant) {
        return Date.from(Instant.parse(instant));
    }
}
