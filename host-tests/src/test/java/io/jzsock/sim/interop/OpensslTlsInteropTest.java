package io.jzsock.sim.interop;

import static io.jzsock.net.ZsockConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsConfig;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jzsock's TLS sockets against OpenSSL in a kernel namespace over the TAP bridge: our client against
 * {@code openssl s_server}, our server against {@code openssl s_client}, TLS 1.2 and 1.3, ECDSA P-256
 * and RSA 2048 certificates and a PSK, all made by openssl at test time. Each side verifies the other's
 * chain and name (TLS_PEER_VERIFY REQUIRED, TLS_HOSTNAME; s_client -verify_return_error -verify_hostname).
 * Needs root, iproute2, /dev/net/tun and openssl; skipped without them unless JZSOCK_REQUIRE_KERNEL=1 or
 * JZSOCK_REQUIRE_OPENSSL=1.
 */
class OpensslTlsInteropTest {
    private static final int CA = 1;
    private static final int EC = 2;
    private static final int RSA = 3;
    private static final int PSK = 4;
    private static final String PSK_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String PSK_ID = "jzsock-psk";

    private static KernelLab lab;
    private static KernelLab.KernelHost kernel;
    private static NetStack stack;
    private static Zsock z;
    private static Path dir;
    private static int port = 4430;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        boolean ok;
        try {
            ok = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException e) {
            ok = false;
        }
        if (!ok && "1".equals(System.getenv("JZSOCK_REQUIRE_OPENSSL"))) {
            throw new IllegalStateException("JZSOCK_REQUIRE_OPENSSL=1 but openssl cannot be run");
        }
        Assumptions.assumeTrue(ok, "openssl is not installed");
        dir = Files.createTempDirectory("jzsock-tls-interop");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.crt", "-days", "30", "-subj", "/CN=jzsock interop CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        leaf("ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
        leaf("rsa", "-newkey", "rsa:2048");
        lab = new KernelLab("tls-openssl");
        kernel = lab.addKernel(1, 1500, "jztls");
        stack = lab.startJzsock(KernelLab.roomyConfig(), 14);
        z = stack.zsock();
        CredentialConfig cc = CredentialConfig.defaults();
        cc.maxCredentials = 12;
        cc.maxTotalBytes = 32768;
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(cc), cc);
        add(creds, CA, TlsCredentials.CA_CERTIFICATE, "ca.crt");
        add(creds, EC, TlsCredentials.SERVER_CERTIFICATE, "ec.crt");
        add(creds, EC, TlsCredentials.PRIVATE_KEY, "ec.key");
        add(creds, RSA, TlsCredentials.SERVER_CERTIFICATE, "rsa.crt");
        add(creds, RSA, TlsCredentials.PRIVATE_KEY, "rsa.key");
        byte[] psk = hex(PSK_HEX);
        assertEquals(0, creds.add(PSK, TlsCredentials.PSK, psk, 0, psk.length));
        byte[] id = PSK_ID.getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, creds.add(PSK, TlsCredentials.PSK_ID, id, 0, id.length));
        TlsConfig tc = TlsConfig.defaults();
        tc.maxStreamSockets = 8;
        TlsSockets.install(stack, creds, tc, () -> System.currentTimeMillis());
    }

    /** A leaf for the name "jzsock.test" and both lab addresses, signed by the CA; usable by either end. */
    private static void leaf(String name, String... keyArgs) throws Exception {
        List<String> req = new ArrayList<>(List.of("req", "-new", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=jzsock.test"));
        req.addAll(List.of(keyArgs));
        openssl(req.toArray(new String[0]));
        Files.writeString(dir.resolve(name + ".ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:jzsock.test,IP:198.18.0.1,IP:198.18.0.2\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "30", "-out", name + ".crt", "-extfile", name + ".ext");
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
    }

    private static void add(TlsCredentials creds, int tag, int type, String file) throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve(file));
        assertEquals(0, creds.add(tag, type, b, 0, b.length), file);
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static String versionFlag(int proto) {
        return proto == IPPROTO_TLS_1_3 ? "-tls1_3" : "-tls1_2";
    }

    /** Our client, verifying, against s_server -www: the page it serves names the protocol and the suite. */
    @ParameterizedTest(name = "client proto {0} against s_server with {1}")
    @CsvSource({"259, ec", "259, rsa", "258, ec", "258, rsa", "259, psk", "258, psk"})
    void ourClientAgainstOpensslServer(int proto, String cred) throws Exception {
        int p = port++;
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", Integer.toString(p), "-www",
                versionFlag(proto)));
        if (cred.equals("psk")) {
            cmd.addAll(List.of("-nocert", "-psk", PSK_HEX, "-psk_identity", PSK_ID));
            if (proto == IPPROTO_TLS_1_2) {
                cmd.addAll(List.of("-cipher", "PSK"));
            }
        } else {
            cmd.addAll(List.of("-cert", dir.resolve(cred + ".crt").toString(), "-key", dir.resolve(cred + ".key").toString()));
        }
        Process server = kernel.ns.spawn(cmd.toArray(new String[0]));
        try {
            waitForListener(p);
            int fd = z.socket(AF_INET, SOCK_STREAM, proto);
            int[] tags = cred.equals("psk") ? new int[] {PSK} : new int[] {CA};
            assertEquals(0, z.setsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, tags, tags.length));
            byte[] host = "jzsock.test".getBytes();
            assertEquals(0, z.setsockopt(fd, SOL_TLS, TLS_HOSTNAME, host, 0, host.length));
            long t0 = System.nanoTime();
            int r = -1;
            for (int attempt = 0; attempt < 20 && r != 0; attempt++) {
                r = z.connect(fd, SockAddr.parse(KernelLab.KERNEL, p));
                if (r == -io.jzsock.net.Errno.ECONNREFUSED) {
                    z.close(fd);
                    Thread.sleep(100);
                    fd = z.socket(AF_INET, SOCK_STREAM, proto);
                    z.setsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, tags, tags.length);
                    z.setsockopt(fd, SOL_TLS, TLS_HOSTNAME, host, 0, host.length);
                    t0 = System.nanoTime();
                } else {
                    break;
                }
            }
            assertEquals(0, r, "connect: " + io.jzsock.net.Errno.name(-r));
            System.out.printf("jzsock client -> openssl s_server, %s %s: handshake %.1f ms%n",
                    proto == IPPROTO_TLS_1_3 ? "TLS 1.3" : "TLS 1.2", cred, (System.nanoTime() - t0) / 1e6);
            byte[] get = "GET / HTTP/1.0\r\n\r\n".getBytes();
            assertEquals(get.length, z.send(fd, get, 0, get.length, 0));
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = z.recv(fd, b, 0, b.length, 0)) > 0) {
                page.write(b, 0, n);
            }
            assertTrue(n == 0 || n == -io.jzsock.net.Errno.ECONNABORTED, "recv end " + n);
            String text = page.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.0 200"), text);
            assertTrue(text.contains(proto == IPPROTO_TLS_1_3 ? "TLSv1.3" : "TLSv1.2"), text);
            int[] suite = new int[1];
            assertEquals(0, z.getsockopt(fd, SOL_TLS, TLS_CIPHERSUITE_USED, suite));
            assertTrue(suite[0] > 0);
            z.close(fd);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** s_client, verifying our chain and name, against our server: what it writes comes back. */
    @ParameterizedTest(name = "server proto {0} with {1} against s_client")
    @CsvSource({"259, ec", "259, rsa", "258, ec", "258, rsa", "259, psk", "258, psk"})
    void opensslClientAgainstOurServer(int proto, String cred) throws Exception {
        int p = port++;
        int l = z.socket(AF_INET, SOCK_STREAM, proto);
        int tag = cred.equals("ec") ? EC : cred.equals("rsa") ? RSA : PSK;
        assertEquals(0, z.setsockopt(l, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, z.bind(l, SockAddr.parse(KernelLab.JZSOCK, p)));
        assertEquals(0, z.listen(l, 2));
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", KernelLab.JZSOCK + ":" + p,
                versionFlag(proto), "-quiet"));
        if (cred.equals("psk")) {
            cmd.addAll(List.of("-psk", PSK_HEX, "-psk_identity", PSK_ID));
            if (proto == IPPROTO_TLS_1_2) {
                cmd.addAll(List.of("-cipher", "PSK"));
            }
        } else {
            cmd.addAll(List.of("-CAfile", dir.resolve("ca.crt").toString(), "-verify_return_error",
                    "-verify_hostname", "jzsock.test", "-servername", "jzsock.test"));
        }
        Process client = kernel.ns.spawn(cmd.toArray(new String[0]));
        try {
            long t0 = System.nanoTime();
            int fd = z.accept(l, null);
            String why = "";
            if (fd < 0) {
                client.getOutputStream().close();
                client.waitFor(5, TimeUnit.SECONDS);
                why = new String(client.getInputStream().readNBytes(client.getInputStream().available()));
            }
            assertTrue(fd >= 0, "accept: " + io.jzsock.net.Errno.name(-fd) + "; s_client: " + why);
            System.out.printf("openssl s_client -> jzsock server, %s %s: accept+handshake %.1f ms (includes s_client start)%n",
                    proto == IPPROTO_TLS_1_3 ? "TLS 1.3" : "TLS 1.2", cred, (System.nanoTime() - t0) / 1e6);
            OutputStream in = client.getOutputStream();
            in.write("hello from s_client\n".getBytes());
            in.flush();
            byte[] b = new byte[256];
            int n = z.recv(fd, b, 0, b.length, 0);
            assertTrue(n > 0, "recv " + n);
            String line = new String(b, 0, n, StandardCharsets.US_ASCII);
            assertEquals("hello from s_client\n", line);
            byte[] reply = ("echo: " + line).getBytes();
            assertEquals(reply.length, z.send(fd, reply, 0, reply.length, 0));
            String got = readLine(client.getInputStream(), 5000);
            assertTrue(got.contains("echo: hello from s_client"), got);
            z.close(fd);
            in.close();
            assertTrue(client.waitFor(10, TimeUnit.SECONDS), "s_client exits after close_notify");
        } finally {
            client.destroy();
            z.close(l);
        }
    }

    private static String readLine(InputStream in, long timeoutMs) throws Exception {
        StringBuilder sb = new StringBuilder();
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            while (in.available() > 0) {
                int c = in.read();
                sb.append((char) c);
                if (sb.indexOf("echo: hello from s_client") >= 0) {
                    return sb.toString();
                }
            }
            Thread.sleep(20);
        }
        return sb.toString();
    }

    private static void waitForListener(int p) throws Exception {
        for (int i = 0; i < 50; i++) {
            String out = kernel.ns.exec("ss", "-ltn").output;
            if (out.contains(":" + p + " ")) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
