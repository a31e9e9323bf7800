package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Options Zephyr keeps on datagram sockets "for compatibility": accepted, read back, per socket. */
class UdpCompatOptionsTest {
    final NetStack stack = NetStack.start(NetConfig.defaults());
    final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int get(int fd, int opt) {
        int[] v = new int[1];
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, opt, v));
        return v[0];
    }

    @Test
    void compatibilityFlagsAreStoredPerSocket() {
        int a = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        int b = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        for (int opt : new int[] {Zsock.SO_DEBUG, Zsock.SO_DONTROUTE, Zsock.SO_OOBINLINE, Zsock.SO_KEEPALIVE, Zsock.SO_BROADCAST}) {
            assertEquals(0, z.setsockopt(a, Zsock.SOL_SOCKET, opt, 7));
            assertEquals(1, get(a, opt), "any non-zero reads back as 1");
            assertEquals(0, get(b, opt), "another socket is unaffected");
            assertEquals(0, z.setsockopt(a, Zsock.SOL_SOCKET, opt, 0));
            assertEquals(0, get(a, opt));
        }
    }

    @Test
    void lowWaterMarksAreAcceptedAndReadAsOne() {
        int a = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.setsockopt(a, Zsock.SOL_SOCKET, Zsock.SO_RCVLOWAT, 10));
        assertEquals(1, get(a, Zsock.SO_RCVLOWAT));
        assertEquals(-Errno.EINVAL, z.setsockopt(a, Zsock.SOL_SOCKET, Zsock.SO_SNDLOWAT, -1));
    }
}
