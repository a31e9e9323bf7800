package io.jzsock.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * lwIP 2.1.3's raw API over its loopback interface, one thread, {@code NO_SYS=1}: the anchor in the
 * read-only {@code shared/tools/lwip-loopback} (its README), copied once into {@code ~/.cache/jzsock}
 * (or {@code $JZSOCK_LWIP_DIR}) and built there with its own {@code build.sh}, three profiles only, no
 * sockets variant. Nothing in the build or in CI depends on it: when it cannot be found or built,
 * {@link #prepare} says why and the bench prints jzsock's figures alone.
 */
public final class LwipRaw {
    /** lwIP's "tuned" profile: MSS 1460, 64 KiB window and send buffer, checksums on (the like-for-like). */
    public static final String TUNED = "tuned";
    /**
     * "tuned" with no checksum anywhere: the loopif skips making and checking IP/UDP/TCP checksums
     * ({@code LWIP_CHECKSUM_CTRL_PER_NETIF=1}, as Linux's lo) and tcp_write does not sum while copying.
     */
    public static final String TUNED_NO_CHECKSUMS = "tuned-nocsum";
    /** lwIP's stock opt.h with a 16000-byte heap: MSS 536, 2144-byte window, checksums on. */
    public static final String EMBEDDED = "embedded";
    static final String BUILD_PROFILES = "embedded|0|;tuned|1|;"
            + "tuned-nocsum|1|-DLWIP_CHECKSUM_CTRL_PER_NETIF=1 -DLWIP_CHECKSUM_ON_COPY=0";
    static final String ANCHOR = "shared/tools/lwip-loopback";
    static final long BUILD_TIMEOUT_MINUTES = 10;

    private final Path home;

    private LwipRaw(Path home) {
        this.home = home;
    }

    /** Where the copy lives: $JZSOCK_LWIP_DIR, else ~/.cache/jzsock/lwip-loopback. */
    public static Path home() {
        String env = System.getenv("JZSOCK_LWIP_DIR");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jzsock", "lwip-loopback");
    }

    /** A ready anchor, building it first if its binaries are missing; {@code why} gets the reason when null. */
    static LwipRaw prepare(List<String> why) {
        Path home = home();
        LwipRaw lwip = new LwipRaw(home);
        if (lwip.built()) {
            return lwip;
        }
        try {
            Path source = findAnchor();
            if (source == null) {
                why.add("no " + ANCHOR + " above " + Path.of("").toAbsolutePath() + " (set JZSOCK_LWIP_DIR to a built copy)");
                return null;
            }
            copy(source, home);
            Path log = home.resolve("build.log");
            ProcessBuilder pb = new ProcessBuilder("bash", "build.sh").directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SOCKETS", "0");
            pb.environment().put("PROFILES", BUILD_PROFILES);
            Process p = pb.start();
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                why.add("build.sh took over " + BUILD_TIMEOUT_MINUTES + " min (" + log + ")");
                return null;
            }
            if (p.exitValue() != 0 || !lwip.built()) {
                why.add("build.sh failed with " + p.exitValue() + " (" + log + ")");
                return null;
            }
            return lwip;
        } catch (IOException e) {
            why.add("building lwIP: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.add("interrupted while building lwIP");
            return null;
        }
    }

    Path binary(String profile) {
        return home.resolve("build").resolve("lwip_loopback_" + profile);
    }

    /** The profile's object files, which the footprint table sizes. */
    public static Path objects(String profile) {
        return home().resolve("build").resolve("obj-" + profile);
    }

    private boolean built() {
        return Files.isExecutable(binary(TUNED)) && Files.isExecutable(binary(TUNED_NO_CHECKSUMS))
                && Files.isExecutable(binary(EMBEDDED));
    }

    /** A figure as lwIP reports it per wall second, and per CPU second of its process (user + system). */
    record Figure(double perSecond, double wallSeconds, double cpuSeconds) {
        double perCpuSecond() {
            return perSecond * wallSeconds / cpuSeconds;
        }
    }

    /** UDP echo round trips per second with {@code payload}-byte datagrams over {@code seconds}. */
    Figure udpEcho(String profile, int payload, int seconds) throws IOException {
        return figure(timed(profile, "udp", payload, seconds), "rt_per_s");
    }

    /** The profile's UDP echo and TCP bulk figures, in that order. */
    Figure[] figures(String profile, int payload, int write, int seconds) throws IOException {
        return new Figure[] {udpEcho(profile, payload, seconds), tcpBulk(profile, write, seconds)};
    }

    /** TCP bulk MB/s (10^6 bytes) with {@code write}-byte writes over {@code seconds}. */
    Figure tcpBulk(String profile, int write, int seconds) throws IOException {
        return figure(timed(profile, "tcp", write, seconds), "MB_per_s");
    }

    /** The compiled options line ({@code lwip_loopback_<profile> config}). */
    String config(String profile) throws IOException {
        return run(profile, "config");
    }

    /** Runs the anchor under bash, whose {@code times} then prints the child's user and system time. */
    private String timed(String profile, String what, int size, int seconds) throws IOException {
        return Command.output(List.of("bash", "-c", "\"$0\" \"$@\" && times", binary(profile).toString(), what,
                String.valueOf(size), String.valueOf(seconds)));
    }

    /** The report's figure and secs=, and the children's CPU time from {@code times}' second line ("0m4.98s 0m0.01s"). */
    static Figure figure(String out, String key) throws IOException {
        String[] lines = out.split("\n");
        String last = lines[lines.length - 1].trim();
        String[] cpu = last.split("\\s+");
        if (lines.length < 3 || cpu.length != 2) {
            throw new IOException("no times output after lwIP's: " + out);
        }
        double cpuSeconds = minutesSeconds(cpu[0]) + minutesSeconds(cpu[1]);
        return new Figure(value(lines[0], key), value(lines[0], "secs"), cpuSeconds);
    }

    private static double minutesSeconds(String t) throws IOException {
        int m = t.indexOf('m');
        if (m < 0 || !t.endsWith("s")) {
            throw new IOException("not a times value: " + t);
        }
        return Integer.parseInt(t.substring(0, m)) * 60.0 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }

    private String run(String profile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary(profile).toString());
        cmd.addAll(List.of(args));
        return Command.output(cmd);
    }

    /** The number after {@code key=} in the anchor's one-line report. */
    static double value(String line, String key) throws IOException {
        for (String token : line.split("\\s+")) {
            if (token.startsWith(key + "=")) {
                try {
                    return Double.parseDouble(token.substring(key.length() + 1));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IOException("no " + key + "= in lwIP's output: " + line);
    }

    private static Path findAnchor() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(ANCHOR);
            if (Files.isRegularFile(candidate.resolve("build.sh"))) {
                return candidate;
            }
        }
        return null;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
