package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AF_INET6 TLS and DTLS sockets jzsock to jzsock over [::1]: the inner TCP/UDP sockets are IPv6 ones,
 * accept and recvfrom report sockaddr_in6 peers, and TLS_HOSTNAME holding an IPv6 literal is matched
 * byte for byte against the leaf's 16-byte iPAddress SAN (::1; the lab's leaves carry 127.0.0.1 too),
 * never sent as SNI.
 */
class TlsIpv6Test {
    private static final SockAddr LOOPBACK6 = SockAddr.parse("::1", 0);
    private TlsLab lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static TlsConfig config() {
        TlsConfig c = TlsConfig.defaults();
        c.maxStreamSockets = 10;
        c.dtls.maxSockets = 4;
        return c;
    }

    private static SockAddr at(int port) {
        return new SockAddr().set(LOOPBACK6).setPort(port);
    }

    private void hostname(int fd, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, lab.z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, b, 0, b.length));
    }

    private int verifyResult(int fd) {
        int[] v = new int[1];
        assertEquals(0, lab.z.getsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_CERT_VERIFY_RESULT, v));
        return v[0];
    }

    @ParameterizedTest(name = "proto {0}")
    @ValueSource(ints = {Zsock.IPPROTO_TLS_1_2, Zsock.IPPROTO_TLS_1_3})
    void tlsStreamOverIpv6MatchesTheIpv6LiteralAgainstTheSanIpAddress(int proto) throws Exception {
        lab = new TlsLab(config());
        Zsock z = lab.z;
        int port = 4600 + proto;
        int l = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, proto);
        assertTrue(l >= 0, "socket(AF_INET6, SOCK_STREAM, TLS): " + l);
        assertEquals(0, z.setsockopt(l, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {TlsLab.SERVER_EC}, 1));
        assertEquals(0, z.bind(l, at(port)));
        assertEquals(0, z.listen(l, 2));
        SockAddr peer = new SockAddr();
        CompletableFuture<Integer> acc = TlsLab.async(() -> z.accept(l, peer));

        int c = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, proto);
        assertEquals(0, z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {TlsLab.CA}, 1));
        hostname(c, "0:0::1");
        assertEquals(0, z.connect(c, at(port)), "verify " + PeerVerifier.reason(verifyResult(c)));
        assertEquals(0, verifyResult(c));
        int s = TlsLab.check(acc.get(10, TimeUnit.SECONDS), "accept");
        assertEquals(Zsock.AF_INET6, peer.family());
        SockAddr mine = new SockAddr();
        assertEquals(0, z.getsockname(c, mine));
        assertEquals(mine, peer, "accept reports the client's sockaddr_in6");

        byte[] msg = "over ::1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(msg.length, z.send(c, msg, 0, msg.length, 0));
        byte[] in = new byte[64];
        assertEquals(msg.length, z.recv(s, in, 0, in.length, 0));
        assertEquals(msg.length, z.send(s, in, 0, msg.length, 0));
        assertEquals(msg.length, z.recv(c, in, 0, in.length, 0));
        assertEquals("over ::1", new String(in, 0, msg.length, StandardCharsets.US_ASCII));
        z.close(c);
        z.close(s);

        CompletableFuture<Integer> acc2 = TlsLab.async(() -> z.accept(l, null));
        int wrong = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, proto);
        assertEquals(0, z.setsockopt(wrong, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {TlsLab.CA}, 1));
        hostname(wrong, "::2");
        assertEquals(-Errno.ECONNABORTED, z.connect(wrong, at(port)));
        assertEquals(PeerVerifier.BADCERT_CN_MISMATCH, verifyResult(wrong), PeerVerifier.reason(verifyResult(wrong)));
        z.close(wrong);
        acc2.get(10, TimeUnit.SECONDS);
        z.close(l);
    }

    @Test
    void dtlsOverIpv6ReportsSockaddrIn6PeersAndMatchesTheIpv6Literal() throws Exception {
        lab = new TlsLab(config());
        Zsock z = lab.z;
        int srv = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertTrue(srv >= 0, "socket(AF_INET6, SOCK_DGRAM, DTLS): " + srv);
        assertEquals(0, z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_ROLE, Zsock.TLS_DTLS_ROLE_SERVER));
        assertEquals(0, z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {TlsLab.SERVER_EC}, 1));
        assertEquals(0, z.bind(srv, at(4700)));
        SockAddr seen = new SockAddr();
        Thread echo = new Thread(() -> {
            byte[] b = new byte[512];
            SockAddr from = new SockAddr();
            int n;
            while ((n = z.recvfrom(srv, b, 0, b.length, 0, from)) != -Errno.EINTR && n != -Errno.EBADF) {
                if (n >= 0) {
                    synchronized (seen) {
                        seen.set(from);
                    }
                    z.sendto(srv, b, 0, n, 0, from);
                }
            }
        }, "dtls6-echo");
        echo.setDaemon(true);
        echo.start();

        int c = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertEquals(0, z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {TlsLab.CA}, 1));
        hostname(c, "::1");
        assertEquals(0, z.connect(c, at(4700)), "verify " + PeerVerifier.reason(verifyResult(c)));
        assertEquals(0, verifyResult(c));
        byte[] msg = "dtls over ::1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(msg.length, z.send(c, msg, 0, msg.length, 0));
        z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        byte[] in = new byte[64];
        assertEquals(msg.length, z.recv(c, in, 0, in.length, 0));
        assertEquals("dtls over ::1", new String(in, 0, msg.length, StandardCharsets.US_ASCII));
        SockAddr mine = new SockAddr();
        assertEquals(0, z.getsockname(c, mine));
        synchronized (seen) {
            // The port only: a connected IPv6 UDP socket's getsockname gives the unspecified address.
            assertEquals(at(mine.port()), seen, "recvfrom reports the client's sockaddr_in6, sendto answers it");
        }
        SockAddr server = new SockAddr();
        assertEquals(0, z.getpeername(c, server));
        assertEquals(at(4700), server);

        int wrong = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertEquals(0, z.setsockopt(wrong, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {TlsLab.CA}, 1));
        hostname(wrong, "::2");
        assertEquals(-Errno.ECONNABORTED, z.connect(wrong, at(4700)));
        assertEquals(PeerVerifier.BADCERT_CN_MISMATCH, verifyResult(wrong), PeerVerifier.reason(verifyResult(wrong)));
        z.close(wrong);
        z.close(c);
        z.close(srv);
    }
}
