package io.jzsock.sim.bench.tls;

import io.jzsock.net.Zsock;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 14's figures for jzsock TLS stream sockets over two jzsock stacks ({@link ZsockTlsLink}): handshake time
 * and bytes, bytes per record, bytes retained per connection, bulk MB/s. Allocation is read from HotSpot's
 * per-thread counters of the application threads (the client on the caller's thread, the server on one of its
 * own); the net threads are measured by the tests, not here.
 */
public final class ZsockTlsMeasures {
    private static final int BLOCK = 16 * 1024;

    private ZsockTlsMeasures() {
    }

    /** Median handshake time in ns (socket to connect returning), mean bytes allocated per handshake each side. */
    public record Handshakes(long medianNanos, long clientBytes, long serverBytes, int resumed) {
    }

    /** {@code warmUp} then {@code n} full handshakes on one listener; each connection sends a byte, then closes. */
    public static Handshakes handshakes(ZsockTlsLink link, TlsConfig cfg, int warmUp, int n) throws Exception {
        int[] l = link.listen(cfg);
        Zsock zs = link.zs();
        Zsock zc = link.zc();
        long[] serverBytes = new long[1];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                byte[] one = new byte[1];
                for (int i = 0; i < warmUp + n; i++) {
                    long a = TlsPair.now();
                    int s = zs.accept(l[0], null);
                    long used = TlsPair.now() - a;
                    if (s < 0) {
                        throw new IllegalStateException("accept " + s);
                    }
                    ZsockTlsLink.recvAll(zs, s, one, 0, 1);
                    zs.close(s);
                    if (i >= warmUp) {
                        serverBytes[0] += used;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "zsock-tls-server");
        server.start();
        int resumedBefore = link.clientTls.resumedHandshakes();
        long[] nanos = new long[n];
        long clientBytes = 0;
        byte[] one = new byte[1];
        for (int i = 0; i < warmUp + n; i++) {
            long a = TlsPair.now();
            long t = System.nanoTime();
            int c = link.dial(cfg, l[1]);
            long dt = System.nanoTime() - t;
            long used = TlsPair.now() - a;
            ZsockTlsLink.sendAll(zc, c, one, 0, 1);
            if (i >= warmUp) {
                nanos[i - warmUp] = dt;
                clientBytes += used;
            }
            // The server closes first (it has read the byte), so TIME_WAIT stays on the server's side.
            zc.recv(c, one, 0, 1, 0);
            zc.close(c);
        }
        server.join(60_000);
        zs.close(l[0]);
        if (failure.get() != null) {
            throw new IllegalStateException("server side", failure.get());
        }
        Arrays.sort(nanos);
        return new Handshakes(nanos[n / 2], clientBytes / n, serverBytes[0] / n,
                link.clientTls.resumedHandshakes() - resumedBefore);
    }

    /**
     * Echo of {@code size}-byte application messages (one record each): the client sends and receives on the
     * caller's thread, the server on its own. Bytes per record each side, mean of the records it sent and received.
     */
    public static TlsMemory.PerRecord perRecord(ZsockTlsLink link, TlsConfig cfg, int size, int warmUp, int records)
            throws Exception {
        int[] fds = link.pair(cfg);
        Zsock zs = link.zs();
        Zsock zc = link.zc();
        long[] serverBytes = new long[1];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                byte[] b = new byte[size];
                long a = 0;
                for (int i = 0; i < warmUp + records; i++) {
                    if (i == warmUp) {
                        a = TlsPair.now();
                    }
                    ZsockTlsLink.recvAll(zs, fds[1], b, 0, size);
                    ZsockTlsLink.sendAll(zs, fds[1], b, 0, size);
                }
                serverBytes[0] = TlsPair.now() - a;
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "zsock-tls-echo");
        server.start();
        byte[] b = new byte[size];
        long a = 0;
        for (int i = 0; i < warmUp + records; i++) {
            if (i == warmUp) {
                a = TlsPair.now();
            }
            ZsockTlsLink.sendAll(zc, fds[0], b, 0, size);
            ZsockTlsLink.recvAll(zc, fds[0], b, 0, size);
        }
        long clientBytes = TlsPair.now() - a;
        server.join(60_000);
        zc.close(fds[0]);
        zs.close(fds[1]);
        if (failure.get() != null) {
            throw new IllegalStateException("server side", failure.get());
        }
        return new TlsMemory.PerRecord(clientBytes / (2.0 * records), serverBytes[0] / (2.0 * records));
    }

    /**
     * Bytes retained per established TLS socket, each side, after {@code exchange} bytes each way through the
     * sockets: a walk from the socket's slot (its record buffer, copy buffer, options, engine with BC's protocol
     * and peer objects), stopping at the stack and the TLS context, for (1 + extra) connections less 1, divided
     * by extra, so what all sockets share (BC's crypto, the credentials, the session cache) cancels out. The
     * inner TCP connection's buffers are the stack's (NetConfig) and not counted.
     */
    public static TlsMemory.Retained retained(ZsockTlsLink link, TlsConfig cfg, int exchange, int extra)
            throws Exception {
        List<int[]> pairs = new ArrayList<>();
        byte[] data = new byte[exchange];
        for (int i = 0; i < 1 + extra; i++) {
            int[] p = link.pair(cfg);
            ZsockTlsLink.sendAll(link.zc(), p[0], data, 0, exchange);
            ZsockTlsLink.recvAll(link.zs(), p[1], data, 0, exchange);
            ZsockTlsLink.sendAll(link.zs(), p[1], data, 0, exchange);
            ZsockTlsLink.recvAll(link.zc(), p[0], data, 0, exchange);
            pairs.add(p);
        }
        List<Object> clients = openStreams(link.clientTls);
        List<Object> servers = openStreams(link.serverTls);
        if (clients.size() != 1 + extra || servers.size() != 1 + extra) {
            throw new IllegalStateException("open TLS sockets: " + clients.size() + " / " + servers.size());
        }
        long c = (size(clients) - size(clients.subList(0, 1))) / extra;
        long s = (size(servers) - size(servers.subList(0, 1))) / extra;
        for (int[] p : pairs) {
            link.zc().close(p[0]);
            link.zs().close(p[1]);
        }
        return new TlsMemory.Retained(c, s);
    }

