package io.jzsock.sim.cli;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.sim.interop.PasstLab;
import io.jzsock.sim.testkit.Socks5Option;
import io.jzsock.sim.wire.PcapReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run}'s passt session with passt in a test namespace (so its localhost ports and DNS are the
 * test's): the board's DHCP lease from passt, the simulated Nucleo's status page through passt's port
 * forward, a board-side client resolving names through passt's DNS forwarding and reaching host servers
 * by them, each step printed, passt stopped and its capture kept on close.
 */
class PasstRunTest {
    static final int SOCKS_PORT = 1080;
    @TempDir
    Path dir;
    private PasstLab lab;
    private PasstSession session;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void up() throws Exception {
        PasstLab.require();
        lab = new PasstLab("passt-run", PasstSession.ADDRESSING.gateway + " host.jzsock.test",
                PasstSession.ADDRESSING.gateway + " proxy.jzsock.test");
        session = PasstSession.open(new PasstSession.Options(0, 0, dir.resolve("board.pcap"), dir.resolve("passt.pcap"),
                lab.launcher(), "passt", PasstSession.DHCP_MILLIS, null), new PrintStream(log, true));
    }

    @AfterEach
    void down() throws Exception {
        if (session != null) {
            session.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private String hostGet(String path) throws Exception {
        return lab.host().submit(() -> {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + session.httpPort() + path).openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            int code = c.getResponseCode();
            try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return code + " " + new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }).get(20, TimeUnit.SECONDS);
    }

    @Test
    void theBoardHoldsALeaseFromPasstsDhcpServer() {
        NetStack board = session.board().stack();
        Dhcp dhcp = board.dhcp();
        int ifc = session.board().board().ifindex();
        assertEquals(Dhcp.BOUND, dhcp.state(ifc));
        assertEquals(Dhcp.EVENT_BOUND, dhcp.lastEvent(ifc));
        assertEquals(ip("198.18.0.2"), dhcp.address(ifc));
        assertEquals(ip("255.255.255.0"), dhcp.netmask(ifc));
        assertEquals(ip("198.18.0.1"), dhcp.router(ifc));
        assertEquals(ip("198.18.0.1"), dhcp.server(ifc), "passt answers from the gateway address");
        assertEquals(ip("198.18.0.1"), dhcp.dnsServer(ifc, 0));
        assertEquals(0, dhcp.dnsServer(ifc, 1), "one DNS server");
        assertEquals(-1, dhcp.leaseSeconds(ifc), "passt leases for ever (0xffffffff)");
        assertEquals(0, board.counter(NetCounters.DHCP_DECLINE_SENT));
        assertEquals(0, board.counter(NetCounters.DHCP_DROP_MALFORMED));
        assertTrue(session.board().describe().startsWith("eth0 198.18.0.2/24 "), session.board().describe());
    }

    private static int ip(String dotted) {
        return SockAddr.parse(dotted, 0).ipv4();
    }

    @Test
    void statusPageIsServedThroughPasstsPortForwardAndEveryStepIsPrinted() throws Exception {
        String page = hostGet("/");
        assertTrue(page.startsWith("200 jzsock status\n"), page);
        assertTrue(page.contains("interface: eth0 198.18.0.2/24 mac " + session.board().macText() + " up"), page);
        assertTrue(hostGet("/nope").startsWith("404 "), "404 through passt");
        assertEquals(2, session.app().requests());
        String out = log.toString(StandardCharsets.US_ASCII);
        for (String step : new String[] {"[passt] starting ", "[passt] started, pid ", "[passt] connected on ",
            "[nucleo_f767zi] boot complete", "[board] DHCP lease 198.18.0.2/24 from 198.18.0.1, router 198.18.0.1, DNS 198.18.0.1, lease ",
            "[board] address 198.18.0.2/24, gateway 198.18.0.1", "[board] DNS server 198.18.0.1", "[app] StatusApp: HTTP on 198.18.0.2:80"}) {
            assertTrue(out.contains(step), step + " missing in:\n" + out);
        }
        assertEquals("http://localhost:" + session.httpPort() + "/", session.urls().get(0));
        assertTrue(session.statusLine().matches("board eth rx \\d+ tx \\d+, .*passt frames in \\d+ out \\d+"),
                session.statusLine());
    }

    /** The name's single address through getaddrinfo, which asks the DNS server of the board's lease. */
    private static SockAddr resolve(Zsock z, String name, int port, int socktype) {
        AddrInfo[] res = new AddrInfo[2];
        int n = z.getaddrinfo(name, Integer.toString(port), new AddrInfo().hints(Zsock.AF_INET, socktype, 0, 0), res);
        assertEquals(1, n, name + ": " + z.gai_strerror(n));
        return new SockAddr().set(res[0].addr);
    }

    /** 64 rounds of 4 KiB of a seeded pattern echoed back over one connection, compared byte for byte. */
    private static void echoRounds(Zsock z, int fd) {
        java.util.Random rnd = new java.util.Random(12);
        byte[] out = new byte[4096];
        byte[] in = new byte[4096];
        for (int round = 0; round < 64; round++) {
            rnd.nextBytes(out);
            for (int sent = 0; sent < out.length; ) {
                int r = z.send(fd, out, sent, out.length - sent, 0);
                assertTrue(r > 0, "send " + r);
                sent += r;
            }
            for (int got = 0; got < in.length; ) {
                int r = z.recv(fd, in, got, in.length - got, 0);
                assertTrue(r > 0, "recv " + r + " in round " + round);
                got += r;
            }
            assertArrayEquals(out, in, "round " + round);
        }
    }

    /** A TCP echo server on the namespace's 127.0.0.1 for one connection; the future gives the peer's address. */
    private Future<String> hostTcpEcho(ServerSocket listener) {
        return lab.host().submit(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                s.getInputStream().transferTo(s.getOutputStream());
                return s.getInetAddress().getHostAddress();
            }
        });
    }

    /**
     * What issue 12 asks of a board-side client: its DNS server comes from passt's lease, a name resolves
     * through passt's DNS forwarding to the test's dnsmasq (the namespace's resolv.conf names only it,
     * which forwards nothing) to the gateway address, and by that address the board reaches a TCP and a
     * UDP server on the host's 127.0.0.1, and the same TCP server through microsocks found by name.
     */
    @Test
    void aBoardClientResolvesHostNamesThroughPasstAndReachesHostTcpAndUdpServersByteExact() throws Exception {
        Zsock z = session.board().stack().zsock();
        int ifc = session.board().board().ifindex();
        assertEquals(ip(PasstSession.ADDRESSING.dns), session.board().stack().dhcp().dnsServer(ifc, 0), "DNS from the lease");
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo("nope.jzsock.test", "80", null, new AddrInfo[1]),
                "a name the test's hosts file lacks: dnsmasq's NXDOMAIN, nothing asked upstream");
        try (ServerSocket listener = lab.host().submit(() -> new ServerSocket(0, 2, InetAddress.getLoopbackAddress())).get();
             DatagramSocket udpServer = lab.host().submit(() -> new DatagramSocket(0, InetAddress.getLoopbackAddress())).get()) {
            SockAddr tcpAt = resolve(z, "host.jzsock.test", listener.getLocalPort(), Zsock.SOCK_STREAM);
            assertEquals(SockAddr.parse(PasstSession.ADDRESSING.gateway, listener.getLocalPort()), tcpAt);
            Future<String> peer = hostTcpEcho(listener);
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
            assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000));
            assertEquals(0, z.connect(fd, tcpAt));
            echoRounds(z, fd);
            assertEquals(0, z.close(fd));
            assertEquals("127.0.0.1", peer.get(10, TimeUnit.SECONDS), "passt connects from the host's loopback");

            Future<String> udpPeer = lab.host().submit(() -> {
                udpServer.setSoTimeout(10_000);
                String from = null;
                for (int i = 0; i < 3; i++) {
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    udpServer.receive(p);
                    udpServer.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                    from = p.getAddress().getHostAddress();
                }
                return from;
            });
            SockAddr udpAt = resolve(z, "host.jzsock.test", udpServer.getLocalPort(), Zsock.SOCK_DGRAM);
            int u = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
            assertEquals(0, z.setsockopt(u, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000));
            java.util.Random rnd = new java.util.Random(13);
            for (int size : new int[] {1, 512, 1472}) {
                byte[] d = new byte[size];
                rnd.nextBytes(d);
                assertEquals(size, z.sendto(u, d, 0, size, 0, udpAt));
                byte[] back = new byte[2048];
                SockAddr from = new SockAddr();
                int n = z.recvfrom(u, back, 0, back.length, 0, from);
                assertEquals(size, n, "echo of " + size);
                assertArrayEquals(d, java.util.Arrays.copyOf(back, n));
                assertEquals(udpAt, from, "the answer comes from the address asked");
            }
            assertEquals(0, z.close(u));
            assertEquals("127.0.0.1", udpPeer.get(10, TimeUnit.SECONDS));

            String microsocks = PasstLab.tool("microsocks");
            lab.spawnTcpServer(SOCKS_PORT, microsocks, "-i", "127.0.0.1", "-p", Integer.toString(SOCKS_PORT));
            SockAddr proxy = resolve(z, "proxy.jzsock.test", SOCKS_PORT, Zsock.SOCK_STREAM);
            byte[] option = Socks5Option.of(proxy.toString().substring(0, proxy.toString().indexOf(':')), proxy.port());
            Future<String> proxied = hostTcpEcho(listener);
            int p = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
            assertEquals(0, z.setsockopt(p, Zsock.SOL_SOCKET, Zsock.SO_SOCKS5, option, 0, option.length));
            assertEquals(0, z.setsockopt(p, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000));
            assertEquals(0, z.connect(p, SockAddr.parse("127.0.0.1", listener.getLocalPort())), "through microsocks");
            echoRounds(z, p);
            assertEquals(0, z.close(p));
            assertEquals("127.0.0.1", proxied.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeStopsPasstAndKeepsBothCaptures() throws Exception {
        assertTrue(hostGet("/").startsWith("200 "));
        NetStack board = session.board().stack();
        session.close();
        assertFalse(session.passt().isAlive(), "passt stopped");
        assertFalse(session.port().connected());
        assertNull(board.netThreadFailure());
        assertNull(session.port().failure());
        assertTrue(PcapReader.read(dir.resolve("board.pcap")).records().size() >= 8, "the switch capture");
        assertTrue(PcapReader.read(dir.resolve("passt.pcap")).records().size() >= 8, "passt's own capture");
        String pids = lab.host().exec("ip", "netns", "pids", lab.host().name()).output;
        assertFalse(pids.lines().anyMatch(p -> ProcessHandle.of(Long.parseLong(p.trim()))
                .flatMap(h -> h.info().command()).map(c -> c.contains("passt")).orElse(false)), "no passt left: " + pids);
    }
}
