package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool of DTLS handshake threads (DtlsConfig.handshakeThreads): several non-blocking handshakes run
 * at once, so one whose peer never answers (it holds its thread for the whole retransmission budget,
 * 63 s with the defaults) does not hold up the others, neither a client's nor a server's. Over one
 * stack's loopback, PSK. The others must end within {@link #BESIDE_MS}: the silent handshake has then
 * not even been through two retransmission timeouts (1 s + 2 s), while a warm PSK handshake here takes
 * tens of ms; with one thread they wait out the silent one's budget (63 s, measured) or at best a few
 * of its timeouts.
 */
class DtlsHandshakePoolTest {
    private static final long BOUND_MS = 10_000;
    private static final long BESIDE_MS = 3_000;
    private DtlsHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static TlsConfig pool(int threads) {
        TlsConfig cfg = TlsConfig.defaults();
        cfg.dtls.maxSockets = 8;
        cfg.dtls.handshakeThreads = threads;
        return cfg;
    }

    /** A blocking server that echoes each record to its sender until closed. */
    private void echo(int fd) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[512];
            SockAddr from = new SockAddr();
            int n;
            while ((n = h.z.recvfrom(fd, b, 0, b.length, 0, from)) != -Errno.EINTR && n != -Errno.EBADF) {
                if (n >= 0) {
                    h.z.sendto(fd, b, 0, n, 0, from);
                }
            }
        }, "dtls-echo");
        t.setDaemon(true);
        t.start();
    }

    private int nonBlockingClient() {
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        return c;
    }

    /** Polls the clients until each is writable (its handshake ended) or the bound passes: how many ended. */
    private int awaitWritable(int[] fds, long boundMs) {
        long end = System.currentTimeMillis() + boundMs;
        int done = 0;
        boolean[] seen = new boolean[fds.length];
        PollFd[] p = new PollFd[fds.length];
        while (done < fds.length && System.currentTimeMillis() < end) {
            int n = 0;
            for (int i = 0; i < fds.length; i++) {
                if (!seen[i]) {
                    p[n++] = new PollFd(fds[i], Zsock.POLLOUT);
                }
            }
            h.z.poll(p, n, 50);
            for (int i = 0; i < n; i++) {
                if (p[i].revents != 0) {
                    for (int j = 0; j < fds.length; j++) {
                        if (fds[j] == p[i].fd && !seen[j]) {
                            seen[j] = true;
                            done++;
                        }
                    }
                }
            }
        }
        return done;
    }

    private void assertEchoes(int c, String text) {
        byte[] msg = DtlsHarness.bytes(text);
        assertEquals(msg.length, h.z.send(c, msg, 0, msg.length, 0));
        PollFd[] p = {new PollFd(c, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(p, 1, 3000));
        byte[] in = new byte[64];
        int n = h.z.recv(c, in, 0, in.length, 0);
        assertEquals(text, new String(in, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.US_ASCII));
    }

    private int soError(int fd) {
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_ERROR, v));
        return v[0];
    }

    /** A bound UDP socket that never reads: a DTLS server that never answers. */
    private SockAddr silentPeer(int port) {
        int udp = h.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertEquals(0, h.z.bind(udp, SockAddr.parse("127.0.0.1", port)));
        return SockAddr.parse("127.0.0.1", port);
    }

    @Test
    void twoClientHandshakesEndWhileAThirdWaitsForASilentServer() {
        h = new DtlsHarness(pool(3));
        echo(h.server(5701, DtlsHarness.PSK_TAG));
        echo(h.server(5702, DtlsHarness.PSK_TAG));
        SockAddr silent = silentPeer(5703);
        int warm = nonBlockingClient();
        assertEquals(-Errno.EINPROGRESS, h.z.connect(warm, SockAddr.parse("127.0.0.1", 5701)));
        assertEquals(1, awaitWritable(new int[] {warm}, BOUND_MS), "a warm-up handshake alone");
        h.z.close(warm);

        int dead = nonBlockingClient();
        assertEquals(-Errno.EINPROGRESS, h.z.connect(dead, silent), "the silent peer's handshake goes first");
        int a = nonBlockingClient();
        int b = nonBlockingClient();
        long t0 = System.nanoTime();
        assertEquals(-Errno.EINPROGRESS, h.z.connect(a, SockAddr.parse("127.0.0.1", 5701)));
        assertEquals(-Errno.EINPROGRESS, h.z.connect(b, SockAddr.parse("127.0.0.1", 5702)));
        assertEquals(2, awaitWritable(new int[] {a, b}, BESIDE_MS), "both handshakes end beside the silent one");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("two client handshakes beside a silent peer: " + ms + " ms");
        assertTrue(ms < BESIDE_MS, ms + " ms");
        assertEquals(0, soError(a));
        assertEquals(0, soError(b));
        assertEchoes(a, "a");
        assertEchoes(b, "b");
        assertEquals(-Errno.EALREADY, h.z.connect(dead, silent), "the silent peer's handshake still runs");
        assertEquals(0, h.z.close(dead), "closing ends its handshake");
    }

    @Test
    void withOneHandshakeThreadTheOthersWaitBehindTheSilentServer() {
        h = new DtlsHarness(pool(1));
        echo(h.server(5711, DtlsHarness.PSK_TAG));
        SockAddr silent = silentPeer(5713);
        int dead = nonBlockingClient();
        assertEquals(-Errno.EINPROGRESS, h.z.connect(dead, silent));
        int a = nonBlockingClient();
        assertEquals(-Errno.EINPROGRESS, h.z.connect(a, SockAddr.parse("127.0.0.1", 5711)));
        assertEquals(0, awaitWritable(new int[] {a}, 2000), "queued behind the silent peer's handshake");
        assertEquals(-Errno.EALREADY, h.z.connect(a, SockAddr.parse("127.0.0.1", 5711)));
        assertEquals(0, h.z.close(dead), "the thread is free again");
        assertEquals(1, awaitWritable(new int[] {a}, BOUND_MS));
        assertEquals(0, soError(a));
    }

    /**
     * A UDP relay at relayPort in front of the server that passes the client's first two datagrams
     * (ClientHello, ClientHello with the cookie) and the server's first (HelloVerifyRequest), then
     * nothing: the server admits the peer and its handshake waits for an answer that never comes.
     */
    private AtomicBoolean cutAfterCookie(int relayPort, int serverPort) {
        AtomicBoolean stop = new AtomicBoolean();
        int udp = h.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertEquals(0, h.z.bind(udp, SockAddr.parse("127.0.0.1", relayPort)));
        h.z.setsockopt(udp, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 100);
        SockAddr server = SockAddr.parse("127.0.0.1", serverPort);
        Thread t = new Thread(() -> {
            byte[] b = new byte[2048];
            SockAddr from = new SockAddr();
            SockAddr client = null;
            int up = 0;
            int down = 0;
            while (!stop.get()) {
                int n = h.z.recvfrom(udp, b, 0, b.length, 0, from);
                if (n < 0) {
                    continue;
                }
                if (from.equals(server)) {
                    if (down++ < 1 && client != null) {
                        h.z.sendto(udp, b, 0, n, 0, client);
                    }
                } else {
                    client = new SockAddr().set(from);
                    if (up++ < 2) {
                        h.z.sendto(udp, b, 0, n, 0, server);
                    }
                }
            }
            h.z.close(udp);
        }, "dtls-cut-relay");
        t.setDaemon(true);
        t.start();
        return stop;
    }

    @Test
    void aNonBlockingServerAdmitsTwoPeersWhileAThirdNeverAnswersItsFlight() throws Exception {
        h = new DtlsHarness(pool(3));
        int srv = h.server(5721, DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.fcntl(srv, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        AtomicBoolean serving = new AtomicBoolean(true);
        Thread server = new Thread(() -> {
            byte[] b = new byte[512];
            SockAddr from = new SockAddr();
            PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
            while (serving.get()) {
                h.z.poll(p, 1, 50);
                int n = h.z.recvfrom(srv, b, 0, b.length, 0, from);
                if (n >= 0) {
                    h.z.sendto(srv, b, 0, n, 0, from);
                }
            }
        }, "dtls-nonblocking-server");
        server.setDaemon(true);
        server.start();
        AtomicBoolean relay = cutAfterCookie(5722, 5721);
        try {
            int warm = h.client(DtlsHarness.PSK_TAG);
            assertEquals(0, h.z.connect(warm, SockAddr.parse("127.0.0.1", 5721)), "a warm-up handshake alone");
            h.z.close(warm);
            // the warm-up's server session lasts until the server's recvfrom reads its close_notify
            long gone = System.currentTimeMillis() + BOUND_MS;
            while (h.tls.dtlsSessions() > 0 && System.currentTimeMillis() < gone) {
                Thread.sleep(5);
            }
            assertEquals(0, h.tls.dtlsSessions(), "the warm-up's session is gone");

            int dead = h.client(DtlsHarness.PSK_TAG);
            CompletableFuture<Integer> deadConnect = TlsLab.async(() -> h.z.connect(dead, SockAddr.parse("127.0.0.1", 5722)));
            long admitted = System.currentTimeMillis() + BOUND_MS;
            while (h.tls.dtlsSessions() < 1 && System.currentTimeMillis() < admitted) {
                Thread.sleep(5);
            }
            assertEquals(1, h.tls.dtlsSessions(), "the server admitted the cut-off peer; its handshake waits");

            int a = h.client(DtlsHarness.PSK_TAG);
            int b = h.client(DtlsHarness.PSK_TAG);
            long t0 = System.nanoTime();
            CompletableFuture<Integer> ca = TlsLab.async(() -> h.z.connect(a, SockAddr.parse("127.0.0.1", 5721)));
            CompletableFuture<Integer> cb = TlsLab.async(() -> h.z.connect(b, SockAddr.parse("127.0.0.1", 5721)));
            assertEquals(0, ca.get(BESIDE_MS, TimeUnit.MILLISECONDS));
            assertEquals(0, cb.get(BESIDE_MS, TimeUnit.MILLISECONDS));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("two server-side handshakes beside a silent peer: " + ms + " ms");
            assertTrue(ms < BESIDE_MS, ms + " ms");
            assertEchoes(a, "a");
            assertEchoes(b, "b");
            assertEquals(3, h.tls.dtlsSessions(), "two open, the cut-off one still handshaking");
            assertTrue(!deadConnect.isDone(), "the cut-off client still waits too");
            h.z.close(dead);
        } finally {
            relay.set(true);
            serving.set(false);
            h.z.close(srv);
        }
    }
}
