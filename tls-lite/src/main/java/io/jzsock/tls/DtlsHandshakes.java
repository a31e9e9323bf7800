package io.jzsock.tls;

import io.jzsock.net.NetStack;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.Waiter;

/**
 * The thread that runs non-blocking DTLS sockets' handshakes. Bouncy Castle's DTLS handshake is one
 * blocking call (its state lives on the calling thread's stack), so a non-blocking connect, or a
 * non-blocking server's recvfrom that admits a new peer, hands the handshake here and returns at once
 * (-EINPROGRESS, -EAGAIN). One handshake at a time: others wait their turn, covered by the peers'
 * retransmissions up to the handshake budget. Started by the first such handshake, a daemon waiting
 * on the stack's monitor between handshakes; it ends with a running stack's stop (as the TLS pump).
 */
final class DtlsHandshakes implements Runnable {
    private final SocketHost host;
    private final NetStack stack;
    private DtlsSocket[] slots;
    private Thread thread;

    DtlsHandshakes(NetStack stack) {
        this.stack = stack;
        this.host = stack.socketHost();
    }

    /** A stack made without a net thread (NetStack.create) never "runs": then the thread never ends. */
    private boolean stackGone(boolean wasRunning) {
        return wasRunning && !stack.isRunning();
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
        boolean wasRunning = stack.isRunning();
        while (!stackGone(wasRunning)) {
            DtlsSocket s = null;
            DtlsPeer p = null;
            synchronized (host.monitor()) {
                while (p == null) {
                    if (stackGone(wasRunning)) {
                        return;
                    }
                    for (int i = 0; i < slots.length && p == null; i++) {
                        p = slots[i].takeAsync();
                        s = slots[i];
                    }
                    if (p == null) {
                        // NetStack.stop wakes every waiter after it set running false.
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
