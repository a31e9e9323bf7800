package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsConfig;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsSockets;
import java.io.ByteArrayOutputStream;
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
 * AF_INET6 TLS and DTLS sockets against OpenSSL over IPv6: jzsock at 2001:db8:6::2/64 on the TAP bridge
 * (static address, through its own DAD), the kernel's namespace at 2001:db8:6::1/64. Our TLS client against
 * {@code openssl s_server -6}, {@code openssl s_client} against our TLS server, our DTLS client against
 * {@code s_server -6 -dtls1_2} and {@code s_client -dtls1_2} against our DTLS server; every certificate check
 * is by IPv6 literal (TLS_HOSTNAME 2001:db8:6::1 on our side, {@code -verify_ip 2001:db8:6::2} on openssl's)
 * against the leaf's 16-byte iPAddress SAN, made by openssl at test time. Needs root, iproute2, /dev/net/tun
 * (KernelLab) and openssl.
 */
class OpensslIpv6InteropTest {
    private static final String KERNEL6 = "2001:db8:6::1";
    private static final String JZSOCK6 = "2001:db8:6::2";
    private static final int CERT_TAG = 2;
    private static final int CA_TAG = 3;

    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;
    private static Path dir;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        boolean ok;
        try {
            ok = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "openssl is not installed");
        dir = Files.createTempDirectory("jzsock-openssl-ipv6");
        Files.writeString(dir.resolve("leaf.ext"), "subjectAltName=DNS:jzsock.test,IP:" + KERNEL6 + ",IP:" + JZSOCK6
                + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/CN=jzsock IPv6 interop CA", "-days", "2");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key",
                "-out", "leaf.csr", "-subj", "/CN=jzsock.test");
        openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext");
        lab = new KernelLab("openssl-ipv6");
        linux = lab.addKernel(1, 1500, "jzssl6");
        linux.ns.exec("sysctl", "-w", "net.ipv6.conf." + linux.ifname + ".disable_ipv6=0").ignoreFailure();
        linux.ns.exec("ip", "-6", "addr", "add", KERNEL6 + "/64", "dev", linux.ifname, "nodad").check();
        stack = lab.startJzsock(KernelLab.roomyConfig(), 23,
                InterfaceConfig.ipv4("eth0", KernelLab.JZSOCK, 24, null).withIpv6(JZSOCK6, 64));
        z = stack.zsock();
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        add(creds, CERT_TAG, TlsCredentials.SERVER_CERTIFICATE, Files.readAllBytes(dir.resolve("leaf.pem")));
        add(creds, CERT_TAG, TlsCredentials.PRIVATE_KEY, Files.readAllBytes(dir.resolve("leaf.key")));
        add(creds, CA_TAG, TlsCredentials.CA_CERTIFICATE, Files.readAllBytes(dir.resolve("ca.pem")));
        TlsSockets.install(stack, creds, TlsConfig.defaults(), TlsSockets.NO_WALL_CLOCK);
        awaitOurAddress(10_000);
    }

    @AfterAll
    static void down() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        KernelLab.closeAndCheckCapture(lab);
    }

    /** Our static address out of DAD (RFC 4862 §5.4), so the kernel's neighbour solicitations are answered. */
    private static void awaitOurAddress(long ms) throws InterruptedException {
        byte[] a = new byte[16];
        byte[] want = new byte[16];
        assertEquals(1, z.inet_pton(Zsock.AF_INET6, JZSOCK6, want));
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            for (int n = 0; stack.ipv6Address(2, n, a) >= 0; n++) {
                if (stack.ipv6Address(2, n, a) == Ipv6InterfaceState.PREFERRED && java.util.Arrays.equals(a, want)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(JZSOCK6 + " never became preferred");
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

    /** A client socket of ours that verifies its server by the IPv6 literal. */
    private static int client(int type, int proto) {
        int fd = z.socket(Zsock.AF_INET6, type, proto);
        assertTrue(fd >= 0, "socket(AF_INET6) " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {CA_TAG}, 1));
        byte[] host = KERNEL6.getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, host, 0, host.length));
        z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 10000);
        return fd;
    }

    private static int verifyResult(int fd) {
        int[] v = new int[1];
        z.getsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_CERT_VERIFY_RESULT, v);
        return v[0];
    }

    @Test
    void ourTlsClientVerifiesOpensslServerByItsIpv6Literal() throws Exception {
        OpensslProcess server = new OpensslProcess(linux.ns, dir, processes,
                "s_server", "-6", "-accept", "4443", "-www", "-tls1_3", "-cert", "leaf.pem",
                "-key", "leaf.key");
        try {
            server.await("ACCEPT", 10000);
            int c = client(Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_3);
            long t0 = System.nanoTime();
            int r = z.connect(c, SockAddr.parse(KERNEL6, 4443));
            assertEquals(0, r, "connect " + r + ", verify flags " + verifyResult(c) + "; openssl said:\n" + server.output());
            System.out.printf("jzsock TLS 1.3 client -> openssl s_server -6: handshake %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            assertEquals(0, verifyResult(c));
            byte[] get = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(get.length, z.send(c, get, 0, get.length, 0));
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = z.recv(c, b, 0, b.length, 0)) > 0) {
                page.write(b, 0, n);
            }
            String text = page.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.0 200") && text.contains("TLSv1.3"), text);
            z.close(c);
        } finally {
            server.stop();
        }
    }

    @Test
    void opensslClientVerifiesOurTlsServerByItsIpv6Literal() throws Exception {
        int l = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_2);
        assertEquals(0, z.setsockopt(l, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {CERT_TAG}, 1));
        assertEquals(0, z.bind(l, SockAddr.parse(JZSOCK6, 4444)));
        assertEquals(0, z.listen(l, 1));
        OpensslProcess client = new OpensslProcess(linux.ns, dir, processes,
                "s_client", "-connect", "[" + JZSOCK6 + "]:4444", "-tls1_2", "-quiet", "-CAfile",
                "ca.pem", "-verify_return_error", "-verify_ip", JZSOCK6);
        try {
            SockAddr peer = new SockAddr();
            int fd = z.accept(l, peer);
            assertTrue(fd >= 0, "accept " + fd + "; openssl said:\n" + client.output());
            assertEquals(SockAddr.parse(KERNEL6, peer.port()), peer);
            client.send("hello over IPv6\n");
            byte[] b = new byte[256];
            z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 10000);
            int n = z.recv(fd, b, 0, b.length, 0);
            assertTrue(n > 0, "recv " + n + "; openssl said:\n" + client.output());
            assertEquals("hello over IPv6\n", new String(b, 0, n, StandardCharsets.US_ASCII));
            byte[] reply = "hello from jzsock\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(reply.length, z.send(fd, reply, 0, reply.length, 0));
            client.await("hello from jzsock", 10000);
            z.close(fd);
        } finally {
            client.stop();
            z.close(l);
        }
    }

    @Test
    void ourDtlsClientVerifiesOpensslServerByItsIpv6Literal() throws Exception {
        OpensslProcess server = new OpensslProcess(linux.ns, dir, processes,
                "s_server", "-6", "-dtls1_2", "-accept", "4445", "-cert", "leaf.pem", "-key",
                "leaf.key", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
        try {
            server.await("ACCEPT", 10000);
            int c = client(Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
            int r = z.connect(c, SockAddr.parse(KERNEL6, 4445));
            assertEquals(0, r, "connect " + r + ", verify flags " + verifyResult(c) + "; openssl said:\n" + server.output());
            assertEquals(0, verifyResult(c));
            byte[] line = "hello from jzsock\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(line.length, z.send(c, line, 0, line.length, 0));
            server.await("hello from jzsock", 10000);
            server.send("hello from openssl\n");
            byte[] in = new byte[256];
            int n = z.recv(c, in, 0, in.length, 0);
            assertTrue(n > 0, "recv " + n);
            assertEquals("hello from openssl\n", new String(in, 0, n, StandardCharsets.US_ASCII));
            z.close(c);
        } finally {
            server.stop();
        }
    }

    @Test
    void opensslDtlsClientVerifiesOurDtlsServerByItsIpv6Literal() throws Exception {
        int srv = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertTrue(srv >= 0, "socket " + srv);
        assertEquals(0, z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_ROLE, Zsock.TLS_DTLS_ROLE_SERVER));
        assertEquals(0, z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {CERT_TAG}, 1));
        assertEquals(0, z.bind(srv, SockAddr.parse(JZSOCK6, 5686)));
        z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 15000);
        DtlsOneShotServer server = new DtlsOneShotServer(z, srv, "jzsock-dtls6-server");
        OpensslProcess client = new OpensslProcess(linux.ns, dir, processes,
                "s_client", "-dtls1_2", "-connect", "[" + JZSOCK6 + "]:5686", "-CAfile", "ca.pem",
                "-verify_return_error", "-verify_ip", JZSOCK6, "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
        try {
            client.send("hello from openssl\n");
            int got = server.await(20000);
            assertTrue(got > 0, "recvfrom " + got + "; openssl said:\n" + client.output());
            assertEquals("hello from openssl\n", server.text());
            assertEquals(SockAddr.parse(KERNEL6, server.from().port()), server.from(), "the peer as a sockaddr_in6");
            client.await("hello from jzsock", 10000);
            int[] v = new int[1];
            assertEquals(0, z.getsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
            assertEquals(0xC02B, v[0]);
        } finally {
            client.stop();
            z.close(srv);
        }
    }
}
