package io.jzsock.sim.scenario;

import io.jzsock.net.Errno;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 server (RFC 1928 CONNECT, no-auth or RFC 1929 username/password) written over
 * {@link Zsock} with blocking calls and one thread per session, so the client under test talks to
 * a proxy running on another jzsock stack. It connects to the requested IPv4 destination from its
 * own stack and relays both directions until each side has closed. Knobs let tests force a reply
 * code, delay the CONNECT reply, or stall after the greeting. What it saw is kept in {@link #log}.
 */
final class Socks5TestServer implements AutoCloseable {
    private final Zsock z;
    private final int port;
    /** Session sockets still open; guarded by this, so teardown never closes an fd twice. */
    private final List<Integer> fds = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** One line per event: "greeting 05 01 00", "auth alice/s3cret ok", "connect 198.18.0.3:7 -> 0". */
    final List<String> log = new CopyOnWriteArrayList<>();
    private String user;
    private String pass;
    private int forcedReply = -1;
    private int replyDelayMs;
    private boolean stall;
    private int listener = -1;

    Socks5TestServer(NetStack stack, int port) {
        this.z = stack.zsock();
        this.port = port;
    }

    Socks5TestServer requireCredentials(String u, String p) {
        user = u;
        pass = p;
        return this;
    }

    /** Answer every CONNECT with this REP code without connecting. */
    Socks5TestServer forceReply(int code) {
        forcedReply = code;
        return this;
    }

    Socks5TestServer delayReply(int ms) {
        replyDelayMs = ms;
        return this;
    }

    /** Read the greeting and then say nothing. */
    Socks5TestServer stallAfterGreeting() {
        stall = true;
        return this;
    }

    Socks5TestServer start() {
        listener = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        check(listener, "socket");
        check(z.bind(listener, SockAddr.parse("0.0.0.0", port)), "bind");
        check(z.listen(listener, 4), "listen");
        spawn("socks5-accept", this::acceptLoop);
        return this;
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + Errno.name(-r));
        }
    }

    private void spawn(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        while (true) {
            int fd = z.accept(listener, new SockAddr());
            if (fd < 0) {
                return;
            }
            track(fd);
            spawn("socks5-session", () -> session(fd));
        }
    }

    private void session(int client) {
        byte[] b = new byte[600];
        if (!readFully(client, b, 0, 2) || !readFully(client, b, 2, b[1] & 0xff)) {
            closeFd(client);
            return;
        }
        int nMethods = b[1] & 0xff;
        log.add("greeting " + hex(b, 2 + nMethods));
        if (stall) {
            readFully(client, b, 0, 1);
            closeFd(client);
            return;
        }
        int want = user != null ? 2 : 0;
        boolean offered = false;
        for (int i = 0; i < nMethods; i++) {
            offered |= (b[2 + i] & 0xff) == want;
        }
        if (b[0] != 5 || !offered) {
            // Log before replying: the client may act on the reply before this thread runs again.
            log.add("no acceptable method");
            writeAll(client, new byte[] {5, (byte) 0xff});
            closeFd(client);
            return;
        }
        writeAll(client, new byte[] {5, (byte) want});
        if (want == 2 && !authenticate(client, b)) {
            closeFd(client);
            return;
        }
        if (!readFully(client, b, 0, 10) || b[0] != 5 || b[1] != 1 || b[3] != 1) {
            log.add("bad request " + hex(b, 10));
            closeFd(client);
            return;
        }
        int dstIp = ((b[4] & 0xff) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
        int dstPort = ((b[8] & 0xff) << 8) | (b[9] & 0xff);
        SockAddr dst = SockAddr.ipv4(dstIp, dstPort);
        sleep(replyDelayMs);
        int target = -1;
        int rep = forcedReply;
        if (rep < 0) {
            target = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
            int r = z.connect(target, dst);
            rep = r == 0 ? 0 : r == -Errno.ECONNREFUSED ? 5 : r == -Errno.ENETUNREACH ? 3
                    : r == -Errno.EHOSTUNREACH ? 4 : 1;
            log.add("connect " + dst + " -> " + (r == 0 ? "0" : Errno.name(-r)));
            if (r != 0) {
                z.close(target);
                target = -1;
            } else {
                track(target);
            }
        }
        SockAddr bound = new SockAddr();
        if (target >= 0) {
            z.getsockname(target, bound);
        } else {
            bound.setIpv4(0, 0);
        }
        byte[] reply = {5, (byte) rep, 0, 1, 0, 0, 0, 0, (byte) (bound.port() >> 8), (byte) bound.port()};
        System.arraycopy(bound.addressBytes(), 0, reply, 4, 4);
        writeAll(client, reply);
        if (target < 0) {
            closeFd(client);
            return;
        }
        int t = target;
        Thread up = new Thread(() -> relay(client, t), "socks5-up");
        up.setDaemon(true);
        up.start();
        relay(t, client);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFd(t);
        closeFd(client);
    }

    private synchronized void track(int fd) {
        fds.add(fd);
    }

    private synchronized void closeFd(int fd) {
        if (fds.remove(Integer.valueOf(fd))) {
            z.close(fd);
        }
    }

    private boolean authenticate(int client, byte[] b) {
        if (!readFully(client, b, 0, 2)) {
            return false;
        }
        int ulen = b[1] & 0xff;
        if (!readFully(client, b, 2, ulen + 1)) {
            return false;
        }
        int plen = b[2 + ulen] & 0xff;
        if (!readFully(client, b, 3 + ulen, plen)) {
            return false;
        }
        String u = new String(b, 2, ulen);
        String p = new String(b, 3 + ulen, plen);
        boolean ok = b[0] == 1 && user.equals(u) && pass.equals(p);
        log.add("auth " + u + "/" + p + (ok ? " ok" : " rejected"));
        writeAll(client, new byte[] {1, (byte) (ok ? 0 : 1)});
        return ok;
    }

    /** Copies from to dst until EOF or error, then half-closes dst (and closes both at the end). */
    private void relay(int from, int dst) {
        byte[] buf = new byte[1024];
        while (true) {
            int n = z.recv(from, buf, 0, buf.length, 0);
            if (n <= 0) {
                z.shutdown(dst, Zsock.SHUT_WR);
                return;
            }
            if (!writeAll(dst, buf, n)) {
                return;
            }
        }
    }

    private boolean readFully(int fd, byte[] b, int off, int len) {
        int got = 0;
        while (got < len) {
            int n = z.recv(fd, b, off + got, len - got, 0);
            if (n <= 0) {
                return false;
            }
            got += n;
        }
        return true;
    }

    private boolean writeAll(int fd, byte[] b) {
        return writeAll(fd, b, b.length);
    }

    private boolean writeAll(int fd, byte[] b, int len) {
        int sent = 0;
        while (sent < len) {
            int n = z.send(fd, b, sent, len - sent, 0);
            if (n < 0) {
                return false;
            }
            sent += n;
        }
        return true;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hex(byte[] b, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    private synchronized List<Integer> snapshot() {
        return new ArrayList<>(fds);
    }

    /** Closes the listener and every session socket; blocked threads return -EINTR and end. */
    @Override
    public void close() throws InterruptedException {
        if (listener >= 0) {
            z.close(listener);
        }
        for (int fd : snapshot()) {
            closeFd(fd);
        }
        for (Thread t : threads) {
            t.join(2000);
        }
    }
}
