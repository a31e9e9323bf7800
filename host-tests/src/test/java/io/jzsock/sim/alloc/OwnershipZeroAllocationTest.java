package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 with socket ownership on: the per-call owner check, poll over owned and granted fds,
 * getContextObject, and UDP and TCP traffic between two owners of one stack allocate nothing. One
 * thread drives a stack on virtual time over loopback, non-blocking.
 */
@Tag("alloc")
class OwnershipZeroAllocationTest {
    private static final int WARM_UP = 30_000;
    private static final int WINDOW = 10_000;
    private static final int MESSAGE = 64;

    @Test
    void trafficBetweenTwoOwnersAndTheirChecksAllocateNothing() throws Exception {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetConfig cfg = NetConfig.defaults();
        cfg.socketOwnership = true;
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(5));
        Object appA = new Object();
        Object appB = new Object();
        Zsock a = stack.zsock(appA);
        Zsock b = stack.zsock(appB);
        SockAddr portA = SockAddr.parse("127.0.0.1", 7501);
        SockAddr portB = SockAddr.parse("127.0.0.1", 7502);
        int ua = a.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, a.bind(ua, portA));
        int ub = b.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, b.bind(ub, portB));
        assertEquals(0, a.grant(a.getContextObject(ua), appB));
        int l = b.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, b.bind(l, SockAddr.parse("127.0.0.1", 7503)));
        assertEquals(0, b.listen(l, 1));
        int ta = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, a.fcntl(ta, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        a.connect(ta, SockAddr.parse("127.0.0.1", 7503));
        stack.poll(clock.nowMillis());
        int tb = b.accept(l, null);
        assertTrue(tb >= 0, "accepted: " + tb);
        assertEquals(0, b.fcntl(tb, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        byte[] out = new byte[MESSAGE];
        byte[] in = new byte[MESSAGE];
        SockAddr from = new SockAddr();
        PollFd[] set = {new PollFd(ua, Zsock.POLLIN), new PollFd(ta, Zsock.POLLOUT), new PollFd(tb, Zsock.POLLIN)};
        List<String> windows = ThreadAllocations.ofWorker("alloc-owners", n -> {
            for (int i = 0; i < n; i++) {
                out[0] = (byte) i;
                check(MESSAGE, a.sendto(ua, out, 0, MESSAGE, 0, portB));
                check(MESSAGE, b.recvfrom(ub, in, 0, MESSAGE, Zsock.MSG_DONTWAIT, from));
                check(MESSAGE, b.sendto(ub, in, 0, MESSAGE, 0, portA));
                check(1, a.poll(set, 1, 0));
                check(MESSAGE, b.recv(ua, in, 0, MESSAGE, Zsock.MSG_DONTWAIT));
                check(MESSAGE, a.send(ta, out, 0, MESSAGE, 0));
                stack.poll(clock.nowMillis());
                check(MESSAGE, b.recv(tb, in, 0, MESSAGE, Zsock.MSG_DONTWAIT));
                check(-Errno.EBADF, b.send(ta, out, 0, MESSAGE, 0));
                if (a.getContextObject(ua) == null) {
                    throw new AssertionError("A's own fd");
                }
                clock.advance(1);
                stack.poll(clock.nowMillis());
            }
        }, WARM_UP, WINDOW, 120_000);
        System.out.println("bytes allocated per " + WINDOW + "-round window of two owners' traffic: " + windows);
        assertEquals(5, stack.openFds(), "two UDP sockets, the listener, both ends of the connection");
        stack.stop();
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers());
    }

    private static void check(int expected, int got) {
        if (got != expected) {
            throw new AssertionError("expected " + expected + ", got " + got);
        }
    }
}
