package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A DTLS server socket with several peers (TLS-24), connection IDs (TLS-25) and the idle timeout (TLS-26). */
class DtlsServerTest {
    private DtlsHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** Connects c to port in a thread; returns it (join it for the result in r). */
    private Thread connectInBackground(int c, int port, AtomicInteger r) {
        Thread t = new Thread(() -> r.set(h.z.connect(c, SockAddr.parse("127.0.0.1", port))), "dtls-connect");
        t.start();
        return t;
    }

    /** Drives a server from poll and non-blocking recvfrom until t ends: every recvfrom is EAGAIN (handshake only). */
    private void driveFromPoll(int srv, Thread t) throws Exception {
        byte[] b = new byte[256];
        SockAddr from = new SockAddr();
        PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
        long end = System.currentTimeMillis() + 10000;
        int i = 0;
        while (t.isAlive() && System.currentTimeMillis() < end) {
            // Every other round without poll's word: a recvfrom while the handshake thread works is EAGAIN too.
            if (h.z.poll(p, 1, 50) > 0 || (i++ & 1) == 0) {
                assertEquals(-Errno.EAGAIN, h.z.recvfrom(srv, b, 0, b.length, Zsock.MSG_DONTWAIT, from));
            }
        }
        t.join();
    }

    private static String str(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void tls24TwoClientsOneServerSocketEachAnsweredOnItsOwnSession() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(5684, DtlsHarness.PSK_TAG);
        int a = h.client(DtlsHarness.PSK_TAG);
        int b = h.client(DtlsHarness.PSK_TAG);
        AtomicInteger ra = new AtomicInteger(1);
        AtomicInteger rb = new AtomicInteger(1);

        // Client A's handshake is driven by the server's poll loop with non-blocking recvfrom.
        driveFromPoll(srv, connectInBackground(a, 5684, ra));
        assertEquals(0, ra.get());
        assertEquals(1, h.tls.dtlsSessions());

        // Client B's handshake runs inside one blocking recvfrom, which then returns B's first datagram.
        Thread tb = new Thread(() -> {
            rb.set(h.z.connect(b, SockAddr.parse("127.0.0.1", 5684)));
            h.z.send(b, "from B".getBytes(StandardCharsets.US_ASCII), 0, 6, 0);
        });
        tb.start();
        byte[] in = new byte[64];
        SockAddr from = new SockAddr();
        h.z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 10000);
        int n = h.z.recvfrom(srv, in, 0, in.length, 0, from);
        tb.join();
        assertEquals(0, rb.get());
        assertEquals("from B", str(in, n));
        SockAddr addrA = new SockAddr();
        SockAddr addrB = new SockAddr();
        assertEquals(0, h.z.getsockname(a, addrA));
        assertEquals(0, h.z.getsockname(b, addrB));
        assertEquals(addrB.port(), from.port(), "recvfrom reports B");
        assertEquals(2, h.tls.dtlsSessions(), "one session per client");

        assertEquals(6, h.z.send(a, "from A".getBytes(StandardCharsets.US_ASCII), 0, 6, 0));
        n = h.z.recvfrom(srv, in, 0, in.length, 0, from);
        assertEquals("from A", str(in, n));
        assertEquals(addrA.port(), from.port(), "recvfrom reports A");

        SockAddr toA = SockAddr.parse("127.0.0.1", addrA.port());
        SockAddr toB = SockAddr.parse("127.0.0.1", addrB.port());
        assertEquals(4, h.z.sendto(srv, "to B".getBytes(StandardCharsets.US_ASCII), 0, 4, 0, toB));
        assertEquals(4, h.z.sendto(srv, "to A".getBytes(StandardCharsets.US_ASCII), 0, 4, 0, toA));
        h.z.setsockopt(a, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        h.z.setsockopt(b, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        assertEquals("to A", str(in, h.z.recv(a, in, 0, in.length, 0)));
        assertEquals("to B", str(in, h.z.recv(b, in, 0, in.length, 0)));

        // A closes: its close_notify reaches the server, which hangs up on A only.
        assertEquals(0, h.z.close(a));
        PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(p, 1, 3000));
        assertEquals(-Errno.EAGAIN, h.z.recvfrom(srv, in, 0, in.length, Zsock.MSG_DONTWAIT, from));
        assertEquals(1, h.z.poll(p, 1, 0));
        assertEquals(Zsock.POLLHUP, p[0].revents & Zsock.POLLHUP, "a closed client: POLLHUP on the server");
        assertEquals(-Errno.ENOTCONN, h.z.sendto(srv, in, 0, 4, 0, toA));
        assertEquals(4, h.z.sendto(srv, "to B".getBytes(StandardCharsets.US_ASCII), 0, 4, 0, toB), "B still served");
        assertEquals(4, h.z.recv(b, in, 0, in.length, 0));
        assertEquals(-Errno.EAGAIN, h.z.recvfrom(srv, in, 0, in.length, Zsock.MSG_DONTWAIT, from), "frees A's slot");
        assertEquals(0, h.z.poll(p, 1, 0), "POLLHUP reported once, then the slot is free");
        assertEquals(1, h.tls.dtlsSessions());
    }

