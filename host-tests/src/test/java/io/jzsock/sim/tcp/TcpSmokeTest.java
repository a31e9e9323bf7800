package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpSmokeTest {
    final NetStack stack = NetStack.start(NetConfig.defaults());
    final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    @Test
    void connectAcceptExchangeAndCloseOverLoopback() throws Exception {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertTrue(l >= 0, "socket " + l);
        assertEquals(0, z.bind(l, SockAddr.parse("127.0.0.1", 8080)));
        assertEquals(0, z.listen(l, 2));
        int c = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.connect(c, SockAddr.parse("127.0.0.1", 8080)));
        SockAddr peer = new SockAddr();
        int a = z.accept(l, peer);
        assertTrue(a >= 0, "accept " + Errno.name(a));
        assertEquals(4, z.send(c, "ping".getBytes(), 0, 4, 0));
        byte[] buf = new byte[16];
        assertEquals(4, z.recv(a, buf, 0, 16, 0));
        assertEquals("ping", new String(buf, 0, 4));
        assertEquals(0, z.close(c));
        assertEquals(0, z.recv(a, buf, 0, 16, 0), "EOF");
        assertEquals(0, z.recv(a, buf, 0, 16, 0), "EOF again");
        assertEquals(0, z.close(a));
        assertEquals(0, z.close(l));
        int rc = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(-Errno.ECONNREFUSED, z.connect(rc, SockAddr.parse("127.0.0.1", 8081)));
        z.close(rc);
    }
}
