package io.jzsock.tls;

import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.ZsockConstants;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP relay on the same stack, between a TLS client (on listenPort) and a TLS server (on
 * serverPort): it forwards ciphertext both ways and can hold back bytes toward the client, corrupt
 * the next byte toward either side, or close the client's side without close_notify.
 */
final class Relay implements AutoCloseable {
    private final Zsock z;
    private final int listener;
    private volatile int toClient = -1;
    private volatile int toServer = -1;
    /** Bytes toward the client that may still pass; Integer.MAX_VALUE: all. */
    final AtomicInteger allowToClient = new AtomicInteger(Integer.MAX_VALUE);
    volatile boolean corruptNextToClient;
    volatile boolean corruptNextToServer;
    /** Bytes the relay has handed to the server's side (counted once its send returned). */
    private final AtomicInteger sentToServer = new AtomicInteger();
    private final byte[] held = new byte[65536];
    private int heldLen;
    private volatile boolean closed;

    Relay(Zsock z, int listenPort, int serverPort) {
        this.z = z;
        listener = z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, 0);
        z.setsockopt(listener, ZsockConstants.SOL_SOCKET, ZsockConstants.SO_REUSEADDR, 1);
        z.bind(listener, SockAddr.parse("127.0.0.1", listenPort));
        z.listen(listener, 2);
        Thread t = new Thread(() -> {
            int c = z.accept(listener, null);
            if (c < 0) {
                return;
            }
            int s = z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, 0);
            if (z.connect(s, SockAddr.parse("127.0.0.1", serverPort)) < 0) {
                z.close(c);
                return;
            }
            toClient = c;
            toServer = s;
            Thread up = new Thread(() -> copy(c, s, false), "relay-up");
            up.setDaemon(true);
            up.start();
            copy(s, c, true);
        }, "relay-down");
        t.setDaemon(true);
        t.start();
    }

    private void copy(int from, int to, boolean towardClient) {
        byte[] b = new byte[4096];
        while (!closed) {
            int n = z.recv(from, b, 0, b.length, 0);
            if (n <= 0) {
                if (n == 0) {
                    z.shutdown(to, ZsockConstants.SHUT_WR);
                }
                return;
            }
            if (towardClient) {
                synchronized (this) {
                    if (corruptNextToClient) {
                        b[n - 1] ^= 0x55;
                        corruptNextToClient = false;
                    }
                    System.arraycopy(b, 0, held, heldLen, n);
                    heldLen += n;
                    release();
                }
            } else {
                if (corruptNextToServer) {
                    b[n - 1] ^= 0x55;
                    corruptNextToServer = false;
                }
                int r = z.send(to, b, 0, n, 0);
                if (r > 0) {
                    sentToServer.addAndGet(r);
                }
            }
        }
    }

    /** Lets n more bytes through toward the client (the held ones first). */
    synchronized void allow(int n) {
        allowToClient.addAndGet(n);
        release();
    }

    private void release() {
        int can = Math.min(heldLen, allowToClient.get());
        if (can > 0 && toClient >= 0) {
            z.send(toClient, held, 0, can, 0);
            System.arraycopy(held, can, held, 0, heldLen - can);
            heldLen -= can;
            if (allowToClient.get() != Integer.MAX_VALUE) {
                allowToClient.addAndGet(-can);
            }
        }
    }

    int sentToServer() {
        return sentToServer.get();
    }

    synchronized int held() {
        return heldLen;
    }

    /** Closes the client's TCP side (a FIN with no close_notify before it). */
    void finToClient() {
        z.shutdown(toClient, ZsockConstants.SHUT_WR);
    }

    @Override
    public void close() {
        closed = true;
        z.close(listener);
        if (toClient >= 0) {
            z.close(toClient);
        }
        if (toServer >= 0) {
            z.close(toServer);
        }
    }
}
