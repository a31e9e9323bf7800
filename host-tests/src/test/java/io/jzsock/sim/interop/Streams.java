package io.jzsock.sim.interop;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;

/**
 * Byte-exact bulk transfers for the interop tests, with the same pattern on both sides (byte i is
 * {@code i * 31 + i / 251}, so a lost, duplicated or shifted segment shows): a jzsock end through the
 * blocking zsock API and a kernel end through {@code java.net} on a namespace thread. Every end returns
 * a {@link Transfer}: bytes moved, the first mismatch and the elapsed time.
 */
final class Streams {
    static final int CHUNK = 16384;

    private Streams() {
    }

    static byte pattern(long i) {
        return (byte) (i * 31 + i / 251);
    }

    static void fill(byte[] b, int n, long from) {
        for (int i = 0; i < n; i++) {
            b[i] = pattern(from + i);
        }
    }

    /** Result of one direction. {@code mismatchAt} is -1 when every byte matched the pattern. */
    record Transfer(long bytes, long mismatchAt, long nanos, String error) {
        double megabytesPerSecond() {
            return bytes / (nanos / 1e9) / 1e6;
        }

        Transfer expect(long total) {
            if (error != null || bytes != total || mismatchAt >= 0) {
                throw new AssertionError("transfer: " + this + ", expected " + total + " bytes");
            }
            return this;
        }
    }

    /** Kernel side: accepts one connection on {@code port} and reads it to EOF, checking the pattern. */
    static Callable<Transfer> kernelSink(ServerSocket listener) {
        return () -> {
            try (Socket s = listener.accept()) {
                long start = System.nanoTime();
                Transfer t = read(s.getInputStream(), start);
                return t;
            }
        };
    }

    /** Kernel side: connects to {@code host:port} and writes {@code total} pattern bytes, then closes. */
    static Callable<Transfer> kernelSource(String host, int port, long total) {
        return () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5000);
                long start = System.nanoTime();
                write(s.getOutputStream(), total);
                s.shutdownOutput();
                // Wait for the peer's FIN so the time covers delivery, not just our send buffer.
                while (s.getInputStream().read() >= 0) {
                    // the sink sends nothing
                }
                return new Transfer(total, -1, System.nanoTime() - start, null);
            }
        };
    }

    static Transfer read(InputStream in, long start) throws IOException {
        byte[] b = new byte[CHUNK];
        long n = 0;
        long bad = -1;
        int r;
        while ((r = in.read(b)) > 0) {
            if (bad < 0) {
                for (int i = 0; i < r; i++) {
                    if (b[i] != pattern(n + i)) {
                        bad = n + i;
                        break;
                    }
                }
            }
            n += r;
        }
        return new Transfer(n, bad, System.nanoTime() - start, null);
    }

    static void write(OutputStream out, long total) throws IOException {
        byte[] b = new byte[CHUNK];
        long sent = 0;
        while (sent < total) {
            int n = (int) Math.min(b.length, total - sent);
            fill(b, n, sent);
            out.write(b, 0, n);
            sent += n;
        }
    }

    /**
     * Starts a thread that echoes each of the next {@code datagrams} datagrams on the UDP socket fd back to its
     * sender (bufLen bytes at most), stopping at the first failed recvfrom or short sendto.
     */
    static Thread zsockUdpEcho(Zsock z, int fd, int datagrams, int bufLen, String name) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[bufLen];
            SockAddr from = new SockAddr();
            for (int i = 0; i < datagrams; i++) {
                int n = z.recvfrom(fd, b, 0, b.length, 0, from);
                if (n < 0 || z.sendto(fd, b, 0, n, 0, from) != n) {
                    return;
                }
            }
        }, name);
        t.start();
        return t;
    }

    /** jzsock side: writes {@code total} pattern bytes on a connected socket in {@code chunk}-byte sends. */
    static Transfer zsockWrite(Zsock z, int fd, long total, int chunk) {
        byte[] b = new byte[chunk];
        long start = System.nanoTime();
        long sent = 0;
        while (sent < total) {
            int n = (int) Math.min(chunk, total - sent);
            fill(b, n, sent);
            int off = 0;
            while (off < n) {
                int r = z.send(fd, b, off, n - off, 0);
                if (r < 0) {
                    return new Transfer(sent + off, -1, System.nanoTime() - start, "send " + Errno.name(r));
                }
                off += r;
            }
            sent += n;
        }
        return new Transfer(sent, -1, System.nanoTime() - start, null);
    }

    /** jzsock side: reads a connected socket to EOF, checking the pattern. */
    static Transfer zsockRead(Zsock z, int fd) {
        byte[] b = new byte[CHUNK];
        long start = System.nanoTime();
        long n = 0;
        long bad = -1;
        while (true) {
            int r = z.recv(fd, b, 0, b.length, 0);
            if (r < 0) {
                return new Transfer(n, bad, System.nanoTime() - start, "recv " + Errno.name(r));
            }
            if (r == 0) {
                return new Transfer(n, bad, System.nanoTime() - start, null);
            }
            if (bad < 0) {
                for (int i = 0; i < r; i++) {
                    if (b[i] != pattern(n + i)) {
                        bad = n + i;
                        break;
                    }
                }
            }
            n += r;
        }
    }

    /** A blocking jzsock TCP client connected to {@code host:port}, or an AssertionError. */
    static int zsockConnect(Zsock z, String host, int port) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        check(fd, "socket");
        check(z.connect(fd, SockAddr.parse(host, port)), "connect " + host + ":" + port);
        return fd;
    }

    /** A jzsock TCP listener on {@code port}. */
    static int zsockListen(Zsock z, int port, int backlog) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        check(fd, "socket");
        check(z.bind(fd, SockAddr.parse("0.0.0.0", port)), "bind");
        check(z.listen(fd, backlog), "listen");
        return fd;
    }

    static int check(int r, String what) {
        if (r < 0) {
            throw new AssertionError(what + ": " + Errno.name(r));
        }
        return r;
    }
}
