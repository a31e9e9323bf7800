package io.jzsock.sim.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The device audit run over Bouncy Castle's classes on the TLS path, written as a Markdown report: which rules
 * each class breaks and what it uses that MicroEJ's EDC does not have. The classes are those a JVM loaded while
 * {@code io.jzsock.sim.bench.tls.TlsPathProbe} ran handshakes and records; the rules are {@link DeviceAudit}'s.
 */
public final class BouncyCastleGaps {
    /** The APIs issue 14 names as BC's gaps, by internal-name prefix, in the order it lists them. */
    static final List<String> NAMED_APIS = List.of("java/math/BigInteger", "java/security/SecureRandom",
            "java/security/AccessController", "java/security/Security", "java/nio/",
            "java/util/concurrent/ConcurrentHashMap", "java/util/concurrent/atomic/AtomicReference",
            "java/util/logging/");
    private static final int MAX_ITEMS = 14;

    private final Map<String, List<Violation>> byClass;
    private final int classCount;

    private BouncyCastleGaps(Map<String, List<Violation>> byClass, int classCount) {
        this.byClass = byClass;
        this.classCount = classCount;
    }

    /** Audits the named classes (binary names, {@code org.bouncycastle.tls.TlsProtocol}) found in the jars. */
    public static BouncyCastleGaps audit(List<Path> jars, Collection<String> classNames, Allowlist allowlist)
            throws IOException {
        Set<String> internal = new TreeSet<>();
        for (String n : classNames) {
            internal.add(n.replace('.', '/'));
        }
        Map<String, byte[]> classes = ClassFiles.readNamed(jars, internal);
        DeviceAudit.Report report = new DeviceAudit(allowlist).withClasspath(jars).run(classes.values());
        Map<String, List<Violation>> byClass = new TreeMap<>();
        for (String name : classes.keySet()) {
            byClass.put(name, new ArrayList<>());
        }
        for (Violation v : report.violations()) {
            byClass.get(v.className()).add(v);
        }
        return new BouncyCastleGaps(byClass, classes.size());
    }

    public int classCount() {
        return classCount;
    }

    /** Classes breaking {@code rule}. */
    public Set<String> breaking(Rule rule) {
        Set<String> out = new TreeSet<>();
        byClass.forEach((c, vs) -> vs.stream().filter(v -> v.rule() == rule).findAny().ifPresent(v -> out.add(c)));
        return out;
    }

    /** Classes that use a type or member whose name starts with {@code prefix} and is not on the allowlist. */
    public Set<String> using(String prefix) {
        Set<String> out = new TreeSet<>();
        byClass.forEach((c, vs) -> {
            for (Violation v : vs) {
                if (v.rule() == Rule.EDC_ALLOWLIST && subject(v).startsWith(prefix)) {
                    out.add(c);
                }
            }
        });
        return out;
    }

    /** The max-reference-fields detail of a class ("33 reference instance fields ..."), or null. */
    public String referenceFields(String internalName) {
        for (Violation v : byClass.getOrDefault(internalName, List.of())) {
            if (v.rule() == Rule.MAX_REFERENCE_FIELDS) {
                return v.detail();
            }
        }
        return null;
    }

    public String markdown(String header) {
        StringBuilder sb = new StringBuilder(header);
        long clean = byClass.values().stream().filter(List::isEmpty).count();
        sb.append("\n## Summary\n\n");
        sb.append(classCount).append(" Bouncy Castle classes loaded on the TLS path; ").append(clean)
                .append(" pass every rule, ").append(classCount - clean).append(" break at least one.\n\n");
        sb.append("| rule | classes breaking it |\n|---|---:|\n");
        for (Rule r : Rule.values()) {
            if (r != Rule.LAYERING) {
                sb.append("| ").append(r.id()).append(" | ").append(breaking(r).size()).append(" |\n");
            }
        }
        sb.append("\n## The APIs issue 14 names\n\n| API | classes using it | which |\n|---|---:|---|\n");
        for (String api : NAMED_APIS) {
            Set<String> users = using(api);
            sb.append("| `").append(api).append("` | ").append(users.size()).append(" | ")
                    .append(list(shortNames(users))).append(" |\n");
        }
        sb.append("\n## Every Java API outside EDC the TLS path uses\n\n| type or member | classes |\n|---|---:|\n");
        Map<String, Integer> uses = new TreeMap<>();
        byClass.values().forEach(vs -> new TreeSet<>(vs.stream().filter(v -> v.rule() == Rule.EDC_ALLOWLIST)
                .map(BouncyCastleGaps::subject).toList()).forEach(s -> uses.merge(s, 1, Integer::sum)));
        uses.forEach((s, n) -> sb.append("| `").append(s).append("` | ").append(n).append(" |\n"));
        sb.append("\n## Class by class\n\n| class | rules broken | what |\n|---|---|---|\n");
        byClass.forEach((c, vs) -> {
            if (vs.isEmpty()) {
                return;
            }
            Map<Rule, Set<String>> items = new LinkedHashMap<>();
            for (Violation v : vs) {
                items.computeIfAbsent(v.rule(), k -> new TreeSet<>()).add(v.rule() == Rule.EDC_ALLOWLIST
                        ? subject(v) : v.detail());
            }
            List<String> rules = new ArrayList<>();
            List<String> what = new ArrayList<>();
            items.forEach((r, s) -> {
                rules.add(r.id());
                what.add(list(s));
            });
            sb.append("| `").append(c.replace('/', '.')).append("` | ").append(String.join(", ", rules))
                    .append(" | ").append(String.join("; ", what)).append(" |\n");
        });
        return sb.toString();
    }

    /** The type or member an EDC violation is about: the text before " not on allowlist" / " (inherited by". */
    static String subject(Violation v) {
        String d = v.detail();
        int end = d.indexOf(" not on allowlist");
        int inherited = d.indexOf(" (inherited by");
        if (inherited >= 0 && (end < 0 || inherited < end)) {
            end = inherited;
        }
        return end < 0 ? d : d.substring(0, end);
    }

    private static List<String> shortNames(Set<String> classes) {
        List<String> out = new ArrayList<>();
        for (String c : classes) {
            out.add(c.substring(c.lastIndexOf('/') + 1));
        }
        return out;
    }

    private static String list(Collection<String> items) {
        List<String> all = new ArrayList<>(items);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_ITEMS, all.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(all.get(i).replace("|", "\\|"));
        }
        if (all.size() > MAX_ITEMS) {
            sb.append(" and ").append(all.size() - MAX_ITEMS).append(" more");
        }
        return sb.toString();
    }
}
