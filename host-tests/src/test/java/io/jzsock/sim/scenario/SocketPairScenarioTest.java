package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zephyr's {@code tests/net/socket/socketpair} (SP-01..SP-12 in spec/zsock-scenarios.md) through the
 * public API, on the real clock. Zephyr allows poll 10 ms of fuzz; CI machines get {@link #SLACK}.
 */
class SocketPairScenarioTest {
    private static final long SLACK = 150;
    private static final byte[] MSG = "Hello, socketpair(2) world!".getBytes(StandardCharsets.US_ASCII);

    private NetStack stack;
    private Zsock z;
    private int bufSize;
    private final int[] sv = {-1, -1};

    @BeforeEach
    void start() {
        NetConfig cfg = NetConfig.defaults();
        bufSize = cfg.socketPairBuffer;
        stack = NetStack.start(cfg);
        z = stack.zsock();
        assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int poll1(int fd, int events, int timeoutMs, PollFd[] out) {
        out[0] = new PollFd(fd, events);
        return z.poll(out, 1, timeoutMs);
    }

    private void fill(int fd) {
        for (int i = 0; i < bufSize; i++) {
            assertEquals(1, z.send(fd, new byte[] {'x'}, 0, 1, 0));
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private static CompletableFuture<Integer> later(long delayMs, java.util.function.IntSupplier op) {
        return CompletableFuture.supplyAsync(() -> {
            sleep(delayMs);
            return op.getAsInt();
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static int await(CompletableFuture<Integer> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void sp01BadFamilyTypeProtocolOrVectorFailWithZephyrsErrno() {
        int[] v = {-1, -1};
        assertEquals(-Errno.EAFNOSUPPORT, z.socketpair(Zsock.AF_INET, Zsock.SOCK_STREAM, 0, v));
        assertEquals(-Errno.EPROTOTYPE, z.socketpair(Zsock.AF_UNIX, 42, 0, v));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_0, v));
        assertEquals(-Errno.EFAULT, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, null));
        assertArrayEquals(new int[] {-1, -1}, v);
    }

    @Test
    void sp02WriteAfterCloseIsEpipeAndReadDrainsThenReturnsEof() {
        for (int i = 0; i < 2; i++) {
            int other = sv[1 - i];
            assertEquals(0, z.close(sv[i]));
            assertEquals(-Errno.EPIPE, z.send(other, new byte[] {'x'}, 0, 1, 0));
            assertEquals(0, z.close(other));
            assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
        }
        for (int i = 0; i < 2; i++) {
            int other = sv[1 - i];
            assertEquals(2, z.send(sv[i], new byte[] {'x', 'x'}, 0, 2, 0));
            assertEquals(0, z.close(sv[i]));
            byte[] xx = new byte[16];
            assertEquals(2, z.recv(other, xx, 0, xx.length, 0));
            assertEquals(0, z.recv(other, xx, 0, xx.length, 0));
            assertEquals(0, z.close(other));
            assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
        }
    }

    private void pollTimesOut(boolean nonblocking) {
        if (nonblocking) {
            int flags = z.fcntl(sv[0], Zsock.F_GETFL, 0);
            assertEquals(0, z.fcntl(sv[0], Zsock.F_SETFL, flags | Zsock.O_NONBLOCK));
            assertEquals(0, z.fcntl(sv[1], Zsock.F_SETFL, flags | Zsock.O_NONBLOCK));
        }
        PollFd[] fds = new PollFd[1];
        long t0 = now();
        assertEquals(0, poll1(sv[0], Zsock.POLLIN, 1, fds));
        assertTrue(now() - t0 < 1 + SLACK);
        fill(sv[0]);
        t0 = now();
        assertEquals(0, poll1(sv[0], Zsock.POLLOUT, 1, fds));
        assertTrue(now() - t0 < 1 + SLACK);
        assertEquals(0, fds[0].revents);
    }

    @Test
    void sp03PollTimeoutIsTheSameForBlockingEnds() {
        pollTimesOut(false);
    }

    @Test
    void sp03PollTimeoutIsTheSameForNonblockingEnds() {
        pollTimesOut(true);
    }

    @Test
    void sp04ClosingTheRemoteWhilePollingPollinGivesPollinAndEof() throws Exception {
        PollFd[] fds = new PollFd[1];
        CompletableFuture<Integer> closer = later(200, () -> z.close(sv[1]));
        assertEquals(1, poll1(sv[0], Zsock.POLLIN, -1, fds));
        assertEquals(Zsock.POLLIN, fds[0].revents & Zsock.POLLIN);
        assertEquals(0, await(closer));
        assertEquals(0, z.recv(sv[0], new byte[1], 0, 1, 0));
    }

    @Test
    void sp04ClosingTheRemoteWhilePollingPolloutGivesPollhupAndEpipe() throws Exception {
        fill(sv[0]);
        PollFd[] fds = new PollFd[1];
        CompletableFuture<Integer> closer = later(200, () -> z.close(sv[1]));
        assertEquals(1, poll1(sv[0], Zsock.POLLOUT, -1, fds));
        assertEquals(Zsock.POLLHUP, fds[0].revents & Zsock.POLLHUP);
        assertEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertEquals(0, await(closer));
        assertEquals(-Errno.EPIPE, z.send(sv[0], new byte[] {'x'}, 0, 1, 0));
    }

    @Test
    void sp05ZeroTimeoutWithReadyFdsReturnsTheirCount() {
        PollFd[] fds = new PollFd[2];
        assertEquals(1, poll1(sv[0], Zsock.POLLOUT, 0, fds));
        assertNotEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertEquals(1, z.send(sv[0], new byte[] {'x'}, 0, 1, 0));
        assertEquals(1, poll1(sv[1], Zsock.POLLIN, 0, fds));
        assertNotEquals(0, fds[0].revents & Zsock.POLLIN);
        fds[0] = new PollFd(sv[0], Zsock.POLLOUT);
        fds[1] = new PollFd(sv[1], Zsock.POLLIN);
        assertEquals(2, z.poll(fds, 2, 0));
        assertNotEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertNotEquals(0, fds[1].revents & Zsock.POLLIN);
    }

    @Test
    void sp06DataArrivingAfter100msWakesA5sPollEarlyInBothDirections() throws Exception {
        PollFd[] fds = new PollFd[1];
        long t0 = now();
        CompletableFuture<Integer> writer = later(100, () -> z.send(sv[1], new byte[] {'x'}, 0, 1, 0));
        assertEquals(1, poll1(sv[0], Zsock.POLLIN, 5000, fds));
        long waited = now() - t0;
        assertNotEquals(0, fds[0].revents & Zsock.POLLIN);
        assertTrue(waited >= 90 && waited < 100 + SLACK, "POLLIN poll waited " + waited + " ms");
        assertEquals(1, await(writer));

        fill(sv[0]);
        t0 = now();
        CompletableFuture<Integer> reader = later(100, () -> z.recv(sv[1], new byte[1], 0, 1, 0));
        assertEquals(1, poll1(sv[0], Zsock.POLLOUT, 5000, fds));
        waited = now() - t0;
        assertNotEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertTrue(waited >= 90 && waited < 100 + SLACK, "POLLOUT poll waited " + waited + " ms");
        assertEquals(1, await(reader));
    }

    @Test
    void sp07PollinFollowsDataAndPolloutFollowsPeerSpace() {
        PollFd[] fds = new PollFd[1];
        assertEquals(0, poll1(sv[1], Zsock.POLLIN, 0, fds));
        assertEquals(0, fds[0].revents & Zsock.POLLIN);
        assertEquals(1, z.send(sv[0], new byte[] {'x'}, 0, 1, 0));
        long t0 = now();
        assertEquals(1, poll1(sv[1], Zsock.POLLIN, 1000, fds));
        assertNotEquals(0, fds[0].revents & Zsock.POLLIN);
        assertTrue(now() - t0 < 100);
        assertEquals(1, z.recv(sv[1], new byte[1], 0, 1, 0));
        assertEquals(0, poll1(sv[1], Zsock.POLLIN, 0, fds));

        t0 = now();
        assertEquals(1, poll1(sv[0], Zsock.POLLOUT, 1000, fds));
        assertNotEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertTrue(now() - t0 < 100);
        fill(sv[0]);
        assertEquals(0, poll1(sv[0], Zsock.POLLOUT, 0, fds));
        assertEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertEquals(1, z.recv(sv[1], new byte[1], 0, 1, 0));
        t0 = now();
        assertEquals(1, poll1(sv[0], Zsock.POLLOUT, 1000, fds));
        assertNotEquals(0, fds[0].revents & Zsock.POLLOUT);
        assertTrue(now() - t0 < 100);
    }

    @Test
    void sp08HappyPathBothDirectionsWithEveryCallForm() {
        for (int family : new int[] {Zsock.AF_UNIX, Zsock.AF_LOCAL}) {
            assertEquals(0, z.close(sv[0]));
            assertEquals(0, z.close(sv[1]));
            assertEquals(0, z.socketpair(family, Zsock.SOCK_STREAM, 0, sv));
            for (int i = 0; i < 2; i++) {
                int tx = sv[i];
                int rx = sv[1 - i];
                byte[] got = new byte[32];

                assertEquals(MSG.length, z.send(tx, MSG, 0, MSG.length, 0));
                assertEquals(MSG.length, z.recv(rx, got, 0, got.length, 0));
                assertArrayEquals(MSG, Arrays.copyOf(got, MSG.length));

                assertEquals(MSG.length, z.sendto(tx, MSG, 0, MSG.length, 0, null));
                Arrays.fill(got, (byte) 0);
                SockAddr src = new SockAddr();
                assertEquals(MSG.length, z.recvfrom(rx, got, 0, got.length, 0, src));
                assertArrayEquals(MSG, Arrays.copyOf(got, MSG.length));
                assertEquals(0, src.length());

                MsgHdr out = new MsgHdr(1).iov(0, MSG, 0, MSG.length);
                assertEquals(MSG.length, z.sendmsg(tx, out, 0));
                Arrays.fill(got, (byte) 0);
                assertEquals(MSG.length, z.recv(rx, got, 0, got.length, 0));
                assertArrayEquals(MSG, Arrays.copyOf(got, MSG.length));

                MsgHdr gather = new MsgHdr(2).iov(0, MSG, 0, 7).iov(1, MSG, 7, MSG.length - 7);
                assertEquals(MSG.length, z.sendmsg(tx, gather, 0));
                byte[] head = new byte[7];
                byte[] tail = new byte[32];
                MsgHdr scatter = new MsgHdr(2).iov(0, head, 0, head.length).iov(1, tail, 0, tail.length);
                assertEquals(MSG.length, z.recvmsg(rx, scatter, 0));
                assertArrayEquals(Arrays.copyOf(MSG, 7), head);
                assertArrayEquals(Arrays.copyOfRange(MSG, 7, MSG.length), Arrays.copyOf(tail, MSG.length - 7));
            }
        }
    }

    @Test
    void sp09NonblockingEmptyReadAndFullWriteReturnEagain() {
        for (int i = 0; i < 2; i++) {
            int flags = z.fcntl(sv[i], Zsock.F_GETFL, 0);
            assertEquals(0, z.fcntl(sv[i], Zsock.F_SETFL, flags | Zsock.O_NONBLOCK));
            assertEquals(-Errno.EAGAIN, z.recv(sv[i], new byte[1], 0, 1, 0));
        }
        assertEquals(0, z.close(sv[0]));
        assertEquals(0, z.close(sv[1]));
        assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
        for (int i = 0; i < 2; i++) {
            fill(sv[i]);
            int flags = z.fcntl(sv[i], Zsock.F_GETFL, 0);
            assertEquals(0, z.fcntl(sv[i], Zsock.F_SETFL, flags | Zsock.O_NONBLOCK));
            assertEquals(-Errno.EAGAIN, z.send(sv[i], new byte[] {'x'}, 0, 1, 0));
        }
    }

    @Test
    void sp10BlockingReadIsReleasedByAWriterThread() throws Exception {
        for (int i = 0; i < 2; i++) {
            int peer = sv[1 - i];
            CompletableFuture<Integer> writer = later(100, () -> z.send(peer, new byte[] {'x'}, 0, 1, 0));
            long t0 = now();
            byte[] x = new byte[1];
            assertEquals(1, z.recv(sv[i], x, 0, 1, 0));
            assertEquals('x', x[0]);
            assertTrue(now() - t0 >= 90);
            assertEquals(1, await(writer));
        }
    }

    @Test
    void sp10BlockingWriteIsReleasedByAReaderThread() throws Exception {
        for (int i = 0; i < 2; i++) {
            int peer = sv[1 - i];
            fill(sv[i]);
            CompletableFuture<Integer> reader = later(100, () -> z.recv(peer, new byte[1], 0, 1, 0));
            long t0 = now();
            assertEquals(1, z.send(sv[i], new byte[] {'x'}, 0, 1, 0));
            assertTrue(now() - t0 >= 90);
            assertEquals(1, await(reader));
        }
    }

    @Test
    void closingAnFdWhileAnotherThreadIsBlockedInRecvReturnsEintr() throws Exception {
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> z.recv(sv[0], new byte[1], 0, 1, 0));
        sleep(100);
        assertEquals(0, z.close(sv[0]));
        assertEquals(-Errno.EINTR, await(blocked));
        assertEquals(-Errno.EBADF, z.recv(sv[0], new byte[1], 0, 1, 0));
    }

    @Test
    void sp11FcntlGetsAndSetsONonblock() {
        int flags = z.fcntl(sv[0], Zsock.F_GETFL, 0);
        assertEquals(0, flags & Zsock.O_NONBLOCK);
        assertEquals(0, z.fcntl(sv[0], Zsock.F_SETFL, flags | Zsock.O_NONBLOCK));
        assertEquals(Zsock.O_NONBLOCK, z.fcntl(sv[0], Zsock.F_GETFL, 0) ^ flags);
    }

    @Test
    void sp12FionreadCountsBufferedBytes() {
        int[] avail = {42};
        for (int i = 0; i < 2; i++) {
            avail[0] = 42;
            assertEquals(0, z.ioctl(sv[i], Zsock.FIONREAD, avail));
            assertEquals(0, avail[0]);
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(1, z.send(sv[i], new byte[] {0x42}, 0, 1, 0));
            assertEquals(0, z.ioctl(sv[1 - i], Zsock.FIONREAD, avail));
            assertEquals(1, avail[0]);
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(1, z.recv(sv[i], new byte[1], 0, 1, 0));
            assertEquals(0, z.ioctl(sv[i], Zsock.FIONREAD, avail));
            assertEquals(0, avail[0]);
        }
    }

    @Test
    void unsupportedCallsGiveZephyrsErrno() {
        SockAddr addr = new SockAddr().setFamily(Zsock.AF_UNIX);
        for (int fd : sv) {
            assertEquals(-Errno.EISCONN, z.bind(fd, addr));
            assertEquals(-Errno.EISCONN, z.connect(fd, addr));
            assertEquals(-Errno.EINVAL, z.listen(fd, 1));
            assertEquals(-Errno.EOPNOTSUPP, z.accept(fd, addr));
        }
    }
}
