package io.jzsock.sim.cli;

import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.interop.DnsQuery;
import io.jzsock.sim.interop.PasstLab;
import io.jzsock.sim.wire.PcapReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run}'s passt session with passt in a test namespace (so its localhost ports and DNS are the
 * test's): the simulated Nucleo's status page through passt's port forward, the board reaching a host
 * server at the gateway and a name through passt's DNS forwarding, each step printed, passt stopped and
 * its capture kept on close.
 */
class PasstRunTest {
    @TempDir
    Path dir;
    private PasstLab lab;
    private PasstSession session;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void up() throws Exception {
        PasstLab.require();
        lab = new PasstLab("passt-run", "192.0.2.80 status.jzsock.test");
        session = PasstSession.open(new PasstSession.Options(0, 0, dir.resolve("board.pcap"), dir.resolve("passt.pcap"),
                lab.launcher(), "passt", null), new PrintStream(log, true));
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
    void statusPageIsServedThroughPasstsPortForwardAndEveryStepIsPrinted() throws Exception {
        String page = hostGet("/");
        assertTrue(page.startsWith("200 jzsock status\n"), page);
        assertTrue(page.contains("interface: eth0 198.18.0.2/24 mac " + session.board().macText() + " up"), page);
        assertTrue(hostGet("/nope").startsWith("404 "), "404 through passt");
        assertEquals(2, session.app().requests());
        String out = log.toString(StandardCharsets.US_ASCII);
        for (String step : new String[] {"[passt] starting ", "[passt] started, pid ", "[passt] connected on ",
            "[nucleo_f767zi] boot complete", "[board] address 198.18.0.2/24", "[board] gateway 198.18.0.1",
            "[board] DNS server 198.18.0.1", "[board] ping gateway 198.18.0.1: ", "[app] StatusApp: HTTP on 198.18.0.2:80"}) {
            assertTrue(out.contains(step), step + " missing in:\n" + out);
        }
        assertEquals("http://localhost:" + session.httpPort() + "/", session.urls().get(0));
        assertTrue(session.statusLine().matches("board eth rx \\d+ tx \\d+, .*passt frames in \\d+ out \\d+"),
                session.statusLine());
    }

    @Test
    void theBoardReachesAHostServerAtTheGatewayAndANameThroughPasstsDns() throws Exception {
        NetStack board = session.board().stack();
        Zsock z = board.zsock();
        try (ServerSocket listener = lab.host().submit(() -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress())).get()) {
            Future<String> server = lab.host().submit(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(5000);
                    byte[] b = new byte[5];
                    int n = s.getInputStream().readNBytes(b, 0, 5);
                    OutputStream o = s.getOutputStream();
                    o.write(("seen " + new String(b, 0, n, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                    return s.getInetAddress().getHostAddress();
                }
            });
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
            assertEquals(0, z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 5000));
            assertEquals(0, z.connect(fd, SockAddr.parse(PasstSession.ADDRESSING.gateway, listener.getLocalPort())));
            byte[] hello = "board".getBytes(StandardCharsets.US_ASCII);
            assertEquals(5, z.send(fd, hello, 0, 5, 0));
            byte[] in = new byte[32];
            int got = 0;
            for (int r; got < 10 && (r = z.recv(fd, in, got, in.length - got, 0)) > 0; ) {
                got += r;
            }
            assertEquals("seen board", new String(in, 0, got, StandardCharsets.US_ASCII));
            assertEquals(0, z.close(fd));
            assertEquals("127.0.0.1", server.get(10, TimeUnit.SECONDS), "passt connects from the host's loopback");
        }
        int udp = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertEquals(0, z.setsockopt(udp, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000));
        SockAddr dns = SockAddr.parse(PasstSession.ADDRESSING.dns, DnsQuery.PORT);
        DnsQuery.Answer a = DnsQuery.ask(z, udp, dns, 0x1234, "status.jzsock.test");
        assertEquals(0, z.close(udp));
        assertEquals(DnsQuery.RCODE_OK, a.rcode(), a.toString());
        assertEquals("192.0.2.80", a.firstA(), a.toString());
        assertEquals(dns, a.from());
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
