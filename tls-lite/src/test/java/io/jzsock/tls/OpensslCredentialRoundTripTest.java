package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real credentials, made at test time by {@code openssl} (RSA 2048 and ECDSA P-256, self-signed): PEM added
 * comes back as exactly the DER openssl writes for the same object, DER added comes back unchanged, and the
 * bytes are a certificate and a key the JDK accepts, the key signing what the certificate verifies. Skipped
 * without openssl unless {@code JZSOCK_REQUIRE_OPENSSL=1} (set by {@code .ci/run}, which installs it).
 */
class OpensslCredentialRoundTripTest {
    @TempDir
    static Path dir;

    private final TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));

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

    private static byte[] openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".bin");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "openssl timed out: " + cmd);
        assertEquals(0, p.exitValue(), () -> cmd + " failed: " + log());
        return Files.readAllBytes(out);
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("openssl.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A self-signed certificate and its key in {@code dir}: {@code <alg>.crt}, {@code <alg>.key} (PKCS#8 PEM). */
    private static void makeIfAbsent(String alg) throws Exception {
        if (Files.exists(dir.resolve(alg + ".crt"))) {
            return;
        }
        String[] newkey = alg.equals("rsa") ? new String[] {"-newkey", "rsa:2048"}
                : new String[] {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"};
        List<String> args = new ArrayList<>(List.of("req", "-x509"));
        args.addAll(List.of(newkey));
        args.addAll(List.of("-nodes", "-keyout", alg + ".key", "-out", alg + ".crt", "-days", "1", "-subj",
                "/CN=" + alg + ".jzsock.test"));
        openssl(args.toArray(new String[0]));
    }

    /** PKCS#8 DER: {@code pkey -outform DER} writes the traditional form (PKCS#1, SEC 1) in OpenSSL 3.0. */
    private static byte[] pkcs8Der(String alg) throws Exception {
        return openssl("pkcs8", "-topk8", "-nocrypt", "-in", alg + ".key", "-outform", "DER");
    }

    private static byte[] file(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    private byte[] added(int tag, int type, byte[] input, int flags) {
        assertEquals(0, creds.add(tag, type, input, 0, input.length, flags));
        byte[] out = new byte[creds.maxCredentialBytes()];
        int n = creds.readForTls(tag, type, out, 0, out.length);
        assertTrue(n > 0, "readForTls " + n);
        return Arrays.copyOf(out, n);
    }

    private byte[] added(int tag, int type, byte[] input) {
        byte[] viaTls = added(tag, type, input, 0);
        int[] len = {creds.maxCredentialBytes()};
        byte[] out = new byte[len[0]];
        assertEquals(0, creds.get(tag, type, out, 0, len));
        assertArrayEquals(viaTls, Arrays.copyOf(out, len[0]), "get and the TLS lookup agree");
        return viaTls;
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static void assertKeyMatches(String alg, byte[] pkcs8, X509Certificate cert) throws Exception {
        PrivateKey key = KeyFactory.getInstance(alg.equals("rsa") ? "RSA" : "EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        String sigAlg = alg.equals("rsa") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] msg = "jzsock".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(sigAlg);
        s.initSign(key);
        s.update(msg);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(sigAlg);
        v.initVerify(cert.getPublicKey());
        v.update(msg);
        assertTrue(v.verify(sig), "the stored key signs what the stored certificate verifies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void pemCertificateAndKeyComeBackAsOpensslsDer(String alg) throws Exception {
        makeIfAbsent(alg);
        byte[] certDer = added(1, TlsCredentials.SERVER_CERTIFICATE, file(alg + ".crt"));
        assertArrayEquals(openssl("x509", "-in", alg + ".crt", "-outform", "DER"), certDer);
        X509Certificate cert = certificate(certDer);
        assertEquals("CN=" + alg + ".jzsock.test", cert.getSubjectX500Principal().getName());
        cert.verify(cert.getPublicKey());

        byte[] keyDer = added(1, TlsCredentials.PRIVATE_KEY, file(alg + ".key"));
        assertArrayEquals(pkcs8Der(alg), keyDer);
        assertKeyMatches(alg, keyDer, cert);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void derCertificateAndKeyAreStoredUnchanged(String alg) throws Exception {
        makeIfAbsent(alg);
        byte[] certDer = openssl("x509", "-in", alg + ".crt", "-outform", "DER");
        byte[] keyDer = pkcs8Der(alg);
        assertArrayEquals(certDer, added(2, TlsCredentials.SERVER_CERTIFICATE, certDer));
        assertArrayEquals(keyDer, added(2, TlsCredentials.PRIVATE_KEY, keyDer));
        assertKeyMatches(alg, keyDer, certificate(certDer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void traditionalKeyFormatsDecodeToOpensslsTraditionalDer(String alg) throws Exception {
        makeIfAbsent(alg);
        boolean rsa = alg.equals("rsa");
        byte[] pem = rsa ? openssl("rsa", "-in", "rsa.key", "-traditional") : openssl("ec", "-in", "ec.key");
        String label = rsa ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
        assertTrue(new String(pem, StandardCharsets.US_ASCII).startsWith("-----BEGIN " + label + "-----"));
        byte[] der = rsa ? openssl("rsa", "-in", "rsa.key", "-traditional", "-outform", "DER")
                : openssl("ec", "-in", "ec.key", "-outform", "DER");
        assertArrayEquals(der, added(3, TlsCredentials.PRIVATE_KEY, pem));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void aNonExportableKeyIsServedToTlsOnly(String alg) throws Exception {
        makeIfAbsent(alg);
        byte[] keyDer = added(4, TlsCredentials.PRIVATE_KEY, file(alg + ".key"), TlsCredentials.FLAG_NON_EXPORTABLE);
        assertArrayEquals(pkcs8Der(alg), keyDer);
        int[] len = {4096};
        assertEquals(-Errno.EACCES, creds.get(4, TlsCredentials.PRIVATE_KEY, new byte[4096], 0, len));
    }

    @Test
    void ecparamOutputWithItsParametersBlockStoresTheKeyOnly() throws Exception {
        byte[] both = openssl("ecparam", "-name", "prime256v1", "-genkey");
        Files.write(dir.resolve("ecparam.pem"), both);
        assertArrayEquals(openssl("ec", "-in", "ecparam.pem", "-outform", "DER"), added(5, TlsCredentials.PRIVATE_KEY, both));
    }

    @Test
    void aCaBundleIsStoredAsItsDerCertificatesInOrder() throws Exception {
        makeIfAbsent("rsa");
        makeIfAbsent("ec");
        byte[] rsaText = openssl("x509", "-in", "rsa.crt", "-text");
        byte[] ec = file("ec.crt");
        byte[] bundle = new byte[rsaText.length + ec.length];
        System.arraycopy(rsaText, 0, bundle, 0, rsaText.length);
        System.arraycopy(ec, 0, bundle, rsaText.length, ec.length);
        assertTrue(new String(rsaText, StandardCharsets.US_ASCII).startsWith("Certificate:"), "text before the block");

        byte[] stored = added(6, TlsCredentials.CA_CERTIFICATE, bundle);
        byte[] rsaDer = openssl("x509", "-in", "rsa.crt", "-outform", "DER");
        byte[] ecDer = openssl("x509", "-in", "ec.crt", "-outform", "DER");
        assertEquals(2, DerChain.count(stored, 0, stored.length));
        int first = DerChain.elementLength(stored, 0, stored.length);
        assertArrayEquals(rsaDer, Arrays.copyOf(stored, first));
        assertArrayEquals(ecDer, Arrays.copyOfRange(stored, first, stored.length));
        assertEquals(2, CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(stored)).size());
    }

    @Test
    void aKeyFileAddedAsACertificateIsRefused() throws Exception {
        makeIfAbsent("ec");
        byte[] key = file("ec.key");
        assertEquals(-Errno.EINVAL, creds.add(7, TlsCredentials.CA_CERTIFICATE, key, 0, key.length));
        byte[] cert = file("ec.crt");
        assertEquals(-Errno.EINVAL, creds.add(7, TlsCredentials.PRIVATE_KEY, cert, 0, cert.length));
        assertEquals(0, creds.count());
    }
}
