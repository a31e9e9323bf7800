package io.jzsock.sim.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Self-signed certificates and their keys made by {@code openssl} at test time in a directory: for
 * {@code alg} "rsa" (RSA 2048) or "ec" (ECDSA P-256), {@code <alg>.crt} and {@code <alg>.key} (PEM, the key
 * PKCS#8), {@code <alg>.crt.der} and {@code <alg>.key.der} (the same objects in DER). Tests that need them
 * are skipped without openssl unless {@code JZSOCK_REQUIRE_OPENSSL=1} (set by {@code .ci/run}).
 */
public final class OpensslCredentials {
    private final Path dir;

    private OpensslCredentials(Path dir) {
        this.dir = dir;
    }

    /** In {@code dir}; skips the calling test when openssl cannot run. */
    public static OpensslCredentials in(Path dir) {
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
        return new OpensslCredentials(dir);
    }

    /** Makes the four files of {@code alg} unless they exist; returns the directory. */
    public Path make(String alg) throws Exception {
        if (!Files.exists(dir.resolve(alg + ".crt"))) {
            List<String> args = new ArrayList<>(List.of("req", "-x509"));
            args.addAll(alg.equals("rsa") ? List.of("-newkey", "rsa:2048")
                    : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
            args.addAll(List.of("-nodes", "-keyout", alg + ".key", "-out", alg + ".crt", "-days", "1", "-subj",
                    "/CN=" + alg + ".jzsock.test"));
            openssl(args);
            openssl(List.of("x509", "-in", alg + ".crt", "-outform", "DER", "-out", alg + ".crt.der"));
            // PKCS#8: pkey -outform DER writes the traditional form (PKCS#1, SEC 1) in OpenSSL 3.
            openssl(List.of("pkcs8", "-topk8", "-nocrypt", "-in", alg + ".key", "-outform", "DER", "-out",
                    alg + ".key.der"));
        }
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    private void openssl(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(args);
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + Files.readString(log));
        }
    }
}
