package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.IPPROTO_TCP;
import static io.jzsock.net.ZsockConstants.POLLIN;
import static io.jzsock.net.ZsockConstants.SOCK_STREAM;
import static io.jzsock.net.ZsockConstants.SOL_SOCKET;
import static io.jzsock.net.ZsockConstants.SO_PROTOCOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A TLS-shaped kind over TCP through the SPI: connect, listen, accept wrapping, poll, close of both. */
class WrappedStreamTest {
    private final NetStack stack = NetStack.start(NetConfig.defaults());
    private final Zsock z = stack.zsock();
    private final XorStreamKind kind = new XorStreamKind(stack.socketHost());

    WrappedStreamTest() {
        stack.socketKinds().register(kind, SocketKinds.PRIORITY_SECURE);
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int listener(int port) {
        int l = z.socket(AF_INET, SOCK_STREAM, XorStreamKind.PROTO);
        assertTrue(l >= 0, Errno.name(l));
        assertEquals(0, z.bind(l, SockAddr.parse("127.0.0.1", port)));
        assertEquals(0, z.listen(l, 2));
        return l;
    }

    private static int poll(Zsock z, int fd, int timeoutMs) {
        PollFd[] set = {new PollFd()};
        set[0].fd = fd;
        set[0].events = POLLIN;
        int n = z.poll(set, 1, timeoutMs);
        return n == 1 ? set[0].revents : n;
    }

    @Test
    void acceptedConnectionsAreTheKindsFdsAndCarryItsBytes() {
        int l = listener(8100);
        int client = z.socket(AF_INET, SOCK_STREAM, XorStreamKind.PROTO);
        assertEquals(0, z.connect(client, SockAddr.parse("127.0.0.1", 8100)));
        assertEquals(POLLIN, poll(z, l, 2000), "the inner listener's readiness reaches poll");
        int server = z.accept(l, null);
        assertTrue(server >= 0, Errno.name(server));
        assertEquals(3, stack.openFds(), "listener, client and accepted: one fd each, no inner fds");

        assertEquals(4, z.send(client, "ping".getBytes(), 0, 4, 0));
        assertEquals(POLLIN, poll(z, server, 2000));
        byte[] buf = new byte[16];
        assertEquals(4, z.recv(server, buf, 0, buf.length, 0));
        assertEquals("ping", new String(buf, 0, 4));
        int[] out = new int[1];
        assertEquals(0, z.getsockopt(server, SOL_SOCKET, SO_PROTOCOL, out));
        assertEquals(IPPROTO_TCP, out[0], "the accepted fd forwards to its inner TCP socket");

        assertEquals(0, z.close(server));
        assertEquals(0, z.close(client));
        assertEquals(0, z.close(l));
        assertEquals(0, stack.openFds());
        for (InnerSocket s : kind.inner) {
            assertFalse(s.isOpen());
        }
    }

    @Test
    void theKindsBytesAreTransformedOnTheWire() {
        int l = listener(8101);
        int plain = z.socket(AF_INET, SOCK_STREAM, 0);
        assertEquals(0, z.connect(plain, SockAddr.parse("127.0.0.1", 8101)));
        int server = z.accept(l, null);
        assertTrue(server >= 0, Errno.name(server));
        assertEquals(3, z.send(plain, "abc".getBytes(), 0, 3, 0));
        byte[] buf = new byte[8];
        assertEquals(3, z.recv(server, buf, 0, buf.length, 0));
        assertEquals('a' ^ XorDatagramKind.KEY, buf[0]);
        assertEquals(0, z.close(plain));
        assertEquals(0, z.close(server));
        assertEquals(0, z.close(l));
    }

    @Test
    void closeFdClosesAnUnwrappedFdThroughItsOwnOps() {
        synchronized (stack.socketHost().monitor()) {
            int fd = stack.socketHost().socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            assertTrue(fd >= 0);
            assertEquals(0, stack.socketHost().closeFd(fd));
            assertEquals(-Errno.EBADF, stack.socketHost().closeFd(fd));
        }
        assertEquals(0, stack.openFds());
    }
}
