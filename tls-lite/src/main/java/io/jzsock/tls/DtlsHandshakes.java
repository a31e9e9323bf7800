package io.jzsock.tls;

import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.Waiter;

/**
 * The thread that runs non-blocking DTLS sockets' handshakes. Bouncy Castle's DTLS handshake is one
 * blocking call (its state lives on the calling thread's stack), so a non-blocking connect, or a
 * non-blocking server's recvfrom that admits a new peer, hands the handshake here and returns at once
 * (-EINPROGRESS, -EAGAIN). One handshake at a time: others wait their turn, covered by the peers'
 * retransmissions up to the handshake budget. Started by the first such handshake, a daemon waiting
 * on the stack's monitor between handshakes.
 */
final class DtlsHandshakes implements Runnable {
    private final SocketHost host;
    private DtlsSocket[] slots;
    private Thread thread;

    DtlsHandshakes(SocketHost host) {
        this.host = host;
    }

    void attach(DtlsSocket[] sockets) {
        slots = sockets;
    }

    /** Monitor held: a peer is waiting for this thread (started here the first time). */
    void submit() {
        if (thread == null) {
            thread = new Thread(this, "jzsock-dtls-handshake");
            thread.setDaemon(true);
            thread.start();
        }
        host.wakeAll();
    }

    @Override
    public void run() {
        while (true) {
            DtlsSocket s = null;
            DtlsPeer p = null;
            synchronized (host.monitor()) {
                while (p == null) {
                    for (int i = 0; i < slots.length && p == null; i++) {
                        p = slots[i].takeAsync();
                        s = slots[i];
                    }
                    if (p == null) {
                        host.waiter().await(Waiter.FOREVER);
                    }
                }
            }
            try {
                s.runAsyncHandshake(p);
            } finally {
                s.exit();
            }
        }
    }
}
