package io.jzsock.tls;

import static io.jzsock.net.ZsockConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS_PEER_VERIFY, TLS_HOSTNAME, TLS_CERT_VERIFY_RESULT, client certificates, non-blocking connect, max fragment length. */
class TlsStreamVerifyTest {
    private TlsLab lab;
    private static int nextPort = 6000;

    @BeforeEach
    void up() throws Exception {
        lab = new TlsLab();
    }

    @AfterEach
    void down() {
        lab.close();
    }

    private static synchronized int port() {
        return nextPort++;
    }

    /** Connects a client with (verify, hostname or null for "not set", tags) to a server with (serverVerify, serverTags). */
    private int[] attempt(int proto, int verify, String hostname, boolean nullHostname, int[] clientTags,
            int serverVerify, int... serverTags) throws Exception {
        int port = port();
        int l = lab.listener(proto, port, serverTags);
        if (serverVerify >= 0) {
            assertEquals(0, lab.z.setsockopt(l, SOL_TLS, TLS_PEER_VERIFY, serverVerify));
        }
        CompletableFuture<Integer> acc = TlsLab.async(() -> lab.z.accept(l, null));
        int c = lab.client(proto, verify, clientTags);
        if (hostname != null) {
            assertEquals(0, lab.z.setsockopt(c, SOL_TLS, TLS_HOSTNAME, hostname.getBytes(), 0, hostname.length()));
        } else if (nullHostname) {
            assertEquals(0, lab.z.setsockopt(c, SOL_TLS, TLS_HOSTNAME, null, 0, 0));
        }
        int r = lab.z.connect(c, SockAddr.parse("127.0.0.1", port));
        int a = acc.get(10, TimeUnit.SECONDS);
        int[] flags = new int[1];
        lab.z.getsockopt(c, SOL_TLS, TLS_CERT_VERIFY_RESULT, flags);
        int[] sflags = new int[1];
        if (a >= 0) {
            lab.z.getsockopt(a, SOL_TLS, TLS_CERT_VERIFY_RESULT, sflags);
        }
        return new int[] {r, a, flags[0], sflags[0]};
    }

    @Test
    void clientVerifiesTheServerChainAndHostnameByDefault() throws Exception {
        int[] r = attempt(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_REQUIRED, "localhost", false, new int[] {TlsLab.CA}, -1, TlsLab.SERVER_EC);
        assertEquals(0, r[0]);
        assertEquals(0, r[2], "TLS_CERT_VERIFY_RESULT");
    }

    @Test
    void aWrongHostnameIsEconnabortedWithTheCnMismatchFlag() throws Exception {
        int[] r = attempt(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_REQUIRED, "other.example", false, new int[] {TlsLab.CA}, -1, TlsLab.SERVER_RSA);
        assertEquals(-Errno.ECONNABORTED, r[0]);
        assertEquals(PeerVerifier.BADCERT_CN_MISMATCH, r[2]);
        assertTrue(r[1] < 0, "the server saw the client's bad_certificate alert");
    }

    @Test
    void noHostnameSetFailsAClientThatVerifiesAndANullHostnameDisablesTheNameCheck() throws Exception {
        int[] r = attempt(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_REQUIRED, null, false, new int[] {TlsLab.CA}, -1, TlsLab.SERVER_EC);
        assertEquals(-Errno.ECONNABORTED, r[0]);
        assertEquals(PeerVerifier.BADCERT_CN_MISMATCH, r[2]);
        r = attempt(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_REQUIRED, null, true, new int[] {TlsLab.CA}, -1, TlsLab.SERVER_EC);
        assertEquals(0, r[0]);
    }

    @Test
    void anUntrustedServerFailsRequiredAndPassesOptionalWithTheFlagsRecorded() throws Exception {
        int[] r = attempt(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_REQUIRED, "localhost", false, new int[] {TlsLab.PSK}, -1, TlsLab.SERVER_EC);
        assertEquals(-Errno.ECONNABORTED, r[0]);
        assertEquals(PeerVerifier.BADCERT_NOT_TRUSTED, r[2] & PeerVerifier.BADCERT_NOT_TRUSTED);
        r = attempt(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_OPTIONAL, "localhost", false, new int[] {TlsLab.CA, TlsLab.CLIENT}, -1, TlsLab.SERVER_EC);
        assertEquals(0, r[0]);
        assertEquals(0, r[2]);
    }

