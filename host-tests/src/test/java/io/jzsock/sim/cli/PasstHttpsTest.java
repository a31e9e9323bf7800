package io.jzsock.sim.cli;

import io.jzsock.sim.interop.PasstLab;
import io.jzsock.sim.tap.NetNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated Nucleo's HTTPS page through {@code run}'s gateway, reached by implementations we did not
 * write: curl (OpenSSL underneath) and {@code openssl s_client}, both trusting only the certificate the
 * board exported next to its flash file, over passt's localhost:https forward to the board's port 443.
 * The board is the STM32 driver on the register-level simulator, so the whole device path is in it.
 */
class PasstHttpsTest {
    @TempDir
    Path dir;
    private PasstLab lab;
    private PasstSession session;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void up() throws Exception {
        PasstLab.require();
        lab = new PasstLab("passt-https");
        session = PasstSession.open(new PasstSession.Options(0, 0, dir.resolve("board.pcap"), dir.resolve("passt.pcap"),
                lab.launcher(), "passt", PasstSession.DHCP_MILLIS, dir.resolve("board.flash")), new PrintStream(log, true));
    }

    @AfterEach
    void down() throws Exception {
        if (session != null) {
            session.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private int httpsPort() {
        String url = session.urls().get(1);
        assertTrue(url.startsWith("https://localhost:"), url);
        return Integer.parseInt(url.substring("https://localhost:".length(), url.length() - 1));
    }

    private Path exportedCertificate() {
        Path crt = dir.resolve("jzsock-board-https.crt");
        assertTrue(Files.exists(crt), "run exports the board's certificate: " + log);
        return crt;
    }

    @Test
    void curlVerifiesTheBoardsCertificateAndGetsTheStatusPage() throws Exception {
        int port = httpsPort();
        NetNamespace.Result r = lab.host().exec("curl", "-sS", "--max-time", "30", "--cacert",
                exportedCertificate().toString(), "--resolve", "localhost:" + port + ":127.0.0.1",
                "-w", "\n%{http_code} %{ssl_verify_result}", "https://localhost:" + port + "/");
        assertEquals(0, r.exitCode, r.output + r.errors);
        assertTrue(r.output.startsWith("jzsock status\n"), r.output);
        assertTrue(r.output.endsWith("\n200 0"), "HTTP 200, certificate verified: " + r.output);
        assertTrue(session.app().httpsRequests() >= 1);
    }

    @Test
    void opensslClientVerifiesTheBoardOverTls12AndTls13() throws Exception {
        int port = httpsPort();
        String crt = exportedCertificate().toString();
        for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
            NetNamespace.Result r = lab.host().exec("openssl", "s_client", version, "-connect", "127.0.0.1:" + port,
                    "-servername", "localhost", "-CAfile", crt, "-verify_return_error", "-verify_hostname", "localhost",
                    "-brief");
            String all = r.output + r.errors;
            assertEquals(0, r.exitCode, version + ": " + all);
            assertTrue(all.contains("Verification: OK"), version + ": " + all);
            assertTrue(all.contains("Protocol version: " + (version.equals("-tls1_2") ? "TLSv1.2" : "TLSv1.3")),
                    version + ": " + all);
        }
    }
}
