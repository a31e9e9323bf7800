package io.jzsock.sim.passt;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * passt (Debian's {@code passt}: the user-mode networking of podman and libvirt) as a child process: DHCP,
 * DNS forwarding, ARP, and NAT of the board's TCP/UDP/ICMP onto host sockets, the gateway address mapped
 * to the host's loopback, and port forwards from the host into the board. It runs in the foreground
 * ({@code -f}) on a fresh socket in a private working directory, logs to a file, and is stopped by
 * {@link #close} or, if the JVM exits first, by a shutdown hook.
 *
 * <p>Started as root, passt opens its log as root (inside the user namespace of its sandbox, where only
 * root is mapped), then drops to user {@code nobody} before it binds its socket and opens its capture
 * and PID files: those go to a subdirectory owned by {@code nobody}, and the capture is copied out when
 * passt has stopped.
 */
public final class Passt implements AutoCloseable {
    public static final String EXECUTABLE = "passt";
    private static final String UNPRIVILEGED = "nobody";
    /** Where passt writes once it runs as {@link #UNPRIVILEGED}. */
    private static final String DROPPED = "as-nobody";

    private final PasstConfig cfg;
    private final Path dir;
    private final Path socket;
    private final Path log;
    private final Path output;
    private final Path pidFile;
    private final Path capture;
    private final Thread hook = new Thread(this::close, "passt-stop");
    private Process process;
    private boolean closed;

    private Passt(PasstConfig cfg, Path dir) {
        this.cfg = cfg;
        this.dir = dir;
        Path dropped = dir.resolve(DROPPED);
        this.socket = dropped.resolve("passt.socket");
        this.pidFile = dropped.resolve("passt.pid");
        this.capture = dropped.resolve("passt.pcap");
        this.log = cfg.log != null ? cfg.log : dir.resolve("passt.log");
        this.output = dir.resolve("passt.out");
    }

    /** The passt binary: {@code nameOrPath} itself if it has a slash, else the first match on PATH. */
    public static Optional<Path> find(String nameOrPath) {
        if (nameOrPath.contains("/")) {
            Path p = Path.of(nameOrPath);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, nameOrPath);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code passt} is on the PATH. */
    public static boolean available() {
        return find(EXECUTABLE).isPresent();
    }

    /** Starts passt and waits until its socket exists; throws with its output when it exits or times out. */
    public static Passt start(PasstConfig cfg) throws IOException {
        Path exe = find(cfg.executable).orElseThrow(() -> new IOException(cfg.executable + ": not found"));
        Path dir = Files.createTempDirectory("jzsock-passt");
        Path dropped = Files.createDirectory(dir.resolve(DROPPED));
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED);
            Files.setOwner(dropped, nobody);
        }
        Passt passt = new Passt(cfg, dir);
        passt.process = new ProcessBuilder(passt.command(exe)).redirectErrorStream(true)
                .redirectOutput(passt.output.toFile()).start();
        Runtime.getRuntime().addShutdownHook(passt.hook);
        try {
            passt.awaitSocket(cfg.startMillis);
        } catch (IOException e) {
            passt.close();
            throw e;
        }
        return passt;
    }

    /** Foreground, IPv4 only (the board has no IPv6), our paths, the addressing, the forwards. */
    private List<String> command(Path exe) {
        List<String> cmd = new ArrayList<>(cfg.launcher);
        cmd.addAll(List.of(exe.toString(), "-f", "-4", "-s", socket.toString(), "-P", pidFile.toString(), "-l",
                log.toString()));
        cmd.addAll(cfg.addressing.passtArgs());
        for (String t : cfg.tcpForwards) {
            cmd.addAll(List.of("-t", t));
        }
        for (String u : cfg.udpForwards) {
            cmd.addAll(List.of("-u", u));
        }
        if (cfg.pcap != null) {
            cmd.addAll(List.of("-p", capture.toString()));
        }
        return cmd;
    }

    private void awaitSocket(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new IOException("passt exited " + process.exitValue() + ": " + reason());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("passt did not create " + socket + " within " + millis + " ms: " + reason());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting passt", e);
            }
        }
    }

    /** The UNIX socket a {@link PasstPort} connects to. */
    public Path socketPath() {
        return socket;
    }

    public Path logPath() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * What passt printed so far (its start-up report, warnings, the reason it exited), without the
     * complaints about a missing syslog that it prints where there is none.
     */
    public String messages() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("Failed to send ") || !l.endsWith(" to syslog"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException missing) {
            return "";
        }
    }

    /** The last line passt printed (why it stopped), then everything it printed. */
    private String reason() {
        String all = messages().strip();
        return all.substring(all.lastIndexOf('\n') + 1) + "\n" + all;
    }

    /** Stops passt (SIGTERM, then SIGKILL after 3 s), copies its capture out, removes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            if (cfg.pcap != null && Files.exists(capture)) {
                Files.copy(capture, cfg.pcap, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // the capture is best effort
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
