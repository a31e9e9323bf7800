package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsConfig;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsSockets;
import io.jzsock.tls.bc.SelfSignedIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One running stack with the TLS kinds installed, shared by the TLS fuzz targets of a JVM (a handshake's
 * set-up costs far more than an input): every input opens its sockets on loopback and closes them, and
 * {@link #assertSettled} then checks that the fd table and the packet pool are back where they started and
 * that only TIME_WAITs are left of its connections.
 * Credentials: {@link #PSK_TAG} a PSK and identity, {@link #CERT_TAG} a self-signed P-256 certificate for
 * localhost and its key, {@link #CA_TAG} the same certificate as a CA (a client that verifies it).
 * The handshake timeout bounds a peer the fuzzer left silent (the targets never do: their peers end with a
 * FIN), in real time; it leaves room for the first handshakes of a JVM whose Bouncy Castle is being instrumented.
 */
final class TlsRig {
    static final int PSK_TAG = 1;
    static final int CERT_TAG = 2;
    static final int CA_TAG = 3;
    static final byte[] PSK = "0123456789abcdef".getBytes();
    static final byte[] PSK_ID = "jzsock-fuzz".getBytes();
    static final int HANDSHAKE_TIMEOUT_MS = 4000;
    /** How long (real time) an input's connections may take to release their buffers and fds after close. */
    private static final long SETTLE_MS = 5000;
    /** A fresh valid handshake every this many inputs (and on the first). */
    static final int CHECK_EVERY = 64;
    /** TIME_WAITs of the last inputs that may still be there (each lasts tcpTimeWaitMillis). */
    private static final int TIME_WAITS = 2;

    private static TlsRig rig;

    final NetStack stack;
    final Zsock z;
    final TlsSockets tls;
    private final int baselineFds;
    private int nextPort = 20000;
    private int inputs;

    private TlsRig() {
        NetConfig nc = NetConfig.defaults();
        nc.maxSockets = 16;
        nc.maxFds = 24;
        nc.maxTcpConnections = 16;
        nc.tcpRxBuffer = 16384;
        nc.tcpTxBuffer = 16384;
        nc.packetBuffers = 48;
        // the server side closes first after a failed handshake: its TIME_WAIT must not fill the table
        nc.tcpTimeWaitMillis = 20;
        nc.tcpConnectTimeoutMillis = 1000;
        stack = NetStack.start(nc, SystemClock.INSTANCE, new SeededEntropy(7));
        z = stack.zsock();
        CredentialConfig cc = CredentialConfig.defaults();
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(cc), cc);
        SelfSignedIdentity id;
        try {
            id = SelfSignedIdentity.create(new SeededEntropy(11), "localhost", new int[] {0x7f000001},
                    System.currentTimeMillis() - 3_600_000L, System.currentTimeMillis() + 86_400_000L);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        add(creds, PSK_TAG, TlsCredentials.PSK, PSK);
        add(creds, PSK_TAG, TlsCredentials.PSK_ID, PSK_ID);
        add(creds, CERT_TAG, TlsCredentials.SERVER_CERTIFICATE, id.certificate);
        add(creds, CERT_TAG, TlsCredentials.PRIVATE_KEY, id.privateKey);
        add(creds, CA_TAG, TlsCredentials.CA_CERTIFICATE, id.certificate);
        TlsConfig tc = TlsConfig.defaults();
        tc.maxStreamSockets = 6;
        tc.handshakeTimeoutMillis = HANDSHAKE_TIMEOUT_MS;
        tc.dtls.maxSockets = 3;
        tls = TlsSockets.install(stack, creds, tc, TlsSockets.NO_WALL_CLOCK);
        baselineFds = stack.openFds();
    }

    static synchronized TlsRig get() {
        if (rig == null) {
            rig = new TlsRig();
        }
        return rig;
    }

    private static void add(TlsCredentials creds, int tag, int type, byte[] b) {
        assertEquals(0, creds.add(tag, type, b, 0, b.length), "credential " + tag + "/" + type);
    }

    /** A loopback port no earlier input of this JVM used (so no TIME_WAIT of the last one is in the way). */
    int port() {
        nextPort = nextPort >= 60000 ? 20000 : nextPort + 1;
        return nextPort;
    }

    /** True on the first input (a warm-up before it) and every {@link #CHECK_EVERY}th after it. */
    boolean dueForCheck() {
        return inputs++ % CHECK_EVERY == 0;
    }

    /** Closes every fd that is not negative (a target's finally: a failed input must not leak into the next). */
    void closeAll(int... fdsToClose) {
        for (int fd : fdsToClose) {
            if (fd >= 0) {
                z.close(fd);
            }
        }
    }

    /** A zsock result that must be a value: never an exception, and negative only as an errno. */
    static int errnoOrCount(int r, String what) {
        assertTrue(r >= 0 || !"E?".equals(Errno.name(-r)), what + " returned " + r + ", not a count or an errno");
        return r;
    }

    int listenerTcp(int port) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertTrue(fd >= 0, "socket " + fd);
        assertEquals(0, z.bind(fd, SockAddr.parse("127.0.0.1", port)));
        assertEquals(0, z.listen(fd, 2));
        return fd;
    }

    /** A TLS stream listener with the tag on 127.0.0.1:port. */
    int listenerTls(int proto, int port, int tag) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, proto);
        assertTrue(fd >= 0, "TLS socket " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, z.bind(fd, SockAddr.parse("127.0.0.1", port)));
        assertEquals(0, z.listen(fd, 2));
        return fd;
    }

    /** A TLS stream client with the tag; a CA tag verifies the peer as localhost, others verify nothing. */
    int clientTls(int proto, int tag) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, proto);
        assertTrue(fd >= 0, "TLS socket " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        if (tag == CA_TAG) {
            assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_HOSTNAME, "localhost".getBytes(), 0, 9));
        } else {
            assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_PEER_VERIFY, Zsock.TLS_PEER_VERIFY_NONE));
        }
        return fd;
    }

    /** Waits up to ms for one of events on fd: the revents, 0 on timeout. */
    int pollOne(int fd, int events, int ms) {
        PollFd[] set = {new PollFd()};
        set[0].fd = fd;
        set[0].events = events;
        int r = errnoOrCount(z.poll(set, 1, ms), "poll");
        return r > 0 ? set[0].revents : 0;
    }

    /** Reads what fd has until EOF, an error or ms pass without a byte (non-blocking reads, poll waits). */
    byte[] drain(int fd, int ms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        while (pollOne(fd, Zsock.POLLIN, ms) != 0) {
            int n = errnoOrCount(z.recv(fd, b, 0, b.length, Zsock.MSG_DONTWAIT), "recv");
            if (n <= 0) {
                if (n == -Errno.EAGAIN) {
                    continue;
                }
                break;
            }
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }

    /** Sends all of b (blocking send); the count or the errno that stopped it. */
    int sendAll(int fd, byte[] b) {
        int off = 0;
        while (off < b.length) {
            int n = errnoOrCount(z.send(fd, b, off, b.length - off, 0), "send");
            if (n < 0) {
                return n;
            }
            off += n;
        }
        return off;
    }

    /** {@link #assertSettled(int)} allowing the TIME_WAIT an input's connection leaves behind. */
    void assertSettled() {
        assertSettled(TIME_WAITS);
    }

    /**
     * After an input's sockets are closed: within {@link #SETTLE_MS} every fd the input opened is free, every
     * packet buffer back in the pool, at most tcpLeft TCP connections (TIME_WAIT) left, and the net thread
     * alive. The wait is a poll of the counters (a sleep of 1 ms only while they are not there yet).
     */
    void assertSettled(int tcpLeft) {
        long end = System.currentTimeMillis() + SETTLE_MS;
        while (true) {
            assertEquals(null, stack.netThreadFailure(), "the net thread is alive");
            boolean fds = stack.openFds() == baselineFds;
            boolean pool = stack.freePacketBuffers() == stack.packetBuffers();
            boolean tcp = stack.tcpConnectionsInUse() <= tcpLeft;
            if (fds && pool && tcp) {
                return;
            }
            if (System.currentTimeMillis() > end) {
                fail("not settled after " + SETTLE_MS + " ms: fds " + stack.openFds() + " (baseline " + baselineFds
                        + "), free buffers " + stack.freePacketBuffers() + "/" + stack.packetBuffers() + ", "
                        + stack.describeTcp());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** A full TLS handshake and one round trip over loopback, client and server both jzsock. */
    void assertTlsStillServes(int proto, int serverTag, int clientTag) {
        assertSettled(0);
        int port = port();
        int l = listenerTls(proto, port, serverTag);
        CompletableFuture<Integer> acc = async(() -> {
            int fd = z.accept(l, null);
            if (fd < 0) {
                return fd;
            }
            byte[] b = new byte[8];
            int n = z.recv(fd, b, 0, b.length, 0);
            int s = n > 0 ? z.send(fd, b, 0, n, 0) : n;
            z.close(fd);
            return s;
        });
        int c = clientTls(proto, clientTag);
        assertEquals(0, z.connect(c, SockAddr.parse("127.0.0.1", port)), "a fresh handshake still completes");
        assertEquals(4, z.send(c, "ping".getBytes(), 0, 4, 0));
        byte[] echo = new byte[8];
        assertEquals(4, z.recv(c, echo, 0, echo.length, 0), "the echo");
        assertEquals(4, join(acc), "the server's side");
        z.close(c);
        z.close(l);
        assertSettled();
    }

    /** A DTLS 1.2 PSK handshake and one datagram each way, both ends jzsock. */
    void assertDtlsStillServes() {
        assertSettled(0);
        int port = port();
        int srv = dtlsServer(port, PSK_TAG);
        CompletableFuture<Integer> served = async(() -> {
            byte[] b = new byte[64];
            SockAddr from = new SockAddr();
            int n = z.recvfrom(srv, b, 0, b.length, 0, from);
            return n > 0 ? z.sendto(srv, b, 0, n, 0, from) : n;
        });
        int c = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertTrue(c >= 0, "DTLS socket " + c);
        assertEquals(0, z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {PSK_TAG}, 1));
        assertEquals(0, z.setsockopt(c, Zsock.SOL_TLS, Zsock.TLS_PEER_VERIFY, Zsock.TLS_PEER_VERIFY_NONE));
        assertEquals(0, z.connect(c, SockAddr.parse("127.0.0.1", port)), "a fresh DTLS handshake still completes");
        assertEquals(4, z.send(c, "ping".getBytes(), 0, 4, 0));
        assertEquals(4, join(served), "the server's side");
        assertEquals(4, z.recv(c, new byte[8], 0, 8, 0), "the echo");
        z.close(c);
        z.close(srv);
        assertSettled();
    }

    int dtlsServer(int port, int tag) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        assertTrue(fd >= 0, "DTLS socket " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_DTLS_ROLE, Zsock.TLS_DTLS_ROLE_SERVER));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, z.bind(fd, SockAddr.parse("127.0.0.1", port)));
        return fd;
    }

    /** Runs task on a thread of its own (a daemon: a hang fails the join, not the JVM's exit). */
    static <T> CompletableFuture<T> async(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "tls-fuzz-peer");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The task's result; fails (with its exception) if it threw or took longer than twice the handshake timeout. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(2L * HANDSHAKE_TIMEOUT_MS + SETTLE_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a zsock call did not return in bounded time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
