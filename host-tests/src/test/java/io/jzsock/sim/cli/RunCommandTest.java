package io.jzsock.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.StatusApp;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.wire.PcapReader;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    private static String get(int port, String path, int[] status) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://localhost:" + port + path).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        status[0] = c.getResponseCode();
        InputStream in = status[0] >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        in.close();
        c.disconnect();
        return body;
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void statusPageIsServedThroughTheForwardedPortAndEverythingStops() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Path pcap = dir.resolve("board.pcap");
        RunCommand.Session s = RunCommand.Session.open(0, pcap, new PrintStream(log, true));
        int port = s.localPort();
        NetStack board = s.board().stack();
        try {
            int[] status = new int[1];
            String page = get(port, "/", status);
            assertEquals(200, status[0], page);
            assertTrue(page.startsWith("jzsock status\n"), page);
            assertTrue(page.contains("interface: eth0 198.18.0.2/24 mac " + s.board().macText() + " up"), page);
            assertTrue(page.contains("free_packet_buffers: "), page);
            assertTrue(page.contains("\n  eth.rx: "), page);
            assertFalse(page.contains(": 0\n  "), page);

            assertEquals("404 Not Found\n", get(port, "/nope", status));
            assertEquals(404, status[0]);

            String bad = raw(port, "BROKEN\r\n\r\n");
            assertTrue(bad.startsWith("HTTP/1.1 400 Bad Request\r\n"), bad);
            String head = raw(port, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.endsWith("\r\n\r\n"), head);
            assertTrue(head.contains("Connection: close\r\n"), head);

            Zsock z = s.gateway().zsock();
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
            byte[] msg = "echo me".getBytes(StandardCharsets.US_ASCII);
            assertEquals(7, z.sendto(fd, msg, 0, 7, 0, SockAddr.parse("198.18.0.2", StatusApp.ECHO_PORT)));
            byte[] in = new byte[64];
            SockAddr from = new SockAddr();
            assertEquals(7, z.recvfrom(fd, in, 0, in.length, 0, from));
            assertEquals("echo me", new String(in, 0, 7, StandardCharsets.US_ASCII));
            assertEquals(SockAddr.parse("198.18.0.2", 7), from);
            z.close(fd);
        } finally {
            s.close();
        }
        assertFalse(s.app().isRunning());
        assertEquals(0, liveThreads("jzsock-run-"));
        assertEquals(0, liveThreads("status-"));
        assertNull(board.netThreadFailure());
        assertNull(s.gateway().netThreadFailure());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
        assertTrue(PcapReader.read(pcap).records().size() > 10);
        String out = log.toString(StandardCharsets.US_ASCII);
        assertTrue(out.contains("[nucleo_f767zi] boot complete"), out);
        assertTrue(out.contains("[gateway] forwarding localhost:" + port + " -> 198.18.0.2:80"), out);
    }

    @Test
    void runWithSecondsPrintsTheUrlAndReturns() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"run", "--port", "0", "--seconds", "1", "--pcap",
            dir.resolve("r.pcap").toString()}, new PrintStream(out, true), new PrintStream(err, true));
        String text = out.toString(StandardCharsets.US_ASCII);
        assertEquals(Main.OK, rc, err.toString());
        assertTrue(text.contains("try: curl http://localhost:"), text);
        assertTrue(text.contains("[passt] connected on ") || text.contains("using the built-in forwarder instead"), text);
        assertTrue(text.contains("stopped; pcap: "), text);
    }

    @Test
    void withoutPasstRunSaysSoAndFallsBackToTheForwarder() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunCommand.RunSession s = RunCommand.openSession(false, new PasstSession.Options(0, 0, dir.resolve("f.pcap"), null,
                java.util.List.of(), "/nonexistent/passt", PasstSession.DHCP_MILLIS, null), new PrintStream(log, true));
        try {
            assertTrue(s instanceof RunCommand.Session, "the forwarder");
            int[] status = new int[1];
            assertTrue(get(((RunCommand.Session) s).localPort(), "/", status).startsWith("jzsock status\n"));
            assertEquals(List.of(s.urls().get(0)), s.urls(), "one URL: no HTTPS port without passt");
        } finally {
            s.close();
        }
        String out = log.toString(StandardCharsets.US_ASCII);
        assertTrue(out.contains("[gateway] /nonexistent/passt is not installed (Debian: apt-get install passt); using the"
                + " built-in forwarder instead: one port (localhost -> 198.18.0.2:80), no HTTPS port, no DHCP or DNS, and"
                + " the board cannot open connections to the host or beyond"), out);
    }

    /**
     * A stand-in passt that listens on its socket and reads the board's frames but answers nothing: the
     * DHCP wait ends, passt is stopped, and run says why it falls back.
     */
    @Test
    void aPasstThatGivesNoDhcpLeaseIsStoppedAndRunFallsBackSayingSo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jzsock.sim.passt.Passt.find("python3").isPresent(), "needs python3");
        Path fake = dir.resolve("silent-passt");
        Files.writeString(fake, "#!/bin/sh\nexec python3 -c '\nimport socket, sys\na = sys.argv[1:]\n"
                + "s = socket.socket(socket.AF_UNIX)\ns.bind(a[a.index(\"-s\") + 1])\ns.listen(1)\nc, _ = s.accept()\n"
                + "while c.recv(65536):\n    pass\n' \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunCommand.RunSession s = RunCommand.openSession(false, new PasstSession.Options(0, 0, dir.resolve("n.pcap"), null,
                List.of(), fake.toString(), 1500, null), new PrintStream(log, true));
        try {
            assertTrue(s instanceof RunCommand.Session, "the forwarder");
        } finally {
            s.close();
        }
        String out = log.toString(StandardCharsets.US_ASCII);
        assertTrue(out.contains("[passt] connected on "), out);
        assertTrue(out.contains("[gateway] no DHCP lease from passt within 1500 ms (client SELECTING, "), out);
        assertTrue(out.contains(" messages sent); using the built-in forwarder instead: "), out);
        assertEquals(0, ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("python"))
                .count(), "the stand-in passt is stopped");
    }

    @Test
    void forwarderFlagWithVerbosePrintsStatusLinesAtMostOncePerSecond() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"run", "--forwarder", "--verbose", "--port", "0", "--seconds", "3", "--pcap",
            dir.resolve("v.pcap").toString()}, new PrintStream(out, true), new PrintStream(err, true));
        String text = out.toString(StandardCharsets.US_ASCII);
        assertEquals(Main.OK, rc, err.toString());
        assertTrue(text.contains("[gateway] --forwarder given; using the built-in forwarder instead"), text);
        List<String> status = text.lines().filter(l -> l.startsWith("[status ")).toList();
        assertFalse(status.isEmpty(), text);
        assertTrue(status.size() <= 3, "at most one line per second in 3 s: " + status);
        assertTrue(status.get(0).matches("\\[status 1 s\\] board eth rx \\d+ tx \\d+, tcp \\d+ in use, free buffers \\d+/\\d+,"
                + " http requests 0, forwarded connections 0"), status.get(0));
    }

    @Test
    void badPortIsUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.USAGE, Main.run(new String[] {"run", "--port", "70000"}, System.out,
                new PrintStream(err, true)));
        assertEquals("run: bad option or value: --port\n", err.toString());
    }
}
