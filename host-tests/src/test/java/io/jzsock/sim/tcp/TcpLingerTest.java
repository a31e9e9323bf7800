package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.sock.OptionCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SO_LINGER: {1, 0} aborts with RST; {1, n} makes a blocking close wait for the FIN's ACK, at most n s. */
class TcpLingerTest {
    final NetStack stack = NetStack.start(NetConfig.defaults());
    final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int[] connectedPair() {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        z.bind(l, SockAddr.parse("127.0.0.1", 9000));
        z.listen(l, 1);
        int c = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.connect(c, SockAddr.parse("127.0.0.1", 9000)));
        int a = z.accept(l, null);
        assertTrue(a >= 0);
        z.close(l);
        return new int[] {c, a};
    }

    private void linger(int fd, int on, int seconds) {
        byte[] v = new byte[8];
        OptionCodec.putInt(v, 0, on);
        OptionCodec.putInt(v, 4, seconds);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_LINGER, v, 0, 8));
    }

    @Test
    void lingerWithTimeoutReturnsOnceTheFinIsAcknowledged() {
        int[] p = connectedPair();
        linger(p[0], 1, 5);
        long t0 = System.nanoTime();
        assertEquals(0, z.close(p[0]));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "the peer acknowledged at once: " + ms + " ms");
        assertEquals(0, z.recv(p[1], new byte[4], 0, 4, 0), "the peer sees EOF");
        z.close(p[1]);
    }

    @Test
    void lingerWithTimeoutGivesUpAfterTheTimeoutWhenNothingIsAcknowledged() {
        int[] p = connectedPair();
        linger(p[0], 1, 1);
        stack.loopback().setDropPercent(100);
        long t0 = System.nanoTime();
        assertEquals(0, z.close(p[0]));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1000 && ms < 2500, "waited l_linger: " + ms + " ms");
        stack.loopback().setDropPercent(0);
        z.close(p[1]);
    }

    @Test
    void lingerZeroAbortsWithReset() {
        int[] p = connectedPair();
        linger(p[0], 1, 0);
        assertEquals(0, z.close(p[0]));
        assertEquals(-io.jzsock.net.Errno.ECONNRESET, z.recv(p[1], new byte[4], 0, 4, 0));
        z.close(p[1]);
    }
}
