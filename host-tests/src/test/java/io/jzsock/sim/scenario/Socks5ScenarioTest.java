package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.testkit.Socks5Option;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SO_SOCKS5 end to end on real threads: host A (198.18.0.1) connects through a SOCKS5 server
 * written in the test ({@link Socks5TestServer}) on host B (.2, port 1080) to an echo server on
 * host C (.3, port 7) that greets every connection with a banner. Issue 4; Zephyr has no socket
 * test for SO_SOCKS5 (its microsocks sample needs a host gateway, not available here).
 */
class Socks5ScenarioTest {
    static final long SLACK_MS = 300;
    static final int CONNECT_TIMEOUT_MS = 1000;
    static final byte[] BANNER = "HELLO\n".getBytes(StandardCharsets.US_ASCII);
    static final SockAddr TARGET = SockAddr.parse("198.18.0.3", 7);

    SimNetwork net;
    NetStack a;
    NetStack b;
    NetStack c;
    Zsock z;
    Socks5TestServer proxy;
    EchoTarget echo;

    @BeforeEach
    void startHosts() throws Exception {
        net = new SimNetwork(4).capture("socks5");
        NetConfig client = NetConfig.defaults();
        client.tcpConnectTimeoutMillis = CONNECT_TIMEOUT_MS;
        NetConfig servers = NetConfig.defaults();
        servers.maxTcpConnections = 10;
        a = net.addHost(1, client, SystemClock.INSTANCE);
        b = net.addHost(2, servers, SystemClock.INSTANCE);
        c = net.addHost(3, servers, SystemClock.INSTANCE);
        z = a.zsock();
        echo = new EchoTarget(c.zsock(), 7).start();
    }

