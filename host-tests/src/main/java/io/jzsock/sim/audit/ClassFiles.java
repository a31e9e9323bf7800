package io.jzsock.sim.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Reads every class file of a classes directory or a jar, in name order. */
public final class ClassFiles {
    private ClassFiles() {
    }

    static List<byte[]> read(Path dirOrJar) throws IOException {
        return read(dirOrJar, "");
    }

    /** Only the class files whose names start with {@code prefix} (a package path, {@code io/jzsock/net/}). */
    public static List<byte[]> read(Path dirOrJar, String prefix) throws IOException {
        if (Files.isDirectory(dirOrJar)) {
            return readDirectory(dirOrJar, prefix);
        }
        if (Files.isRegularFile(dirOrJar)) {
            return readJar(dirOrJar, prefix);
        }
        throw new IOException("no classes directory or jar at " + dirOrJar.toAbsolutePath().normalize());
    }

    private static List<byte[]> readDirectory(Path dir, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> isAuditedEntry(dir.relativize(p).toString().replace('\\', '/'), prefix))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        List<byte[]> classes = new ArrayList<>(files.size());
        for (Path f : files) {
            classes.add(Files.readAllBytes(f));
        }
        return classes;
    }

    private static List<byte[]> readJar(Path jar, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.isDirectory() && isAuditedEntry(entry.getName(), prefix)) {
                    names.add(entry.getName());
                }
            }
            names.sort(null);
            List<byte[]> classes = new ArrayList<>(names.size());
            for (String name : names) {
                try (InputStream in = jf.getInputStream(jf.getJarEntry(name))) {
                    classes.add(in.readAllBytes());
                }
            }
            return classes;
        }
    }

    /** The class files named (internal names, {@code org/bouncycastle/tls/TlsProtocol}) from the jars, first jar wins. */
    static Map<String, byte[]> readNamed(List<Path> jars, Set<String> internalNames) throws IOException {
        Map<String, byte[]> found = new TreeMap<>();
        for (Path jar : jars) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (String name : internalNames) {
                    JarEntry entry = jf.getJarEntry(name + ".class");
                    if (entry != null && !found.containsKey(name)) {
                        try (InputStream in = jf.getInputStream(entry)) {
                            found.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Class files only; module descriptors and META-INF (multi-release variants) never reach the device. */
    private static boolean isAuditedEntry(String relativeName, String prefix) {
        return relativeName.startsWith(prefix) && relativeName.endsWith(".class")
                && !relativeName.startsWith("META-INF/")
                && !relativeName.endsWith("module-info.class");
    }
}
