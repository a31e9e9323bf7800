package io.jzsock.sim.tap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace made for one test run ({@code ip netns add}), with commands run inside it
 * ({@code ip netns exec}) and a thread whose sockets live in it ({@code setns(2)} applies to the calling
 * thread only, so {@code java.net} sockets opened on that thread belong to the namespace). {@link #close}
 * kills what it started and deletes the namespace, which destroys the interfaces moved into it; a JVM
 * shutdown hook does the same if the test never gets there.
 */
public final class NetNamespace implements AutoCloseable {
    private final String name;
    private final List<Process> processes = new ArrayList<>();
    private final ExecutorService inside;
    /** Whether the current pool thread has called setns(2) already. */
    private final ThreadLocal<Boolean> entered = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final Thread hook;
    private boolean closed;

    private NetNamespace(String name) throws IOException {
        this.name = name;
        hook = new Thread(this::deleteQuietly, "netns-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        inside = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
        try {
            submit(() -> null).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("cannot enter namespace " + name, e);
        }
    }

    /** True where this process may create namespaces and TAP devices (root, iproute2, /dev/net/tun). */
    public static boolean available() {
        if (!"root".equals(System.getProperty("user.name")) || !new java.io.File("/dev/net/tun").exists()) {
            return false;
        }
        try {
            return new ProcessBuilder("ip", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Creates namespace {@code prefix-PID} (unique per JVM and prefix) with its loopback up. */
    public static NetNamespace create(String prefix) throws IOException {
        String name = prefix + "-" + ProcessHandle.current().pid();
        run("ip", "netns", "del", name).ignoreFailure();
        run("ip", "netns", "add", name).check();
        NetNamespace ns = new NetNamespace(name);
        ns.exec("ip", "link", "set", "lo", "up").check();
        return ns;
    }

    public String name() {
        return name;
    }

    private void enter() throws IOException {
        if (entered.get()) {
            return;
        }
        int fd = LibC.C.open("/var/run/netns/" + name, LibC.O_CLOEXEC);
        if (fd < 0) {
            throw TapDevice.error("open netns " + name);
        }
        try {
            if (LibC.C.setns(fd, LibC.CLONE_NEWNET) != 0) {
                throw TapDevice.error("setns " + name);
            }
        } finally {
            LibC.C.close(fd);
        }
        entered.set(true);
    }

    /**
     * Runs {@code task} on a thread of the namespace (a pool: tasks run concurrently): sockets it opens
     * are the namespace's kernel sockets. A thread enters the namespace before its first task, so a
     * task never runs outside it.
     */
    public <T> Future<T> submit(Callable<T> task) {
        return inside.submit(() -> {
            enter();
            return task.call();
        });
    }

    /** Moves the interface {@code ifname} of this process's namespace into this one. */
    public void adopt(String ifname) throws IOException {
        run("ip", "link", "set", ifname, "netns", name).check();
    }

    /** Runs a command inside the namespace and waits (at most 60 s) for it. */
    public Result exec(String... cmd) throws IOException {
        return run(inNs(cmd));
    }

    /** Starts a long-running command inside the namespace; {@link #close} kills it. */
    public Process spawn(String... cmd) throws IOException {
        Process p = new ProcessBuilder(inNs(cmd)).redirectErrorStream(true).start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private String[] inNs(String... cmd) {
        String[] full = new String[cmd.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = name;
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        return full;
    }

    /** Runs a command in this process's namespace and waits (at most 60 s) for it. */
    public static Result run(String... cmd) throws IOException {
        java.io.File err = java.io.File.createTempFile("jzsock-cmd", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err).start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            return new Result(Arrays.asList(cmd), p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err.toPath()));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        } finally {
            err.delete();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
    }

    private void deleteQuietly() {
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            processes.clear();
        }
        inside.shutdownNow();
        try {
            run("ip", "netns", "pids", name).output.lines().forEach(pid -> {
                try {
                    long id = Long.parseLong(pid.trim());
                    if (id != ProcessHandle.current().pid()) {
                        ProcessHandle.of(id).ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (NumberFormatException ignored) {
                    // not a pid line
                }
            });
            run("ip", "netns", "del", name);
        } catch (IOException ignored) {
            // best effort at shutdown; `ip netns del` of a leftover is done by the next create()
        }
    }

    /** A finished command: its exit code, its standard output and its standard error. */
    public static final class Result {
        public final List<String> command;
        public final int exitCode;
        public final String output;
        public final String errors;

        Result(List<String> command, int exitCode, String output, String errors) {
            this.command = command;
            this.exitCode = exitCode;
            this.output = output;
            this.errors = errors;
        }

        /** Throws with the command's output unless it exited 0. */
        public Result check() throws IOException {
            if (exitCode != 0) {
                throw new IOException(String.join(" ", command) + " exited " + exitCode + ": " + output + errors);
            }
            return this;
        }

        public Result ignoreFailure() {
            return this;
        }
    }
}