    @Test
    void aFullSessionTableDropsTheNextClientWhoTimesOut() throws Exception {
        TlsConfig cfg = TlsConfig.defaults();
        cfg.dtls.sessionsPerSocket = 1;
        h = new DtlsHarness(cfg);
        int srv = h.server(5685, DtlsHarness.PSK_TAG);
        int a = h.client(DtlsHarness.PSK_TAG);
        AtomicInteger ra = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(a, 5685, ra));
        assertEquals(0, ra.get());
        int b = h.client(DtlsHarness.PSK_TAG);
        h.z.setsockopt(b, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, 100);
        h.z.setsockopt(b, Zsock.SOL_TLS, Zsock.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, 200);
        AtomicInteger rb = new AtomicInteger(1);
        Thread tb = connectInBackground(b, 5685, rb);
        byte[] buf = new byte[64];
        SockAddr from = new SockAddr();
        PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
        while (tb.isAlive()) {
            if (h.z.poll(p, 1, 50) > 0) {
                h.z.recvfrom(srv, buf, 0, buf.length, Zsock.MSG_DONTWAIT, from);
            }
        }
        assertEquals(-Errno.ETIMEDOUT, rb.get());
        assertEquals(1, h.tls.dtlsSessions());
    }

    @Test
    void tls25ConnectionIdKeepsTheSessionWhenTheClientChangesPort() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(5686, DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_CID, TlsOptions.DTLS_CID_ENABLED));
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_CID, TlsOptions.DTLS_CID_SUPPORTED));
        assertEquals(0, h.z.bind(c, SockAddr.parse("127.0.0.1", 40001)));
        AtomicInteger rc = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(c, 5686, rc));
        assertEquals(0, rc.get());
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_DTLS_CID_STATUS, v));
        assertEquals(2, v[0], "client: CID in what it sends (uplink)");
        assertEquals(0, h.z.getsockopt(srv, Zsock.SOL_TLS, Zsock.TLS_DTLS_CID_STATUS, v));
        assertEquals(1, v[0], "server: CID in what it receives (downlink)");

        byte[] in = new byte[64];
        SockAddr from = new SockAddr();
        h.z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        h.z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        assertEquals(3, h.z.send(c, "one".getBytes(StandardCharsets.US_ASCII), 0, 3, 0));
        assertEquals(3, h.z.recvfrom(srv, in, 0, in.length, 0, from));
        assertEquals(40001, from.port());

        assertEquals(0, h.z.bind(c, SockAddr.parse("127.0.0.1", 40002)), "the client moves to another port");
        assertEquals(3, h.z.send(c, "two".getBytes(StandardCharsets.US_ASCII), 0, 3, 0));
        assertEquals(3, h.z.recvfrom(srv, in, 0, in.length, 0, from));
        assertEquals("two", str(in, 3));
        assertEquals(40002, from.port(), "same session, new address");
        assertEquals(1, h.tls.dtlsSessions());
        assertEquals(5, h.z.sendto(srv, "reply".getBytes(StandardCharsets.US_ASCII), 0, 5, 0, from));
        assertEquals("reply", str(in, h.z.recv(c, in, 0, in.length, 0)), "the reply goes to the new address");
        assertEquals(-Errno.ENOTCONN, h.z.sendto(srv, in, 0, 5, 0, SockAddr.parse("127.0.0.1", 40001)));

        int c2 = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.bind(c2, SockAddr.parse("127.0.0.1", 40001)));
        AtomicInteger r2 = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(c2, 5686, r2));
        assertEquals(0, r2.get());
        assertEquals(2, h.tls.dtlsSessions(), "a new client on the old address gets a new session");
    }

    @Test
    void tls26AnIdleSessionHangsUpOnTheServerAndTheClientGetsEnotconn() throws Exception {
        TlsConfig cfg = TlsConfig.defaults();
        cfg.dtls.idleTimeoutMillis = 300;
        h = new DtlsHarness(cfg);
        int srv = h.server(5687, DtlsHarness.PSK_TAG);
        int c = h.client(DtlsHarness.PSK_TAG);
        AtomicInteger rc = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(c, 5687, rc));
        assertEquals(0, rc.get());
        byte[] in = new byte[64];
        SockAddr from = new SockAddr();
        assertEquals(2, h.z.send(c, "hi".getBytes(StandardCharsets.US_ASCII), 0, 2, 0));
        h.z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        assertEquals(2, h.z.recvfrom(srv, in, 0, in.length, 0, from));
        long t0 = System.nanoTime();
        PollFd[] p = {new PollFd(srv, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(p, 1, 3000));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Zsock.POLLHUP, p[0].revents & Zsock.POLLHUP);
        assertTrue(ms >= 250 && ms < 1500, "idle timeout 300 ms, POLLHUP after " + ms);
        assertEquals(-Errno.EAGAIN, h.z.recvfrom(srv, in, 0, in.length, Zsock.MSG_DONTWAIT, from),
                "the server drops the session (and tells the client)");
        assertEquals(0, h.tls.dtlsSessions());
        PollFd[] pc = {new PollFd(c, Zsock.POLLIN)};
        assertEquals(1, h.z.poll(pc, 1, 3000));
        assertEquals(-Errno.EAGAIN, h.z.recv(c, in, 0, in.length, Zsock.MSG_DONTWAIT));
        assertEquals(-Errno.ENOTCONN, h.z.send(c, in, 0, 2, 0));
        assertNotEquals(0, h.z.poll(pc, 1, 0));
        assertEquals(Zsock.POLLHUP, pc[0].revents & Zsock.POLLHUP);
    }

    @Test
    void aClientThatRestartsOnTheSameAddressReplacesItsOldSession() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(5688, DtlsHarness.PSK_TAG);
        int a = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.bind(a, SockAddr.parse("127.0.0.1", 40010)));
        AtomicInteger ra = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(a, 5688, ra));
        assertEquals(0, ra.get());
        // The client "reboots": its association vanishes without a close_notify.
        ((io.jzsock.tls.bc.BcDtlsSession) Reflect.dtlsPeerSession(h.tls, 1, 0)).drop();
        assertEquals(0, h.z.close(a));
        int a2 = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.bind(a2, SockAddr.parse("127.0.0.1", 40010)));
        AtomicInteger r2 = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(a2, 5688, r2));
        assertEquals(0, r2.get(), "RFC 6347 4.2.8: a new ClientHello from a known address starts a new handshake");
        assertEquals(1, h.tls.dtlsSessions(), "the old session was replaced, not kept beside");
        byte[] in = new byte[16];
        assertEquals(3, h.z.sendto(srv, "new".getBytes(StandardCharsets.US_ASCII), 0, 3, 0,
                SockAddr.parse("127.0.0.1", 40010)));
        h.z.setsockopt(a2, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000);
        assertEquals("new", str(in, h.z.recv(a2, in, 0, in.length, 0)));
    }

    @Test
    void garbageDatagramsNeitherCrashNorAdmitAndTheServerGoesOn() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(5689, DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.fcntl(srv, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        int udp = h.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        java.util.Random rnd = new java.util.Random(5);
        byte[] junk = new byte[300];
        byte[] in = new byte[512];
        SockAddr from = new SockAddr();
        for (int i = 0; i < 200; i++) {
            int n = 1 + rnd.nextInt(junk.length);
            rnd.nextBytes(junk);
            if (i % 3 == 0) {
                junk[0] = 22;
                junk[1] = (byte) 0xfe;
                junk[2] = (byte) 0xfd;
            }
            assertEquals(n, h.z.sendto(udp, junk, 0, n, 0, SockAddr.parse("127.0.0.1", 5689)));
            int r = h.z.recvfrom(srv, in, 0, in.length, 0, from);
            assertEquals(-Errno.EAGAIN, r, "datagram " + i);
        }
        assertEquals(0, h.tls.dtlsSessions());
        int c = h.client(DtlsHarness.PSK_TAG);
        AtomicInteger rc = new AtomicInteger(1);
        driveFromPoll(srv, connectInBackground(c, 5689, rc));
        assertEquals(0, rc.get());
        assertEquals(1, h.tls.dtlsSessions());
    }
}
