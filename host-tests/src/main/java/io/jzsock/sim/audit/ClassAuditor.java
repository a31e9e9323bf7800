package io.jzsock.sim.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Checks one class against every {@link Rule}. Each problem is reported once per class (its first place);
 * annotations, generic signatures and debug attributes are not looked at: SOAR does not resolve them.
 */
final class ClassAuditor extends ClassVisitor {
    private static final Set<String> PRIMITIVE_WRAPPERS = Set.of("java/lang/Integer", "java/lang/Long",
            "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/lang/Boolean", "java/lang/Float",
            "java/lang/Double", "java/lang/Void");

    private final Allowlist allowlist;
    private final List<String> forbiddenPackages;
    private final Map<String, ClassInfo> hierarchy;
    private final List<Violation> sink;
    private final Set<String> reported = new HashSet<>();
    private String className;

    ClassAuditor(Allowlist allowlist, List<String> forbiddenPackages, Map<String, ClassInfo> hierarchy,
                 List<Violation> sink) {
        super(Opcodes.ASM9);
        this.allowlist = allowlist;
        this.forbiddenPackages = forbiddenPackages;
        this.hierarchy = hierarchy;
        this.sink = sink;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        className = name;
        int major = version & 0xffff;
        if (major > DeviceAudit.MAX_CLASS_MAJOR) {
            report(Rule.CLASS_VERSION, "", "major version " + major + " > " + DeviceAudit.MAX_CLASS_MAJOR);
        }
        if (superName != null) {
            useType(superName, "class header");
        }
        if (interfaces != null) {
            for (String i : interfaces) {
                useType(i, "class header");
            }
        }
        if ((access & Opcodes.ACC_INTERFACE) == 0) {
            checkReferenceFields();
        }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String desc, String signature, Object value) {
        useDescriptor(desc, "field " + name);
        return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String desc, String signature,
                                     String[] exceptions) {
        String where = "method " + name + desc;
        useDescriptor(desc, where);
        if (exceptions != null) {
            for (String e : exceptions) {
                useType(e, where);
            }
        }
        if ((access & Opcodes.ACC_NATIVE) != 0) {
            checkNative(access, name, desc);
        }
        return new CodeAuditor(where);
    }

    /** Rule 5: the count runs up the superclass chain until a java/* class (whose fields are EDC's business). */
    private void checkReferenceFields() {
        int total = 0;
        Set<String> seen = new HashSet<>();
        for (String c = className; c != null && seen.add(c); ) {
            ClassInfo info = hierarchy.get(c);
            total += info.ownReferenceFields();
            String sup = info.superName();
            if (sup == null || isJava(sup)) {
                break;
            }
            if (!hierarchy.containsKey(sup)) {
                report(Rule.MAX_REFERENCE_FIELDS, sup, "cannot resolve superclass " + sup);
                return;
            }
            c = sup;
        }
        if (total > DeviceAudit.MAX_REFERENCE_FIELDS) {
            report(Rule.MAX_REFERENCE_FIELDS, "", total + " reference instance fields including superclasses (limit "
                    + DeviceAudit.MAX_REFERENCE_FIELDS + ")");
        }
    }

    /** Rule 6: SNI passes only base types and 1-D base-type arrays, at most 15 of them, to static methods. */
    private void checkNative(int access, String name, String desc) {
        String method = "native method " + name + desc;
        if ((access & Opcodes.ACC_STATIC) == 0) {
            report(Rule.NATIVE_SIGNATURE, method + "/static", method + " is not static");
        }
        Type[] args = Type.getArgumentTypes(desc);
        if (args.length > DeviceAudit.MAX_NATIVE_PARAMETERS) {
            report(Rule.NATIVE_SIGNATURE, method + "/count", method + " has " + args.length + " parameters (limit "
                    + DeviceAudit.MAX_NATIVE_PARAMETERS + ")");
        }
        for (int i = 0; i < args.length; i++) {
            Type a = args[i];
            boolean ok = isPrimitive(a)
                    || (a.getSort() == Type.ARRAY && a.getDimensions() == 1 && isPrimitive(a.getElementType()));
            if (!ok) {
                report(Rule.NATIVE_SIGNATURE, method + "/" + i, method + ": parameter " + (i + 1) + " is "
                        + a.getDescriptor() + ", not a primitive or 1-D primitive array");
            }
        }
        Type ret = Type.getReturnType(desc);
        if (ret.getSort() != Type.VOID && !isPrimitive(ret)) {
            report(Rule.NATIVE_SIGNATURE, method + "/return", method + " returns " + ret.getDescriptor()
                    + ", not a primitive or void");
        }
    }

    private void useType(String internalName, String where) {
        if (internalName.startsWith("[")) {
            useDescriptor(internalName, where);
            return;
        }
        for (String p : forbiddenPackages) {
            if (internalName.startsWith(p + "/")) {
                report(Rule.LAYERING, internalName, "references " + internalName + " (package " + p
                        + " is off limits) in " + where);
            }
        }
        if (isJava(internalName) && !allowlist.allowsType(internalName)) {
            report(Rule.EDC_ALLOWLIST, internalName, internalName + " not on allowlist in " + where);
        }
    }

