package io.jzsock.sim.interop;

import io.jzsock.sim.tap.NetNamespace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's own views of a run: {@code nstat} counters, {@code ss -tin} (TCP_INFO), {@code tshark}. */
final class KernelTools {
    private KernelTools() {
    }

    /** Absolute SNMP/netstat counters of the namespace ({@code nstat -asz}: no history file touched). */
    static Map<String, Long> nstat(NetNamespace ns) throws IOException {
        String out = ns.exec("nstat", "-asz").check().output;
        Map<String, Long> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && !f[0].startsWith("#")) {
                try {
                    m.put(f[0], Long.parseLong(f[1]));
                } catch (NumberFormatException ignored) {
                    // a header line
                }
            }
        }
        return m;
    }

    static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    /** linux/tcp.h tcpi_options bits. */
    static final long TCPI_OPT_TIMESTAMPS = 1;
    static final long TCPI_OPT_SACK = 2;
    static final long TCPI_OPT_WSCALE = 4;

    /**
     * Starts {@code tcp_info_sink.py} in {@code ns}: a kernel TCP sink on {@code port} that prints its
     * TCP_INFO after the first MiB ({@code ss -ti} of this iproute2 prints no option flags on this
     * kernel, so the struct is read directly). Returns once it listens.
     */
    static Process tcpInfoSink(NetNamespace ns, int port) throws IOException {
        Path script = Files.createTempFile("tcp_info_sink", ".py");
        try (var in = KernelTools.class.getResourceAsStream("tcp_info_sink.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        Process p = ns.spawn("python3", script.toString(), Integer.toString(port));
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String first = out.readLine();
        if (!"listening".equals(first)) {
            throw new IOException("tcp_info_sink did not start: " + first);
        }
        sinkOutput.put(p, out);
        return p;
    }

    private static final Map<Process, BufferedReader> sinkOutput = new java.util.concurrent.ConcurrentHashMap<>();

    /** The key=value line the sink printed when its connection closed, as numbers. */
    static Map<String, Long> tcpInfoResult(Process sink) throws IOException, InterruptedException {
        BufferedReader out = sinkOutput.remove(sink);
        String line = out.readLine();
        if (!sink.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || line == null) {
            throw new IOException("tcp_info_sink printed " + line);
        }
        Map<String, Long> m = new HashMap<>();
        for (String kv : line.trim().split(" ")) {
            String[] p = kv.split("=");
            m.put(p[0], Long.parseLong(p[1]));
        }
        return m;
    }

    static boolean tsharkAvailable() {
        try {
            return NetNamespace.run("tshark", "-v").exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs tshark over {@code pcap} with IP/TCP/UDP/ICMP/ICMPv6/IGMP checksum validation on and fails if any
     * frame is malformed or any frame from {@code mac} has a bad checksum; returns the number of frames tshark read.
     */
    static int assertCleanCapture(Path pcap, String mac) throws IOException {
        List<String> prefs = List.of("-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                "-o", "udp.check_checksum:TRUE");
        String[] count = concat(new String[] {"tshark", "-n", "-r", pcap.toString()}, prefs,
                new String[] {"-T", "fields", "-e", "frame.number"});
        var all = NetNamespace.run(count).check();
        int frames = (int) all.output.lines().filter(l -> !l.isBlank()).count();
        assertTrue(frames > 0, "tshark read no frame of " + pcap);
        String filter = "_ws.malformed || (eth.src == " + mac + " && (_ws.expert.severity == error"
                + " || ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\""
                + " || udp.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\""
                + " || icmpv6.checksum.status == \"Bad\" || igmp.checksum.status == \"Bad\"))";
        String[] bad = concat(new String[] {"tshark", "-n", "-r", pcap.toString()}, prefs,
                new String[] {"-Y", filter});
        var r = NetNamespace.run(bad).check();
        assertEquals("", r.output.trim(), "tshark found malformed frames or bad checksums in " + pcap);
        return frames;
    }

    /** Frames in {@code pcap} that match the display filter. */
    static long count(Path pcap, String filter) throws IOException {
        var r = NetNamespace.run("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T", "fields", "-e", "frame.number")
                .check();
        return r.output.lines().filter(l -> !l.isBlank()).count();
    }

    /** The largest TCP payload tshark sees from {@code srcIp} to {@code dstIp} in {@code pcap}. */
    static int maxTcpPayload(Path pcap, String srcIp, String dstIp) throws IOException {
        var r = NetNamespace.run("tshark", "-n", "-r", pcap.toString(), "-Y",
                "ip.src == " + srcIp + " && ip.dst == " + dstIp + " && tcp", "-T", "fields", "-e", "tcp.len").check();
        return r.output.lines().filter(l -> !l.isBlank()).mapToInt(l -> Integer.parseInt(l.trim())).max().orElse(-1);
    }

    private static String[] concat(String[] a, List<String> b, String[] c) {
        String[] r = new String[a.length + b.size() + c.length];
        System.arraycopy(a, 0, r, 0, a.length);
        for (int i = 0; i < b.size(); i++) {
            r[a.length + i] = b.get(i);
        }
        System.arraycopy(c, 0, r, a.length + b.size(), c.length);
        return r;
    }
}
