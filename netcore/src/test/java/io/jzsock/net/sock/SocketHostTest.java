package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.POLLIN;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static io.jzsock.net.ZsockConstants.SOL_SOCKET;
import static io.jzsock.net.ZsockConstants.SO_RCVTIMEO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketHostTest {
    private final NetStack stack = NetStack.start(NetConfig.defaults());
    private final Zsock z = stack.zsock();
    private final XorDatagramKind xor = new XorDatagramKind(stack.socketHost(), SocketOps.UNDER_MONITOR);

    SocketHostTest() {
        stack.socketKinds().register(xor, SocketKinds.PRIORITY_SECURE);
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    @Test
    void aWrappingKindsSocketIsOneFdWhoseInnerSocketCarriesItsTraffic() {
        int s = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        assertTrue(s >= 0);
        assertEquals(1, stack.openFds(), "the inner UDP socket has no fd of its own");
        int peer = z.socket(AF_INET, SOCK_DGRAM, 0);
        assertEquals(0, z.bind(peer, SockAddr.parse("127.0.0.1", 7001)));
        assertEquals(0, z.bind(s, SockAddr.parse("127.0.0.1", 7000)));
        z.setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, 2000);
        z.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, 2000);

        assertEquals(5, z.sendto(s, "hello".getBytes(), 0, 5, 0, SockAddr.parse("127.0.0.1", 7001)));
        byte[] buf = new byte[16];
        assertEquals(5, z.recvfrom(peer, buf, 0, buf.length, 0, null));
        assertEquals('h' ^ XorDatagramKind.KEY, buf[0], "the kind transformed the payload");

        assertEquals(5, z.sendto(peer, buf, 0, 5, 0, SockAddr.parse("127.0.0.1", 7000)));
        byte[] back = new byte[16];
        assertEquals(5, z.recvfrom(s, back, 0, back.length, 0, null));
        assertEquals("hello", new String(back, 0, 5));
        assertEquals(0, z.close(peer));
        assertEquals(0, z.close(s));
    }

    @Test
    void closingTheFdClosesTheInnerSocketAndFreesItsPort() {
        int s = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        assertEquals(0, z.bind(s, SockAddr.parse("127.0.0.1", 7002)));
        assertTrue(xor.inner[0].isOpen());
        assertEquals(0, z.close(s));
        assertFalse(xor.inner[0].isOpen());
        assertEquals(0, stack.openFds());
        assertEquals(-Errno.EBADF, z.close(s));
        int again = z.socket(AF_INET, SOCK_DGRAM, 0);
        assertEquals(0, z.bind(again, SockAddr.parse("127.0.0.1", 7002)), "the inner socket's port is free again");
        assertEquals(0, z.close(again));
    }

    @Test
    void pollOnTheKindsFdIsWokenByItsInnerSocketsTraffic() throws Exception {
        int s = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        assertEquals(0, z.bind(s, SockAddr.parse("127.0.0.1", 7003)));
        int peer = z.socket(AF_INET, SOCK_DGRAM, 0);
        CountDownLatch polling = new CountDownLatch(1);
        AtomicInteger revents = new AtomicInteger(-1);
        Thread poller = new Thread(() -> {
            PollFd[] set = {new PollFd()};
            set[0].fd = s;
            set[0].events = POLLIN;
            polling.countDown();
            int n = z.poll(set, 1, 5000);
            revents.set(n == 1 ? set[0].revents : -100 + n);
        });
        poller.start();
        assertTrue(polling.await(2, TimeUnit.SECONDS));
        assertEquals(3, z.sendto(peer, new byte[3], 0, 3, 0, SockAddr.parse("127.0.0.1", 7003)));
        poller.join(5000);
        assertEquals(POLLIN, revents.get());
        assertEquals(0, z.close(peer));
        assertEquals(0, z.close(s));
    }

    @Test
    void stoppingTheStackClosesWrappedAndInnerSockets() {
        int s = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        assertTrue(s >= 0);
        stack.stop();
        assertFalse(xor.inner[0].isOpen());
        assertEquals(0, stack.openFds());
    }

    @Test
    void wrappingAFreeFdIsEbadf() {
        synchronized (stack.socketHost().monitor()) {
            assertEquals(-Errno.EBADF, stack.socketHost().wrap(9, xor.ops, 0, new InnerSocket()));
        }
    }
}
