package io.jzsock.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code run} board under load (issue 11, symptom 5): 32 clients at once through the localhost
 * forwarder get complete responses, never an empty reply; a board that cannot serve is a visible
 * reset. Each test boots its own session on an ephemeral port.
 */
class RunLoadTest {
    private static final int CLIENTS = 32;
    private static final int REQUESTS_EACH = 60;
    private static final int AB_REQUESTS = 2000;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private RunCommand.Session session;
    private int port;

    @BeforeEach
    void open() throws Exception {
        session = RunCommand.Session.open(0, dir.resolve("load.pcap"), new PrintStream(log, true));
        port = session.localPort();
    }

    @AfterEach
    void close() {
        session.close();
    }

    /** "ok", or what went wrong: "empty", "reset", "short", "status ..." (so failures group by kind). */
    private String get(String path, byte[][] bodyOut) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes();
            if (all.length == 0) {
                return "empty";
            }
            String text = new String(all, StandardCharsets.US_ASCII);
            int bodyAt = text.indexOf("\r\n\r\n") + 4;
            Matcher m = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(text);
            if (bodyAt < 4 || !m.find() || Integer.parseInt(m.group(1)) != all.length - bodyAt) {
                return "short";
            }
            if (!text.startsWith("HTTP/1.1 200 OK\r\n")) {
                return "status " + text.substring(0, text.indexOf('\r'));
            }
            if (bodyOut != null) {
                bodyOut[0] = java.util.Arrays.copyOfRange(all, bodyAt, all.length);
            }
            return "ok";
        } catch (SocketException e) {
            return "reset";
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void thirtyTwoConcurrentClientsEachGetEveryResponseComplete() throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            Future<?>[] clients = new Future<?>[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                clients[i] = pool.submit(() -> {
                    byte[][] body = new byte[1][];
                    for (int r = 0; r < REQUESTS_EACH; r++) {
                        String o = get("/", body);
                        outcomes.computeIfAbsent(o, k -> new AtomicInteger()).incrementAndGet();
                        if (o.equals("ok") && !new String(body[0], StandardCharsets.US_ASCII).startsWith("jzsock status\n")) {
                            outcomes.computeIfAbsent("wrong body", k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
            for (Future<?> f : clients) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[load] " + CLIENTS + " x " + REQUESTS_EACH + ": " + counts(outcomes) + ", board RX missed "
                + session.board().soc().eth().rxMissed() + ", dropped " + session.board().soc().eth().rxDropped());
        assertEquals(Map.of("ok", CLIENTS * REQUESTS_EACH), counts(outcomes), log::toString);
        assertTrue(session.app().requests() >= CLIENTS * REQUESTS_EACH);
    }

    @Test
    void aBoardThatRefusesIsAResetNotAnEmptyReply() throws Exception {
        session.app().stop();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            SocketException e = assertThrows(SocketException.class, () -> in.read());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> m) {
        Map<String, Integer> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static boolean abInstalled() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, "ab").canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Runs ab and returns its report; fails the test if ab aborts (it does on a reset without -r). */
    private String ab(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ab";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static long field(String report, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ":\\s+(\\d+)").matcher(report);
        assertTrue(m.find(), name + " missing in\n" + report);
        return Long.parseLong(m.group(1));
    }

    /**
     * ab -c 32 -n 2000 on the status page. The page's length changes between requests (uptime,
     * counters), so ab runs with -l; an empty reply would then pass ab's own checks, so the header
     * bytes are counted instead: total minus body bytes must be 2000 whole response heads.
     */
    @Test
    void apacheBenchAt32ConcurrentGetsTwoThousandCompleteStatusPages() throws Exception {
        Assumptions.assumeTrue(abInstalled(), "ab (apache2-utils) not installed");
        byte[][] body = new byte[1][];
        assertEquals("ok", get("/", body));
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: "
                + body[0].length + "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n";
        String r = ab("-l", "-c", "32", "-n", String.valueOf(AB_REQUESTS), "http://127.0.0.1:" + port + "/");
        assertEquals(AB_REQUESTS, field(r, "Complete requests"), r);
        assertEquals(0, field(r, "Failed requests"), r);
        long heads = field(r, "Total transferred") - field(r, "HTML transferred");
        assertEquals(AB_REQUESTS * (long) head.length(), heads, "every response had its head\n" + r);
        System.out.println("[ab -c 32 /] " + r.lines().filter(l -> l.startsWith("Requests per second")).findFirst().orElse(""));
    }

    /**
     * ab -k: persistent connections yield their slot (Connection: close) while others wait; no
     * failure. ab 2.3 counts a server's close of an idle persistent connection it still holds as a
     * failed request, so this also proves no idle connection is closed while ab waits for another.
     */
    @Test
    void apacheBenchKeepAliveAt32ConcurrentGetsEveryResponse() throws Exception {
        Assumptions.assumeTrue(abInstalled(), "ab (apache2-utils) not installed");
        String r = ab("-k", "-c", "32", "-n", String.valueOf(AB_REQUESTS), "http://127.0.0.1:" + port + "/missing");
        assertEquals(AB_REQUESTS, field(r, "Complete requests"), r);
        assertEquals(0, field(r, "Failed requests"), r);
        assertEquals(AB_REQUESTS, field(r, "Non-2xx responses"), r);
        assertEquals(AB_REQUESTS * (long) "404 Not Found\n".length(), field(r, "HTML transferred"), r);
        assertTrue(field(r, "Keep-Alive requests") > 0, r);
        System.out.println("[ab -k -c 32 /missing] " + r.lines().filter(l -> l.startsWith("Requests per second")).findFirst().orElse(""));
    }
}
