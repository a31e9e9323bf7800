package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsConfig;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DTLS 1.2 between jzsock (198.18.0.2, on the TAP bridge) and OpenSSL in the kernel's namespace
 * (198.18.0.1): our client against {@code openssl s_server -dtls1_2}, {@code openssl s_client -dtls1_2}
 * against our server, each with a PSK suite and an ECDHE-ECDSA suite whose P-256 certificates openssl
 * makes at test time (the client verifies chain and hostname). Both directions carry a line of
 * application data. Needs root, iproute2, /dev/net/tun (KernelLab) and openssl; skipped without them
 * unless JZSOCK_REQUIRE_KERNEL=1 or JZSOCK_REQUIRE_OPENSSL=1.
 */
class OpensslDtlsInteropTest {
    private static final int PSK_TAG = 1;
    private static final int CERT_TAG = 2;
    private static final int CA_TAG = 3;
    private static final String PSK_HEX = "30313233343536373839616263646566";
    private static final String PSK_ID = "jzsock-dtls";

    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;
    private static Path dir;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        requireOpenssl();
        dir = Files.createTempDirectory("jzsock-dtls-openssl");
        makePki();
        lab = new KernelLab("openssl-dtls");
        linux = lab.addKernel(1, 1500, "jzdtls");
        stack = lab.startJzsock(KernelLab.roomyConfig(), 21);
        z = stack.zsock();
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        add(creds, PSK_TAG, TlsCredentials.PSK, hex(PSK_HEX));
        add(creds, PSK_TAG, TlsCredentials.PSK_ID, PSK_ID.getBytes(StandardCharsets.US_ASCII));
        add(creds, CERT_TAG, TlsCredentials.SERVER_CERTIFICATE, Files.readAllBytes(dir.resolve("leaf.pem")));
        add(creds, CERT_TAG, TlsCredentials.PRIVATE_KEY, Files.readAllBytes(dir.resolve("leaf.key")));
        add(creds, CA_TAG, TlsCredentials.CA_CERTIFICATE, Files.readAllBytes(dir.resolve("ca.pem")));
        TlsSockets.install(stack, creds, TlsConfig.defaults(), TlsSockets.NO_WALL_CLOCK);
    }

    @AfterAll
    static void down() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        KernelLab.closeAndCheckCapture(lab);
    }

    private static void requireOpenssl() {
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

    /** A P-256 CA and a leaf for localhost (serverAuth and clientAuth) signed by it, PEM, made by openssl. */
    private static void makePki() throws Exception {
        Files.writeString(dir.resolve("leaf.ext"),
                "subjectAltName=DNS:localhost,IP:198.18.0.1,IP:198.18.0.2\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/CN=jzsock DTLS interop CA", "-days", "2");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key",
                "-out", "leaf.csr", "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext");
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
    }

    private static void add(TlsCredentials creds, int tag, int type, byte[] b) {
        assertEquals(0, creds.add(tag, type, b, 0, b.length));
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private int client(int tag) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertTrue(fd >= 0, "socket " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, tag == PSK_TAG ? new int[] {PSK_TAG}
                : new int[] {CA_TAG}, 1));
        byte[] host = "localhost".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, host, 0, host.length));
        z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 10000);
        return fd;
    }

    private void jzsockClientAgainst(OpensslProcess server, int tag, int port, int expectedSuite) throws Exception {
        try {
            server.await("ACCEPT", 10000);
            int c = client(tag);
            long t0 = System.nanoTime();
            assertEquals(0, z.connect(c, SockAddr.parse(KernelLab.KERNEL, port)), "handshake; openssl said:\n" + server.output());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int[] v = new int[1];
            assertEquals(0, z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
            assertEquals(expectedSuite, v[0]);
            byte[] line = "hello from jzsock\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(line.length, z.send(c, line, 0, line.length, 0));
            server.await("hello from jzsock", 10000);
            server.send("hello from openssl\n");
            byte[] in = new byte[256];
            int n = z.recv(c, in, 0, in.length, 0);
            assertTrue(n > 0, "recv " + n);
            assertEquals("hello from openssl\n", new String(in, 0, n, StandardCharsets.US_ASCII));
            System.out.println("jzsock DTLS client -> openssl s_server, suite 0x" + Integer.toHexString(v[0])
                    + ", handshake " + ms + " ms");
            assertEquals(0, z.close(c));
        } finally {
            server.stop();
        }
    }

    @Test
    void jzsockClientAgainstOpensslServerWithPsk() throws Exception {
        jzsockClientAgainst(new OpensslProcess(linux.ns, dir, processes,
                "s_server", "-dtls1_2", "-accept", "4433", "-nocert", "-psk", PSK_HEX,
                "-psk_identity", PSK_ID, "-cipher", "PSK-AES128-GCM-SHA256"), PSK_TAG, 4433, 0x00A8);
    }

    @Test
    void jzsockClientVerifiesAnOpensslServerWithAnEcdsaCertificate() throws Exception {
        jzsockClientAgainst(new OpensslProcess(linux.ns, dir, processes,
                "s_server", "-dtls1_2", "-accept", "4434", "-cert", "leaf.pem", "-key", "leaf.key",
                "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), CERT_TAG, 4434, 0xC02B);
    }

    private void opensslClientAgainstJzsock(int tag, int port, int expectedSuite, String... clientArgs) throws Exception {
        int srv = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertTrue(srv >= 0);
        assertEquals(0, z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_ROLE, Zsock.TLS_DTLS_ROLE_SERVER));
        assertEquals(0, z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, z.bind(srv, SockAddr.parse(KernelLab.JZSOCK, port)));
        z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 15000);
        DtlsOneShotServer server = new DtlsOneShotServer(z, srv, "jzsock-dtls-server");
        List<String> args = new ArrayList<>(List.of("s_client", "-dtls1_2", "-connect", KernelLab.JZSOCK + ":" + port));
        args.addAll(List.of(clientArgs));
        OpensslProcess client = new OpensslProcess(linux.ns, dir, processes, args.toArray(new String[0]));
        try {
            client.send("hello from openssl\n");
            int got = server.await(20000);
            assertTrue(got > 0, "recvfrom " + got + "; openssl said:\n" + client.output());
            assertEquals("hello from openssl\n", server.text());
            assertEquals(KernelLab.KERNEL, server.from().toString().substring(0, server.from().toString().indexOf(':')));
            client.await("hello from jzsock", 10000);
            int[] v = new int[1];
            assertEquals(0, z.getsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
            assertEquals(expectedSuite, v[0]);
            System.out.println("openssl s_client -> jzsock DTLS server, suite 0x" + Integer.toHexString(v[0]));
        } finally {
            client.stop();
            z.close(srv);
        }
    }

    @Test
    void opensslClientAgainstJzsockServerWithPsk() throws Exception {
        opensslClientAgainstJzsock(PSK_TAG, 5684, 0x00A8, "-psk", PSK_HEX, "-psk_identity", PSK_ID, "-cipher",
                "PSK-AES128-GCM-SHA256");
    }

    @Test
    void opensslClientVerifiesTheJzsockServersEcdsaCertificate() throws Exception {
        opensslClientAgainstJzsock(CERT_TAG, 5685, 0xC02B, "-CAfile", "ca.pem", "-verify_return_error",
                "-verify_hostname", "localhost", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
    }
}
