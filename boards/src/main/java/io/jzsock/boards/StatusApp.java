package io.jzsock.boards;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * Demo app on the zsock API only: an HTTP/1.1 status page on port 80 and a UDP echo on port 7, each
 * on its own thread. Buffers are allocated at start; a request is served without allocation except
 * {@link NetStack#describeInterface}. Every socket call has a timeout, so {@link #stop()} returns
 * within about {@link #POLL_MS} and a silent client cannot hold the server for more than
 * {@link #CLIENT_TIMEOUT_MS}.
 */
public final class StatusApp {
    public static final int HTTP_PORT = 80;
    public static final int ECHO_PORT = 7;
    static final int POLL_MS = 250;
    static final int CLIENT_TIMEOUT_MS = 2000;
    private static final int REQUEST_MAX = 1024;
    private static final int BODY_MAX = 4096;
    private static final int HEAD_MAX = 256;
    private static final int DATAGRAM_MAX = 1500;

    private final NetStack stack;
    private final Zsock z;
    private final long startMillis;
    private final byte[] request = new byte[REQUEST_MAX];
    private final byte[] body = new byte[BODY_MAX];
    private final byte[] head = new byte[HEAD_MAX];
    private final byte[] datagram = new byte[DATAGRAM_MAX];
    private final SockAddr peer = new SockAddr();
    private final SockAddr from = new SockAddr();
    private final PollFd[] acceptPoll = {new PollFd()};
    private final int listenFd;
    private final int udpFd;
    private final Thread httpThread;
    private final Thread udpThread;
    private volatile boolean running = true;
    private volatile long requests;
    private volatile long datagrams;
    private int bodyLen;
    private int headLen;

    private StatusApp(NetStack stack) {
        this.stack = stack;
        this.z = stack.zsock();
        this.startMillis = stack.clock().nowMillis();
        listenFd = open(Zsock.SOCK_STREAM, HTTP_PORT);
        int r = z.listen(listenFd, 2);
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
        httpThread = new Thread(new Runnable() {
            @Override
            public void run() {
                serveHttp();
            }
        }, "status-http");
        udpThread = new Thread(new Runnable() {
            @Override
            public void run() {
                serveEcho();
            }
        }, "status-echo");
    }

    /** Binds both servers and starts their threads; throws IllegalStateException if a port is taken. */
    public static StatusApp start(NetStack stack) {
        StatusApp app = new StatusApp(stack);
        app.httpThread.setDaemon(true);
        app.udpThread.setDaemon(true);
        app.httpThread.start();
        app.udpThread.start();
        return app;
    }

    /** Stops both servers and waits for their threads; the sockets are closed when this returns. */
    public void stop() {
        running = false;
        join(httpThread);
        join(udpThread);
    }

    public boolean isRunning() {
        return httpThread.isAlive() || udpThread.isAlive();
    }

    public long requests() {
        return requests;
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

    private void serveHttp() {
        acceptPoll[0].set(listenFd, Zsock.POLLIN);
        while (running) {
            // poll bounds the wait: accept's own SO_RCVTIMEO restarts whenever the stack wakes waiters.
            int ready = z.poll(acceptPoll, 1, POLL_MS);
            if (ready <= 0) {
                continue;
            }
            int c = z.accept(listenFd, peer);
            if (c < 0) {
                if (c != -Errno.EAGAIN && c != -Errno.EINTR) {
                    pause();
                }
                continue;
            }
            z.fcntl(c, Zsock.F_SETFL, 0);
            z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, CLIENT_TIMEOUT_MS);
            z.setsockopt(c, Zsock.SOL_SOCKET, Zsock.SO_SNDTIMEO, CLIENT_TIMEOUT_MS);
            handle(c);
            z.close(c);
        }
        z.close(listenFd);
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

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the request head (up to the blank line, RFC 9112 §2.1) and answers it. */
    private void handle(int c) {
        int len = 0;
        int end = -1;
        while (end < 0 && len < REQUEST_MAX) {
            int n = z.recv(c, request, len, REQUEST_MAX - len, 0);
            if (n <= 0) {
                if (len == 0) {
                    return;
                }
                break;
            }
            len += n;
            end = headEnd(request, len);
        }
        requests++;
        if (end < 0) {
            respond(c, 400, "Bad Request", false);
            return;
        }
        // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
        int sp1 = indexOf(request, 0, len, ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(request, sp1 + 1, len, ' ');
        int eol = indexOf(request, 0, len, '\r');
        if (sp1 <= 0 || sp2 <= sp1 + 1 || eol < sp2 || !startsWith(request, sp2 + 1, eol, "HTTP/1.")) {
            respond(c, 400, "Bad Request", false);
            return;
        }
        boolean get = matches(request, 0, sp1, "GET");
        boolean headOnly = matches(request, 0, sp1, "HEAD");
        if (!get && !headOnly) {
            respond(c, 405, "Method Not Allowed", false);
            return;
        }
        if (matches(request, sp1 + 1, sp2, "/") || matches(request, sp1 + 1, sp2, "/index.txt")) {
            renderStatus();
            send(c, 200, "OK", headOnly);
        } else {
            respond(c, 404, "Not Found", headOnly);
        }
    }

    private void respond(int c, int status, String reason, boolean headOnly) {
        bodyLen = 0;
        bodyInt(status);
        body(' ');
        body(reason);
        body('\n');
        send(c, status, reason, headOnly);
    }

    private void send(int c, int status, String reason, boolean headOnly) {
        headLen = 0;
        head("HTTP/1.1 ");
        headInt(status);
        head(' ');
        head(reason);
        head("\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: ");
        headInt(bodyLen);
        head("\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n");
        if (writeAll(c, head, headLen) && !headOnly) {
            writeAll(c, body, bodyLen);
        }
    }

    private boolean writeAll(int c, byte[] b, int len) {
        int off = 0;
        while (off < len) {
            int n = z.send(c, b, off, len - off, 0);
            if (n <= 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    private void renderStatus() {
        bodyLen = 0;
        body("jzsock status\n\nuptime_ms: ");
        bodyInt(stack.clock().nowMillis() - startMillis);
        body('\n');
        int ifs = stack.interfaceCount();
        for (int i = 1; i <= ifs; i++) {
            body("interface: ");
            body(stack.describeInterface(i));
            body('\n');
        }
        body("open_fds: ");
        bodyInt(stack.openFds());
        body("\nfree_packet_buffers: ");
        bodyInt(stack.freePacketBuffers());
        body('/');
        bodyInt(stack.packetBuffers());
        body("\ntcp_connections_in_use: ");
        bodyInt(stack.tcpConnectionsInUse());
        body("\nhttp_requests: ");
        bodyInt(requests);
        body("\nudp_echoes: ");
        bodyInt(datagrams);
        body("\n\ncounters:\n");
        for (int id = 0; id < NetCounters.COUNT; id++) {
            long v = stack.counter(id);
            if (v != 0) {
                body("  ");
                body(NetCounters.name(id));
                body(": ");
                bodyInt(v);
                body('\n');
            }
        }
    }

    private void body(String s) {
        bodyLen = put(body, bodyLen, s);
    }

    private void body(char ch) {
        if (bodyLen < BODY_MAX) {
            body[bodyLen++] = (byte) ch;
        }
    }

    private void bodyInt(long v) {
        bodyLen = putLong(body, bodyLen, v);
    }

    private void head(String s) {
        headLen = put(head, headLen, s);
    }

    private void head(char ch) {
        if (headLen < HEAD_MAX) {
            head[headLen++] = (byte) ch;
        }
    }

    private void headInt(long v) {
        headLen = putLong(head, headLen, v);
    }

    /** ASCII of {@code s} at {@code off}, truncated at the end of {@code b}; returns the new length. */
    static int put(byte[] b, int off, String s) {
        if (s == null) {
            return off;
        }
        int n = s.length();
        for (int i = 0; i < n && off < b.length; i++) {
            char ch = s.charAt(i);
            b[off++] = (byte) (ch < 128 ? ch : '?');
        }
        return off;
    }

    /** Decimal digits of {@code v}, without allocating; returns the new length. */
    static int putLong(byte[] b, int off, long v) {
        if (v < 0) {
            if (off < b.length) {
                b[off++] = '-';
            }
            v = -v;
        }
        long div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        while (div > 0 && off < b.length) {
            b[off++] = (byte) ('0' + (v / div) % 10);
            div /= 10;
        }
        return off;
    }

    /** Index just after the CRLF CRLF that ends a request head, or -1. */
    static int headEnd(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int from, int to, char ch) {
        for (int i = from; i < to; i++) {
            if (b[i] == ch) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] b, int from, int to, String s) {
        return to - from == s.length() && startsWith(b, from, to, s);
    }

    private static boolean startsWith(byte[] b, int from, int to, String s) {
        int n = s.length();
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
