package io.jzsock.sim.interop;

import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A jzsock DTLS server's first datagram, read on a thread of its own (recvfrom runs the handshake) and answered
 * with {@link #REPLY}: what the openssl interop tests' clients send to and expect from us.
 */
final class DtlsOneShotServer {
    static final String REPLY = "hello from jzsock\n";

    private final AtomicInteger got = new AtomicInteger(-1);
    private final StringBuffer text = new StringBuffer();
    private final SockAddr from = new SockAddr();
    private final Thread thread;

    /** Starts reading the bound DTLS server socket srv. */
    DtlsOneShotServer(Zsock z, int srv, String threadName) {
        thread = new Thread(() -> {
            byte[] b = new byte[512];
            int n = z.recvfrom(srv, b, 0, b.length, 0, from);
            got.set(n);
            if (n > 0) {
                text.append(new String(b, 0, n, StandardCharsets.US_ASCII));
                byte[] reply = REPLY.getBytes(StandardCharsets.US_ASCII);
                z.sendto(srv, reply, 0, reply.length, 0, from);
            }
        }, threadName);
        thread.start();
    }

    /** Waits at most ms for the datagram and the reply; then recvfrom's result. */
    int await(long ms) throws InterruptedException {
        thread.join(ms);
        return got.get();
    }

    String text() {
        return text.toString();
    }

    SockAddr from() {
        return from;
    }
}
