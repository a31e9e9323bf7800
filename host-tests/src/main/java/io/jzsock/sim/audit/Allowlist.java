package io.jzsock.sim.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * The java/* and javax/* types and members device code may reference: the part of MicroEJ's EDC the project
 * has checked and chosen to use. Line format (see {@code edc-allowlist.txt}):
 * <pre>
 * # a comment; a trailing comment starts with whitespace then '#'
 * java/lang/Object                                       a type: may appear in descriptors, casts, catch, new
 * java/lang/RuntimeException extends java/lang/Exception  a type and its listed supertypes, for member lookup
 * java/lang/String#length()I                             a method or constructor (name + JVM descriptor)
 * java/lang/System#out:Ljava/io/PrintStream;             a field (name ':' descriptor)
 * </pre>
 * A member's owner must be listed as a type. Members are looked up the way the JVM resolves them: on the
 * referenced owner, then on its listed supertypes and {@code java/lang/Object}; constructors only on the owner.
 */
public final class Allowlist {
    public static final String RESOURCE = "edc-allowlist.txt";
    /** What tls-lite may name in addition, because Bouncy Castle's API makes it (see the file). */
    public static final String BC_BOUNDARY_RESOURCE = "bc-boundary-allowlist.txt";

    private final Map<String, List<String>> supertypes;
    private final Set<String> members;

    private Allowlist(Map<String, List<String>> supertypes, Set<String> members) {
        this.supertypes = supertypes;
        this.members = members;
    }

    /** The project's allowlist, {@code io/jzsock/sim/audit/edc-allowlist.txt} on the classpath. */
    public static Allowlist load() {
        return load(RESOURCE);
    }

    /** The allowlist made of the named resources next to this class, read as one file. */
    public static Allowlist load(String... resources) {
        List<String> lines = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = Allowlist.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " not found next to " + Allowlist.class);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                lines.addAll(r.lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parse(lines);
    }

    /** Parses allowlist lines; a malformed line fails with its 1-based line number. */
    public static Allowlist parse(List<String> lines) {
        Map<String, List<String>> types = new LinkedHashMap<>();
        Map<String, Integer> memberLines = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i));
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            String[] tokens = line.split("\\s+");
            if (tokens[0].indexOf('#') >= 0) {
                if (tokens.length != 1) {
                    throw malformed(lineNo, line, "a member line holds one token, owner#member");
                }
                checkMember(lineNo, tokens[0]);
                if (memberLines.put(tokens[0], lineNo) != null) {
                    throw malformed(lineNo, line, "duplicate entry");
                }
                continue;
            }
            if (tokens.length == 2 || (tokens.length > 2 && !tokens[1].equals("extends"))) {
                throw malformed(lineNo, line, "expected 'type' or 'type extends supertype...'");
            }
            checkTypeName(lineNo, tokens[0]);
            List<String> supers = new ArrayList<>();
            for (int t = 2; t < tokens.length; t++) {
                checkTypeName(lineNo, tokens[t]);
                supers.add(tokens[t]);
            }
            if (types.put(tokens[0], List.copyOf(supers)) != null) {
                throw malformed(lineNo, line, "duplicate entry");
            }
        }
        for (Map.Entry<String, Integer> m : memberLines.entrySet()) {
            String owner = m.getKey().substring(0, m.getKey().indexOf('#'));
            if (!types.containsKey(owner)) {
                throw malformed(m.getValue(), m.getKey(), "owner " + owner + " is not listed as a type");
            }
        }
        for (Map.Entry<String, List<String>> t : types.entrySet()) {
            for (String s : t.getValue()) {
                if (!types.containsKey(s)) {
                    throw new IllegalArgumentException("allowlist: supertype " + s + " of " + t.getKey()
                            + " is not listed as a type");
                }
            }
        }
        return new Allowlist(Collections.unmodifiableMap(types), Set.copyOf(memberLines.keySet()));
    }

    /** Whether {@code internalName} (e.g. {@code java/lang/String}) may be used as a type. */
    public boolean allowsType(String internalName) {
        return supertypes.containsKey(internalName);
    }

    /** Whether the member referenced as {@code owner.name desc} resolves to an allowed member. */
    public boolean allowsMember(String owner, String name, String desc, boolean field) {
        if (!allowsType(owner)) {
            return false;
        }
        if (name.equals("<init>")) {
            return members.contains(memberKey(owner, name, desc, field));
        }
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(owner);
        while (!queue.isEmpty()) {
            String t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (members.contains(memberKey(t, name, desc, field))) {
                return true;
            }
            queue.addAll(supertypes.getOrDefault(t, List.of()));
            if (!t.equals("java/lang/Object")) {
                queue.add("java/lang/Object");
            }
        }
        return false;
    }

    /** The allowlist line for a member: {@code owner#name(args)ret} for methods, {@code owner#name:desc} for fields. */
    public static String memberKey(String owner, String name, String desc, boolean field) {
        return owner + '#' + name + (field ? ":" : "") + desc;
    }

    private static String stripComment(String raw) {
        String line = raw.strip();
        if (line.startsWith("#")) {
            return "";
        }
        for (int i = 1; i < line.length(); i++) {
            if (line.charAt(i) == '#' && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).strip();
            }
        }
        return line;
    }

    private static void checkTypeName(int lineNo, String name) {
        if (!(name.startsWith("java/") || name.startsWith("javax/")) || name.indexOf('.') >= 0
                || name.indexOf(';') >= 0 || name.endsWith("/")) {
            throw malformed(lineNo, name, "a type is a java/* or javax/* internal name like java/lang/String");
        }
    }

    private static void checkMember(int lineNo, String entry) {
        int hash = entry.indexOf('#');
        checkTypeName(lineNo, entry.substring(0, hash));
        String member = entry.substring(hash + 1);
        int paren = member.indexOf('(');
        int colon = member.indexOf(':');
        try {
            if (paren > 0 && colon < 0) {
                Type method = Type.getMethodType(member.substring(paren));
                method.getArgumentTypes();
                method.getReturnType();
            } else if (colon > 0 && paren < 0) {
                String desc = member.substring(colon + 1);
                if (!Type.getType(desc).getDescriptor().equals(desc)) {
                    throw new IllegalArgumentException();
                }
            } else {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw malformed(lineNo, entry, "a member is name(args)ret for a method or name:desc for a field");
        }
    }

    private static IllegalArgumentException malformed(int lineNo, String line, String why) {
        return new IllegalArgumentException("allowlist line " + lineNo + ": " + why + ": " + line);
    }
}
