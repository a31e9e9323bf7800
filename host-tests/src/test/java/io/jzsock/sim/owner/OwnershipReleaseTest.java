package io.jzsock.sim.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * stack.release(owner), what a board's adapter calls when a sandboxed application stops: every fd
 * of that owner closes as close() would (RST under SO_LINGER 0, FIN otherwise), its blocked calls
 * return -EINTR, its ports and multicast memberships are freed, its view fails, and nothing of
 * another owner changes.
 */
class OwnershipReleaseTest {
    private static final SockAddr KERNEL_PORT = SockAddr.parse("127.0.0.1", 7400);
    private static final SockAddr UDP_A = SockAddr.parse("127.0.0.1", 7401);
    private static final SockAddr LISTEN_A = SockAddr.parse("127.0.0.1", 7402);
    private static final SockAddr UDP_B = SockAddr.parse("127.0.0.1", 7403);

    private final NetStack stack = OwnedStack.start();
    private final Zsock kernel = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
        assertNull(stack.netThreadFailure());
    }

    @Test
    void releaseClosesEveryFdOfTheOwnerAndNoOther() throws Exception {
        Object appA = new Object();
        Object appB = new Object();
        Zsock a = stack.zsock(appA);
        Zsock b = stack.zsock(appB);
        int kl = kernel.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, kernel.bind(kl, KERNEL_PORT));
        assertEquals(0, kernel.listen(kl, 4));

        int ua = a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, a.bind(ua, UDP_A));
        int la = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, a.bind(la, LISTEN_A));
        assertEquals(0, a.listen(la, 1));
        int abort = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        linger(a, abort, 1, 0);
        assertEquals(0, a.connect(abort, KERNEL_PORT));
        int kAbort = kernel.accept(kl, null);
        int orderly = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, a.connect(orderly, KERNEL_PORT));
        int kOrderly = kernel.accept(kl, null);
        int[] sv = new int[2];
        assertEquals(0, a.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));

        int ub = b.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, b.bind(ub, UDP_B));
        int tb = b.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, b.connect(tb, KERNEL_PORT));
        int kb = kernel.accept(kl, null);
        Object grantedToA = b.getContextObject(ub);
        assertEquals(0, b.grant(grantedToA, appA));

        CompletableFuture<Integer> recv = CompletableFuture.supplyAsync(() -> a.recv(ua, new byte[8], 0, 8, 0));
        CompletableFuture<Integer> accept = CompletableFuture.supplyAsync(() -> a.accept(la, null));
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            PollFd[] set = {new PollFd(sv[0], Zsock.POLLIN)};
            return a.poll(set, 1, -1);
        });
        Thread.sleep(150);
        assertFalse(recv.isDone() || accept.isDone() || poll.isDone(), "three calls of A blocked");
        int open = stack.openFds();

        assertEquals(6, stack.release(appA), "UDP, listener, two connections, the socketpair's two ends");

        assertEquals(-Errno.EINTR, recv.get(5, TimeUnit.SECONDS));
        assertEquals(-Errno.EINTR, accept.get(5, TimeUnit.SECONDS));
        assertEquals(-Errno.EINTR, poll.get(5, TimeUnit.SECONDS));
        assertEquals(open - 6, stack.openFds());
        byte[] buf = new byte[8];
        assertEquals(-Errno.ECONNRESET, kernel.recv(kAbort, buf, 0, 8, 0), "SO_LINGER {1, 0}: RST");
        assertEquals(0, kernel.recv(kOrderly, buf, 0, 8, 0), "default linger: FIN, the peer reads EOF");
        assertEquals(-Errno.EPERM, a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0), "a released view creates nothing");
        assertEquals(-Errno.EBADF, a.getsockname(ub, new SockAddr()), "and its grants are gone");
        assertEquals(1, stack.owners());

        int u2 = kernel.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, kernel.bind(u2, UDP_A), "A's UDP port is free");
        int l2 = kernel.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, kernel.bind(l2, LISTEN_A), "and its listen port");
        assertEquals(0, kernel.listen(l2, 1));

        assertEquals(3, b.sendto(ub, new byte[] {1, 2, 3}, 0, 3, 0, UDP_B), "B's sockets are untouched");
        assertEquals(3, b.recv(ub, buf, 0, 8, 0));
        assertEquals(2, b.send(tb, new byte[] {4, 5}, 0, 2, 0));
        assertEquals(2, kernel.recv(kb, buf, 0, 8, 0));

        Zsock again = stack.zsock(appA);
        assertNotSame(a, again, "a released owner comes back with a new view");
        int fresh = again.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertTrue(fresh >= 0);
        assertEquals(-Errno.EBADF, a.close(fresh), "the old view is not the new one");
        assertEquals(1, stack.release(appA));
        assertEquals(-Errno.ENOENT, stack.release(appA), "released twice");
        assertEquals(-Errno.ENOENT, stack.release(new Object()), "never registered");
    }

    @Test
    void theOwnersMulticastMembershipsAreLeft() {
        VirtualClock clock = new VirtualClock(1000);
        NetStack s = NetStack.create(OwnedStack.config(), clock, new SeededEntropy(17));
        try {
            RawPeer peer = new RawPeer();
            VirtualNic nic = new VirtualNic(new byte[] {0x02, 0, 0, 0, 0, 0x01});
            VirtualWire.connect(nic, peer.nic);
            peer.nic.setPromiscuous(true);
            s.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
            Object app = new Object();
            Zsock z = s.zsock(app);
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            int group = 0xEF010203;
            byte[] mreq = new byte[8];
            OptionCodec.putIpv4(mreq, 0, group);
            OptionCodec.putIpv4(mreq, 4, 0xC6120001);
            assertEquals(0, z.setsockopt(fd, Zsock.IPPROTO_IP, Zsock.IP_ADD_MEMBERSHIP, mreq, 0, 8));
            assertEquals(IgmpHeader.TYPE_V2_REPORT, igmpType(peer.next()));

            assertEquals(1, s.release(app));
            byte[] leave = peer.next();
            assertEquals(IgmpHeader.TYPE_LEAVE, igmpType(leave), "RFC 2236 §3: the last member leaves");
            assertEquals(group, IgmpHeader.group(leave, EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN
                    + Ipv4Header.ROUTER_ALERT_LEN));
        } finally {
            s.stop();
        }
    }

    @Test
    void aResolverMapsEachThreadToItsApplication() throws Exception {
        Map<Thread, Object> appOfThread = new ConcurrentHashMap<>();
        stack.setOwnerResolver(() -> appOfThread.get(Thread.currentThread()));
        Object appA = new Object();
        Object appB = new Object();
        int fdA = inThreadOf(appOfThread, appA, () -> kernel.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0));
        assertTrue(fdA >= 0);
        assertEquals(-Errno.EBADF, inThreadOf(appOfThread, appB, () -> kernel.getsockname(fdA, new SockAddr())),
                "B's thread, through the same plain view, may not use A's fd");
        assertEquals(0, inThreadOf(appOfThread, appA, () -> kernel.bind(fdA, UDP_A)));
        assertEquals(0, kernel.getsockname(fdA, new SockAddr()), "a thread of no application is the supervisor");
        assertEquals(2, stack.owners(), "owners register as their threads first call");
        assertEquals(1, stack.release(appA));
        assertEquals(-Errno.EBADF, kernel.getsockname(fdA, new SockAddr()));
    }

    @Test
    void thousandCyclesOfOwnersOpeningSocketsAndBeingReleasedLeakNothing() {
        int kl = kernel.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, kernel.bind(kl, KERNEL_PORT));
        assertEquals(0, kernel.listen(kl, 2));
        int fdsBefore = stack.openFds();
        for (int cycle = 0; cycle < 1000; cycle++) {
            Object app = new Object();
            Zsock z = stack.zsock(app);
            int u = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(0, z.bind(u, UDP_A), "cycle " + cycle + ": the last owner's port was freed");
            assertEquals(1, z.sendto(u, new byte[] {(byte) cycle}, 0, 1, 0, UDP_A), "an unread datagram");
            int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, z.bind(l, LISTEN_A));
            assertEquals(0, z.listen(l, 1));
            int c = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            linger(z, c, 1, 0);
            assertEquals(0, z.connect(c, KERNEL_PORT));
            assertEquals(3, z.send(c, new byte[3], 0, 3, 0));
            int k = kernel.accept(kl, null);
            int[] sv = new int[2];
            assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
            assertEquals(5, stack.release(app), "cycle " + cycle);
            assertEquals(0, kernel.close(k));
        }
        assertEquals(fdsBefore, stack.openFds());
        assertEquals(0, stack.owners());
        long until = System.currentTimeMillis() + 5000;
        while ((stack.tcpConnectionsInUse() > 1 || stack.freePacketBuffers() < stack.packetBuffers())
                && System.currentTimeMillis() < until) {
            Thread.onSpinWait();
        }
        assertEquals(1, stack.tcpConnectionsInUse(), "only the kernel's listener: RSTs leave no TIME_WAIT");
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "every buffer back in the pool");
    }

    private static int igmpType(byte[] frame) {
        assertTrue(frame != null && Ipv4Header.protocol(frame, EthernetFrame.HEADER_LEN) == Ipv4Header.PROTO_IGMP);
        return IgmpHeader.type(frame, EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN + Ipv4Header.ROUTER_ALERT_LEN);
    }

    private static void linger(Zsock z, int fd, int on, int seconds) {
        byte[] v = new byte[8];
        OptionCodec.putInt(v, 0, on);
        OptionCodec.putInt(v, 4, seconds);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_LINGER, v, 0, 8));
    }

    private interface Call {
        int run();
    }

    private static int inThreadOf(Map<Thread, Object> appOfThread, Object app, Call call) throws Exception {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            appOfThread.put(Thread.currentThread(), app);
            try {
                f.complete(call.run());
            } finally {
                appOfThread.remove(Thread.currentThread());
            }
        });
        t.start();
        return f.get(5, TimeUnit.SECONDS);
    }
}
