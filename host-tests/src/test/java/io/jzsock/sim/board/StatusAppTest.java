package io.jzsock.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.StatusApp;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StatusApp on a simulated F429 board, driven from a gateway stack's zsock TCP. */
class StatusAppTest {
    private VirtualBoard board;
    private NetStack gw;
    private StatusApp app;

    @BeforeEach
    void boot() {
        VirtualSwitch sw = new VirtualSwitch();
        board = VirtualBoard.boot(BoardDefinition.NUCLEO_F429ZI, sw, 7, NetConfig.defaults(),
                InterfaceConfig.ipv4("eth0", "198.18.0.2", 24, null), new PrintStream(new ByteArrayOutputStream()));
        gw = NetStack.start(NetConfig.defaults(), SystemClock.INSTANCE, new SeededEntropy(3));
        VirtualNic nic = new VirtualNic(new byte[] {2, 0, 0, 0, 0, 1});
        sw.attach(nic);
        gw.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
        app = StatusApp.start(board.stack());
    }

    @AfterEach
    void shutdown() {
        app.stop();
        board.close();
        gw.stop();
        assertNull(board.stack().netThreadFailure());
        assertNull(gw.netThreadFailure());
    }

    /** Sends {@code request} (optionally without closing the write side), returns the whole response. */
    private String exchange(byte[] request, boolean halfClose) {
        Zsock z = gw.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000);
        assertEquals(0, z.connect(fd, SockAddr.parse("198.18.0.2", 80)));
        for (int off = 0; off < request.length; ) {
            int w = z.send(fd, request, off, request.length - off, 0);
            if (w <= 0) {
                break;
            }
            off += w;
        }
        if (halfClose) {
            z.shutdown(fd, Zsock.SHUT_WR);
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[2048];
        int n;
        while ((n = z.recv(fd, buf, 0, buf.length, 0)) > 0) {
            got.write(buf, 0, n);
        }
        z.close(fd);
        return got.toString(StandardCharsets.US_ASCII);
    }

    private String exchange(String request) {
        return exchange(request.getBytes(StandardCharsets.US_ASCII), false);
    }

    @Test
    void getRootAnswersWithInterfaceAndCounters() {
        String r = exchange("GET / HTTP/1.1\r\nHost: board\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: "), r);
        int bodyAt = r.indexOf("\r\n\r\n") + 4;
        int declared = Integer.parseInt(r.substring(r.indexOf("Content-Length: ") + 16, r.indexOf("\r\nConnection")));
        assertEquals(declared, r.length() - bodyAt);
        assertTrue(r.contains("interface: " + board.describe() + "\n"), r);
        assertTrue(r.contains("\nhttp_requests: 1\n"), r);
    }

    @Test
    void otherMethodsAndMalformedRequestsGetErrorsNotExceptions() {
        assertTrue(exchange("POST / HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
        assertTrue(exchange("GET /\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(exchange("GET / FTP/1.0\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request\r\n"));
        byte[] huge = new byte[3000];
        java.util.Arrays.fill(huge, (byte) 'A');
        assertTrue(exchange(huge, false).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        byte[] junk = new byte[256];
        new java.util.Random(5).nextBytes(junk);
        assertTrue(exchange(junk, true).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertEquals("", exchange(new byte[0], true));
        assertTrue(exchange("GET /x HTTP/1.0\r\n\r\n").startsWith("HTTP/1.1 404 Not Found\r\n"));
        assertTrue(app.isRunning());
    }

    /** Reads one response (head, then Content-Length body bytes unless to a HEAD) from {@code fd}. */
    private static String readResponse(Zsock z, int fd, boolean toHead) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (!got.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            if (z.recv(fd, one, 0, 1, 0) != 1) {
                return got.toString(StandardCharsets.US_ASCII);
            }
            got.write(one[0]);
        }
        String head = got.toString(StandardCharsets.US_ASCII);
        int at = head.indexOf("Content-Length: ") + 16;
        int len = toHead ? 0 : Integer.parseInt(head.substring(at, head.indexOf('\r', at)));
        byte[] body = new byte[len];
        for (int off = 0; off < len; ) {
            int n = z.recv(fd, body, off, len - off, 0);
            assertTrue(n > 0, "body cut at " + off + " of " + len);
            off += n;
        }
        return head + new String(body, StandardCharsets.US_ASCII);
    }

    private static void sendAll(Zsock z, int fd, String request) {
        byte[] b = request.getBytes(StandardCharsets.US_ASCII);
        assertEquals(b.length, z.send(fd, b, 0, b.length, 0));
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnectionAndCloseEndsIt() {
        Zsock z = gw.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000);
        assertEquals(0, z.connect(fd, SockAddr.parse("198.18.0.2", 80)));
        sendAll(z, fd, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        String first = readResponse(z, fd, false);
        assertTrue(first.contains("\r\nConnection: keep-alive\r\n"), first);
        assertTrue(first.contains("\nhttp_requests: 1\n"), first);
        // Pipelined (RFC 9112 §9.3.2): both requests in one segment, answered in order.
        sendAll(z, fd, "HEAD / HTTP/1.1\r\nConnection: keep-alive\r\n\r\nGET /index.txt HTTP/1.1\r\nConnection: close\r\n\r\n");
        String head = readResponse(z, fd, true);
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.endsWith("\r\n\r\n"), head);
        String last = readResponse(z, fd, false);
        assertTrue(last.contains("\r\nConnection: close\r\n"), last);
        assertTrue(last.contains("\nhttp_requests: 3\n"), last);
        byte[] buf = new byte[16];
        assertEquals(0, z.recv(fd, buf, 0, buf.length, 0));
        z.close(fd);
    }

    @Test
    void withoutTheKeepAliveTokenTheServerCloses() {
        String r = exchange("GET / HTTP/1.1\r\nConnection: upgrade, Close\r\n\r\n");
        assertTrue(r.contains("\r\nConnection: close\r\n"), r);
    }

    @Test
    void twoSlotsServeASecondClientWhileTheFirstIsSilent() {
        Zsock z = gw.zsock();
        int silent = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.connect(silent, SockAddr.parse("198.18.0.2", 80)));
        long t0 = System.nanoTime();
        String r = exchange("GET / HTTP/1.0\r\n\r\n");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
        assertTrue(ms < 1000, "waited " + ms + " ms behind a silent client");
        z.close(silent);
    }

    @Test
    void silentClientTimesOutAndTheNextOneIsServed() {
        Zsock z = gw.zsock();
        int silent = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.connect(silent, SockAddr.parse("198.18.0.2", 80)));
        long t0 = System.nanoTime();
        String r = exchange("GET / HTTP/1.1\r\n\r\n");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
        assertTrue(ms < 4000, "waited " + ms + " ms");
        z.close(silent);
    }

    @Test
    void stopReleasesBothPortsSoTheAppCanStartAgain() {
        int baseline = board.stack().openFds();
        app.stop();
        assertFalse(app.isRunning());
        assertEquals(baseline - 2, board.stack().openFds());
        app = StatusApp.start(board.stack());
        Zsock z = gw.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
        byte[] msg = {1, 2, 3};
        assertEquals(3, z.sendto(fd, msg, 0, 3, 0, SockAddr.parse("198.18.0.2", 7)));
        byte[] in = new byte[8];
        assertEquals(3, z.recv(fd, in, 0, in.length, 0));
        assertEquals(3, in[2]);
        z.close(fd);
    }
}