    @Test
    void aServerRequiringClientCertificatesRejectsAClientWithoutOneAndAcceptsOneWithIt() throws Exception {
        for (int proto : new int[] {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3}) {
            int[] r = attempt(proto, TLS_PEER_VERIFY_REQUIRED, "localhost", false, new int[] {TlsLab.CA},
                    TLS_PEER_VERIFY_REQUIRED, TlsLab.SERVER_EC, TlsLab.CA);
            assertEquals(-Errno.ECONNABORTED, r[1], "server, proto " + proto);
            r = attempt(proto, TLS_PEER_VERIFY_REQUIRED, "localhost", false, new int[] {TlsLab.CA, TlsLab.CLIENT},
                    TLS_PEER_VERIFY_REQUIRED, TlsLab.SERVER_EC, TlsLab.CA);
            assertEquals(0, r[0], "client, proto " + proto);
            assertTrue(r[1] >= 0, "server, proto " + proto);
            assertEquals(0, r[3], "server's TLS_CERT_VERIFY_RESULT");
        }
    }

    @Test
    void nonBlockingConnectIsEinprogressAndPollSeesTheHandshakeEnd() throws Exception {
        int port = port();
        int l = lab.listener(IPPROTO_TLS_1_3, port, TlsLab.SERVER_EC);
        assertEquals(0, lab.z.fcntl(l, F_SETFL, O_NONBLOCK));
        int c = lab.client(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_REQUIRED, TlsLab.CA);
        lab.z.setsockopt(c, SOL_TLS, TLS_HOSTNAME, "localhost".getBytes(), 0, 9);
        assertEquals(0, lab.z.fcntl(c, F_SETFL, O_NONBLOCK));
        assertEquals(-Errno.EINPROGRESS, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
        assertEquals(-Errno.EALREADY, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
        PollFd[] set = {new PollFd(), new PollFd()};
        set[0].fd = l;
        set[0].events = POLLIN;
        set[1].fd = c;
        set[1].events = POLLOUT;
        int s = -1;
        long end = System.currentTimeMillis() + 5000;
        boolean connected = false;
        while ((s < 0 || !connected) && System.currentTimeMillis() < end) {
            assertTrue(lab.z.poll(set, 2, 1000) >= 0);
            if (s < 0 && (set[0].revents & POLLIN) != 0) {
                s = lab.z.accept(l, null);
                assertTrue(s >= 0, "accept " + s);
                set[0].fd = s;
            }
            connected |= (set[1].revents & POLLOUT) != 0;
        }
        assertTrue(connected && s >= 0);
        byte[] m = "ping".getBytes();
        assertEquals(4, lab.z.send(c, m, 0, 4, 0));
        set[0].events = POLLIN;
        assertEquals(1, lab.z.poll(set, 1, 2000));
        assertEquals(4, lab.z.recv(s, new byte[8], 0, 8, 0));
        assertEquals(-Errno.EISCONN, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
    }

    @Test
    void maxFragmentLengthIsAnOptionAndTheHandshakeAgreesOnIt() throws Exception {
        int port = port();
        int l = lab.listener(IPPROTO_TLS_1_2, port, TlsLab.SERVER_EC);
        CompletableFuture<Integer> acc = TlsLab.async(() -> {
            int fd = lab.z.accept(l, null);
            byte[] b = new byte[8000];
            int got = 0;
            while (got < 6000) {
                int n = lab.z.recv(fd, b, 0, b.length, 0);
                if (n <= 0) {
                    return n;
                }
                got += n;
            }
            return got;
        });
        int c = lab.client(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        assertEquals(-Errno.EINVAL, lab.z.setsockopt(c, SOL_TLS, TlsOptions.TLS_MAX_FRAGMENT_LENGTH, 5));
        assertEquals(0, lab.z.setsockopt(c, SOL_TLS, TlsOptions.TLS_MAX_FRAGMENT_LENGTH, TlsOptions.MFL_2048));
        int[] v = new int[1];
        assertEquals(0, lab.z.getsockopt(c, SOL_TLS, TlsOptions.TLS_MAX_FRAGMENT_LENGTH, v));
        assertEquals(TlsOptions.MFL_2048, v[0]);
        assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
        byte[] big = new byte[6000];
        assertEquals(6000, lab.z.send(c, big, 0, big.length, 0));
        assertEquals(6000, acc.get(5, TimeUnit.SECONDS));
    }
}
