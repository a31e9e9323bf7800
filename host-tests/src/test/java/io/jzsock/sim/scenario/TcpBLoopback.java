package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A loopback stack per test for the TCP scenarios, with Zephyr's TCP-28 leak gate: after each test
 * every socket is closed and every TCP connection object must be released within TIME_WAIT plus a
 * margin (Zephyr's test_context_cleanup).
 */
abstract class TcpBLoopback {
    static final long SLACK_MS = 300;
    static final int SERVER_PORT = 4242;
    /** Short TIME_WAIT keeps the per-test leak gate quick; RA-04 only needs it to exist. */
    static final int TIME_WAIT_MS = 500;
    static final long LEAK_MARGIN_MS = 3000;

    NetStack stack;
    Zsock z;
    private final List<Integer> opened = new ArrayList<>();

    NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.tcpTimeWaitMillis = TIME_WAIT_MS;
        return cfg;
    }

    @BeforeEach
    void startStack() {
        stack = NetStack.start(config());
        z = stack.zsock();
    }

    @AfterEach
    void leakGate() throws InterruptedException {
        try {
            stack.loopback().setDropPercent(0);
            for (int fd : opened) {
                z.close(fd);
            }
            long deadline = System.currentTimeMillis() + stack.config().tcpTimeWaitMillis + LEAK_MARGIN_MS;
            while (stack.tcpConnectionsInUse() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, stack.tcpConnectionsInUse(), "TCP-28 leak gate: connections left\n" + stack.describeTcp());
            assertEquals(0, stack.openFds(), "fds left open");
        } finally {
            stack.stop();
        }
        assertNull(stack.netThreadFailure(), "the net thread hit a stack bug");
    }

    /** Replaces the stack with one built from cfg (pool-size tests); the old one is stopped. */
    void restart(NetConfig cfg) {
        stack.stop();
        opened.clear();
        stack = NetStack.start(cfg);
        z = stack.zsock();
    }

    long now() {
        return stack.clock().nowMillis();
    }

    static SockAddr local(int port) {
        return SockAddr.parse("127.0.0.1", port);
    }

    static SockAddr any(int port) {
        return SockAddr.parse("0.0.0.0", port);
    }

    /** A new TCP socket, closed by the leak gate if the test does not close it. */
    /** Closes every fd in order; each must return 0 (the leak gate then runs after the test). */
    void closeAll(int... fds) {
        for (int fd : fds) {
            assertEquals(0, z.close(fd), () -> "close " + fd);
        }
    }

    int tcp() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        assertTrue(fd >= 0, "socket " + Errno.name(fd));
        opened.add(fd);
        return fd;
    }

    int listener(SockAddr at) {
        int s = tcp();
        assertEquals(0, z.bind(s, at));
        assertEquals(0, z.listen(s, 5));
        return s;
    }

    int accept(int listener) {
        SockAddr peer = new SockAddr();
        int a = z.accept(listener, peer);
        assertTrue(a >= 0, "accept " + Errno.name(a));
        opened.add(a);
        return a;
    }

    /** client, accepted server end, listener: Zephyr's prepare/bind/listen/connect/accept sequence. */
    int[] connectedPair() {
        int s = listener(local(SERVER_PORT));
        int c = tcp();
        assertEquals(0, z.connect(c, local(SERVER_PORT)));
        int a = accept(s);
        return new int[] {c, a, s};
    }

    /**
     * Non-blocking sends until the peer's window and our send buffer are both full: rounds of sends until
     * EAGAIN, each followed by a pause for ACKs and the sender's SWS override (persist, >= 200 ms), until a
     * round takes nothing. Returns the bytes taken.
     */
    int fillWindowAndSendBuffer(int fd) {
        int total = sendUntilEagain(fd);
        int round;
        do {
            sleep(300);
            round = sendUntilEagain(fd);
            total += round;
        } while (round > 0);
        return total;
    }

    private int sendUntilEagain(int fd) {
        byte[] data = new byte[1000];
        int n = 0;
        int r;
        while ((r = z.send(fd, data, 0, data.length, Zsock.MSG_DONTWAIT)) > 0) {
            n += r;
        }
        assertEquals(-Errno.EAGAIN, r);
        return n;
    }

    /** struct timeval {tv_sec, tv_usec} as two little-endian 32-bit ints. */
    static byte[] timeval(int sec, int usec) {
        byte[] b = new byte[8];
        putInt(b, 0, sec);
        putInt(b, 4, usec);
        return b;
    }

    static byte[] intBytes(int v) {
        byte[] b = new byte[4];
        putInt(b, 0, v);
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /** getsockopt through the socklen_t form: asserts success and optlen == sizeof(int). */
    int intOption(int fd, int level, int opt) {
        byte[] v = new byte[8];
        int[] len = {v.length};
        assertEquals(0, z.getsockopt(fd, level, opt, v, 0, len), "getsockopt " + opt);
        assertEquals(4, len[0], "optlen");
        return getInt(v, 0);
    }

    int setInt(int fd, int level, int opt, int value) {
        return z.setsockopt(fd, level, opt, intBytes(value), 0, 4);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs r on a daemon thread after delayMs. */
    static Thread later(long delayMs, Runnable r) {
        Thread t = new Thread(() -> {
            sleep(delayMs);
            r.run();
        }, "tcpb-later");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
