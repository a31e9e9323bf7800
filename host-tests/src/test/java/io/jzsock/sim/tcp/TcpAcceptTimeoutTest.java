package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SO_RCVTIMEO on a listener bounds accept even while other traffic keeps waking the stack's monitor. */
class TcpAcceptTimeoutTest {
    final NetStack stack = NetStack.start(NetConfig.defaults());
    final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    @Test
    void acceptTimesOutWhileUnrelatedTrafficWakesTheStack() throws Exception {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        z.bind(l, SockAddr.parse("127.0.0.1", 8000));
        z.listen(l, 1);
        assertEquals(0, z.setsockopt(l, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 300));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread chatter = new Thread(() -> {
            int u = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            z.bind(u, SockAddr.parse("127.0.0.1", 8001));
            byte[] b = new byte[8];
            SockAddr self = SockAddr.parse("127.0.0.1", 8001);
            while (running.get()) {
                z.sendto(u, b, 0, 8, 0, self);
                z.recv(u, b, 0, 8, Zsock.MSG_DONTWAIT);
            }
            z.close(u);
        });
        chatter.start();
        long t0 = System.nanoTime();
        assertEquals(-Errno.EAGAIN, z.accept(l, null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        running.set(false);
        chatter.join();
        assertTrue(ms >= 300 && ms < 2000, "accept waited its timeout once, not per wake-up: " + ms + " ms");
        z.close(l);
    }
}
