package io.jzsock.net.sock;

import io.jzsock.net.AllocationProbe;
import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.AF_LOCAL;
import static io.jzsock.net.ZsockConstants.AF_UNIX;
import static io.jzsock.net.ZsockConstants.FIONBIO;
import static io.jzsock.net.ZsockConstants.FIONREAD;
import static io.jzsock.net.ZsockConstants.F_GETFL;
import static io.jzsock.net.ZsockConstants.F_SETFL;
import static io.jzsock.net.ZsockConstants.IPPROTO_TLS_1_0;
import static io.jzsock.net.ZsockConstants.MSG_DONTWAIT;
import static io.jzsock.net.ZsockConstants.MSG_PEEK;
import static io.jzsock.net.ZsockConstants.O_NONBLOCK;
import static io.jzsock.net.ZsockConstants.POLLHUP;
import static io.jzsock.net.ZsockConstants.POLLIN;
import static io.jzsock.net.ZsockConstants.POLLOUT;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static io.jzsock.net.ZsockConstants.SOCK_RAW;
import static io.jzsock.net.ZsockConstants.SOCK_STREAM;
import static io.jzsock.net.ZsockConstants.SOL_SOCKET;
import static io.jzsock.net.ZsockConstants.SO_RCVTIMEO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketPairsTest {
    private static final int BUF = 64;
    private static final byte[] MSG = "Hello, socketpair(2) world!".getBytes(StandardCharsets.US_ASCII);

    private final Object monitor = new Object();
    private final Waiter waiter = new Waiter(monitor, SystemClock.INSTANCE);
    private FdTable fds;
    private SocketPairs pairs;
    private int a;
    private int b;

    @BeforeEach
    void setUp() {
        fds = new FdTable(16);
        pairs = new SocketPairs(2, BUF, fds, waiter);
        int[] sv = {-1, -1};
        assertEquals(0, locked(() -> pairs.create(AF_UNIX, SOCK_STREAM, 0, sv)));
        a = fds.obj(sv[0]);
        b = fds.obj(sv[1]);
    }

    private <T> T locked(Callable<T> c) {
        synchronized (monitor) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private int write(int obj, byte[] data) {
        return locked(() -> pairs.sendto(obj, data, 0, data.length, 0, null));
    }

    private int write(int obj, int n) {
        return write(obj, new byte[n]);
    }

    private int read(int obj, byte[] into, int flags) {
        return locked(() -> pairs.recvfrom(obj, into, 0, into.length, flags, null));
    }

    private int poll(int obj) {
        return locked(() -> pairs.pollEvents(obj));
    }

    private int close(int obj) {
        return locked(() -> pairs.close(obj));
    }

    private int fionread(int obj) {
        int[] n = {-1};
        assertEquals(0, locked(() -> pairs.ioctl(obj, FIONREAD, n)));
        return n[0];
    }

    @Test
    void createRejectsBadFamilyTypeProtocolAndVectorInZephyrOrder() {
        int[] sv = {-1, -1};
        assertEquals(-Errno.EAFNOSUPPORT, pairs.create(AF_INET, SOCK_STREAM, 0, sv));
        assertEquals(-Errno.EAFNOSUPPORT, pairs.create(AF_INET, 42, IPPROTO_TLS_1_0, null));
        assertEquals(-Errno.EPROTOTYPE, pairs.create(AF_UNIX, 42, 0, sv));
        assertEquals(-Errno.EPROTOTYPE, pairs.create(AF_UNIX, SOCK_DGRAM, 0, sv));
        assertEquals(-Errno.EPROTOTYPE, pairs.create(AF_UNIX, SOCK_RAW, 0, sv));
        assertEquals(-Errno.EPROTONOSUPPORT, pairs.create(AF_UNIX, SOCK_STREAM, IPPROTO_TLS_1_0, sv));
        assertEquals(-Errno.EFAULT, pairs.create(AF_UNIX, SOCK_STREAM, 0, null));
        assertEquals(-Errno.EFAULT, pairs.create(AF_UNIX, SOCK_STREAM, 0, new int[1]));
        assertArrayEquals(new int[] {-1, -1}, sv);
        assertEquals(2, fds.openCount());
        assertEquals(1, pairs.pairsInUse());
    }

    @Test
    void createBindsTheTwoLowestFreeFdsToTheTwoEndsOfOnePair() {
        int[] sv = {-1, -1};
        assertEquals(0, pairs.create(AF_LOCAL, SOCK_STREAM, 0, sv));
        assertArrayEquals(new int[] {2, 3}, sv);
        assertEquals(pairs, fds.ops(2));
        assertEquals(fds.obj(2) ^ 1, fds.obj(3));
        assertEquals(2, pairs.pairsInUse());
    }

    @Test
    void createWithoutAFreePairReturnsEnomemAndTakesNoFd() {
        int[] sv = {-1, -1};
        assertEquals(0, pairs.create(AF_UNIX, SOCK_STREAM, 0, sv));
        assertEquals(-Errno.ENOMEM, pairs.create(AF_UNIX, SOCK_STREAM, 0, new int[2]));
        assertEquals(4, fds.openCount());
    }

    @Test
    void createWithOneFreeFdReturnsEnfileAndKeepsNothing() {
        FdTable small = new FdTable(3);
        SocketPairs p = new SocketPairs(4, BUF, small, waiter);
        int[] sv = {-1, -1};
        assertEquals(0, p.create(AF_UNIX, SOCK_STREAM, 0, sv));
        assertEquals(-Errno.ENFILE, p.create(AF_UNIX, SOCK_STREAM, 0, new int[2]));
        assertEquals(2, small.openCount());
        assertEquals(1, p.pairsInUse());
        assertEquals(null, small.ops(2));
    }

    @Test
    void pairSlotIsFreeOnlyOnceBothEndsAreClosed() {
        int[] sv = {-1, -1};
        assertEquals(0, pairs.create(AF_UNIX, SOCK_STREAM, 0, sv));
        assertEquals(0, close(a));
        assertEquals(2, pairs.pairsInUse());
        assertEquals(-Errno.ENOMEM, pairs.create(AF_UNIX, SOCK_STREAM, 0, new int[2]));
        assertEquals(0, close(b));
        assertEquals(1, pairs.pairsInUse());
        assertEquals(0, pairs.create(AF_UNIX, SOCK_STREAM, 0, new int[2]));
    }

    @Test
    void reusedPairStartsEmptyAndBlocking() {
        assertEquals(2, write(a, 2));
        assertEquals(0, locked(() -> pairs.fcntl(b, F_SETFL, O_NONBLOCK)));
        close(a);
        close(b);
        fds.free(0);
        fds.free(1);
        int[] sv = {-1, -1};
        assertEquals(0, pairs.create(AF_UNIX, SOCK_STREAM, 0, sv));
        int c = fds.obj(sv[0]);
        int d = fds.obj(sv[1]);
        assertEquals(0, fionread(c));
        assertEquals(0, fionread(d));
        assertEquals(0, pairs.fcntl(d, F_GETFL, 0));
    }

    @Test
    void writeAfterPeerClosedReturnsEpipeInBothDirections() {
        for (int side = 0; side < 2; side++) {
            setUp();
            int closing = side == 0 ? a : b;
            int other = closing ^ 1;
            assertEquals(0, close(closing));
            assertEquals(-Errno.EPIPE, write(other, 1));
            MsgHdr m = new MsgHdr(1).iov(0, new byte[1], 0, 1);
            assertEquals(-Errno.EPIPE, locked(() -> pairs.sendmsg(other, m, 0)));
        }
    }

    @Test
    void readAfterPeerClosedReturnsBufferedBytesThenEof() {
        for (int side = 0; side < 2; side++) {
            setUp();
            int closing = side == 0 ? a : b;
            int other = closing ^ 1;
            assertEquals(2, write(closing, new byte[] {'x', 'x'}));
            assertEquals(0, close(closing));
            byte[] xx = new byte[16];
            assertEquals(2, read(other, xx, 0));
            assertEquals('x', xx[1]);
            assertEquals(0, read(other, xx, 0));
            assertEquals(0, read(other, xx, 0));
        }
    }

    @Test
    void closeDiscardsTheClosedEndsUnreadBytes() {
        assertEquals(3, write(a, 3));
        assertEquals(0, close(b));
        assertEquals(-Errno.EPIPE, write(a, 1));
        assertEquals(-Errno.EBADF, close(b));
    }

    @Test
    void pollReportsPolloutAtCreationAndPollinOnlyOnceDataIsBuffered() {
        assertEquals(POLLOUT, poll(a));
        assertEquals(POLLOUT, poll(b));
        assertEquals(1, write(a, 1));
        assertEquals(POLLIN | POLLOUT, poll(b));
        assertEquals(POLLOUT, poll(a));
        assertEquals(1, read(b, new byte[1], 0));
        assertEquals(POLLOUT, poll(b));
    }

    @Test
    void pollDropsPolloutWhenPeerRingIsFullAndRestoresItAfterOneByteIsRead() {
        for (int i = 0; i < BUF; i++) {
            assertEquals(1, write(a, 1));
        }
        assertEquals(0, poll(a));
        assertEquals(POLLIN | POLLOUT, poll(b));
        assertEquals(1, read(b, new byte[1], 0));
        assertEquals(POLLOUT, poll(a));
    }

    @Test
    void pollReportsPollinAndPollhupButNotPolloutOncePeerIsClosed() {
        for (int i = 0; i < BUF; i++) {
            assertEquals(1, write(a, 1));
        }
        assertEquals(0, close(b));
        assertEquals(POLLIN | POLLHUP, poll(a));
        assertEquals(0, read(a, new byte[1], 0));
        assertEquals(-Errno.EPIPE, write(a, 1));
    }

    @Test
    void happyPathCarriesDataBothWaysWithEveryCallForm() {
        for (int i = 0; i < 2; i++) {
            int tx = i == 0 ? a : b;
            int rxEnd = tx ^ 1;
            byte[] got = new byte[32];

            assertEquals(MSG.length, write(tx, MSG));
            assertEquals(MSG.length, read(rxEnd, got, 0));
            assertArrayEquals(MSG, Arrays.copyOf(got, MSG.length));

            SockAddr src = SockAddr.ipv4(0xc0000201, 80);
            assertEquals(MSG.length, locked(() -> pairs.sendto(tx, MSG, 0, MSG.length, 0, SockAddr.ipv4(0x0a000001, 1))));
            Arrays.fill(got, (byte) 0);
            assertEquals(MSG.length, locked(() -> pairs.recvfrom(rxEnd, got, 0, got.length, 0, src)));
            assertArrayEquals(MSG, Arrays.copyOf(got, MSG.length));
            assertEquals(0, src.length());

            MsgHdr out = new MsgHdr(2).iov(0, MSG, 0, 10).iov(1, MSG, 10, MSG.length - 10);
            assertEquals(MSG.length, locked(() -> pairs.sendmsg(tx, out, 0)));
            byte[] first = new byte[5];
            byte[] rest = new byte[40];
            MsgHdr in = new MsgHdr(2).iov(0, first, 0, 5).iov(1, rest, 3, 30);
            assertEquals(MSG.length, locked(() -> pairs.recvmsg(rxEnd, in, 0)));
            assertArrayEquals(Arrays.copyOf(MSG, 5), first);
            assertArrayEquals(Arrays.copyOfRange(MSG, 5, MSG.length), Arrays.copyOfRange(rest, 3, 3 + MSG.length - 5));
            assertEquals(5, in.iovLen[0]);
            assertEquals(30, in.iovLen[1]);
        }
    }

    @Test
    void recvmsgFillsSlicesInOrderAndLeavesTheRestBuffered() {
        assertEquals(MSG.length, write(a, MSG));
        byte[] x = new byte[4];
        byte[] y = new byte[4];
        MsgHdr in = new MsgHdr(2).iov(0, x, 0, 4).iov(1, y, 0, 4);
        assertEquals(8, locked(() -> pairs.recvmsg(b, in, 0)));
        assertArrayEquals(Arrays.copyOfRange(MSG, 4, 8), y);
        assertEquals(MSG.length - 8, fionread(b));
    }

    @Test
    void recvmsgRejectsMissingHeaderAndVector() {
        assertEquals(-Errno.EINVAL, locked(() -> pairs.recvmsg(b, null, 0)));
        assertEquals(-Errno.ENOMEM, locked(() -> pairs.recvmsg(b, new MsgHdr(), 0)));
        assertEquals(-Errno.EINVAL, locked(() -> pairs.sendmsg(a, null, 0)));
    }

    @Test
    void msgPeekLeavesBytesQueued() {
        assertEquals(3, write(a, new byte[] {1, 2, 3}));
        byte[] got = new byte[8];
        assertEquals(3, read(b, got, MSG_PEEK));
        assertEquals(3, fionread(b));
        MsgHdr in = new MsgHdr(1).iov(0, new byte[2], 0, 2);
        assertEquals(2, locked(() -> pairs.recvmsg(b, in, MSG_PEEK)));
        assertEquals(3, fionread(b));
        assertEquals(3, read(b, got, 0));
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(got, 3));
        assertEquals(0, fionread(b));
    }

    @Test
    void writeLargerThanFreeSpaceWritesWhatFits() {
        assertEquals(BUF, write(a, BUF + 36));
        assertEquals(BUF, fionread(b));
    }

    @Test
    void nonblockingReadOfEmptyEndReturnsEagain() {
        for (int obj : new int[] {a, b}) {
            int flags = locked(() -> pairs.fcntl(obj, F_GETFL, 0));
            assertEquals(0, locked(() -> pairs.fcntl(obj, F_SETFL, flags | O_NONBLOCK)));
            assertEquals(-Errno.EAGAIN, read(obj, new byte[1], 0));
            assertEquals(-Errno.EAGAIN, locked(() -> pairs.recvmsg(obj, new MsgHdr(1).iov(0, new byte[1], 0, 1), 0)));
        }
    }

    @Test
    void nonblockingWriteToFullPeerReturnsEagain() {
        for (int obj : new int[] {a, b}) {
            for (int k = 0; k < BUF; k++) {
                assertEquals(1, write(obj, 1));
            }
            assertEquals(0, locked(() -> pairs.fcntl(obj, F_SETFL, O_NONBLOCK)));
            assertEquals(-Errno.EAGAIN, write(obj, 1));
        }
    }

    @Test
    void msgDontwaitMakesOneCallNonblocking() {
        assertEquals(-Errno.EAGAIN, read(b, new byte[1], MSG_DONTWAIT));
        assertEquals(BUF, write(a, BUF));
        assertEquals(-Errno.EAGAIN, locked(() -> pairs.sendto(a, new byte[1], 0, 1, MSG_DONTWAIT, null)));
        assertEquals(0, pairs.fcntl(a, F_GETFL, 0));
    }

    @Test
    void nonblockingSendmsgLargerThanFreeSpaceReturnsEmsgsizeAndWritesNothing() {
        assertEquals(BUF - 4, write(a, BUF - 4));
        MsgHdr m = new MsgHdr(2).iov(0, new byte[3], 0, 3).iov(1, new byte[3], 0, 3);
        assertEquals(-Errno.EMSGSIZE, locked(() -> pairs.sendmsg(a, m, MSG_DONTWAIT)));
        assertEquals(BUF - 4, fionread(b));
        MsgHdr fits = new MsgHdr(2).iov(0, new byte[2], 0, 2).iov(1, new byte[0], 0, 0);
        assertEquals(2, locked(() -> pairs.sendmsg(a, fits, MSG_DONTWAIT)));
        assertEquals(0, locked(() -> pairs.sendmsg(a, new MsgHdr(), 0)));
    }

    @Test
    void fcntlGetsAndSetsOnlyONonblock() {
        assertEquals(0, locked(() -> pairs.fcntl(a, F_GETFL, 0)));
        assertEquals(0, locked(() -> pairs.fcntl(a, F_SETFL, O_NONBLOCK)));
        assertEquals(O_NONBLOCK, locked(() -> pairs.fcntl(a, F_GETFL, 0)));
        assertEquals(0, locked(() -> pairs.fcntl(b, F_GETFL, 0)));
        assertEquals(0, locked(() -> pairs.fcntl(a, F_SETFL, 0)));
        assertEquals(0, locked(() -> pairs.fcntl(a, F_GETFL, 0)));
        assertEquals(-Errno.EOPNOTSUPP, locked(() -> pairs.fcntl(a, 1, 0)));
    }

    @Test
    void fionreadCountsBytesBufferedForEachEnd() {
        assertEquals(0, fionread(a));
        assertEquals(0, fionread(b));
        assertEquals(1, write(a, new byte[] {0x42}));
        assertEquals(1, fionread(b));
        assertEquals(1, write(b, new byte[] {0x42}));
        assertEquals(1, fionread(a));
        assertEquals(1, read(a, new byte[1], 0));
        assertEquals(0, fionread(a));
        assertEquals(1, read(b, new byte[1], 0));
        assertEquals(0, fionread(b));
    }

    @Test
    void fionbioSetsAndClearsNonblockAndOtherIoctlsAreUnsupported() {
        assertEquals(0, locked(() -> pairs.ioctl(a, FIONBIO, new int[] {1})));
        assertEquals(O_NONBLOCK, pairs.fcntl(a, F_GETFL, 0));
        assertEquals(0, locked(() -> pairs.ioctl(a, FIONBIO, new int[] {0})));
        assertEquals(0, pairs.fcntl(a, F_GETFL, 0));
        assertEquals(-Errno.EOPNOTSUPP, locked(() -> pairs.ioctl(a, 0x1234, new int[1])));
    }

    @Test
    void addressingCallsOptionsAndShutdownGiveZephyrsAnswers() {
        SockAddr addr = new SockAddr().setFamily(AF_UNIX);
        for (int obj : new int[] {a, b}) {
            assertEquals(-Errno.EISCONN, pairs.bind(obj, addr));
            assertEquals(-Errno.EISCONN, pairs.connect(obj, addr));
            assertEquals(-Errno.EINVAL, pairs.listen(obj, 1));
            assertEquals(-Errno.EOPNOTSUPP, pairs.accept(obj, addr));
            assertEquals(-Errno.ENOTSUP, pairs.shutdown(obj, 0));
            assertEquals(-Errno.EOPNOTSUPP, pairs.getsockname(obj, addr));
            assertEquals(-Errno.EOPNOTSUPP, pairs.getpeername(obj, addr));
            assertEquals(-Errno.ENOPROTOOPT, pairs.setsockopt(obj, SOL_SOCKET, SO_RCVTIMEO, 100));
            assertEquals(-Errno.ENOPROTOOPT, pairs.setsockopt(obj, SOL_SOCKET, SO_RCVTIMEO, new byte[8], 0, 8));
            assertEquals(-Errno.ENOPROTOOPT, pairs.getsockopt(obj, SOL_SOCKET, SO_RCVTIMEO, new int[1]));
            assertEquals(-Errno.ENOPROTOOPT,
                    pairs.getsockopt(obj, SOL_SOCKET, SO_RCVTIMEO, new byte[8], 0, new int[] {8}));
        }
    }

    @Test
    void zeroLengthReadOrWriteReturnsEinvalAsZephyr() {
        assertEquals(-Errno.EINVAL, write(a, 0));
        assertEquals(-Errno.EINVAL, read(b, new byte[0], 0));
    }

    /** Runs op on a new thread and returns once that thread waits on the monitor. */
    private Thread startBlocked(Callable<Integer> op, AtomicReference<Integer> result) throws InterruptedException {
        Thread t = new Thread(() -> result.set(locked(op)));
        t.setDaemon(true);
        t.start();
        long end = System.nanoTime() + 5_000_000_000L;
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < end, "operation did not block");
            Thread.sleep(1);
        }
        return t;
    }

    private static int join(Thread t, AtomicReference<Integer> result) throws InterruptedException {
        t.join(5000);
        assertTrue(!t.isAlive(), "blocked operation was not released");
        return result.get();
    }

    @Test
    void blockingReadIsReleasedByAWriterThread() throws Exception {
        for (int obj : new int[] {a, b}) {
            AtomicReference<Integer> r = new AtomicReference<>();
            byte[] got = new byte[4];
            Thread t = startBlocked(() -> pairs.recvfrom(obj, got, 0, got.length, 0, null), r);
            Thread.sleep(100);
            assertTrue(t.isAlive());
            Thread writer = new Thread(() -> write(obj ^ 1, new byte[] {'x'}));
            writer.start();
            writer.join();
            assertEquals(1, join(t, r));
            assertEquals('x', got[0]);
        }
    }

    @Test
    void blockingWriteIsReleasedByAReaderThreadAndWritesWhatFits() throws Exception {
        assertEquals(BUF, write(a, BUF));
        AtomicReference<Integer> r = new AtomicReference<>();
        Thread t = startBlocked(() -> pairs.sendto(a, new byte[3], 0, 3, 0, null), r);
        Thread reader = new Thread(() -> read(b, new byte[1], 0));
        reader.start();
        reader.join();
        assertEquals(1, join(t, r));
        assertEquals(BUF, fionread(b));
    }

    @Test
    void blockingSendmsgWaitsUntilEveryByteIsWritten() throws Exception {
        assertEquals(BUF - 2, write(a, BUF - 2));
        AtomicReference<Integer> r = new AtomicReference<>();
        MsgHdr m = new MsgHdr(2).iov(0, new byte[3], 0, 3).iov(1, new byte[3], 0, 3);
        Thread t = startBlocked(() -> pairs.sendmsg(a, m, 0), r);
        assertEquals(BUF, fionread(b));
        assertEquals(BUF, read(b, new byte[BUF], 0));
        assertEquals(6, join(t, r));
        assertEquals(4, fionread(b));
    }

    @Test
    void closingAnEndFromAnotherThreadInterruptsItsBlockedRead() throws Exception {
        AtomicReference<Integer> r = new AtomicReference<>();
        Thread t = startBlocked(() -> pairs.recvfrom(a, new byte[1], 0, 1, 0, null), r);
        assertEquals(0, close(a));
        assertEquals(-Errno.EINTR, join(t, r));
    }

    @Test
    void closingAnEndFromAnotherThreadInterruptsItsBlockedWrite() throws Exception {
        assertEquals(BUF, write(a, BUF));
        AtomicReference<Integer> r = new AtomicReference<>();
        Thread t = startBlocked(() -> pairs.sendto(a, new byte[1], 0, 1, 0, null), r);
        assertEquals(0, close(a));
        assertEquals(-Errno.EINTR, join(t, r));
    }

    @Test
    void blockedReadSeesEndOfStreamWhenThePeerCloses() throws Exception {
        AtomicReference<Integer> r = new AtomicReference<>();
        Thread t = startBlocked(() -> pairs.recvfrom(a, new byte[1], 0, 1, 0, null), r);
        assertEquals(0, close(b));
        assertEquals(0, join(t, r));
    }

    @Test
    void blockedWriteFailsWithEpipeWhenThePeerCloses() throws Exception {
        assertEquals(BUF, write(a, BUF));
        AtomicReference<Integer> r = new AtomicReference<>();
        Thread t = startBlocked(() -> pairs.sendto(a, new byte[1], 0, 1, 0, null), r);
        assertEquals(0, close(b));
        assertEquals(-Errno.EPIPE, join(t, r));
    }

    @Test
    void readWritePollAndIoctlAllocateNothing() {
        byte[] data = new byte[16];
        byte[] got = new byte[16];
        int[] arg = new int[1];
        MsgHdr out = new MsgHdr(2).iov(0, data, 0, 8).iov(1, data, 8, 8);
        MsgHdr in = new MsgHdr(2).iov(0, got, 0, 8).iov(1, got, 8, 8);
        SockAddr src = new SockAddr();
        long allocated = AllocationProbe.steadyState(() -> {
            synchronized (monitor) {
                for (int i = 0; i < 10_000; i++) {
                    pairs.sendto(a, data, 0, 16, 0, null);
                    pairs.pollEvents(b);
                    pairs.ioctl(b, FIONREAD, arg);
                    pairs.recvfrom(b, got, 0, 16, 0, src);
                    pairs.sendmsg(b, out, 0);
                    pairs.recvmsg(a, in, MSG_DONTWAIT);
                    pairs.recvfrom(a, got, 0, 16, MSG_DONTWAIT, null);
                }
            }
        }, 5);
        assertEquals(0, allocated);
    }
}
