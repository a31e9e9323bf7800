package io.jzsock.sim.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A host tool the benches and the footprint table read figures from (lwIP's anchor, binutils' size). */
public final class Command {
    private Command() {
    }

    /** Runs cmd to its end; its output and error stream together, trimmed; a non-zero exit is an IOException. */
    public static String output(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " exited with " + p.exitValue() + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd);
        }
        return out;
    }
}
