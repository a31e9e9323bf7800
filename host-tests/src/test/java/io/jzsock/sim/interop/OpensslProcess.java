package io.jzsock.sim.interop;

import io.jzsock.sim.tap.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** An openssl process in a namespace, run in the test's key directory, whose output is collected as it comes. */
final class OpensslProcess {
    private final Process p;
    private final StringBuffer out = new StringBuffer();
    private final OutputStream in;

    /** Starts {@code openssl args...} in ns from dir and adds it to processes, which the test class kills after. */
    OpensslProcess(NetNamespace ns, Path dir, List<Process> processes, String... args) throws IOException {
        p = ns.spawn("sh", "-c", "cd " + dir + " && exec openssl " + String.join(" ", args));
        processes.add(p);
        in = p.getOutputStream();
        Thread t = new Thread(() -> {
            try (InputStream s = p.getInputStream()) {
                byte[] b = new byte[4096];
                int n;
                while ((n = s.read(b)) > 0) {
                    out.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                out.append("\n[read failed: ").append(e).append("]");
            }
        }, "openssl-out");
        t.setDaemon(true);
        t.start();
    }

    /** Waits until openssl has printed text, failing with its output after ms. */
    void await(String text, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (out.indexOf(text) < 0) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("openssl never printed \"" + text + "\"; its output:\n" + out);
            }
            Thread.sleep(20);
        }
    }

    void send(String line) throws IOException {
        in.write(line.getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    String output() {
        return out.toString();
    }

    void stop() {
        p.destroyForcibly();
    }
}
