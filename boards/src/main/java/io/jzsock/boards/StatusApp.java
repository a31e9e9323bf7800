package io.jzsock.boards;

import io.jzsock.net.Errno;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * Demo app on the zsock API only: an HTTP/1.1 status page on port 80 ({@link StatusHttp}: a fixed
 * pool of connection slots on one thread) and a UDP echo on port 7, on a second thread. Buffers are
 * allocated at start; a request is served without allocation except {@link NetStack#describeInterface}.
 * Every wait is bounded, so {@link #stop()} returns within about {@link #POLL_MS} and a silent client
 * loses its slot after {@link #CLIENT_TIMEOUT_MS}, an idle persistent one after {@link #KEEPALIVE_IDLE_MS}.
 */
public final class StatusApp {
    public static final int HTTP_PORT = 80;
    public static final int ECHO_PORT = 7;
    static final int POLL_MS = 250;
    static final int CLIENT_TIMEOUT_MS = 2000;
    /**
     * How long a persistent connection may sit idle between requests (Apache's KeepAliveTimeout
     * default). Longer than a client's first SYN retransmissions (1 s + 2 s): a client that stopped
     * using a connection while another is still retrying its SYN must not see it closed meanwhile.
     */
    static final int KEEPALIVE_IDLE_MS = 5000;
    private static final int DATAGRAM_MAX = 1500;

    private final Zsock z;
    private final StatusHttp http;
    private final byte[] datagram = new byte[DATAGRAM_MAX];
    private final SockAddr from = new SockAddr();
    private final int udpFd;
    private final Thread httpThread;
    private final Thread udpThread;
    /** The same page over TLS on 443 ({@link StatusHttps}), or null. */
    private final StatusHttp https;
    private final Thread httpsThread;
    private volatile boolean running = true;
    private volatile long datagrams;

    private StatusApp(NetStack stack, StatusSizing sizing, boolean withHttps) {
        this.z = stack.zsock();
        int listenFd = open(Zsock.SOCK_STREAM, HTTP_PORT);
        int r = z.listen(listenFd, sizing.backlog);
        if (r == 0) {
            r = z.fcntl(listenFd, Zsock.F_SETFL, Zsock.O_NONBLOCK);
        }
        if (r < 0) {
            z.close(listenFd);
            throw new IllegalStateException("listen on port 80: " + Errno.name(r));
        }
        try {
            udpFd = open(Zsock.SOCK_DGRAM, ECHO_PORT);
        } catch (IllegalStateException e) {
            z.close(listenFd);
            throw e;
        }
        http = new StatusHttp(z, stack.clock(), new StatusPage(stack), this, listenFd, sizing.httpSlots);
        if (withHttps) {
            int tlsFd;
            try {
                tlsFd = StatusHttps.listen(z, StatusHttps.BACKLOG, POLL_MS);
            } catch (IllegalStateException e) {
                z.close(listenFd);
                z.close(udpFd);
                throw e;
            }
            https = new StatusHttp(z, stack.clock(), new StatusPage(stack), this, tlsFd, StatusHttps.SLOTS);
            httpsThread = new Thread(new Runnable() {
                @Override
                public void run() {
                    https.run();
                }
            }, "status-https");
        } else {
            https = null;
            httpsThread = null;
        }
        httpThread = new Thread(new Runnable() {
            @Override
            public void run() {
                http.run();
            }
        }, "status-http");
        udpThread = new Thread(new Runnable() {
            @Override
            public void run() {
                serveEcho();
            }
        }, "status-echo");
    }

    /** {@link #start(NetStack, StatusSizing)} with {@link StatusSizing#MINIMAL}. */
    public static StatusApp start(NetStack stack) {
        return start(stack, StatusSizing.MINIMAL);
    }

    /**
     * Binds both servers and starts their threads; throws IllegalStateException if a port is taken.
     * The stack should have at least {@link StatusSizing#netConfig()}'s TCP connections.
     */
    public static StatusApp start(NetStack stack, StatusSizing sizing) {
        return start(stack, sizing, false);
    }

    /**
     * With withHttps also the page over TLS on port 443 ({@link StatusHttps}: TlsSockets installed on
     * the stack and {@link StatusHttps#ensureIdentity} done first).
     */
    public static StatusApp start(NetStack stack, StatusSizing sizing, boolean withHttps) {
        StatusApp app = new StatusApp(stack, sizing, withHttps);
        if (app.httpsThread != null) {
            app.httpsThread.setDaemon(true);
            app.httpsThread.start();
        }
        app.httpThread.setDaemon(true);
        app.udpThread.setDaemon(true);
        app.httpThread.start();
        app.udpThread.start();
        return app;
    }

    /** Stops both servers and waits for their threads; the sockets are closed when this returns. */
    public void stop() {
        running = false;
        http.stop();
        if (https != null) {
            https.stop();
            join(httpsThread);
        }
        join(httpThread);
        join(udpThread);
    }

    public boolean isRunning() {
        return httpThread.isAlive() || udpThread.isAlive();
    }

    public long requests() {
        return http.requests() + (https == null ? 0 : https.requests());
    }

    /** Requests served over HTTPS (0 without it). */
    public long httpsRequests() {
        return https == null ? 0 : https.requests();
    }

    public long datagrams() {
        return datagrams;
    }

    private static void join(Thread t) {
        try {
            t.join(POLL_MS * 8L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int open(int type, int port) {
        int fd = z.socket(Zsock.AF_INET, type, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + Errno.name(fd));
        }
        z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, POLL_MS);
        int r = z.bind(fd, SockAddr.parse("0.0.0.0", port));
        if (r < 0) {
            z.close(fd);
            throw new IllegalStateException("bind port " + port + ": " + Errno.name(r));
        }
        return fd;
    }

    private void serveEcho() {
        while (running) {
            int n = z.recvfrom(udpFd, datagram, 0, DATAGRAM_MAX, 0, from);
            if (n >= 0) {
                z.sendto(udpFd, datagram, 0, n, 0, from);
                datagrams++;
            } else if (n != -Errno.EAGAIN && n != -Errno.EINTR) {
                pause();
            }
        }
        z.close(udpFd);
    }

    static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
