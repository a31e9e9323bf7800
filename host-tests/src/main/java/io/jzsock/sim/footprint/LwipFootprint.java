package io.jzsock.sim.footprint;

import io.jzsock.sim.bench.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * lwIP's side of the footprint table. Code size is lwIP's own statement (its README / "Features": about
 * 40 KB of code for TCP/IP on ARM, 30 KB raw IPv4 without sockets, 49 KB with the sockets API, as the issue
 * quotes it); RAM is measured: {@code .data + .bss} of lwIP's core objects built for a {@code lwipopts.h}
 * profile by the lwip-loopback anchor (x86-64, {@code -O2 -g}, asserts on), read with binutils' {@code size}.
 */
public final class LwipFootprint {
    /** lwIP's documented code size, raw API, IPv4 (KB). */
    public static final int CODE_RAW_IPV4_KB = 30;
    /** lwIP's documented code size with the sockets API (KB). */
    public static final int CODE_WITH_SOCKETS_KB = 49;

    /** Sums of {@code size} over a profile's core objects (the benchmark's own object left out). */
    public record Sections(String profile, long text, long data, long bss) {
        public long ram() {
            return data + bss;
        }
    }

    private LwipFootprint() {
    }

    /** The sections of the objects in {@code objDir} except {@code lwip_loopback.o}, or null with {@code why} told. */
    public static Sections measure(String profile, Path objDir, List<String> why) {
        if (!Files.isDirectory(objDir)) {
            why.add("no " + objDir + " (bench engine builds it)");
            return null;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("size");
        try (Stream<Path> files = Files.list(objDir)) {
            files.filter(p -> p.toString().endsWith(".o") && !p.getFileName().toString().equals("lwip_loopback.o"))
                    .sorted().forEach(p -> cmd.add(p.toString()));
        } catch (IOException e) {
            why.add(e.toString());
            return null;
        }
        try {
            return parse(profile, Command.output(cmd));
        } catch (IOException e) {
            why.add("size: " + e.getMessage());
            return null;
        }
    }

    /** Berkeley-format {@code size} output: a header, then text data bss dec hex filename per object. */
    static Sections parse(String profile, String sizeOutput) {
        long text = 0;
        long data = 0;
        long bss = 0;
        for (String line : sizeOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].matches("\\d+")) {
                text += Long.parseLong(f[0]);
                data += Long.parseLong(f[1]);
                bss += Long.parseLong(f[2]);
            }
        }
        return new Sections(profile, text, data, bss);
    }
}
