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
