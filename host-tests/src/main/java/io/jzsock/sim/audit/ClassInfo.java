package io.jzsock.sim.audit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the audit needs to know about a class to judge its subclasses and the members referenced through it:
 * its supertypes, declared members and own reference instance fields.
 */
record ClassInfo(String name, String superName, List<String> interfaces, Set<String> declaredMembers,
                 int ownReferenceFields) {

    static ClassInfo of(ClassReader reader) {
        Collector c = new Collector();
        reader.accept(c, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassInfo(c.name, c.superName, c.interfaces, Set.copyOf(c.members), c.referenceFields);
    }

    boolean declares(String memberName, String desc, boolean field) {
        return declaredMembers.contains(memberKey(memberName, desc, field));
    }

    private static String memberKey(String memberName, String desc, boolean field) {
        return memberName + (field ? ":" : "") + desc;
    }

    static boolean isReference(String fieldDesc) {
        char c = fieldDesc.charAt(0);
        return c == 'L' || c == '[';
    }

    private static final class Collector extends ClassVisitor {
        String name;
        String superName;
        List<String> interfaces = List.of();
        final Set<String> members = new HashSet<>();
        int referenceFields;

        Collector() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String desc, String signature, Object value) {
            members.add(memberKey(name, desc, true));
            if ((access & Opcodes.ACC_STATIC) == 0 && isReference(desc)) {
                referenceFields++;
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature,
                                         String[] exceptions) {
            members.add(memberKey(name, desc, false));
            return null;
        }
    }
}
