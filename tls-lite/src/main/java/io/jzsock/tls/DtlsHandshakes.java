package io.jzsock.tls;

import io.jzsock.net.NetStack;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.Waiter;

/**
 * The handshake threads of a stack's non-blocking DTLS sockets. Bouncy Castle's DTLS handshake is one
 * blocking call (its state lives on the calling thread's stack), so a non-blocking connect, or a
 * non-blocking server's recvfrom that admits a new peer, hands the handshake here and returns at once
 * (-EINPROGRESS, -EAGAIN). A bounded pool ({@link DtlsConfig#handshakeThreads}): that many handshakes
 * run at once, each on a thread of its own, so one with a peer that never answers holds one thread
 * for its retransmission budget and the others go on; past the pool they wait their turn, covered by
 * the peers' retransmissions. The Thread objects are made with the kind at install; each is started
 * by the first handshake that finds every started one taken, then waits on the stack's monitor
 * between handshakes, and ends with a running stack's stop (as the TLS pump).
 */
final class DtlsHandshakes implements Runnable {
    private final SocketHost host;
    private final NetStack stack;
    private final Thread[] threads;
    private DtlsSocket[] slots;
    /** Monitor held: threads started, threads running a handshake, handshakes handed over and not yet taken. */
    private int started;
    private int busy;
    private int queued;

    DtlsHandshakes(NetStack stack, int threads) {
        this.stack = stack;
        this.host = stack.socketHost();
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            this.threads[i] = new Thread(this, "jzsock-dtls-handshake-" + i);
            this.threads[i].setDaemon(true);
        }
    }

    /** A stack made without a net thread (NetStack.create) never "runs": then the threads never end. */
    private boolean stackGone(boolean wasRunning) {
        return wasRunning && !stack.isRunning();
    }

    void attach(DtlsSocket[] sockets) {
        slots = sockets;
    }

    /** Monitor held: a peer is waiting for a handshake thread; one more is started when all started ones are taken. */
    void submit() {
        queued++;
        if (started - busy < queued && started < threads.length) {
            threads[started++].start();
        }
        host.wakeAll();
    }

    /** Monitor held: threads started so far (for tests). */
    int started() {
        return started;
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
                        // Every socket looked at: nothing waits (one handed over by a socket closed since never will).
                        queued = 0;
                        // NetStack.stop wakes every waiter after it set running false.
                        host.waiter().await(Waiter.FOREVER);
                    }
                }
                queued = queued > 0 ? queued - 1 : 0;
                busy++;
            }
            try {
                s.runAsyncHandshake(p);
            } finally {
                s.exit();
                synchronized (host.monitor()) {
                    busy--;
                }
            }
        }
    }
}