    @AfterEach
    void stopHosts() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        echo.close();
        for (NetStack s : new NetStack[] {a, b, c}) {
            assertNull(s.netThreadFailure(), "a net thread hit a stack bug");
        }
        net.close();
    }

    long now() {
        return System.currentTimeMillis();
    }

    int proxiedSocket(byte[] opt) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        assertTrue(fd >= 0, "socket: " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, opt, 0, opt.length));
        return fd;
    }

    int proxiedSocket() {
        return proxiedSocket(Socks5Option.of("198.18.0.2", 1080));
    }

    void startProxy(Socks5TestServer s) {
        proxy = s.start();
    }

    /** Reads exactly n bytes (blocking socket) or fails the test. */
    String recvExactly(int fd, int n) {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = z.recv(fd, buf, got, n - got, 0);
            assertTrue(r > 0, "recv after " + got + " bytes: " + r);
            got += r;
        }
        return new String(buf, StandardCharsets.US_ASCII);
    }

    void assertEcho(int fd, String text) {
        byte[] m = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(m.length, z.send(fd, m, 0, m.length, 0));
        assertEquals(text, recvExactly(fd, m.length));
    }

    String peer(int fd) {
        SockAddr p = new SockAddr();
        int r = z.getpeername(fd, p);
        return r == 0 ? p.toString() : Errno.name(-r);
    }

    @Test
    @DisplayName("SOCKS-01 blocking connect through a no-auth proxy returns 0; the app sees only the target's bytes")
    void blockingConnectWithoutAuthReachesTheTargetTransparently() {
        startProxy(new Socks5TestServer(b, 1080));
        int fd = proxiedSocket();
        assertEquals(0, z.connect(fd, TARGET));
        assertEquals("198.18.0.3:7", peer(fd));
        assertEquals("HELLO\n", recvExactly(fd, BANNER.length));
        assertEcho(fd, "ping through the proxy");
        assertEquals(List.of("greeting 05 01 00", "connect 198.18.0.3:7 -> 0"), proxy.log);
        assertEquals(List.of("198.18.0.2"), echo.peers, "the target is reached from the proxy's address");
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-02 username/password (RFC 1929) is offered, sent and accepted")
    void usernamePasswordAuthenticationConnects() {
        startProxy(new Socks5TestServer(b, 1080).requireCredentials("alice", "s3cret"));
        int fd = proxiedSocket(Socks5Option.of("198.18.0.2", 1080, "alice", "s3cret"));
        assertEquals(0, z.connect(fd, TARGET));
        assertEquals("HELLO\n", recvExactly(fd, BANNER.length));
        assertEcho(fd, "authenticated");
        assertEquals(List.of("greeting 05 02 00 02", "auth alice/s3cret ok", "connect 198.18.0.3:7 -> 0"), proxy.log);
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-03 rejected credentials fail connect with EACCES; the connection object is freed on close")
    void badCredentialsFailWithEacces() {
        startProxy(new Socks5TestServer(b, 1080).requireCredentials("alice", "s3cret"));
        int fd = proxiedSocket(Socks5Option.of("198.18.0.2", 1080, "alice", "wrong"));
        assertEquals(-Errno.EACCES, z.connect(fd, TARGET));
        assertEquals("ENOTCONN", peer(fd));
        assertEquals(List.of("greeting 05 02 00 02", "auth alice/wrong rejected"), proxy.log);
        assertEquals(0, z.close(fd));
        assertEquals(0, a.tcpConnectionsInUse());
    }

    @Test
    @DisplayName("SOCKS-03 a proxy that needs credentials answers 0xFF to a no-auth greeting: EACCES")
    void missingCredentialsFailWithEacces() {
        startProxy(new Socks5TestServer(b, 1080).requireCredentials("alice", "s3cret"));
        int fd = proxiedSocket();
        assertEquals(-Errno.EACCES, z.connect(fd, TARGET));
        assertEquals(List.of("greeting 05 01 00", "no acceptable method"), proxy.log);
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-04 a refused target (REP 0x05) gives ECONNREFUSED")
    void refusedTargetGivesEconnrefused() {
        startProxy(new Socks5TestServer(b, 1080));
        int fd = proxiedSocket();
        assertEquals(-Errno.ECONNREFUSED, z.connect(fd, SockAddr.parse("198.18.0.3", 9)));
        assertEquals(List.of("greeting 05 01 00", "connect 198.18.0.3:9 -> ECONNREFUSED"), proxy.log);
        assertEquals(0, z.close(fd));
        assertEquals(0, a.tcpConnectionsInUse());
    }

    @Test
    @DisplayName("SOCKS-05 no route from the proxy (REP 0x03) gives ENETUNREACH")
    void unroutableTargetGivesEnetunreach() {
        startProxy(new Socks5TestServer(b, 1080));
        int fd = proxiedSocket();
        assertEquals(-Errno.ENETUNREACH, z.connect(fd, SockAddr.parse("10.1.2.3", 80)));
        assertEquals(List.of("greeting 05 01 00", "connect 10.1.2.3:80 -> ENETUNREACH"), proxy.log);
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-06 reply codes: 0x04 EHOSTUNREACH, 0x03 ENETUNREACH, 0x01/0x02/0x07 ECONNREFUSED")
    void forcedReplyCodesMapToErrno() {
        int[][] cases = {{4, Errno.EHOSTUNREACH}, {3, Errno.ENETUNREACH}, {1, Errno.ECONNREFUSED},
            {2, Errno.ECONNREFUSED}, {7, Errno.ECONNREFUSED}};
        Socks5TestServer s = new Socks5TestServer(b, 1080);
        startProxy(s);
        for (int[] k : cases) {
            s.forceReply(k[0]);
            int fd = proxiedSocket();
            assertEquals(-k[1], z.connect(fd, TARGET), "REP " + k[0]);
            assertEquals(0, z.close(fd));
        }
        assertEquals(0, a.tcpConnectionsInUse());
    }

    @Test
    @DisplayName("SOCKS-07 non-blocking connect: EINPROGRESS, no events until the reply, then POLLOUT; data after the reply is the app's")
    void nonBlockingConnectSignalsPolloutWhenTheHandshakeCompletes() throws Exception {
        startProxy(new Socks5TestServer(b, 1080).delayReply(400));
        int fd = proxiedSocket();
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        long t0 = now();
        assertEquals(-Errno.EINPROGRESS, z.connect(fd, TARGET));
        PollFd[] set = {new PollFd(fd, Zsock.POLLIN | Zsock.POLLOUT)};
        assertEquals(0, z.poll(set, 1, 150), "TCP to the proxy is up, the SOCKS reply is not");
        byte[] buf = new byte[64];
        assertEquals(-Errno.EAGAIN, z.recv(fd, buf, 0, buf.length, 0));
        assertEquals(-Errno.EAGAIN, z.send(fd, buf, 0, 4, 0));
        assertEquals("ENOTCONN", peer(fd));
        assertEquals(-Errno.EALREADY, z.connect(fd, TARGET));
        // Let the reply and the target's banner both arrive before the app looks again.
        Thread.sleep(900);
        int[] readable = {-1};
        assertEquals(0, z.ioctl(fd, Zsock.FIONREAD, readable));
        assertEquals(BANNER.length, readable[0], "FIONREAD counts the target's bytes, not the SOCKS reply");
        assertEquals(1, z.poll(set, 1, 2000));
        assertTrue(now() - t0 >= 400, "POLLOUT before the delayed reply");
        assertEquals(Zsock.POLLIN | Zsock.POLLOUT, set[0].revents);
        int[] err = {-1};
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_ERROR, err));
        assertEquals(0, err[0]);
        assertEquals(BANNER.length, z.recv(fd, buf, 0, buf.length, 0));
        assertEquals("HELLO\n", new String(buf, 0, BANNER.length, StandardCharsets.US_ASCII));
        assertEquals("198.18.0.3:7", peer(fd));
        assertEquals(-Errno.EISCONN, z.connect(fd, TARGET));
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, 0));
        assertEcho(fd, "after non-blocking connect");
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-08 non-blocking connect to a refused target: POLLERR, SO_ERROR ECONNREFUSED")
    void nonBlockingFailureShowsAsPollerrAndSoError() {
        startProxy(new Socks5TestServer(b, 1080));
        int fd = proxiedSocket();
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        assertEquals(-Errno.EINPROGRESS, z.connect(fd, SockAddr.parse("198.18.0.3", 9)));
        PollFd[] set = {new PollFd(fd, Zsock.POLLOUT)};
        assertEquals(1, z.poll(set, 1, 3000));
        assertTrue((set[0].revents & Zsock.POLLERR) != 0, "revents " + set[0].revents);
        assertEquals(0, set[0].revents & Zsock.POLLOUT);
        int[] err = {0};
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_ERROR, err));
        assertEquals(Errno.ECONNREFUSED, err[0]);
        assertEquals(0, z.close(fd));
        assertEquals(0, a.tcpConnectionsInUse());
    }

    @Test
    @DisplayName("SOCKS-09 a blocking send during the handshake waits for it; the target gets only the app's bytes")
    void blockingSendWaitsForTheHandshake() {
        startProxy(new Socks5TestServer(b, 1080).delayReply(400));
        int fd = proxiedSocket();
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        long t0 = now();
        assertEquals(-Errno.EINPROGRESS, z.connect(fd, TARGET));
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, 0));
        byte[] m = "early bird".getBytes(StandardCharsets.US_ASCII);
        assertEquals(m.length, z.send(fd, m, 0, m.length, 0));
        long waited = now() - t0;
        assertTrue(waited >= 400 && waited <= 400 + SLACK_MS + 200, "send returned after " + waited + " ms");
        assertEquals("HELLO\nearly bird", recvExactly(fd, BANNER.length + m.length));
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-10 a proxy that never answers: connect fails with ETIMEDOUT after the connect timeout")
    void silentProxyTimesOut() {
        startProxy(new Socks5TestServer(b, 1080).stallAfterGreeting());
        int fd = proxiedSocket();
        long t0 = now();
        assertEquals(-Errno.ETIMEDOUT, z.connect(fd, TARGET));
        long waited = now() - t0;
        assertTrue(waited >= CONNECT_TIMEOUT_MS && waited <= CONNECT_TIMEOUT_MS + SLACK_MS, "waited " + waited);
        assertEquals(List.of("greeting 05 01 00"), proxy.log);
        assertEquals(0, z.close(fd));
        assertEquals(0, a.tcpConnectionsInUse());
    }

    @Test
    @DisplayName("SOCKS-11 no proxy listening: the TCP error itself (ECONNREFUSED)")
    void noProxyListeningIsRefused() {
        int fd = proxiedSocket();
        assertEquals(-Errno.ECONNREFUSED, z.connect(fd, TARGET));
        assertEquals(0, z.close(fd));
        assertEquals(List.of(), echo.peers);
    }

    @Test
    @DisplayName("SOCKS-12 option values: short, other family or malformed credentials are EINVAL; get is ENOPROTOOPT")
    void optionValidation() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        byte[] v = Socks5Option.of("198.18.0.2", 1080);
        assertEquals(-Errno.EINVAL, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, v, 0, 7));
        byte[] v6 = v.clone();
        v6[0] = (byte) Zsock.AF_INET6;
        assertEquals(-Errno.EINVAL, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, v6, 0, 8));
        byte[] creds = Socks5Option.of("198.18.0.2", 1080, "alice", "pw");
        assertEquals(-Errno.EINVAL, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, creds, 0, creds.length - 1));
        assertEquals(-Errno.EINVAL, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, v, 0, 0));
        byte[] sockaddr24 = java.util.Arrays.copyOf(v, 24);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, sockaddr24, 0, 24));
        int[] out = {0};
        assertEquals(-Errno.ENOPROTOOPT, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, out));
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("SOCKS-13 sockets without SO_SOCKS5 on the same stack are unaffected after a proxied one closes")
    void plainSocketAfterProxiedOneConnectsDirectly() {
        startProxy(new Socks5TestServer(b, 1080));
        int fd = proxiedSocket();
        assertEquals(0, z.connect(fd, TARGET));
        assertEquals(0, z.close(fd));
        int plain = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        assertEquals(0, z.connect(plain, TARGET));
        assertEquals("HELLO\n", recvExactly(plain, BANNER.length));
        assertEcho(plain, "direct");
        assertEquals(List.of("198.18.0.2", "198.18.0.1"), echo.peers);
        assertEquals(0, z.close(plain));
    }

    /** Port-7 echo server on host C that first sends {@link #BANNER} and records each peer's address. */
    static final class EchoTarget implements AutoCloseable {
        private final Zsock z;
        private final int port;
        private int listener;
        private Thread acceptor;
        final List<String> peers = new CopyOnWriteArrayList<>();

        EchoTarget(Zsock z, int port) {
            this.z = z;
            this.port = port;
        }

        EchoTarget start() {
            listener = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
            assertEquals(0, z.bind(listener, SockAddr.parse("0.0.0.0", port)));
            assertEquals(0, z.listen(listener, 4));
            acceptor = new Thread(this::acceptLoop, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return this;
        }

        private void acceptLoop() {
            while (true) {
                SockAddr p = new SockAddr();
                int fd = z.accept(listener, p);
                if (fd < 0) {
                    return;
                }
                peers.add(p.toString().substring(0, p.toString().indexOf(':')));
                Thread t = new Thread(() -> serve(fd), "echo-session");
                t.setDaemon(true);
                t.start();
            }
        }

        private void serve(int fd) {
            z.send(fd, BANNER, 0, BANNER.length, 0);
            byte[] buf = new byte[512];
            while (true) {
                int n = z.recv(fd, buf, 0, buf.length, 0);
                if (n <= 0) {
                    break;
                }
                z.send(fd, buf, 0, n, 0);
            }
            z.close(fd);
        }

        @Override
        public void close() throws InterruptedException {
            z.close(listener);
            acceptor.join(2000);
        }
    }
}
