package io.jzsock.sim.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * The device audit (DESIGN §2, spec/microej.md "Implications" §3b): a bytecode check that device classes can be
 * linked by MicroEJ's SOAR against EDC, plus the dependency-direction check of DESIGN §1. See {@link Rule}.
 * <pre>
 * Report r = new DeviceAudit(Allowlist.load())
 *         .withClasspath(List.of(bspClasses))            // superclasses and inherited members live here too
 *         .forbiddingPackages(List.of("io/jzsock/sim"))  // layering
 *         .run(netcoreClasses);
 * </pre>
 */
public final class DeviceAudit {
    public static final int MAX_CLASS_MAJOR = 51;
    public static final int MAX_REFERENCE_FIELDS = 31;
    public static final int MAX_NATIVE_PARAMETERS = 15;

    private final Allowlist allowlist;
    private final List<Path> classpath;
    private final List<String> forbiddenPackages;

    public DeviceAudit(Allowlist allowlist) {
        this(allowlist, List.of(), List.of());
    }

    private DeviceAudit(Allowlist allowlist, List<Path> classpath, List<String> forbiddenPackages) {
        this.allowlist = allowlist;
        this.classpath = classpath;
        this.forbiddenPackages = forbiddenPackages;
    }

    /** Audits every class of a classes directory or jar against all rules but layering. */
    public static List<String> audit(Path classesDirOrJar, Allowlist allowlist) throws IOException {
        return new DeviceAudit(allowlist).run(classesDirOrJar).messages();
    }

    /**
     * Classes directories or jars that are not audited but resolve superclasses (rule 5) and members inherited
     * through project classes (rule 3); audited classes win over same-named classpath classes.
     */
    public DeviceAudit withClasspath(Collection<Path> dirsOrJars) {
        return new DeviceAudit(allowlist, List.copyOf(dirsOrJars), forbiddenPackages);
    }

    /** Packages (internal form, {@code io/jzsock/sim}) whose classes, and subpackages, must not be referenced. */
    public DeviceAudit forbiddingPackages(Collection<String> packages) {
        List<String> normalized = new ArrayList<>();
        for (String p : packages) {
            String s = p.replace('.', '/');
            normalized.add(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        }
        return new DeviceAudit(allowlist, classpath, List.copyOf(normalized));
    }

    public Report run(Path classesDirOrJar) throws IOException {
        return run(ClassFiles.read(classesDirOrJar));
    }

    public Report run(Collection<byte[]> classFiles) throws IOException {
        Map<String, ClassInfo> hierarchy = new HashMap<>();
        for (Path p : classpath) {
            for (byte[] b : ClassFiles.read(p)) {
                ClassInfo info = ClassInfo.of(new ClassReader(b));
                hierarchy.put(info.name(), info);
            }
        }
        List<ClassReader> readers = new ArrayList<>(classFiles.size());
        for (byte[] b : classFiles) {
            ClassReader r = new ClassReader(b);
            readers.add(r);
            ClassInfo info = ClassInfo.of(r);
            hierarchy.put(info.name(), info);
        }
        List<Violation> violations = new ArrayList<>();
        for (ClassReader r : readers) {
            r.accept(new ClassAuditor(allowlist, forbiddenPackages, hierarchy, violations),
                    ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
        return new Report(readers.size(), List.copyOf(violations));
    }

    /**
     * @param classCount how many classes were audited
     * @param violations every problem found, in class order
     */
    public record Report(int classCount, List<Violation> violations) {
        public List<String> messages() {
            return violations.stream().map(Violation::toString).toList();
        }

        public List<String> messages(Rule rule) {
            return violations.stream().filter(v -> v.rule() == rule).map(Violation::toString).toList();
        }
    }
}
