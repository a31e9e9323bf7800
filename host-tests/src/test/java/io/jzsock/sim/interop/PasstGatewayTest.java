package io.jzsock.sim.interop;

import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A jzsock board behind a real passt (issue 12): the host is reachable at the gateway address, which
 * passt maps to the host's loopback, so the board's connections to the gateway reach TCP and UDP servers
 * bound to 127.0.0.1 of the namespace the test made; DNS sent to passt's DNS address is forwarded to the
 * namespace's dnsmasq and answered from the test's hosts file, never by this machine's resolver.
 */
class PasstGatewayTest {
    static final String NAME = "board.jzsock.test";
    static final String NAME_ADDRESS = "192.0.2.77";
    private static PasstLab lab;
    private static NetStack board;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        PasstLab.require();
        lab = new PasstLab("passt-gateway", NAME_ADDRESS + " " + NAME);
        board = lab.startBoard(KernelLab.roomyConfig(), 12, "passt-gateway");
        z = board.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void boardStreamsToAndFromATcpServerOnTheHostLoopbackThroughTheGateway() throws Exception {
        ServerSocket listener = lab.host().submit(() -> new ServerSocket(0, 4, InetAddress.getLoopbackAddress())).get();
        try (listener) {
            int port = listener.getLocalPort();
            Future<Streams.Transfer> sink = lab.host().submit(Streams.kernelSink(listener));
            int fd = Streams.zsockConnect(z, PasstLab.ADDRESSING.gateway, port);
            Streams.zsockWrite(z, fd, 4 << 20, 16384).expect(4 << 20);
            z.close(fd);
            Streams.Transfer up = sink.get(30, TimeUnit.SECONDS).expect(4 << 20);

            Future<Streams.Transfer> source = lab.host().submit(() -> {
                try (var s = listener.accept()) {
                    Streams.write(s.getOutputStream(), 4 << 20);
                    return new Streams.Transfer(4 << 20, -1, 0, null);
                }
            });
            int back = Streams.zsockConnect(z, PasstLab.ADDRESSING.gateway, port);
            Streams.Transfer down = Streams.zsockRead(z, back).expect(4 << 20);
            z.close(back);
            source.get(30, TimeUnit.SECONDS).expect(4 << 20);
            System.out.printf("passt gateway TCP, 4 MiB: board -> host %.1f MB/s, host -> board %.1f MB/s%n",
                    up.megabytesPerSecond(), down.megabytesPerSecond());
        }
    }

    @Test
    void boardExchangesUdpDatagramsWithAServerOnTheHostLoopback() throws Exception {
        DatagramSocket echo = lab.host().submit(() -> new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))).get();
        int[] sizes = {1, 2, 100, 512, 1000, 1471, 1472};
        Future<Integer> server = lab.host().submit(() -> {
            byte[] b = new byte[2048];
            echo.setSoTimeout(5000);
            for (int i = 0; i < sizes.length; i++) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                echo.receive(p);
                echo.send(p);
            }
            return sizes.length;
        });
        int fd = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000), "rcvtimeo");
        SockAddr dst = SockAddr.parse(PasstLab.ADDRESSING.gateway, echo.getLocalPort());
        byte[] in = new byte[2048];
        SockAddr from = new SockAddr();
        try {
            for (int size : sizes) {
                byte[] out = new byte[size];
                Streams.fill(out, size, size);
                assertEquals(size, z.sendto(fd, out, 0, size, 0, dst));
                assertEquals(size, z.recvfrom(fd, in, 0, in.length, 0, from), "echo of " + size);
                assertArrayEquals(out, java.util.Arrays.copyOf(in, size), "bytes of " + size);
                assertEquals(dst, from, "the reply comes from the gateway");
            }
            assertEquals(sizes.length, server.get(10, TimeUnit.SECONDS));
        } finally {
            z.close(fd);
            echo.close();
        }
    }

    @Test
    void dnsQueryToPasstsDnsAddressIsAnsweredByTheNamespacesDnsmasq() throws Exception {
        int fd = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000), "rcvtimeo");
        SockAddr dns = SockAddr.parse(PasstLab.ADDRESSING.dns, DnsQuery.PORT);
        try {
            DnsQuery.Answer a = DnsQuery.ask(z, fd, dns, 0x4a21, NAME);
            assertEquals(DnsQuery.RCODE_OK, a.rcode(), a.toString());
            assertEquals(NAME_ADDRESS, a.firstA(), a.toString());
            assertEquals(dns, a.from(), "the answer comes from the address asked");

            DnsQuery.Answer none = DnsQuery.ask(z, fd, dns, 0x4a22, "missing.jzsock.test");
            assertEquals(DnsQuery.RCODE_NXDOMAIN, none.rcode(), none.toString());
            assertEquals(null, none.firstA());
        } finally {
            z.close(fd);
        }
        assertTrue(lab.port().framesFromPasst() > 0 && lab.port().framesOversized() == 0,
                "frames from passt: " + lab.port().framesFromPasst() + ", oversized: " + lab.port().framesOversized());
    }
}
