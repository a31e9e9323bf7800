package io.jzsock.sim.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may use an fd under socket ownership (Zephyr's USERSPACE object permissions): the owner that
 * opened it, owners it was granted to, and the supervisor; anyone else gets exactly what a bad fd
 * gets (get_sock_vtable's -EBADF, poll's POLLNVAL, getContextObject's null). Three owners share one
 * loopback stack.
 */
class OwnershipAccessTest {
    private static final int PORT = 7300;

    private final NetStack stack = OwnedStack.start();
    private final Object appA = new Object();
    private final Object appB = new Object();
    private final Object appC = new Object();
    private final Zsock a = stack.zsock(appA);
    private final Zsock b = stack.zsock(appB);
    private final Zsock c = stack.zsock(appC);
    private final Zsock kernel = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
        assertNull(stack.netThreadFailure());
    }

    @Test
    void everyCallOnAnotherOwnersFdIsEbadf() {
        int fd = a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertTrue(fd >= 0);
        assertEquals(0, a.bind(fd, SockAddr.parse("127.0.0.1", PORT)));
        for (Zsock other : new Zsock[] {b, c}) {
            assertAllBad(other, fd);
        }
        assertEquals(3, a.sendto(fd, new byte[3], 0, 3, 0, SockAddr.parse("127.0.0.1", PORT)));
        byte[] got = new byte[8];
        assertEquals(3, a.recv(fd, got, 0, got.length, Zsock.MSG_DONTWAIT), "the owner still uses it");
        assertEquals(0, kernel.getsockname(fd, new SockAddr()), "the supervisor uses every fd");
        assertEquals(0, a.close(fd));
    }

    @Test
    void createdFdsBelongToTheirCreatorAcceptedAndSocketpairIncluded() {
        int l = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, a.bind(l, SockAddr.parse("127.0.0.1", PORT)));
        assertEquals(0, a.listen(l, 2));
        int cb = b.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, b.connect(cb, SockAddr.parse("127.0.0.1", PORT)), "B's own socket connects to A's port");
        assertEquals(-Errno.EBADF, b.accept(l, null), "but B cannot accept on A's listener");
        int acc = a.accept(l, null);
        assertTrue(acc >= 0);
        assertAllBad(b, acc);
        assertAllBad(a, cb);
        assertEquals(5, b.send(cb, "hello".getBytes(), 0, 5, 0));
        byte[] got = new byte[5];
        assertEquals(5, a.recv(acc, got, 0, 5, 0));
        assertEquals("hello", new String(got));

        int[] sv = new int[2];
        assertEquals(0, c.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
        assertAllBad(a, sv[0]);
        assertAllBad(b, sv[1]);
        assertEquals(1, c.send(sv[0], new byte[] {7}, 0, 1, 0));
        assertEquals(1, c.recv(sv[1], got, 0, 1, 0));
        for (int fd : new int[] {l, acc}) {
            assertEquals(0, a.close(fd));
        }
        assertEquals(0, b.close(cb));
        assertEquals(0, c.close(sv[0]));
        assertEquals(0, c.close(sv[1]));
        assertEquals(0, stack.openFds());
    }

    @Test
    void grantLetsOneOwnerInAndRevokeShutsItOutAgain() {
        int fd = a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, a.bind(fd, SockAddr.parse("127.0.0.1", PORT)));
        Object h = a.getContextObject(fd);
        assertNotNull(h);
        assertSame(h, kernel.getContextObject(fd), "one object per socket, whoever asks");
        assertEquals(-Errno.EBADF, b.grant(h, appB), "B cannot grant itself what it has no access to");
        assertEquals(0, a.grant(h, appB));
        assertNotNull(b.getContextObject(fd));
        assertEquals(0, b.getsockname(fd, new SockAddr()));
        assertEquals(2, b.sendto(fd, new byte[] {1, 2}, 0, 2, 0, SockAddr.parse("127.0.0.1", PORT)));
        assertEquals(2, a.recv(fd, new byte[4], 0, 4, Zsock.MSG_DONTWAIT));
        assertAllBad(c, fd);
        assertEquals(0, b.grant(h, appC), "a granted owner may grant on, as with k_object_access_grant");
        assertEquals(0, c.getsockname(fd, new SockAddr()));
        assertEquals(0, a.revoke(h, appB));
        assertEquals(0, a.revoke(h, appB), "revoking what is not granted is no error");
        assertAllBad(b, fd);
        assertEquals(0, c.getsockname(fd, new SockAddr()), "C's own grant stays");
        assertEquals(-Errno.EINVAL, c.revoke(h, appA), "the owner's access is not a grant");
        assertEquals(-Errno.EBADF, a.grant(new Object(), appB), "not a context object");
        assertEquals(-Errno.EINVAL, a.grant(h, null));
        assertEquals(0, a.close(fd));
        assertNull(a.getContextObject(fd), "a closed fd has no context object");
        assertEquals(-Errno.EBADF, a.grant(h, appB), "nor grants");
        int reused = b.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(fd, reused, "the lowest free fd again");
        assertAllBad(c, reused);
        assertEquals(-Errno.EBADF, c.grant(h, appC), "grants died with the socket they were for");
        assertEquals(0, b.close(reused));
    }

    @Test
    void grantAndRevokeWhileAnotherThreadIsBlockedInRecv() throws Exception {
        int fd = a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, a.bind(fd, SockAddr.parse("127.0.0.1", PORT)));
        SockAddr self = SockAddr.parse("127.0.0.1", PORT);
        Object h = a.getContextObject(fd);
        CompletableFuture<Integer> ownerRecv = CompletableFuture.supplyAsync(
                () -> a.recv(fd, new byte[16], 0, 16, 0));
        Thread.sleep(100);
        assertFalse(ownerRecv.isDone(), "A blocks in recv");
        assertEquals(0, a.grant(h, appB));
        assertEquals(3, b.sendto(fd, new byte[3], 0, 3, 0, self), "B, granted meanwhile, sends on A's fd");
        assertEquals(3, ownerRecv.get(5, TimeUnit.SECONDS), "A's blocked recv gets B's datagram");

        CompletableFuture<Integer> grantedRecv = CompletableFuture.supplyAsync(
                () -> b.recv(fd, new byte[16], 0, 16, 0));
        Thread.sleep(100);
        assertFalse(grantedRecv.isDone(), "B blocks in recv on A's fd");
        assertEquals(0, a.revoke(h, appB));
        assertEquals(-Errno.EBADF, b.recv(fd, new byte[16], 0, 16, Zsock.MSG_DONTWAIT), "B's next call is refused");
        assertFalse(grantedRecv.isDone(), "the call already blocked goes on (Zephyr checks on entry)");
        assertEquals(4, kernel.sendto(fd, new byte[4], 0, 4, 0, self));
        assertEquals(4, grantedRecv.get(5, TimeUnit.SECONDS));
        assertEquals(-Errno.EBADF, b.recv(fd, new byte[16], 0, 16, Zsock.MSG_DONTWAIT));
        assertEquals(0, a.close(fd));
    }

    @Test
    void ownershipOffIsTodaysSharedFdTable() {
        NetStack plain = NetStack.start(NetConfig.defaults());
        try {
            Object app = new Object();
            Zsock z = plain.zsock(app);
            assertSame(plain.zsock(), z, "no per-owner views");
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            Object h = plain.zsock().getContextObject(fd);
            assertNotNull(h);
            assertEquals(0, z.grant(h, new Object()));
            assertEquals(-Errno.ENOENT, plain.release(app));
            assertEquals(0, plain.owners());
            assertEquals(0, z.close(fd));
        } finally {
            plain.stop();
        }
    }

    @Test
    void viewsAreOnePerOwnerAndTheTableIsBounded() {
        assertSame(a, stack.zsock(appA));
        Object d = new Object();
        stack.zsock(d);
        assertEquals(4, stack.owners());
        try {
            stack.zsock(new Object());
            throw new AssertionError("a fifth owner fits no table of maxOwners = 4");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("maxOwners"));
        }
        assertEquals(-Errno.ENOMEM, a.grant(a.getContextObject(a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0)),
                new Object()), "nor a grant to a fifth");
    }

    /** other gets for fd exactly what a bad fd gets. */
    private static void assertAllBad(Zsock other, int fd) {
        byte[] buf = new byte[4];
        SockAddr sa = SockAddr.parse("127.0.0.1", PORT + 1);
        assertEquals(-Errno.EBADF, other.bind(fd, sa));
        assertEquals(-Errno.EBADF, other.connect(fd, sa));
        assertEquals(-Errno.EBADF, other.listen(fd, 1));
        assertEquals(-Errno.EBADF, other.accept(fd, null));
        assertEquals(-Errno.EBADF, other.send(fd, buf, 0, 4, 0));
        assertEquals(-Errno.EBADF, other.sendto(fd, buf, 0, 4, 0, sa));
        assertEquals(-Errno.EBADF, other.recv(fd, buf, 0, 4, Zsock.MSG_DONTWAIT));
        assertEquals(-Errno.EBADF, other.recvfrom(fd, buf, 0, 4, Zsock.MSG_DONTWAIT, null));
        MsgHdr msg = new MsgHdr();
        assertEquals(-Errno.EBADF, other.sendmsg(fd, msg, 0));
        assertEquals(-Errno.EBADF, other.recvmsg(fd, msg, Zsock.MSG_DONTWAIT));
        assertEquals(-Errno.EBADF, other.shutdown(fd, Zsock.SHUT_RDWR));
        assertEquals(-Errno.EBADF, other.fcntl(fd, Zsock.F_GETFL, 0));
        assertEquals(-Errno.EBADF, other.ioctl(fd, Zsock.FIONREAD, new int[1]));
        assertEquals(-Errno.EBADF, other.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, 1));
        assertEquals(-Errno.EBADF, other.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_TYPE, new int[1]));
        assertEquals(-Errno.EBADF, other.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, buf, 0, 4));
        assertEquals(-Errno.EBADF, other.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_TYPE, buf, 0, new int[] {4}));
        assertEquals(-Errno.EBADF, other.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {1}, 1));
        assertEquals(-Errno.EBADF, other.getsockname(fd, new SockAddr()));
        assertEquals(-Errno.EBADF, other.getpeername(fd, new SockAddr()));
        assertNull(other.getContextObject(fd));
        PollFd[] set = {new PollFd()};
        set[0].fd = fd;
        set[0].events = Zsock.POLLIN | Zsock.POLLOUT;
        assertEquals(1, other.poll(set, 1, 0));
        assertEquals(Zsock.POLLNVAL, set[0].revents);
        FdSet r = new FdSet();
        r.set(fd);
        assertEquals(-Errno.EBADF, other.select(fd + 1, r, null, null, 0));
        assertEquals(-Errno.EBADF, other.close(fd), "close last: the fd must still be open for its owner");
    }
}
