package io.jzsock.tls;

import static io.jzsock.net.ZsockConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream TLS-* scenarios of spec/zsock-scenarios.md, jzsock to jzsock over one stack's loopback. */
class TlsStreamScenarioTest {
    private TlsLab lab;
    private static int nextPort = 5000;

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

    private int poll(int fd, int events, int timeoutMs) {
        PollFd[] p = {new PollFd()};
        p[0].fd = fd;
        p[0].events = events;
        int r = lab.z.poll(p, 1, timeoutMs);
        return r < 0 ? r : p[0].revents;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void tls01SoTypeAndSoProtocolReportStreamAndTheTlsVersion() {
        for (int proto : new int[] {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3}) {
            int fd = lab.z.socket(AF_INET, SOCK_STREAM, proto);
            int[] v = new int[1];
            assertEquals(0, lab.z.getsockopt(fd, SOL_SOCKET, SO_TYPE, v));
            assertEquals(SOCK_STREAM, v[0]);
            assertEquals(0, lab.z.getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, v));
            assertEquals(proto, v[0]);
            lab.z.close(fd);
        }
        assertEquals(-Errno.EPROTONOSUPPORT, lab.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_0));
        assertEquals(-Errno.EPROTONOSUPPORT, lab.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_1));
        assertEquals(-Errno.EPROTOTYPE, lab.z.socket(AF_INET, SOCK_DGRAM, IPPROTO_TLS_1_2));
    }

    @Test
    void aSocketPastTheConfiguredTlsSlotsIsEnomemAsSocketsTlsAnswers() throws Exception {
        TlsConfig small = TlsConfig.defaults();
        small.maxStreamSockets = 2;
        try (TlsLab two = new TlsLab(small)) {
            assertTrue(two.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2) >= 0);
            int second = two.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_3);
            assertTrue(second >= 0);
            assertEquals(-Errno.ENOMEM, two.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2));
            assertEquals(0, two.z.close(second));
            assertTrue(two.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2) >= 0, "a closed socket's slot is free again");
        }
    }

    @Test
    void tls02WaitAllCollectsAcrossRecordsAndTimesOutWithThePartialCount() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        byte[] part = bytes(10);
        TlsLab.run(() -> {
            lab.z.send(p[1], part, 0, 10, 0);
            sleep(100);
            lab.z.send(p[1], part, 0, 10, 0);
        });
        byte[] b = new byte[20];
        assertEquals(20, lab.z.recv(p[0], b, 0, 20, MSG_WAITALL));
        assertEquals(0, lab.z.setsockopt(p[0], SOL_SOCKET, SO_RCVTIMEO, 200));
        lab.z.send(p[1], part, 0, 10, 0);
        long t0 = System.nanoTime();
        assertEquals(10, lab.z.recv(p[0], b, 0, 20, MSG_WAITALL));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 190);
    }

    @Test
    void tls05CloseFromAnotherThreadUnblocksAcceptAndRecvWithEintr() throws Exception {
        int l = lab.listener(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        CompletableFuture<Integer> acc = TlsLab.async(() -> lab.z.accept(l, null));
        sleep(100);
        lab.z.close(l);
        assertEquals(-Errno.EINTR, acc.get(5, TimeUnit.SECONDS));

        int[] p = lab.pair(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        CompletableFuture<Integer> rd = TlsLab.async(() -> lab.z.recv(p[0], new byte[10], 0, 10, 0));
        sleep(100);
        lab.z.close(p[0]);
        assertEquals(-Errno.EINTR, rd.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tls06ConnectToAClosedPortIsRefusedAndUnderTotalLossTimesOut() {
        int c = lab.client(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        assertEquals(-Errno.ECONNREFUSED, lab.z.connect(c, SockAddr.parse("127.0.0.1", 9)));
        lab.z.close(c);
        lab.stack.loopback().setDropPercent(100);
        c = lab.client(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        assertEquals(-Errno.ETIMEDOUT, lab.z.connect(c, SockAddr.parse("127.0.0.1", 9)));
        lab.stack.loopback().setDropPercent(0);
    }

    @Test
    void tls07GarbageOrACloseDuringTheHandshakeAbortsConnectAndAccept() throws Exception {
        int port = port();
        int plain = lab.z.socket(AF_INET, SOCK_STREAM, 0);
        lab.z.setsockopt(plain, SOL_SOCKET, SO_REUSEADDR, 1);
        lab.z.bind(plain, SockAddr.parse("127.0.0.1", port));
        lab.z.listen(plain, 2);
        TlsLab.run(() -> {
            int fd = lab.z.accept(plain, null);
            byte[] junk = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes();
            lab.z.send(fd, junk, 0, junk.length, 0);
            sleep(200);
            lab.z.close(fd);
            fd = lab.z.accept(plain, null);
            lab.z.recv(fd, new byte[512], 0, 512, 0);
            lab.z.close(fd);
        });
        int c = lab.client(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        assertEquals(-Errno.ECONNABORTED, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
        int[] so = new int[1];
        assertEquals(0, lab.z.getsockopt(c, SOL_SOCKET, SO_ERROR, so));
        assertEquals(Errno.ECONNABORTED, so[0]);
        lab.z.close(c);
        c = lab.client(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        assertEquals(-Errno.ECONNABORTED, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)), "peer closed in the handshake");
        lab.z.close(c);

        int tport = port();
        int l = lab.listener(IPPROTO_TLS_1_2, tport, TlsLab.SERVER_EC);
        CompletableFuture<Integer> acc = TlsLab.async(() -> lab.z.accept(l, null));
        int raw = lab.z.socket(AF_INET, SOCK_STREAM, 0);
        assertEquals(0, lab.z.connect(raw, SockAddr.parse("127.0.0.1", tport)));
        byte[] junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
        lab.z.send(raw, junk, 0, junk.length, 0);
        assertEquals(-Errno.ECONNABORTED, acc.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tls08NonBlockingAcceptIsEagainWithin100Ms() {
        int l = lab.listener(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        assertEquals(0, lab.z.fcntl(l, F_SETFL, O_NONBLOCK));
        long t0 = System.nanoTime();
        assertEquals(-Errno.EAGAIN, lab.z.accept(l, null));
        assertTrue((System.nanoTime() - t0) / 1_000_000 <= 100);
    }

    @Test
    void tls09DontWaitAndNonBlockingRecvAreEagainThenDataThenEagain() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        byte[] b = new byte[16];
        assertEquals(-Errno.EAGAIN, lab.z.recv(p[0], b, 0, 16, MSG_DONTWAIT));
        lab.z.send(p[1], bytes(5), 0, 5, 0);
        assertEquals(POLLIN, poll(p[0], POLLIN, 2000));
        assertEquals(5, lab.z.recv(p[0], b, 0, 16, MSG_DONTWAIT));
        assertEquals(-Errno.EAGAIN, lab.z.recv(p[0], b, 0, 16, MSG_DONTWAIT));
        assertEquals(0, lab.z.fcntl(p[0], F_SETFL, O_NONBLOCK));
        assertEquals(-Errno.EAGAIN, lab.z.recv(p[0], b, 0, 16, 0));
        lab.z.send(p[1], bytes(7), 0, 7, 0);
        assertEquals(POLLIN, poll(p[0], POLLIN, 2000));
        assertEquals(7, lab.z.recv(p[0], b, 0, 16, 0));
        assertEquals(-Errno.EAGAIN, lab.z.recv(p[0], b, 0, 16, 0));
    }

    @Test
    void tls10BlockingRecvWaitsForDataAndPeerCloseIsZeroRepeatedly() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        TlsLab.run(() -> {
            sleep(150);
            lab.z.send(p[1], bytes(3), 0, 3, 0);
            sleep(50);
            lab.z.close(p[1]);
        });
        byte[] b = new byte[8];
        long t0 = System.nanoTime();
        assertEquals(3, lab.z.recv(p[0], b, 0, 8, 0));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 100);
        assertEquals(0, lab.z.recv(p[0], b, 0, 8, 0));
        assertEquals(0, lab.z.recv(p[0], b, 0, 8, 0));
    }

    @Test
    void tls11And12ZeroWindowSendIsEagainUntilTheReaderDrainsAndBlockingSendCompletes() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        byte[] chunk = bytes(4096);
        long queued = 0;
        int r;
        while ((r = lab.z.send(p[0], chunk, 0, chunk.length, MSG_DONTWAIT)) > 0) {
            queued += r;
        }
        assertEquals(-Errno.EAGAIN, r);
        assertEquals(0, poll(p[0], POLLOUT, 0), "POLLOUT cleared under a zero window (TLS-21)");
        CompletableFuture<Long> reader = TlsLab.async(() -> {
            byte[] b = new byte[8192];
            long got = 0;
            int n;
            while ((n = lab.z.recv(p[1], b, 0, b.length, 0)) > 0) {
                got += n;
            }
            return got;
        });
        assertEquals(POLLOUT, poll(p[0], POLLOUT, 5000), "POLLOUT back once the reader drains");
        assertTrue(lab.z.send(p[0], chunk, 0, chunk.length, MSG_DONTWAIT) > 0);
        byte[] big = bytes(200_000);
        assertEquals(big.length, lab.z.send(p[0], big, 0, big.length, 0), "blocking send completes (TLS-12)");
        lab.z.close(p[0]);
        assertTrue(reader.get(10, TimeUnit.SECONDS) >= queued + big.length);
    }

    @Test
    void tls13AfterThePeerClosesRecvIsZeroAndSendIsEconnaborted() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        lab.z.close(p[1]);
        byte[] b = new byte[4];
        assertEquals(0, lab.z.recv(p[0], b, 0, 4, 0));
        assertEquals(-Errno.ECONNABORTED, lab.z.send(p[0], b, 0, 4, 0));
    }

    @Test
    void tls14RcvtimeoAndSndtimeoAreHonoured() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        assertEquals(0, lab.z.setsockopt(p[0], SOL_SOCKET, SO_RCVTIMEO, 150));
        long t0 = System.nanoTime();
        assertEquals(-Errno.EAGAIN, lab.z.recv(p[0], new byte[4], 0, 4, 0));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 140 && ms < 2000, "recv waited " + ms + " ms");
        assertEquals(0, lab.z.setsockopt(p[0], SOL_SOCKET, SO_SNDTIMEO, 150));
        byte[] chunk = bytes(16384);
        int r;
        t0 = System.nanoTime();
        do {
            r = lab.z.send(p[0], chunk, 0, chunk.length, 0);
        } while (r == chunk.length && (System.nanoTime() - t0) < 10_000_000_000L);
        assertTrue(r == -Errno.EAGAIN || r >= 0 && r < chunk.length, "send under SO_SNDTIMEO: " + r);
    }

    @Test
    void tls15ShutdownRdGivesEofInThreadAndFromAnotherThread() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_2, port(), TlsLab.SERVER_EC);
        assertEquals(0, lab.z.shutdown(p[0], SHUT_RD));
        assertEquals(0, lab.z.recv(p[0], new byte[4], 0, 4, 0));
        int[] q = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        CompletableFuture<Integer> rd = TlsLab.async(() -> lab.z.recv(q[0], new byte[4], 0, 4, 0));
        sleep(100);
        assertEquals(0, lab.z.shutdown(q[0], SHUT_RD));
        assertEquals(0, rd.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tls16SendWhileAnotherThreadIsBlockedInRecvDoesNotDeadlock() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        CompletableFuture<Integer> rd = TlsLab.async(() -> lab.z.recv(p[0], new byte[64], 0, 64, 0));
        sleep(100);
        byte[] m = bytes(32);
        assertEquals(32, lab.z.send(p[0], m, 0, 32, 0));
        byte[] b = new byte[32];
        assertEquals(32, lab.z.recv(p[1], b, 0, 32, MSG_WAITALL));
        assertArrayEquals(m, b);
        lab.z.send(p[1], m, 0, 5, 0);
        assertEquals(5, rd.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tls17CipherSuiteListRoundTripsUsedIsReportedOnBothEndsAndMismatchFailsBoth() throws Exception {
        int c = lab.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2);
        int[] suites = {0xC02B, 0xC02C};
        assertEquals(0, lab.z.setsockopt(c, SOL_TLS, TLS_CIPHERSUITE_LIST, suites, 2));
        byte[] v = new byte[16];
        int[] len = {16};
        assertEquals(0, lab.z.getsockopt(c, SOL_TLS, TLS_CIPHERSUITE_LIST, v, 0, len));
        assertEquals(8, len[0]);
        assertEquals(0xC02B, v[0] & 0xff | (v[1] & 0xff) << 8 | (v[2] & 0xff) << 16);
        int[] used = new int[1];
        assertEquals(-Errno.ENOTCONN, lab.z.getsockopt(c, SOL_TLS, TLS_CIPHERSUITE_USED, used));
        lab.z.close(c);

        int port = port();
        int l = lab.listener(IPPROTO_TLS_1_2, port, TlsLab.SERVER_EC);
        assertEquals(0, lab.z.setsockopt(l, SOL_TLS, TLS_CIPHERSUITE_LIST, new int[] {0xC02C}, 1));
        CompletableFuture<int[]> acc = TlsLab.async(() -> {
            int fd = lab.z.accept(l, null);
            int[] u = new int[1];
            lab.z.getsockopt(fd, SOL_TLS, TLS_CIPHERSUITE_USED, u);
            return new int[] {fd, u[0]};
        });
        c = lab.client(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        lab.z.setsockopt(c, SOL_TLS, TLS_CIPHERSUITE_LIST, suites, 2);
        assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
        assertEquals(0, lab.z.getsockopt(c, SOL_TLS, TLS_CIPHERSUITE_USED, used));
        assertEquals(0xC02C, used[0]);
        assertEquals(0xC02C, acc.get(5, TimeUnit.SECONDS)[1]);

        assertEquals(0, lab.z.setsockopt(l, SOL_TLS, TLS_CIPHERSUITE_LIST, new int[] {0xC02F}, 1));
        CompletableFuture<Integer> acc2 = TlsLab.async(() -> lab.z.accept(l, null));
        int c2 = lab.client(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_NONE, TlsLab.CA);
        lab.z.setsockopt(c2, SOL_TLS, TLS_CIPHERSUITE_LIST, new int[] {0xC02B}, 1);
        assertEquals(-Errno.ECONNABORTED, lab.z.connect(c2, SockAddr.parse("127.0.0.1", port)));
        assertEquals(-Errno.ECONNABORTED, acc2.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tls18HostnameIsAcceptedAndOptionsSetAfterConnectLeaveTheConnectionUsable() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        assertEquals(0, lab.z.setsockopt(p[0], SOL_TLS, TLS_HOSTNAME, "other.example".getBytes(), 0, 13));
        assertEquals(0, lab.z.setsockopt(p[0], SOL_TLS, TLS_PEER_VERIFY, TLS_PEER_VERIFY_OPTIONAL));
        assertEquals(0, lab.z.setsockopt(p[0], SOL_TLS, TLS_SEC_TAG_LIST, new int[] {TlsLab.CA}, 1));
        byte[] m = bytes(9);
        assertEquals(9, lab.z.send(p[0], m, 0, 9, 0));
        byte[] b = new byte[9];
        assertEquals(9, lab.z.recv(p[1], b, 0, 9, MSG_WAITALL));
        assertArrayEquals(m, b);
        int[] len = {4};
        assertEquals(-Errno.ENOPROTOOPT, lab.z.getsockopt(p[0], SOL_TLS, TLS_HOSTNAME, b, 0, len), "write-only");
    }

    @Test
    void tls19SessionCacheResumesTheSecondConnectAndPurgeClearsIt() throws Exception {
        int port = port();
        int l = lab.listener(IPPROTO_TLS_1_2, port, TlsLab.SERVER_EC);
        assertEquals(0, lab.z.setsockopt(l, SOL_TLS, TLS_SESSION_CACHE, TlsOptions.SESSION_CACHE_ENABLED));
        int[] v = new int[1];
        assertEquals(0, lab.z.getsockopt(l, SOL_TLS, TLS_SESSION_CACHE, v));
        assertEquals(1, v[0]);
        Thread srv = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                int fd = lab.z.accept(l, null);
                if (fd >= 0) {
                    lab.z.close(fd);
                }
            }
        });
        srv.setDaemon(true);
        srv.start();
        int before = lab.tls.resumedHandshakes();
        for (int i = 0; i < 3; i++) {
            if (i == 2) {
                int any = lab.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2);
                assertEquals(0, lab.z.setsockopt(any, SOL_TLS, TLS_SESSION_CACHE_PURGE, 0));
                lab.z.close(any);
                assertEquals(0, lab.tls.cachedSessions());
            }
            int c = lab.client(IPPROTO_TLS_1_2, TLS_PEER_VERIFY_NONE, TlsLab.CA);
            assertEquals(0, lab.z.setsockopt(c, SOL_TLS, TLS_SESSION_CACHE, TlsOptions.SESSION_CACHE_ENABLED));
            assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
            lab.z.recv(c, new byte[1], 0, 1, 0);
            lab.z.close(c);
            if (i == 1) {
                // client and server both count the resumed handshake
                assertEquals(before + 2, lab.tls.resumedHandshakes());
            }
        }
        assertEquals(before + 2, lab.tls.resumedHandshakes(), "after the purge the handshake is full");
    }

    @Test
    void tls20AlpnListRoundTrips() {
        int fd = lab.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_3);
        byte[] list = "h2\0http/1.1\0".getBytes();
        assertEquals(0, lab.z.setsockopt(fd, SOL_TLS, TLS_ALPN_LIST, list, 0, list.length));
        byte[] out = new byte[32];
        int[] len = {32};
        assertEquals(0, lab.z.getsockopt(fd, SOL_TLS, TLS_ALPN_LIST, out, 0, len));
        assertEquals(list.length, len[0]);
        byte[] three = "a\0b\0c\0".getBytes();
        assertEquals(-Errno.EINVAL, lab.z.setsockopt(fd, SOL_TLS, TLS_ALPN_LIST, three, 0, three.length), "2 protocols max");
    }

    @Test
    void tls21PollInOnlyForACompleteRecordAndHupOnAFinWithoutCloseNotify() throws Exception {
        int sport = port();
        int rport = port();
        int l = lab.listener(IPPROTO_TLS_1_3, sport, TlsLab.SERVER_EC);
        try (Relay relay = new Relay(lab.z, rport, sport)) {
            CompletableFuture<Integer> acc = TlsLab.async(() -> lab.z.accept(l, null));
            int c = lab.client(IPPROTO_TLS_1_3, TLS_PEER_VERIFY_NONE, TlsLab.CA);
            assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", rport)));
            int s = acc.get(5, TimeUnit.SECONDS);
            assertEquals(0, poll(c, POLLIN, 50), "nothing sent yet");
            relay.allowToClient.set(0);
            lab.z.send(s, bytes(100), 0, 100, 0);
            waitFor(() -> relay.held() > 0);
            int record = relay.held();
            relay.allow(record - 1);
            assertEquals(0, poll(c, POLLIN, 200), "one byte of the record is missing: no POLLIN");
            assertEquals(-Errno.EAGAIN, lab.z.recv(c, new byte[200], 0, 200, MSG_DONTWAIT));
            assertEquals(0, poll(c, POLLIN, 100), "still none after the recv took the partial record");
            relay.allow(1);
            assertEquals(POLLIN, poll(c, POLLIN, 2000));
            byte[] b = new byte[30];
            assertEquals(30, lab.z.recv(c, b, 0, 30, 0));
            assertEquals(POLLIN, poll(c, POLLIN, 0), "70 decrypted bytes still waiting (pain point 1)");
            assertEquals(70, lab.z.recv(c, new byte[100], 0, 100, 0));
            relay.allowToClient.set(Integer.MAX_VALUE);
            relay.finToClient();
            assertEquals(POLLIN | POLLHUP, poll(c, POLLIN, 2000), "FIN without close_notify (pain point 3)");
            assertEquals(0, lab.z.recv(c, b, 0, 30, 0));
        }
    }

    @Test
    void tls22FatalAlertFromThePeerIsPollinPollerrInTheSamePollThenSoErrorAndRecvEconnaborted() throws Exception {
        for (int proto : new int[] {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3}) {
            int sport = port();
            int rport = port();
            int l = lab.listener(proto, sport, TlsLab.SERVER_EC);
            try (Relay relay = new Relay(lab.z, rport, sport)) {
                CompletableFuture<Integer> acc = TlsLab.async(() -> lab.z.accept(l, null));
                int c = lab.client(proto, TLS_PEER_VERIFY_NONE, TlsLab.CA);
                assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", rport)));
                int s = acc.get(5, TimeUnit.SECONDS);
                int up = relay.sentToServer();
                relay.corruptNextToClient = true;
                lab.z.send(s, bytes(20), 0, 20, 0);
                assertEquals(-Errno.ECONNABORTED, lab.z.recv(c, new byte[20], 0, 20, 0), "bad_record_mac at the client");
                // the alert is in the server's inner socket before poll (the relay's loopback send delivers it),
                // so this poll is about a waiting alert, not one arriving while it runs
                waitFor(() -> relay.sentToServer() > up);
                // Zephyr's ztls_poll_update_pollin reads the alert inside poll: the inner socket's POLLIN stays,
                // POLLERR joins it, in this first poll (tests/net/socket/tls test_poll_tls_pollerr)
                assertEquals(POLLIN | POLLERR, poll(s, POLLIN, 2000), "the client's fatal alert, proto " + proto);
                int[] so = new int[1];
                assertEquals(0, lab.z.getsockopt(s, SOL_SOCKET, SO_ERROR, so));
                assertEquals(Errno.ECONNABORTED, so[0], "SO_ERROR, proto " + proto);
                assertEquals(-Errno.ECONNABORTED, lab.z.recv(s, new byte[4], 0, 4, MSG_DONTWAIT));
                assertEquals(-Errno.ECONNABORTED, lab.z.recv(s, new byte[4], 0, 4, 0), "again, and a blocking recv does not wait");
                assertEquals(POLLIN | POLLERR | POLLOUT, poll(s, POLLIN | POLLOUT, 0), "and poll stays so");
                lab.z.close(s);
                lab.z.close(c);
            }
            lab.z.close(l);
        }
    }

    /**
     * The window between poll's record update and its look: the alert becomes a complete record in the
     * client's inner socket right after the update found nothing, so the look must not report it as
     * data waiting (POLLIN alone) but have it processed first, as Zephyr's poll updates after its wait.
     */
    @Test
    void aFatalAlertCompletingBetweenPollsUpdateAndItsLookIsPollinPollerrInThatPoll() throws Exception {
        for (int proto : new int[] {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3}) {
            int sport = port();
            int rport = port();
            int l = lab.listener(proto, sport, TlsLab.SERVER_EC);
            try (Relay relay = new Relay(lab.z, rport, sport)) {
                CompletableFuture<Integer> acc = TlsLab.async(() -> lab.z.accept(l, null));
                int c = lab.client(proto, TLS_PEER_VERIFY_NONE, TlsLab.CA);
                assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", rport)));
                int s = acc.get(5, TimeUnit.SECONDS);
                // a byte of data read: whatever the server sent after its handshake (tickets) is processed
                assertEquals(1, lab.z.send(s, bytes(1), 0, 1, 0));
                assertEquals(1, lab.z.recv(c, new byte[1], 0, 1, 0));
                relay.allowToClient.set(0);
                relay.corruptNextToServer = true;
                assertEquals(20, lab.z.send(c, bytes(20), 0, 20, 0));
                assertEquals(-Errno.ECONNABORTED, lab.z.recv(s, new byte[20], 0, 20, 0), "bad_record_mac at the server");
                waitFor(() -> relay.held() > 0);
                try (BetweenUpdateAndLook hook = new BetweenUpdateAndLook(lab.stack, () -> relay.allow(relay.held()))) {
                    PollFd[] set = pollSet(c, hook.fd);
                    assertEquals(1, lab.z.poll(set, 2, 2000));
                    assertTrue(hook.ran(), "the alert was released between update and look");
                    assertEquals(POLLIN | POLLERR, set[0].revents, "the server's fatal alert, proto " + proto);
                }
                assertEquals(-Errno.ECONNABORTED, lab.z.recv(c, new byte[4], 0, 4, MSG_DONTWAIT));
                lab.z.close(s);
                lab.z.close(c);
            }
            lab.z.close(l);
        }
    }

    @Test
    void aCloseNotifyCompletingBetweenPollsUpdateAndItsLookIsPollinPollhupInThatPoll() throws Exception {
        for (int proto : new int[] {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3}) {
            int[] p = lab.pair(proto, port(), TlsLab.SERVER_EC);
            assertEquals(1, lab.z.send(p[1], bytes(1), 0, 1, 0));
            assertEquals(1, lab.z.recv(p[0], new byte[1], 0, 1, 0));
            try (BetweenUpdateAndLook hook = new BetweenUpdateAndLook(lab.stack, () -> lab.z.shutdown(p[1], SHUT_WR))) {
                PollFd[] set = pollSet(p[0], hook.fd);
                assertEquals(1, lab.z.poll(set, 2, 2000));
                assertTrue(hook.ran(), "close_notify sent between update and look");
                assertEquals(POLLIN | POLLHUP, set[0].revents, "close_notify, proto " + proto);
            }
            assertEquals(0, lab.z.recv(p[0], new byte[4], 0, 4, MSG_DONTWAIT));
            lab.z.close(p[0]);
            lab.z.close(p[1]);
        }
    }

    /**
     * An invalid select has no side effect: its arguments are checked before any TLS poll update runs, so a
     * record waiting in the inner socket stays undecrypted (FIONREAD 0) and the sets are left as they were
     * (POSIX: on failure the sets are not modified).
     */
    @Test
    void anInvalidSelectReturnsBeforeItRunsATlsRecordUpdate() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        int closed = lab.z.socket(AF_INET, SOCK_DGRAM, 0);
        assertEquals(0, lab.z.close(closed));
        assertEquals(10, lab.z.send(p[1], bytes(10), 0, 10, 0));
        int[] n = new int[1];
        assertEquals(0, lab.z.ioctl(p[0], FIONREAD, n));
        assertEquals(0, n[0], "the record waits undecrypted in the inner socket");
        FdSet r = new FdSet();
        r.set(p[0]);
        assertEquals(-Errno.EINVAL, lab.z.select(FD_SETSIZE + 1, r, null, null, 0));
        FdSet w = new FdSet();
        w.set(closed);
        int nfds = Math.max(p[0], closed) + 1;
        assertEquals(-Errno.EBADF, lab.z.select(nfds, r, w, null, 0));
        assertEquals(0, lab.z.ioctl(p[0], FIONREAD, n));
        assertEquals(0, n[0], "neither invalid select ran the record update");
        assertTrue(r.isSet(p[0]) && w.isSet(closed), "the sets are as they were");
        w.zero();
        assertEquals(1, lab.z.select(nfds, r, w, null, 0), "a valid select updates and reports the record");
        assertEquals(0, lab.z.ioctl(p[0], FIONREAD, n));
        assertEquals(10, n[0]);
        lab.z.close(p[0]);
        lab.z.close(p[1]);
    }

    /** POLLIN on each fd, in this order (poll updates them in order). */
    private static PollFd[] pollSet(int... fds) {
        PollFd[] set = new PollFd[fds.length];
        for (int i = 0; i < fds.length; i++) {
            set[i] = new PollFd();
            set[i].fd = fds[i];
            set[i].events = POLLIN;
        }
        return set;
    }

    @Test
    void closeNotifyFromThePeerIsPollinPollhupInTheSamePollAndRecvZero() throws Exception {
        for (int proto : new int[] {IPPROTO_TLS_1_2, IPPROTO_TLS_1_3}) {
            int[] p = lab.pair(proto, port(), TlsLab.SERVER_EC);
            assertEquals(0, poll(p[0], POLLIN, 0), "nothing yet, proto " + proto);
            assertEquals(0, lab.z.shutdown(p[1], SHUT_WR));
            // Zephyr: ztls_socket_data_check meets MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY, -ENOTCONN: POLLHUP on a stream's POLLIN
            assertEquals(POLLIN | POLLHUP, poll(p[0], POLLIN, 2000), "close_notify, proto " + proto);
            assertEquals(0, lab.z.recv(p[0], new byte[4], 0, 4, 0));
            assertEquals(0, lab.z.recv(p[0], new byte[4], 0, 4, MSG_DONTWAIT), "0 again");
            lab.z.close(p[0]);
            lab.z.close(p[1]);
        }
    }

    @Test
    void aPollThatProcessesARecordOfApplicationDataReportsPollinAndRecvReturnsItWithoutTheInnerSocket() throws Exception {
        int[] p = lab.pair(IPPROTO_TLS_1_3, port(), TlsLab.SERVER_EC);
        assertEquals(5, lab.z.send(p[1], bytes(5), 0, 5, 0));
        assertEquals(POLLIN, poll(p[0], POLLIN, 2000));
        int[] n = new int[1];
        assertEquals(0, lab.z.ioctl(p[0], FIONREAD, n));
        assertEquals(5, n[0], "poll decrypted the record: FIONREAD counts its plaintext");
        assertEquals(5, lab.z.recv(p[0], new byte[8], 0, 8, MSG_DONTWAIT));
        assertEquals(0, poll(p[0], POLLIN, 0));
        lab.z.close(p[0]);
        lab.z.close(p[1]);
    }

    @Test
    void tls23SecTagListWithMalformedCredentialsIsEinvalAndWithAnUnknownTagEnoent() {
        byte[] junk = "not a certificate".getBytes();
        lab.add(9, TlsCredentials.CA_CERTIFICATE, junk);
        int fd = lab.z.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2);
        assertEquals(-Errno.EINVAL, lab.z.setsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {9}, 1));
        assertEquals(-Errno.ENOENT, lab.z.setsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {77}, 1));
        assertEquals(0, lab.z.setsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, new int[] {TlsLab.CA, TlsLab.SERVER_EC}, 2));
        byte[] v = new byte[16];
        int[] len = {16};
        assertEquals(0, lab.z.getsockopt(fd, SOL_TLS, TLS_SEC_TAG_LIST, v, 0, len));
        assertEquals(8, len[0]);
        assertEquals(TlsLab.SERVER_EC, v[4]);
    }

    private static void waitFor(java.util.function.BooleanSupplier c) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 5 s");
            }
            sleep(5);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
