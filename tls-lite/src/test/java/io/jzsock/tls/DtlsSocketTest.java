package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.PollFd;

/** DTLS 1.2 sockets jzsock to jzsock over one stack's loopback: handshakes, records, errors. */
class DtlsSocketTest {
    private DtlsHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A server that echoes every record to its sender until its socket closes. */
    private Thread echo(int fd, AtomicInteger errors) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[2048];
            SockAddr from = new SockAddr();
            while (true) {
                int n = h.z.recvfrom(fd, b, 0, b.length, 0, from);
                if (n == -Errno.EINTR || n == -Errno.EBADF) {
                    return;
                }
                if (n < 0) {
                    if (n != -Errno.EAGAIN && n != -Errno.ECONNABORTED) {
                        errors.incrementAndGet();
                    }
                    continue;
                }
                h.z.sendto(fd, b, 0, n, 0, from);
            }
        }, "dtls-echo");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void pskClientConnectsSendsAndReceivesTheEcho() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4433, DtlsHarness.PSK_TAG);
        AtomicInteger errors = new AtomicInteger();
        echo(srv, errors);
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", 4433)));
        byte[] msg = DtlsHarness.bytes("hello over DTLS");
        assertEquals(msg.length, h.z.send(c, msg, 0, msg.length, 0));
        byte[] in = new byte[64];
        int n = h.z.recv(c, in, 0, in.length, 0);
        assertEquals(msg.length, n);
        assertEquals("hello over DTLS", new String(in, 0, n, "US-ASCII"));
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
        assertTrue(v[0] > 0, "suite " + v[0]);
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_PROTOCOL, v));
        assertEquals(Zsock.IPPROTO_DTLS_1_2, v[0]);
        assertEquals(0, errors.get());
        assertEquals(0, h.z.close(c));
    }

    private int connectedPskClient(int port) {
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", port)));
        return c;
    }

    private static final int RCV_TIMEOUT = 3000;

    private int echoRoundTrip(int c, byte[] msg, byte[] in) {
        assertEquals(msg.length, h.z.send(c, msg, 0, msg.length, 0));
        h.z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RCV_TIMEOUT);
        return h.z.recv(c, in, 0, in.length, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa", "rsa"})
    void certificateSuitesVerifyTheServerChainAndHostname(String alg) throws Exception {
        h = new DtlsHarness();
        DtlsPki pki = new DtlsPki();
        int tag = alg.equals("ecdsa") ? DtlsHarness.ECDSA_TAG : DtlsHarness.RSA_TAG;
        h.addOwnCertificate(tag, pki.leaf(alg.equals("rsa"), 1));
        h.addCa(10, pki.caDer);
        int srv = h.server(4434, tag);
        echo(srv, new AtomicInteger());
        int c = h.dtls();
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {10}, 1));
        byte[] name = DtlsHarness.bytes("localhost");
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, name, 0, name.length));
        int rc = h.z.connect(c, SockAddr.parse("127.0.0.1", 4434));
        int[] vr = new int[1];
        h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CERT_VERIFY_RESULT, vr);
        assertEquals(0, rc, "TLS_PEER_VERIFY_REQUIRED by default; verify " + PeerVerifier.reason(vr[0]));
        byte[] in = new byte[64];
        assertEquals(5, echoRoundTrip(c, DtlsHarness.bytes("cert!"), in));
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
        int expected = alg.equals("ecdsa") ? 0xC02B : 0xC02F;
        assertEquals(expected, v[0], "ECDHE-" + alg + "-AES128-GCM-SHA256 is the first suite offered");
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CERT_VERIFY_RESULT, v));
        assertEquals(0, v[0]);

        int wrong = h.dtls();
        assertEquals(0, h.z.setsockopt(wrong, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {10}, 1));
        byte[] other = DtlsHarness.bytes("other.example");
        assertEquals(0, h.z.setsockopt(wrong, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, other, 0, other.length));
        assertEquals(-Errno.ECONNABORTED, h.z.connect(wrong, SockAddr.parse("127.0.0.1", 4434)));
        assertEquals(0, h.z.getsockopt(wrong, Zsock.SOL_TLS, Zsock.TLS_CERT_VERIFY_RESULT, v));
        assertEquals(PeerVerifier.BADCERT_CN_MISMATCH, v[0], PeerVerifier.reason(v[0]));
    }

    @Test
    void cipherSuiteListPicksTheSuiteAndMismatchFailsBothEnds() {
        h = new DtlsHarness();
        int srv = h.server(4435, DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_LIST, new int[] {0xC0A8, 0x00A8}, 2));
        echo(srv, new AtomicInteger());
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_LIST, new int[] {0xC0A8}, 1));
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", 4435)));
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
        assertEquals(0xC0A8, v[0], "TLS_PSK_WITH_AES_128_CCM_8");
        int c2 = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(c2, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_LIST, new int[] {0xC037}, 1));
        assertEquals(0, h.z.setsockopt(c2, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, 100));
        assertEquals(0, h.z.setsockopt(c2, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 400));
        assertEquals(-Errno.ECONNABORTED, h.z.connect(c2, SockAddr.parse("127.0.0.1", 4435)),
                "the server answers a ClientHello with no common suite with a handshake_failure alert");
    }

    @Test
    void tls03MsgTruncReturnsTheFullLengthAndDiscardsTheRest() {
        h = new DtlsHarness();
        int srv = h.server(4436, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = connectedPskClient(4436);
        byte[] msg = new byte[100];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) i;
        }
        byte[] small = new byte[10];
        assertEquals(10, echoRoundTrip(c, msg, small), "without MSG_TRUNC: what fits");
        assertEquals(9, small[9]);
        assertEquals(msg.length, h.z.send(c, msg, 0, msg.length, 0));
        assertEquals(100, h.z.recv(c, small, 0, small.length, Zsock.MSG_TRUNC), "MSG_TRUNC: the record's length");
        assertEquals(-Errno.EAGAIN, h.z.recv(c, small, 0, small.length, Zsock.MSG_DONTWAIT), "the rest was discarded");
        assertEquals(-Errno.ENOTSUP, h.z.recv(c, small, 0, small.length, Zsock.MSG_PEEK));
    }

    @Test
    void tls04SendmsgWithoutAnAssemblyBufferTakesOneIovecOnly() {
        h = new DtlsHarness();
        int srv = h.server(4437, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = connectedPskClient(4437);
        MsgHdr one = new MsgHdr(2).iov(0, DtlsHarness.bytes("single"), 0, 6);
        one.iovCount = 1;
        assertEquals(6, h.z.sendmsg(c, one, 0));
        byte[] in = new byte[64];
        h.z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RCV_TIMEOUT);
        assertEquals(6, h.z.recv(c, in, 0, in.length, 0));
        MsgHdr two = new MsgHdr(2).iov(0, DtlsHarness.bytes("ab"), 0, 2).iov(1, DtlsHarness.bytes("cd"), 0, 2);
        two.iovCount = 2;
        assertEquals(-Errno.EMSGSIZE, h.z.sendmsg(c, two, 0));
    }

    @Test
    void tls04SendmsgConcatenatesIntoTheAssemblyBufferSkippingEmptyIovecs() {
        TlsConfig cfg = TlsConfig.defaults();
        cfg.dtls.sendmsgBuffer = 8;
        h = new DtlsHarness(cfg);
        int srv = h.server(4438, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = connectedPskClient(4438);
        MsgHdr m = new MsgHdr(3).iov(0, DtlsHarness.bytes("abc"), 0, 3).iov(1, new byte[0], 0, 0)
                .iov(2, DtlsHarness.bytes("defgh"), 0, 5);
        m.iovCount = 3;
        assertEquals(8, h.z.sendmsg(c, m, 0));
        byte[] in = new byte[64];
        h.z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, RCV_TIMEOUT);
        assertEquals(8, h.z.recv(c, in, 0, in.length, 0));
        assertEquals("abcdefgh", new String(in, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        MsgHdr big = new MsgHdr(2).iov(0, DtlsHarness.bytes("abcde"), 0, 5).iov(1, DtlsHarness.bytes("fghi"), 0, 4);
        big.iovCount = 2;
        assertEquals(-Errno.EMSGSIZE, h.z.sendmsg(c, big, 0), "9 bytes exceed the 8-byte buffer");
    }

    @Test
    void aDatagramLargerThanOneRecordIsEmsgsize() {
        h = new DtlsHarness();
        int srv = h.server(4439, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = connectedPskClient(4439);
        byte[] big = new byte[1500];
        assertEquals(-Errno.EMSGSIZE, h.z.send(c, big, 0, big.length, 0));
        byte[] in = new byte[1500];
        int fits = 1400;
        assertEquals(fits, echoRoundTrip(c, java.util.Arrays.copyOf(big, fits), in));
    }

    @Test
    void tls21PollIsAlwaysWritableReadableOnlyWithDataAndHangsUpAfterThePeersClose() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4440, DtlsHarness.PSK_TAG);
        int c = h.client(DtlsHarness.PSK_TAG);
        PollFd[] p = {new PollFd(c, Zsock.POLLIN | Zsock.POLLOUT)};
        assertEquals(1, h.z.poll(p, 1, 0));
        assertEquals(Zsock.POLLOUT, p[0].revents, "unconnected DTLS: writable, nothing to read");
        Thread server = new Thread(() -> {
            byte[] b = new byte[256];
            SockAddr from = new SockAddr();
            h.z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000);
            int n = h.z.recvfrom(srv, b, 0, b.length, 0, from);
            if (n > 0) {
                h.z.sendto(srv, b, 0, n, 0, from);
            }
        });
        server.start();
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", 4440)));
        p[0].revents = 0;
        assertEquals(1, h.z.poll(p, 1, 0));
        assertEquals(Zsock.POLLOUT, p[0].revents, "connected, no data yet");
        assertEquals(4, h.z.send(c, DtlsHarness.bytes("ping"), 0, 4, 0));
        p[0].events = Zsock.POLLIN;
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(Zsock.POLLIN, p[0].revents & Zsock.POLLIN);
        byte[] in = new byte[16];
        assertEquals(4, h.z.recv(c, in, 0, in.length, Zsock.MSG_DONTWAIT));
        assertEquals(0, h.z.poll(p, 1, 50), "read: no event");
        server.join();
        assertEquals(0, h.z.close(srv), "the server's close sends close_notify to its peer");
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(Zsock.POLLIN, p[0].revents & Zsock.POLLIN, "the close_notify datagram");
        assertEquals(-Errno.EAGAIN, h.z.recv(c, in, 0, in.length, 0), "TLS-21: DTLS peer close, recv EAGAIN");
        assertEquals(1, h.z.poll(p, 1, 0));
        assertEquals(Zsock.POLLHUP, p[0].revents & (Zsock.POLLHUP | Zsock.POLLIN), "POLLHUP, no POLLIN");
        assertEquals(-Errno.EAGAIN, h.z.recv(c, in, 0, in.length, 0));
        assertEquals(-Errno.ENOTCONN, h.z.send(c, in, 0, 4, 0));
    }

    @Test
    void tls22FatalAlertGivesPollerrSoErrorAndEconnabortedOnTheClient() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4441, DtlsHarness.PSK_TAG);
        AtomicInteger errors = new AtomicInteger();
        echo(srv, errors);
        int c = connectedPskClient(4441);
        byte[] in = new byte[64];
        assertEquals(2, echoRoundTrip(c, DtlsHarness.bytes("hi"), in));
        Object serverSide = Reflect.dtlsPeerSession(h.tls, 0, 0);
        Reflect.failAssociation(serverSide, org.bouncycastle.tls.AlertDescription.internal_error);
        PollFd[] p = {new PollFd(c, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(-Errno.ECONNABORTED, h.z.recv(c, in, 0, in.length, 0));
        assertEquals(1, h.z.poll(p, 1, 0));
        assertEquals(Zsock.POLLERR, p[0].revents & Zsock.POLLERR);
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_ERROR, v));
        assertEquals(Errno.ECONNABORTED, v[0]);
        assertEquals(-Errno.ECONNABORTED, h.z.recv(c, in, 0, in.length, 0), "stays aborted");
        assertEquals(-Errno.ECONNABORTED, h.z.send(c, in, 0, 2, 0));
    }

    @Test
    void tls22AServerDropsTheAlertingPeerAndServesTheNext() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4442, DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.fcntl(srv, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        int c = h.client(DtlsHarness.PSK_TAG);
        Thread t = new Thread(() -> h.z.connect(c, SockAddr.parse("127.0.0.1", 4442)));
        t.start();
        byte[] b = new byte[256];
        SockAddr from = new SockAddr();
        long end = System.currentTimeMillis() + 5000;
        while (t.isAlive() && System.currentTimeMillis() < end) {
            PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
            if (h.z.poll(p, 1, 100) > 0) {
                assertEquals(-Errno.EAGAIN, h.z.recvfrom(srv, b, 0, b.length, 0, from), "handshake records only");
            }
        }
        t.join();
        assertEquals(1, h.tls.dtlsSessions());
        Object clientSide = Reflect.dtlsPeerSession(h.tls, 1, 0);
        Reflect.failAssociation(clientSide, org.bouncycastle.tls.AlertDescription.internal_error);
        PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(-Errno.ECONNABORTED, h.z.recvfrom(srv, b, 0, b.length, 0, from));
        assertEquals(1, h.z.poll(p, 1, 0));
        assertEquals(Zsock.POLLERR, p[0].revents & Zsock.POLLERR);
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_ERROR, v));
        assertEquals(Errno.ECONNABORTED, v[0]);
        assertEquals(-Errno.EAGAIN, h.z.recvfrom(srv, b, 0, b.length, 0, from), "the server recovers");
        assertEquals(0, h.tls.dtlsSessions());
        h.z.close(c);
        int c2 = h.client(DtlsHarness.PSK_TAG);
        Thread t2 = new Thread(() -> h.z.connect(c2, SockAddr.parse("127.0.0.1", 4442)));
        t2.start();
        end = System.currentTimeMillis() + 5000;
        while (t2.isAlive() && System.currentTimeMillis() < end) {
            if (h.z.poll(p, 1, 100) > 0) {
                h.z.recvfrom(srv, b, 0, b.length, 0, from);
            }
        }
        t2.join();
        assertEquals(1, h.tls.dtlsSessions(), "a new client gets a session");
    }

    @Test
    void tls23SecTagListWithAnUnknownTagIsEnoentAndWithAMalformedCredentialEinval() {
        h = new DtlsHarness();
        byte[] junk = {0x30, 0x03, 0x02, 0x01, 0x05};
        assertEquals(0, h.creds.add(9, TlsCredentials.SERVER_CERTIFICATE, junk, 0, junk.length));
        int fd = h.dtls();
        assertEquals(-Errno.ENOENT, h.z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {42}, 1));
        assertEquals(-Errno.EINVAL, h.z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {9}, 1));
        assertEquals(0, h.z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {DtlsHarness.PSK_TAG}, 1));
    }

    @Test
    void aHandshakeWithNoServerTimesOutAfterTheRetransmissionSchedule() {
        h = new DtlsHarness();
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, 100));
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 400));
        long t0 = System.nanoTime();
        assertEquals(-Errno.ETIMEDOUT, h.z.connect(c, SockAddr.parse("127.0.0.1", 4499)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 650 && ms < 3000, "100 + 200 + 400 ms, took " + ms);
    }

    @Test
    void closeFromAnotherThreadUnblocksRecvWithEintr() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4443, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = connectedPskClient(4443);
        AtomicInteger r = new AtomicInteger(1);
        Thread t = new Thread(() -> r.set(h.z.recv(c, new byte[16], 0, 16, 0)));
        t.start();
        Thread.sleep(100);
        assertEquals(0, h.z.close(c));
        t.join(2000);
        assertEquals(-Errno.EINTR, r.get());
    }

    @Test
    void nonBlockingRecvIsEagainThenDataThenEagain() {
        h = new DtlsHarness();
        int srv = h.server(4444, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = connectedPskClient(4444);
        byte[] in = new byte[16];
        assertEquals(-Errno.EAGAIN, h.z.recv(c, in, 0, in.length, Zsock.MSG_DONTWAIT));
        assertEquals(0, h.z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        assertEquals(-Errno.EAGAIN, h.z.recv(c, in, 0, in.length, 0));
        assertEquals(3, h.z.send(c, DtlsHarness.bytes("abc"), 0, 3, 0));
        PollFd[] p = {new PollFd(c, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(3, h.z.recv(c, in, 0, in.length, 0));
        assertEquals(-Errno.EAGAIN, h.z.recv(c, in, 0, in.length, 0));
    }

    @Test
    void dtlsProtocolWithStreamTypeIsEprototype() {
        h = new DtlsHarness();
        assertEquals(-Errno.EPROTOTYPE, h.z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_DTLS_1_2));
        assertEquals(-Errno.EPROTONOSUPPORT, h.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_0));
    }

    @Test
    void nonBlockingConnectIsEinprogressThenPolloutAndTheSocketWorks() {
        h = new DtlsHarness();
        int srv = h.server(4445, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        assertEquals(-Errno.EINPROGRESS, h.z.connect(c, SockAddr.parse("127.0.0.1", 4445)));
        int again = h.z.connect(c, SockAddr.parse("127.0.0.1", 4445));
        assertTrue(again == -Errno.EALREADY || again == -Errno.EISCONN, "second connect " + again);
        PollFd[] p = {new PollFd(c, Zsock.POLLOUT)};
        assertEquals(1, h.z.poll(p, 1, 5000));
        assertEquals(Zsock.POLLOUT, p[0].revents);
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_ERROR, v));
        assertEquals(0, v[0]);
        assertEquals(-Errno.EISCONN, h.z.connect(c, SockAddr.parse("127.0.0.1", 4445)));
        assertEquals(3, h.z.send(c, DtlsHarness.bytes("abc"), 0, 3, 0));
        p[0].events = Zsock.POLLIN;
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(3, h.z.recv(c, new byte[8], 0, 8, 0));
    }

    @Test
    void nonBlockingConnectToNobodyEndsInPollerrAndEtimedout() {
        h = new DtlsHarness();
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, 100));
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 200));
        assertEquals(0, h.z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        long t0 = System.nanoTime();
        assertEquals(-Errno.EINPROGRESS, h.z.connect(c, SockAddr.parse("127.0.0.1", 4498)));
        // a connect that ran the handshake would take the whole 100 + 200 ms schedule before returning
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 250, "connect returned before the handshake could end");
        PollFd[] p = {new PollFd(c, Zsock.POLLOUT)};
        assertEquals(0, h.z.poll(p, 1, 100), "in progress: not writable yet");
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(Zsock.POLLERR, p[0].revents & Zsock.POLLERR);
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_ERROR, v));
        assertEquals(Errno.ETIMEDOUT, v[0]);
    }

    @Test
    void handshakesSurviveLossByRetransmittingOnTheMinMaxSchedule() {
        h = new DtlsHarness();
        int srv = h.server(4446, DtlsHarness.PSK_TAG);
        h.z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, 50);
        h.z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 3200);
        echo(srv, new AtomicInteger());
        h.stack.loopback().setDropPercent(20);
        int ok = 0;
        for (int i = 0; i < 3; i++) {
            int c = h.client(DtlsHarness.PSK_TAG);
            h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, 50);
            h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 3200);
            if (h.z.connect(c, SockAddr.parse("127.0.0.1", 4446)) == 0) {
                ok++;
            }
            h.z.close(c);
        }
        h.stack.loopback().setDropPercent(0);
        assertTrue(ok >= 2, "handshakes through 20 % loss: " + ok + " of 3");
    }

    @Test
    void handshakeOnConnectOffDefersTheHandshakeToTheFirstSend() {
        h = new DtlsHarness();
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_ON_CONNECT, 0));
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", 4447)), "no server yet: connect only fixes the peer");
        int[] v = new int[1];
        assertEquals(-Errno.ENOTCONN, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
        int srv = h.server(4447, DtlsHarness.PSK_TAG);
        echo(srv, new AtomicInteger());
        byte[] in = new byte[16];
        assertEquals(4, echoRoundTrip(c, DtlsHarness.bytes("late"), in), "the first send handshakes");
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
        assertTrue(v[0] > 0);
    }

    @Test
    void aServerRequiringClientCertificatesAcceptsAVerifiedClientAndRefusesOneWithout() throws Exception {
        h = new DtlsHarness();
        DtlsPki pki = new DtlsPki();
        h.addOwnCertificate(DtlsHarness.ECDSA_TAG, pki.leaf(false, 0));
        h.addCa(DtlsHarness.ECDSA_TAG, pki.caDer);
        h.addOwnCertificate(DtlsHarness.RSA_TAG, pki.leaf(true, 0));
        h.addCa(10, pki.caDer);
        int srv = h.server(4448, DtlsHarness.ECDSA_TAG);
        assertEquals(0, h.z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_PEER_VERIFY, Zsock.TLS_PEER_VERIFY_REQUIRED));
        echo(srv, new AtomicInteger());
        byte[] name = DtlsHarness.bytes("localhost");
        int c = h.dtls();
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {DtlsHarness.RSA_TAG, 10}, 2));
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, name, 0, name.length));
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", 4448)), "an RSA client certificate the server's CA signed");
        byte[] in = new byte[16];
        assertEquals(6, echoRoundTrip(c, DtlsHarness.bytes("mutual"), in));
        int bare = h.dtls();
        assertEquals(0, h.z.setsockopt(bare, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {10}, 1));
        assertEquals(0, h.z.setsockopt(bare, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, name, 0, name.length));
        h.z.setsockopt(bare, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 2000);
        assertEquals(-Errno.ECONNABORTED, h.z.connect(bare, SockAddr.parse("127.0.0.1", 4448)), "no client certificate");
    }

    @Test
    void recvmsgScattersOneRecordAndReportsThePeerAndTruncation() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4449, DtlsHarness.PSK_TAG);
        int c = h.client(DtlsHarness.PSK_TAG);
        Thread t = new Thread(() -> {
            // The server's blocking recvmsg below runs the handshake, then gets this record.
            if (h.z.connect(c, SockAddr.parse("127.0.0.1", 4449)) == 0) {
                h.z.send(c, DtlsHarness.bytes("0123456789"), 0, 10, 0);
            }
        });
        t.start();
        MsgHdr m = new MsgHdr(2).iov(0, new byte[4], 0, 4).iov(1, new byte[3], 0, 3);
        m.iovCount = 2;
        m.name = new SockAddr();
        h.z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        assertEquals(7, h.z.recvmsg(srv, m, 0));
        t.join();
        assertEquals("0123", new String(m.iovBase[0], java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("456", new String(m.iovBase[1], java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Zsock.MSG_TRUNC, m.flags & Zsock.MSG_TRUNC);
        SockAddr mine = new SockAddr();
        assertEquals(0, h.z.getsockname(c, mine));
        assertEquals(mine.port(), m.name.port());
    }
}