    private void useDescriptor(String desc, String where) {
        Type t = Type.getType(desc);
        switch (t.getSort()) {
            case Type.ARRAY -> useDescriptor(t.getElementType().getDescriptor(), where);
            case Type.OBJECT -> useType(t.getInternalName(), where);
            case Type.METHOD -> {
                for (Type a : t.getArgumentTypes()) {
                    useDescriptor(a.getDescriptor(), where);
                }
                useDescriptor(t.getReturnType().getDescriptor(), where);
            }
            default -> {
            }
        }
    }

    private void useMember(String owner, String name, String desc, boolean field, String where) {
        useType(owner, where);
        useDescriptor(desc, where);
        if (owner.startsWith("[")) {
            // JLS 7 §10.7: every array has a public clone(); its other members are Object's.
            if (!field && name.equals("clone") && desc.equals("()Ljava/lang/Object;")) {
                return;
            }
            owner = "java/lang/Object";
        }
        if (isJava(owner)) {
            if (allowlist.allowsType(owner) && !allowlist.allowsMember(owner, name, desc, field)) {
                String key = Allowlist.memberKey(owner, name, desc, field);
                report(Rule.EDC_ALLOWLIST, key, key + " not on allowlist in " + where);
            }
            return;
        }
        if (declaredOutsideJava(owner, name, desc, field, new HashSet<>())) {
            return;
        }
        List<String> javaOwners = new ArrayList<>();
        collectJavaDeclarers(owner, name, desc, field, new HashSet<>(), javaOwners);
        if (javaOwners.isEmpty()) {
            return;
        }
        for (String o : javaOwners) {
            if (allowlist.allowsMember(o, name, desc, field)) {
                return;
            }
        }
        String key = Allowlist.memberKey(javaOwners.get(0), name, desc, field);
        report(Rule.EDC_ALLOWLIST, key, key + " (inherited by " + owner + ") not on allowlist in " + where);
    }

    /**
     * Whether a non-java class or interface on the way up from {@code owner} declares the member: then it resolves
     * there (JVMS §5.4.3.3-4), even if an interface's implicit java/lang/Object supertype would be met first.
     */
    private boolean declaredOutsideJava(String owner, String name, String desc, boolean field, Set<String> seen) {
        ClassInfo info = hierarchy.get(owner);
        if (info == null || !seen.add(owner)) {
            return false;
        }
        if (info.declares(name, desc, field)) {
            return true;
        }
        List<String> supers = new ArrayList<>(info.interfaces());
        if (info.superName() != null) {
            supers.add(info.superName());
        }
        for (String s : supers) {
            if (!isJava(s) && declaredOutsideJava(s, name, desc, field, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The java/* supertypes where a member referenced through project class {@code owner} may live: none if a
     * project class on the way declares it, or if the owner is not among the audited or classpath classes.
     */
    private void collectJavaDeclarers(String owner, String name, String desc, boolean field, Set<String> seen,
                                      List<String> out) {
        ClassInfo info = hierarchy.get(owner);
        if (info == null || !seen.add(owner) || info.declares(name, desc, field) || name.startsWith("<")) {
            return;
        }
        List<String> supers = new ArrayList<>();
        if (info.superName() != null) {
            supers.add(info.superName());
        }
        supers.addAll(info.interfaces());
        for (String s : supers) {
            if (isJava(s)) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            } else {
                collectJavaDeclarers(s, name, desc, field, seen, out);
            }
        }
    }

    private void report(Rule rule, String subject, String detail) {
        if (reported.add(rule.id() + '|' + subject)) {
            sink.add(new Violation(className, rule, detail));
        }
    }

    static boolean isJava(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/");
    }

    private static boolean isPrimitive(Type t) {
        return t.getSort() >= Type.BOOLEAN && t.getSort() <= Type.DOUBLE;
    }

    private final class CodeAuditor extends MethodVisitor {
        private final String where;

        CodeAuditor(String where) {
            super(Opcodes.ASM9);
            this.where = where;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            useType(type, where);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            if (opcode == Opcodes.GETSTATIC && name.equals("TYPE") && desc.equals("Ljava/lang/Class;")
                    && PRIMITIVE_WRAPPERS.contains(owner)) {
                report(Rule.NO_PRIMITIVE_CLASS_LITERAL, owner, "getstatic " + owner + ".TYPE (a primitive class "
                        + "literal) in " + where);
                return;
            }
            useMember(owner, name, desc, true, where);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            useMember(owner, name, desc, false, where);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
            report(Rule.NO_INVOKEDYNAMIC, where, "invokedynamic in " + where);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Handle h) {
                report(Rule.NO_INVOKEDYNAMIC, "handle " + where, "method handle constant " + h.getOwner() + "."
                        + h.getName() + h.getDesc() + " in " + where);
            } else if (value instanceof ConstantDynamic c) {
                report(Rule.NO_INVOKEDYNAMIC, "condy " + where, "dynamic constant " + c.getName() + " in " + where);
            } else if (value instanceof Type t) {
                if (t.getSort() == Type.METHOD) {
                    report(Rule.NO_INVOKEDYNAMIC, "mtype " + where, "method type constant " + t.getDescriptor()
                            + " in " + where);
                } else {
                    useDescriptor(t.getDescriptor(), where);
                }
            }
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dimensions) {
            useDescriptor(desc, where);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type != null) {
                useType(type, where);
            }
        }
    }
}
