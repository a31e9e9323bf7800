package io.jzsock.sim.interop;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.testkit.Socks5Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SO_SOCKS5 against a real proxy (issue 12): Debian's microsocks on the host loopback of the test's
 * namespace, reached from a jzsock board through passt's gateway address, relays to a TCP server on that
 * loopback. Destination 127.0.0.1 is the proxy's loopback: without the proxy it would be the board's own.
 * The errnos are the ones the README documents for SO_SOCKS5: a rejected password or a missing one
 * EACCES, a refused destination ECONNREFUSED, no route ENETUNREACH, an unreachable host EHOSTUNREACH.
 */
class PasstSocks5Test {
    static final int OPEN_PROXY = 1080;
    static final int AUTH_PROXY = 1081;
    static final String USER = "alice";
    static final String PASSWORD = "s3cret";
    static final int BYTES = 1 << 20;
    private static PasstLab lab;
    private static NetStack board;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        PasstLab.require();
        lab = new PasstLab("passt-socks5");
        NetConfig cfg = KernelLab.roomyConfig();
        cfg.tcpConnectTimeoutMillis = 5000;
        board = lab.startBoard(cfg, 13, "passt-socks5");
        z = board.zsock();
        String microsocks = PasstLab.tool("microsocks");
        lab.spawnTcpServer(OPEN_PROXY, microsocks, "-i", "127.0.0.1", "-p", Integer.toString(OPEN_PROXY));
        lab.spawnTcpServer(AUTH_PROXY, microsocks, "-i", "127.0.0.1", "-p", Integer.toString(AUTH_PROXY),
                "-u", USER, "-P", PASSWORD);
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private static int proxied(byte[] option) {
        int fd = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, option, 0, option.length), "SO_SOCKS5");
        return fd;
    }

    private static byte[] open() {
        return Socks5Option.of(PasstLab.ADDRESSING.gateway, OPEN_PROXY);
    }

    private static ServerSocket hostListener() throws Exception {
        return lab.host().submit(() -> new ServerSocket(0, 4, InetAddress.getLoopbackAddress())).get();
    }

    /** Both directions through the proxy on one connection each, byte-exact. */
    private static void streamBothWays(byte[] option) throws Exception {
        try (ServerSocket listener = hostListener()) {
            SockAddr dst = SockAddr.parse("127.0.0.1", listener.getLocalPort());
            Future<Streams.Transfer> sink = lab.host().submit(Streams.kernelSink(listener));
            int up = proxied(option);
            assertEquals(0, z.connect(up, dst), "connect through microsocks");
            SockAddr peer = new SockAddr();
            assertEquals(0, z.getpeername(up, peer));
            assertEquals(dst, peer, "the application sees the destination, not the proxy");
            Streams.zsockWrite(z, up, BYTES, 4096).expect(BYTES);
            assertEquals(0, z.close(up));
            sink.get(30, TimeUnit.SECONDS).expect(BYTES);

            Future<Streams.Transfer> source = lab.host().submit(() -> {
                try (Socket s = listener.accept()) {
                    Streams.write(s.getOutputStream(), BYTES);
                    return new Streams.Transfer(BYTES, -1, 0, null);
                }
            });
            int down = proxied(option);
            assertEquals(0, z.connect(down, dst));
            Streams.zsockRead(z, down).expect(BYTES);
            assertEquals(0, z.close(down));
            source.get(30, TimeUnit.SECONDS).expect(BYTES);
        }
    }

    @Test
    void connectThroughMicrosocksWithoutAuthenticationIsByteExactBothWays() throws Exception {
        streamBothWays(open());
    }

    @Test
    void connectThroughMicrosocksWithUsernameAndPasswordIsByteExactBothWays() throws Exception {
        streamBothWays(Socks5Option.of(PasstLab.ADDRESSING.gateway, AUTH_PROXY, USER, PASSWORD));
    }

    @Test
    void wrongPasswordFailsWithEacces() throws Exception {
        try (ServerSocket listener = hostListener()) {
            int fd = proxied(Socks5Option.of(PasstLab.ADDRESSING.gateway, AUTH_PROXY, USER, "wrong"));
            assertEquals(-Errno.EACCES, z.connect(fd, SockAddr.parse("127.0.0.1", listener.getLocalPort())));
            assertEquals(0, z.close(fd));
        }
    }

    @Test
    void missingCredentialsFailWithEacces() throws Exception {
        try (ServerSocket listener = hostListener()) {
            int fd = proxied(Socks5Option.of(PasstLab.ADDRESSING.gateway, AUTH_PROXY));
            assertEquals(-Errno.EACCES, z.connect(fd, SockAddr.parse("127.0.0.1", listener.getLocalPort())));
            assertEquals(0, z.close(fd));
        }
    }

    @Test
    void refusedDestinationFailsWithEconnrefused() throws Exception {
        int closed;
        try (ServerSocket gone = hostListener()) {
            closed = gone.getLocalPort();
        }
        int fd = proxied(open());
        assertEquals(-Errno.ECONNREFUSED, z.connect(fd, SockAddr.parse("127.0.0.1", closed)));
        assertEquals(0, z.close(fd));
    }

    @Test
    void destinationWithoutARouteFailsWithEnetunreach() {
        int fd = proxied(open());
        assertEquals(-Errno.ENETUNREACH, z.connect(fd, SockAddr.parse(PasstLab.NET_UNREACHABLE, 80)));
        assertEquals(0, z.close(fd));
    }

    @Test
    void unreachableDestinationHostFailsWithEhostunreach() {
        int fd = proxied(open());
        assertEquals(-Errno.EHOSTUNREACH, z.connect(fd, SockAddr.parse(PasstLab.HOST_UNREACHABLE, 80)));
        assertEquals(0, z.close(fd));
    }
}
