package io.jzsock.sim.audit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The device modules, where the reactor compiled them ({@code ../<module>/target/classes} from host-tests), and
 * the packages each must not reference (DESIGN §1: no lower layer knows an upper one, nothing knows the host).
 */
final class DeviceModules {
    record Module(String dir, boolean mayBeEmpty, List<String> forbiddenPackages) {
        @Override
        public String toString() {
            return dir;
        }
    }

    static final List<Module> ALL = List.of(
            new Module("mcu-bsp", false, List.of("io/jzsock/net", "io/jzsock/eth", "io/jzsock/tls", "io/jzsock/boards",
                    "io/jzsock/sim", "org/bouncycastle")),
            new Module("netcore", false,
                    List.of("io/jzsock/eth", "io/jzsock/tls", "io/jzsock/boards", "io/jzsock/sim", "org/bouncycastle")),
            new Module("ethernet-driver", true,
                    List.of("io/jzsock/tls", "io/jzsock/boards", "io/jzsock/sim", "org/bouncycastle")),
            new Module("tls-lite", true, List.of("io/jzsock/eth", "io/jzsock/boards", "io/jzsock/sim")),
            new Module("boards", true, List.of("io/jzsock/sim")));

    private DeviceModules() {
    }

    static Module named(String dir) {
        return ALL.stream().filter(m -> m.dir().equals(dir)).findFirst().orElseThrow();
    }

    /** The project root: surefire runs with basedir (and user.dir) set to host-tests. */
    static Path projectRoot() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = Files.isDirectory(base.resolve("host-tests")) ? base : base.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("netcore"))) {
            fail("cannot find the jzsock project root from " + base);
        }
        return root;
    }

    /**
     * The module's compiled classes, or empty for a module with no sources yet. Fails if sources exist but were
     * not compiled, or if a module that must have classes has none.
     */
    static Optional<Path> classes(Module m) {
        Path moduleDir = projectRoot().resolve(m.dir());
        Path classes = moduleDir.resolve("target/classes");
        boolean hasSources = hasJavaSources(moduleDir.resolve("src/main/java"));
        if (Files.isDirectory(classes)) {
            return Optional.of(classes);
        }
        if (hasSources || !m.mayBeEmpty()) {
            fail(classes + " is missing: compile the device modules first, e.g. "
                    + "mvn -B -o -pl host-tests -am test");
        }
        return Optional.empty();
    }

    /**
     * Every device module's classes, and Bouncy Castle's jars: superclasses and inherited members may live in a
     * lower module, or in BC for tls-lite's adapter (BC's own classes are audited apart, BouncyCastleGapsTest).
     */
    static List<Path> classpath() {
        List<Path> dirs = new ArrayList<>();
        for (Module m : ALL) {
            classes(m).ifPresent(dirs::add);
        }
        dirs.addAll(BouncyCastleJars.locate());
        return dirs;
    }

    /**
     * The allowlist a module is audited against: EDC's, and for tls-lite also the few java types Bouncy
     * Castle's API makes its adapter name (bc-boundary-allowlist.txt).
     */
    static Allowlist allowlist(Module m) {
        return m.dir().equals("tls-lite") ? Allowlist.load(Allowlist.RESOURCE, Allowlist.BC_BOUNDARY_RESOURCE)
                : Allowlist.load();
    }

    private static boolean hasJavaSources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(p -> p.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
