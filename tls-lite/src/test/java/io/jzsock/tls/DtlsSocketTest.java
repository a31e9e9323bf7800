package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DTLS 1.2 sockets jzsock to jzsock over one stack's loopback: handshakes, records, errors. */
class DtlsSocketTest {
    private DtlsHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A server that echoes every record to its sender until its socket closes. */
    private Thread echo(int fd, AtomicInteger errors) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[2048];
            SockAddr from = new SockAddr();
            while (true) {
                int n = h.z.recvfrom(fd, b, 0, b.length, 0, from);
                if (n == -Errno.EINTR || n == -Errno.EBADF) {
                    return;
                }
                if (n < 0) {
                    if (n != -Errno.EAGAIN && n != -Errno.ECONNABORTED) {
                        errors.incrementAndGet();
                    }
                    continue;
                }
                h.z.sendto(fd, b, 0, n, 0, from);
            }
        }, "dtls-echo");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void pskClientConnectsSendsAndReceivesTheEcho() throws Exception {
        h = new DtlsHarness();
        int srv = h.server(4433, DtlsHarness.PSK_TAG);
        AtomicInteger errors = new AtomicInteger();
        echo(srv, errors);
        int c = h.client(DtlsHarness.PSK_TAG);
        assertEquals(0, h.z.connect(c, SockAddr.parse("127.0.0.1", 4433)));
        byte[] msg = DtlsHarness.bytes("hello over DTLS");
        assertEquals(msg.length, h.z.send(c, msg, 0, msg.length, 0));
        byte[] in = new byte[64];
        int n = h.z.recv(c, in, 0, in.length, 0);
        assertEquals(msg.length, n);
        assertEquals("hello over DTLS", new String(in, 0, n, "US-ASCII"));
        int[] v = new int[1];
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CIPHERSUITE_USED, v));
        assertTrue(v[0] > 0, "suite " + v[0]);
        assertEquals(0, h.z.getsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_PROTOCOL, v));
        assertEquals(Zsock.IPPROTO_DTLS_1_2, v[0]);
        assertEquals(0, errors.get());
        assertEquals(0, h.z.close(c));
    }
}
