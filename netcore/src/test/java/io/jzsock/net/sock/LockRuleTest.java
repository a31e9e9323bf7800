package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.F_SETFL;
import static io.jzsock.net.ZsockConstants.MSG_DONTWAIT;
import static io.jzsock.net.ZsockConstants.O_NONBLOCK;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static io.jzsock.net.ZsockConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock rule: a kind that declares OUTSIDE_MONITOR is called without the stack's monitor, so
 * its long computation (a handshake's crypto) leaves the stack running; netcore's kinds are called
 * with it. Virtual time, no net thread: the test thread drives poll() itself.
 */
class LockRuleTest {
    private final VirtualClock clock = new VirtualClock(1000);
    private final NetConfig cfg = NetConfig.defaults();
    private final NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(7));
    private final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    private XorDatagramKind register(int lockRule) {
        XorDatagramKind k = new XorDatagramKind(stack.socketHost(), lockRule);
        stack.socketKinds().register(k, SocketKinds.PRIORITY_SECURE);
        return k;
    }

    private void poll() {
        stack.poll(clock.nowMillis());
    }

    @Test
    void netcoresKindsAndTheDefaultAreCalledWithTheMonitorHeld() {
        XorDatagramKind k = register(SocketOps.UNDER_MONITOR);
        AtomicBoolean held = new AtomicBoolean();
        k.crypto = () -> held.set(Thread.holdsLock(stack.socketHost().monitor()));
        int s = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        assertEquals(2, z.sendto(s, new byte[2], 0, 2, 0, SockAddr.parse("127.0.0.1", 9)));
        assertTrue(held.get());
    }

    @Test
    void anOutsideKindIsCalledWithoutTheMonitor() {
        XorDatagramKind k = register(SocketOps.OUTSIDE_MONITOR);
        AtomicBoolean held = new AtomicBoolean(true);
        k.crypto = () -> held.set(Thread.holdsLock(stack.socketHost().monitor()));
        int s = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        assertEquals(2, z.sendto(s, new byte[2], 0, 2, 0, SockAddr.parse("127.0.0.1", 9)));
        assertFalse(held.get());
        assertEquals(0, z.close(s));
        assertEquals(0, stack.openFds());
        assertFalse(k.inner[0].isOpen(), "close reached the kind after its fd was freed");
    }

    @Test
    void udpTrafficAndTcpTimersProgressWhileAnOutsideKindComputesInSend() throws Exception {
        XorDatagramKind k = register(SocketOps.OUTSIDE_MONITOR);
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        k.crypto = () -> {
            computing.countDown();
            try {
                // Held under the monitor, this send would stop the test thread below until it gives up.
                releasedByTheTest.set(done.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        int secure = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        int sink = z.socket(AF_INET, SOCK_DGRAM, 0);
        assertEquals(0, z.bind(sink, SockAddr.parse("127.0.0.1", 7100)));
        int timeWaiting = closedTcpConnectionInTimeWait();
        assertEquals(1, timeWaiting);

        AtomicInteger sent = new AtomicInteger(Integer.MIN_VALUE);
        Thread app = new Thread(() -> sent.set(z.sendto(secure, "slow".getBytes(), 0, 4, 0,
                SockAddr.parse("127.0.0.1", 7100))));
        app.start();
        assertTrue(computing.await(5, TimeUnit.SECONDS));

        int a = z.socket(AF_INET, SOCK_DGRAM, 0);
        int b = z.socket(AF_INET, SOCK_DGRAM, 0);
        assertEquals(0, z.bind(b, SockAddr.parse("127.0.0.1", 7101)));
        byte[] buf = new byte[8];
        for (int i = 0; i < 3; i++) {
            assertEquals(3, z.sendto(a, new byte[] {1, 2, (byte) i}, 0, 3, 0, SockAddr.parse("127.0.0.1", 7101)));
            assertEquals(3, z.recvfrom(b, buf, 0, buf.length, MSG_DONTWAIT, null));
            assertEquals(i, buf[2]);
        }
        clock.advance(cfg.tcpTimeWaitMillis + 1);
        poll();
        assertEquals(0, stack.tcpConnectionsInUse(), "TIME_WAIT expired while the kind computed");
        assertTrue(app.isAlive(), "all of it happened while the send was still computing");

        done.countDown();
        app.join(5000);
        assertTrue(releasedByTheTest.get(), "the test thread reached the end of the send's computation");
        assertEquals(4, sent.get());
        assertEquals(4, z.recvfrom(sink, buf, 0, buf.length, MSG_DONTWAIT, null));
        assertEquals('s' ^ XorDatagramKind.KEY, buf[0]);
    }

    /** A loopback connection closed by the client first: the client's end waits in TIME_WAIT. */
    private int closedTcpConnectionInTimeWait() {
        int listener = z.socket(AF_INET, SOCK_STREAM, 0);
        assertEquals(0, z.bind(listener, SockAddr.parse("127.0.0.1", 8000)));
        assertEquals(0, z.listen(listener, 1));
        int client = z.socket(AF_INET, SOCK_STREAM, 0);
        assertEquals(0, z.fcntl(client, F_SETFL, O_NONBLOCK));
        assertEquals(-Errno.EINPROGRESS, z.connect(client, SockAddr.parse("127.0.0.1", 8000)));
        for (int i = 0; i < 4; i++) {
            poll();
        }
        assertEquals(0, z.fcntl(listener, F_SETFL, O_NONBLOCK));
        int server = z.accept(listener, null);
        assertTrue(server >= 0, "accept " + Errno.name(server));
        assertEquals(0, z.close(client));
        for (int i = 0; i < 4; i++) {
            poll();
        }
        assertEquals(0, z.close(server));
        assertEquals(0, z.close(listener));
        for (int i = 0; i < 4; i++) {
            poll();
        }
        return stack.tcpConnectionsInUse();
    }

    @Test
    void anUnknownLockRuleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new XorDatagramKind(stack.socketHost(), 2));
    }
}
