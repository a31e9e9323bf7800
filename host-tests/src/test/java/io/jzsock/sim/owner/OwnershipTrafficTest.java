package io.jzsock.sim.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two owners of one stack (host 1, ownership on) talk to host 2 over the virtual switch: A a TCP bulk
 * transfer, B a UDP echo. Releasing one in the middle of its traffic leaves the other's traffic byte
 * exact to the end, and host 1's packet pool full once everything is closed.
 */
class OwnershipTrafficTest {
    private static final int TCP_PORT = 5001;
    private static final int UDP_PORT = 7;
    private static final int BULK = 4 * 1024 * 1024;
    private static final int ECHOES = 3000;
    private static final int TIMEOUT_S = 60;

    /** A thread per task: the four loops block, so a pool sized by the CPUs would run them in turn. */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private SimNetwork net;
    private NetStack host;
    private NetStack peer;
    private final Object appA = new Object();
    private final Object appB = new Object();
    private Zsock a;
    private Zsock b;
    private Zsock p;

    @BeforeEach
    void twoHosts() {
        net = new SimNetwork(23);
        NetConfig cfg = OwnedStack.config();
        host = net.addHost(1, cfg, SystemClock.INSTANCE);
        peer = net.addHost(2);
        a = host.zsock(appA);
        b = host.zsock(appB);
        p = peer.zsock();
    }

    @AfterEach
    void close() throws Exception {
        net.close();
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        assertNull(host.netThreadFailure());
        assertNull(peer.netThreadFailure());
    }

    @Test
    void releasingTheTcpOwnerMidTransferLeavesTheUdpEchoExact() throws Exception {
        Bulk bulk = startBulk();
        Echo echo = startEcho();
        bulk.progress(BULK / 4);
        echo.progress(ECHOES / 4);

        assertEquals(1, host.release(appA), "A holds its one connection");

        assertEquals(ECHOES, echo.done.get(TIMEOUT_S, TimeUnit.SECONDS), "B's echo goes on to the last byte");
        long sent = bulk.sender.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(sent == -Errno.EBADF || sent == -Errno.EINTR, "A's blocked send ends: " + Errno.name((int) -sent));
        long received = bulk.receiver.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(received >= BULK / 4 && received < BULK, "the peer read an exact prefix, then EOF: " + received);
        assertEquals(0, b.close(echo.fd));
        assertPoolFull();
    }

    @Test
    void releasingTheUdpOwnerMidEchoLeavesTheTcpTransferExact() throws Exception {
        Bulk bulk = startBulk();
        Echo echo = startEcho();
        echo.progress(ECHOES / 4);

        assertEquals(1, host.release(appB));

        long r = echo.done.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(r == -Errno.EINTR || r == -Errno.EBADF, "B's echo loop ends: " + Errno.name((int) -r));
        assertEquals(BULK, bulk.sender.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(0, a.close(bulk.fd), "A's FIN ends the peer's reading");
        assertEquals(BULK, bulk.receiver.get(TIMEOUT_S, TimeUnit.SECONDS), "every byte in order (checked on read)");
        assertPoolFull();
    }

    private void assertPoolFull() throws InterruptedException {
        long until = System.currentTimeMillis() + 5000;
        while (host.freePacketBuffers() < host.packetBuffers() && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertEquals(host.packetBuffers(), host.freePacketBuffers(), "host 1's pool is full again");
        assertEquals(0, host.openFds());
    }

    /** A's connection to the peer: the sender writes BULK bytes of i mod 251, the peer's reader checks each. */
    private Bulk startBulk() {
        int l = p.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, p.bind(l, SockAddr.parse("0.0.0.0", TCP_PORT)));
        assertEquals(0, p.listen(l, 1));
        int fd = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, a.connect(fd, SockAddr.parse(SimNetwork.address(2), TCP_PORT)));
        int in = p.accept(l, null);
        assertTrue(in >= 0);
        p.close(l);
        Bulk bulk = new Bulk(fd);
        bulk.sender = CompletableFuture.supplyAsync(() -> {
            byte[] chunk = new byte[1460];
            long off = 0;
            while (off < BULK) {
                int n = (int) Math.min(chunk.length, BULK - off);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ((off + i) % 251);
                }
                int w = a.send(fd, chunk, 0, n, 0);
                if (w < 0) {
                    return (long) w;
                }
                off += w;
            }
            return off;
        }, threads);
        bulk.receiver = CompletableFuture.supplyAsync(() -> {
            byte[] buf = new byte[2048];
            long off = 0;
            while (true) {
                int n = p.recv(in, buf, 0, buf.length, 0);
                if (n <= 0) {
                    p.close(in);
                    return off;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] != (byte) ((off + i) % 251)) {
                        throw new AssertionError("byte " + (off + i) + " differs");
                    }
                }
                off += n;
                bulk.read.set(off);
            }
        }, threads);
        return bulk;
    }

    /** The peer echoes; B sends ECHOES datagrams, each numbered, and checks every echo byte for byte. */
    private Echo startEcho() {
        int srv = p.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, p.bind(srv, SockAddr.parse("0.0.0.0", UDP_PORT)));
        int fd = b.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, b.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000));
        Echo echo = new Echo(fd);
        CompletableFuture.runAsync(() -> {
            byte[] buf = new byte[1500];
            SockAddr from = new SockAddr();
            while (true) {
                int n = p.recvfrom(srv, buf, 0, buf.length, 0, from);
                if (n < 0) {
                    return;
                }
                p.sendto(srv, buf, 0, n, 0, from);
            }
        }, threads);
        SockAddr to = SockAddr.parse(SimNetwork.address(2), UDP_PORT);
        echo.done = CompletableFuture.supplyAsync(() -> {
            byte[] out = new byte[200];
            byte[] in = new byte[1500];
            for (int i = 0; i < ECHOES; i++) {
                for (int j = 0; j < out.length; j++) {
                    out[j] = (byte) (i * 7 + j);
                }
                int len = 1 + i % out.length;
                int w = b.sendto(fd, out, 0, len, 0, to);
                if (w < 0) {
                    return (long) w;
                }
                int n = b.recv(fd, in, 0, in.length, 0);
                if (n < 0) {
                    return (long) n;
                }
                assertEquals(len, n, "echo " + i);
                for (int j = 0; j < n; j++) {
                    assertEquals(out[j], in[j], "echo " + i + " byte " + j);
                }
                echo.count.set(i + 1);
            }
            return (long) ECHOES;
        }, threads);
        return echo;
    }

    private static final class Bulk {
        final int fd;
        final AtomicLong read = new AtomicLong();
        CompletableFuture<Long> sender;
        CompletableFuture<Long> receiver;

        Bulk(int fd) {
            this.fd = fd;
        }

        void progress(long bytes) throws InterruptedException {
            waitFor(read, bytes);
        }
    }

    private static final class Echo {
        final int fd;
        final AtomicLong count = new AtomicLong();
        CompletableFuture<Long> done;

        Echo(int fd) {
            this.fd = fd;
        }

        void progress(long echoes) throws InterruptedException {
            waitFor(count, echoes);
        }
    }

    private static void waitFor(AtomicLong v, long target) throws InterruptedException {
        long until = System.currentTimeMillis() + TIMEOUT_S * 1000L;
        while (v.get() < target) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("stuck at " + v.get() + " of " + target);
            }
            Thread.sleep(1);
        }
    }
}