    /** The client writes 16 KiB blocks for {@code seconds} after a quarter of it as warm-up; the server counts. */
    public static double bulkMegabytesPerSecond(ZsockTlsLink link, TlsConfig cfg, double seconds) throws Exception {
        int[] fds = link.pair(cfg);
        Zsock zs = link.zs();
        Zsock zc = link.zc();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                byte[] b = new byte[BLOCK];
                do {
                    ZsockTlsLink.recvAll(zs, fds[1], b, 0, BLOCK);
                } while (b[BLOCK - 1] != 1);
                ZsockTlsLink.sendAll(zs, fds[1], new byte[] {2}, 0, 1);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "zsock-tls-bulk");
        server.start();
        byte[] b = new byte[BLOCK];
        long warm = System.nanoTime() + (long) (seconds * 250_000_000L);
        while (System.nanoTime() < warm) {
            ZsockTlsLink.sendAll(zc, fds[0], b, 0, BLOCK);
        }
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1_000_000_000L);
        long bytes = 0;
        while (System.nanoTime() < end) {
            ZsockTlsLink.sendAll(zc, fds[0], b, 0, BLOCK);
            bytes += BLOCK;
        }
        b[BLOCK - 1] = 1;
        ZsockTlsLink.sendAll(zc, fds[0], b, 0, BLOCK);
        ZsockTlsLink.recvAll(zc, fds[0], new byte[1], 0, 1);
        double mbs = bytes * 1e3 / (System.nanoTime() - t0);
        server.join(60_000);
        zc.close(fds[0]);
        zs.close(fds[1]);
        if (failure.get() != null) {
            throw new IllegalStateException("server side", failure.get());
        }
        return mbs;
    }

    /** The per-socket objects of every open TLS stream slot of a stack (TlsStream's fields minus shared ones). */
    public static List<Object> openStreams(io.jzsock.tls.TlsSockets tls) throws ReflectiveOperationException {
        Object kind = field(tls, "stream");
        Object[] slots = (Object[]) field(kind, "slots");
        List<Object> open = new ArrayList<>();
        for (Object s : slots) {
            if ((Boolean) field(s, "open")) {
                open.add(s);
            }
        }
        return open;
    }

    /**
     * Classes whose instances lead to every socket of the stack (the TLS context, the slots, the stack itself):
     * the walk stops there, so one socket's graph does not take in its neighbours'.
     */
    private static final Set<String> HUBS = Set.of("io.jzsock.tls.TlsContext", "io.jzsock.tls.TlsStream",
            "io.jzsock.tls.TlsStreamKind", "io.jzsock.net.NetStack", "io.jzsock.net.sock.SocketHost");

    /**
     * Bytes reachable from the slots' fields (the slots' own shells included), not walking into {@link #HUBS},
     * objects reached from several slots counted once. Fields are read with Unsafe (JDK classes such as Vector
     * refuse reflective access on JDK 17), sizes are JOL's.
     */
    private static long size(List<Object> streams) throws ReflectiveOperationException {
        return size(streams, null);
    }

    /** As {@link #size(List)}; when byClass is not null, adds each object's bytes under its class's name. */
    public static long size(List<Object> streams, java.util.Map<String, Long> byClass) throws ReflectiveOperationException {
        sun.misc.Unsafe u = unsafe();
        org.openjdk.jol.vm.VirtualMachine vm = org.openjdk.jol.vm.VM.current();
        java.util.IdentityHashMap<Object, Boolean> seen = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>();
        long total = 0;
        for (Object s : streams) {
            seen.put(s, Boolean.TRUE);
            total += vm.sizeOf(s);
            references(u, s, todo);
        }
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (seen.put(o, Boolean.TRUE) != null || o instanceof Class || o instanceof Thread
                    || HUBS.contains(o.getClass().getName())) {
                continue;
            }
            total += vm.sizeOf(o);
            if (byClass != null) {
                byClass.merge(o.getClass().getName() + (o.getClass().isArray() ? "[" + java.lang.reflect.Array.getLength(o) + "]" : ""), vm.sizeOf(o), Long::sum);
            }
            references(u, o, todo);
        }
        return total;
    }

    private static void references(sun.misc.Unsafe u, Object o, java.util.ArrayDeque<Object> todo) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            if (!c.getComponentType().isPrimitive()) {
                for (Object e : (Object[]) o) {
                    if (e != null) {
                        todo.push(e);
                    }
                }
            }
            return;
        }
        for (; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                Object v = u.getObject(o, u.objectFieldOffset(f));
                if (v != null) {
                    todo.push(v);
                }
            }
        }
    }

    private static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return (sun.misc.Unsafe) f.get(null);
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
