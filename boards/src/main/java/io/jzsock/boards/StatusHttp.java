package io.jzsock.boards;

import io.jzsock.bsp.Clock;
import io.jzsock.net.Errno;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * The status page's HTTP/1.1 server: one thread, a fixed pool of connection slots multiplexed with
 * {@code zsock_poll}, every socket non-blocking. Connections beyond the slots wait in the listen
 * backlog (and, past it, in the client's SYN retransmission); nothing is answered with an empty
 * reply. A connection persists only when the client asks for it (Connection: keep-alive), another
 * slot is free and no connection waits in the backlog; otherwise the response says Connection: close
 * (RFC 9112 §9.6). Because a persistent connection is granted only while some other slot is free, at
 * least one slot is never held by an idle persistent connection, so waiting connections always move.
 */
final class StatusHttp {
    static final int REQUEST_MAX = 1024;
    static final int BODY_MAX = 4096;
    static final int HEAD_MAX = 256;
    /** Responses on one persistent connection before the server closes it, so one client cannot keep a slot. */
    static final int MAX_REQUESTS_PER_CONNECTION = 100;

    private final Zsock z;
    private final Clock clock;
    private final StatusPage page;
    private final StatusApp app;
    private final int listenFd;
    private final HttpSlot[] slots;
    private final PollFd[] pollFds;
    private final int[] pollSlot;
    private final PollFd[] listenPoll = {new PollFd()};
    private final HttpHead head = new HttpHead();
    private final byte[] body = new byte[BODY_MAX];
    private final SockAddr peer = new SockAddr();
    private volatile boolean running = true;
    private volatile long requests;
    private int bodyLen;

    StatusHttp(Zsock z, Clock clock, StatusPage page, StatusApp app, int listenFd, int slotCount) {
        this.z = z;
        this.clock = clock;
        this.page = page;
        this.app = app;
        this.listenFd = listenFd;
        slots = new HttpSlot[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new HttpSlot(REQUEST_MAX, HEAD_MAX + BODY_MAX);
        }
        pollFds = new PollFd[slotCount + 1];
        for (int i = 0; i <= slotCount; i++) {
            pollFds[i] = new PollFd();
        }
        pollSlot = new int[slotCount + 1];
        listenPoll[0].set(listenFd, Zsock.POLLIN);
    }

    long requests() {
        return requests;
    }

    void stop() {
        running = false;
    }

    /** The server loop; returns after {@link #stop()} with every socket closed. */
    void run() {
        while (running) {
            long now = clock.nowMillis();
            int n = 0;
            int free = 0;
            long wait = StatusApp.POLL_MS;
            for (int i = 0; i < slots.length; i++) {
                HttpSlot s = slots[i];
                if (s.state != HttpSlot.FREE && now - s.deadline >= 0) {
                    drop(s);
                }
                if (s.state == HttpSlot.FREE) {
                    free++;
                    continue;
                }
                pollFds[n].set(s.fd, s.state == HttpSlot.WRITING ? Zsock.POLLOUT : Zsock.POLLIN);
                pollSlot[n++] = i;
                wait = Math.min(wait, s.deadline - now);
            }
            // The listener is watched only while a slot is free: a full server leaves new
            // connections in the backlog instead of spinning on a readable listener.
            if (free > 0) {
                pollFds[n].set(listenFd, Zsock.POLLIN);
                pollSlot[n++] = -1;
            }
            int ready = z.poll(pollFds, n, (int) Math.max(1, wait));
            if (ready <= 0) {
                if (ready < 0 && ready != -Errno.EINTR) {
                    StatusApp.pause();
                }
                continue;
            }
            boolean pending = false;
            for (int k = 0; k < n; k++) {
                int ev = pollFds[k].revents;
                if (ev == 0) {
                    continue;
                }
                if (pollSlot[k] < 0) {
                    pending = true;
                } else {
                    service(slots[pollSlot[k]], ev);
                }
            }
            if (pending) {
                acceptWaiting();
            }
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].state != HttpSlot.FREE) {
                drop(slots[i]);
            }
        }
        z.close(listenFd);
    }

    /**
     * Accepts into free slots. An idle persistent connection is not shed for a newcomer: a request
     * may be on its way (the RFC 9112 §9.5 race, which the client would see as a reset or an empty
     * reply); it yields its slot after its next response (Connection: close) or at its timeout.
     */
    private void acceptWaiting() {
        while (true) {
            HttpSlot s = freeSlot();
            if (s == null) {
                return;
            }
            int c = z.accept(listenFd, peer);
            if (c < 0) {
                if (c != -Errno.EAGAIN && c != -Errno.EINTR) {
                    StatusApp.pause();
                }
                return;
            }
            z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK);
            s.open(c, clock.nowMillis() + StatusApp.CLIENT_TIMEOUT_MS);
        }
    }

    private HttpSlot freeSlot() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].state == HttpSlot.FREE) {
                return slots[i];
            }
        }
        return null;
    }

    private void drop(HttpSlot s) {
        z.close(s.fd);
        s.free();
    }

    private void service(HttpSlot s, int ev) {
        if (s.state == HttpSlot.WRITING) {
            flush(s);
            return;
        }
        int n = z.recv(s.fd, s.in, s.inLen, s.in.length - s.inLen, 0);
        if (n == -Errno.EAGAIN) {
            return;
        }
        if (n <= 0) {
            // EOF after part of a head: answer what arrived (it cannot be complete); else just close.
            if (n == 0 && s.inLen > 0) {
                requests++;
                error(s, 400, "Bad Request");
                s.inLen = 0;
                flush(s);
            } else {
                drop(s);
            }
            return;
        }
        s.inLen += n;
        s.deadline = clock.nowMillis() + StatusApp.CLIENT_TIMEOUT_MS;
        answer(s);
    }

    /** Answers a complete head in {@code s.in}, if there is one, and starts sending. */
    private void answer(HttpSlot s) {
        int end = HttpHead.end(s.in, s.inLen);
        if (end < 0) {
            if (s.inLen == s.in.length) {
                requests++;
                error(s, 400, "Bad Request");
                s.inLen = 0;
                flush(s);
            }
            return;
        }
        requests++;
        if (!head.parse(s.in, end)) {
            error(s, 400, "Bad Request");
        } else if (head.method == HttpHead.OTHER) {
            error(s, 405, "Method Not Allowed");
        } else {
            boolean headOnly = head.method == HttpHead.HEAD;
            boolean persist = head.keepAlive && !head.close && s.served + 1 < MAX_REQUESTS_PER_CONNECTION
                    && freeSlot() != null && !othersWaiting();
            if (head.targetIs(s.in, "/") || head.targetIs(s.in, "/index.txt")) {
                bodyLen = page.render(body, requests, app.datagrams());
                frame(s, 200, "OK", headOnly, persist);
            } else {
                errorBody(404, "Not Found");
                frame(s, 404, "Not Found", headOnly, persist);
            }
        }
        if (s.closeAfter) {
            s.inLen = 0;
        } else {
            s.consume(end);
        }
        flush(s);
    }

    /** A connection waits in the listen backlog (polled without waiting). */
    private boolean othersWaiting() {
        return z.poll(listenPoll, 1, 0) > 0 && (listenPoll[0].revents & Zsock.POLLIN) != 0;
    }

    private void error(HttpSlot s, int status, String reason) {
        errorBody(status, reason);
        frame(s, status, reason, false, false);
    }

    private void errorBody(int status, String reason) {
        int n = StatusPage.putLong(body, 0, status);
        n = StatusPage.put(body, n, " ");
        n = StatusPage.put(body, n, reason);
        bodyLen = StatusPage.put(body, n, "\n");
    }

    /** Writes status line, headers and (unless HEAD) the body into the slot's output buffer. */
    private void frame(HttpSlot s, int status, String reason, boolean headOnly, boolean persist) {
        byte[] o = s.out;
        int n = StatusPage.put(o, 0, "HTTP/1.1 ");
        n = StatusPage.putLong(o, n, status);
        n = StatusPage.put(o, n, " ");
        n = StatusPage.put(o, n, reason);
        n = StatusPage.put(o, n, "\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: ");
        n = StatusPage.putLong(o, n, bodyLen);
        n = StatusPage.put(o, n, persist ? "\r\nConnection: keep-alive" : "\r\nConnection: close");
        n = StatusPage.put(o, n, "\r\nCache-Control: no-store\r\n\r\n");
        if (!headOnly) {
            int len = Math.min(bodyLen, o.length - n);
            System.arraycopy(body, 0, o, n, len);
            n += len;
        }
        s.outOff = 0;
        s.outLen = n;
        s.closeAfter = !persist;
        s.state = HttpSlot.WRITING;
    }

    /** Sends what the socket takes now; a finished response closes or waits for the next request. */
    private void flush(HttpSlot s) {
        while (s.outOff < s.outLen) {
            int n = z.send(s.fd, s.out, s.outOff, s.outLen - s.outOff, 0);
            if (n == -Errno.EAGAIN) {
                return;
            }
            if (n <= 0) {
                drop(s);
                return;
            }
            s.outOff += n;
            s.deadline = clock.nowMillis() + StatusApp.CLIENT_TIMEOUT_MS;
        }
        s.served++;
        if (s.closeAfter) {
            drop(s);
            return;
        }
        s.state = HttpSlot.READING;
        s.deadline = clock.nowMillis() + StatusApp.KEEPALIVE_IDLE_MS;
        if (s.inLen > 0) {
            answer(s);
        }
    }
}
