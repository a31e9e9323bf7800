package io.jzsock.sim.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.ACC_NATIVE;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** One small generated class per way to break each rule, plus one clean class. */
class DeviceAuditRulesTest {
    private static final Allowlist ALLOWLIST = Allowlist.load();
    private static final Handle METAFACTORY = new Handle(Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/LambdaMetafactory", "metafactory",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    @Test
    void cleanJava7ClassIsAccepted() throws IOException {
        byte[] clean = cls(Opcodes.V1_7, "t/Clean", "java/lang/Object", cw -> {
            cw.visitField(ACC_PRIVATE, "name", "Ljava/lang/String;", null, null).visitEnd();
            cw.visitField(ACC_PRIVATE, "buf", "[B", null, null).visitEnd();
            constructor(cw, "java/lang/Object");
            method(cw, ACC_PUBLIC, "describe", "(I)Ljava/lang/String;", mv -> {
                mv.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
                mv.visitInsn(Opcodes.DUP);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitIntInsn(Opcodes.BIPUSH, 9);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(II)I", false);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                        "(I)Ljava/lang/StringBuilder;", false);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString",
                        "()Ljava/lang/String;", false);
                mv.visitInsn(Opcodes.ARETURN);
            });
            method(cw, ACC_STATIC | ACC_NATIVE, "read32", "(I[BJ)I", null);
        });

        DeviceAudit.Report report = new DeviceAudit(ALLOWLIST).run(List.of(clean));

        assertEquals(1, report.classCount());
        assertEquals(List.of(), report.messages());
    }

    @Test
    void classFileOfJava8IsRejected() throws IOException {
        assertEquals(List.of("t/Java8: rule 'class-version': major version 52 > 51"),
                audit(cls(Opcodes.V1_8, "t/Java8", "java/lang/Object", cw -> { })));
    }

    @Test
    void invokedynamicIsRejected() throws IOException {
        byte[] indy = cls(Opcodes.V1_7, "t/Indy", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "()V", mv -> {
                    mv.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", METAFACTORY, Type.getType("()V"),
                            new Handle(Opcodes.H_INVOKESTATIC, "t/Indy", "lambda$0", "()V", false),
                            Type.getType("()V"));
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of("t/Indy: rule 'no-invokedynamic': invokedynamic in method bar()V"), audit(indy));
    }

    @Test
    void methodHandleAndDynamicConstantsAreRejected() throws IOException {
        byte[] handles = cls(Opcodes.V1_7, "t/Handles", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "()V", mv -> {
                    mv.visitLdcInsn(new Handle(Opcodes.H_INVOKESTATIC, "t/Handles", "bar", "()V", false));
                    mv.visitLdcInsn(new ConstantDynamic("c", "I", METAFACTORY));
                    mv.visitLdcInsn(Type.getMethodType("()V"));
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of(
                "t/Handles: rule 'no-invokedynamic': method handle constant t/Handles.bar()V in method bar()V",
                "t/Handles: rule 'no-invokedynamic': dynamic constant c in method bar()V",
                "t/Handles: rule 'no-invokedynamic': method type constant ()V in method bar()V"), audit(handles));
    }

    @Test
    void javaNioTypeIsRejectedOnceAsAType() throws IOException {
        byte[] nio = cls(Opcodes.V1_7, "t/Nio", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "()V", mv -> {
                    mv.visitIntInsn(Opcodes.BIPUSH, 64);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/nio/ByteBuffer", "allocate",
                            "(I)Ljava/nio/ByteBuffer;", false);
                    mv.visitTypeInsn(Opcodes.CHECKCAST, "java/nio/ByteBuffer");
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of("t/Nio: rule 'edc-allowlist': java/nio/ByteBuffer not on allowlist in method bar()V"),
                audit(nio));
    }

    @Test
    void stringFormatIsRejectedWithTheLineToAdd() throws IOException {
        byte[] format = cls(Opcodes.V1_7, "t/Format", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "()V", mv -> {
                    mv.visitLdcInsn("%d");
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "format",
                            "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;", false);
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of("t/Format: rule 'edc-allowlist': java/lang/String#format(Ljava/lang/String;"
                + "[Ljava/lang/Object;)Ljava/lang/String; not on allowlist in method bar()V"), audit(format));
    }

    @Test
    void typesInHeaderDescriptorsAndCatchClausesAreChecked() throws IOException {
        byte[] enumLike = cls(Opcodes.V1_7, "t/Color", "java/lang/Enum", cw -> {
            cw.visitField(ACC_PRIVATE, "lock", "Ljava/util/concurrent/locks/Lock;", null, null).visitEnd();
            method(cw, ACC_STATIC, "bar", "(Ljava/lang/ThreadLocal;)V", mv -> {
                org.objectweb.asm.Label a = new org.objectweb.asm.Label();
                org.objectweb.asm.Label b = new org.objectweb.asm.Label();
                org.objectweb.asm.Label h = new org.objectweb.asm.Label();
                mv.visitTryCatchBlock(a, b, h, "java/net/SocketException");
                mv.visitLabel(a);
                mv.visitInsn(Opcodes.NOP);
                mv.visitLabel(b);
                mv.visitInsn(Opcodes.RETURN);
                mv.visitLabel(h);
                mv.visitInsn(Opcodes.ATHROW);
            });
        });

        assertEquals(List.of(
                "t/Color: rule 'edc-allowlist': java/lang/Enum not on allowlist in class header",
                "t/Color: rule 'edc-allowlist': java/util/concurrent/locks/Lock not on allowlist in field lock",
                "t/Color: rule 'edc-allowlist': java/lang/ThreadLocal not on allowlist in method "
                        + "bar(Ljava/lang/ThreadLocal;)V",
                "t/Color: rule 'edc-allowlist': java/net/SocketException not on allowlist in method "
                        + "bar(Ljava/lang/ThreadLocal;)V"), audit(enumLike));
    }

    @Test
    void membersInheritedFromJavaClassesAreResolvedThroughProjectClasses() throws IOException {
        byte[] ex = cls(Opcodes.V1_7, "t/BadConfig", "java/lang/IllegalArgumentException", cw -> {
            method(cw, ACC_PUBLIC, "<init>", "()V", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V",
                        false);
                mv.visitInsn(Opcodes.RETURN);
            });
            method(cw, ACC_PUBLIC, "bar", "()V", mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "t/BadConfig", "getMessage", "()Ljava/lang/String;",
                        false);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "t/BadConfig", "getStackTrace",
                        "()[Ljava/lang/StackTraceElement;", false);
                mv.visitInsn(Opcodes.RETURN);
            });
        });

        assertEquals(List.of(
                "t/BadConfig: rule 'edc-allowlist': java/lang/StackTraceElement not on allowlist in method bar()V",
                "t/BadConfig: rule 'edc-allowlist': java/lang/IllegalArgumentException#getStackTrace()"
                        + "[Ljava/lang/StackTraceElement; (inherited by t/BadConfig) not on allowlist in method bar()V"),
                audit(ex));
    }

    @Test
    void methodOfASuperInterfaceIsNotTakenForAMemberOfObject() throws IOException {
        // An interface's class file names java/lang/Object as its superclass; update(...) resolves in t/Hash.
        byte[] hash = iface("t/Hash", null, cw -> method(cw, ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "update", "([BII)V",
                null));
        byte[] handshakeHash = iface("t/HandshakeHash", "t/Hash", cw -> {
        });
        byte[] user = cls(Opcodes.V1_7, "t/User", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "(Lt/HandshakeHash;)V", mv -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "t/HandshakeHash", "update", "([BII)V", true);
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "t/HandshakeHash", "notify", "()V", true);
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of(), audit(hash, handshakeHash, user));
    }

    private static byte[] iface(String name, String superInterface, Consumer<ClassWriter> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_7, ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, name, null,
                "java/lang/Object", superInterface == null ? null : new String[] {superInterface});
        body.accept(cw);
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void arrayCloneIsAllowedAsALanguageFeature() throws IOException {
        byte[] arrays = cls(Opcodes.V1_7, "t/Arrays", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "([I)V", mv -> {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "[I", "clone", "()Ljava/lang/Object;", false);
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of(), audit(arrays));
    }

    @Test
    void primitiveClassLiteralIsRejected() throws IOException {
        byte[] literal = cls(Opcodes.V1_7, "t/Literal", "java/lang/Object", cw ->
                method(cw, ACC_STATIC, "bar", "()V", mv -> {
                    mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/Integer", "TYPE", "Ljava/lang/Class;");
                    mv.visitInsn(Opcodes.POP);
                    mv.visitInsn(Opcodes.RETURN);
                }));

        assertEquals(List.of("t/Literal: rule 'no-primitive-class-literal': getstatic java/lang/Integer.TYPE "
                + "(a primitive class literal) in method bar()V"), audit(literal));
    }

    @Test
    void thirtyTwoReferenceFieldsAreRejectedAndThirtyOneAccepted() throws IOException {
        byte[] wide = cls(Opcodes.V1_7, "t/Wide", "java/lang/Object", cw -> referenceFields(cw, "r", 32));
        byte[] full = cls(Opcodes.V1_7, "t/Full", "java/lang/Object", cw -> {
            referenceFields(cw, "r", 31);
            cw.visitField(ACC_PRIVATE, "count", "I", null, null).visitEnd();
            cw.visitField(ACC_STATIC, "shared", "Ljava/lang/Object;", null, null).visitEnd();
        });

        assertEquals(List.of("t/Wide: rule 'max-reference-fields': 32 reference instance fields including "
                + "superclasses (limit 31)"), audit(wide, full));
    }

    @Test
    void referenceFieldsOfSuperclassesCount() throws IOException {
        byte[] base = cls(Opcodes.V1_7, "t/Base", "java/lang/Object", cw -> referenceFields(cw, "b", 20));
        byte[] sub = cls(Opcodes.V1_7, "t/Sub", "t/Base", cw -> referenceFields(cw, "s", 12));

        assertEquals(List.of("t/Sub: rule 'max-reference-fields': 32 reference instance fields including "
                + "superclasses (limit 31)"), audit(base, sub));
    }

    @Test
    void superclassIsResolvedOnTheClasspath(@TempDir Path tmp) throws IOException {
        Path lower = tmp.resolve("lower");
        write(lower, "t/Base", cls(Opcodes.V1_7, "t/Base", "java/lang/Object", cw -> referenceFields(cw, "b", 20)));
        byte[] sub = cls(Opcodes.V1_7, "t/Sub", "t/Base", cw -> referenceFields(cw, "s", 12));

        DeviceAudit.Report report = new DeviceAudit(ALLOWLIST).withClasspath(List.of(lower)).run(List.of(sub));

        assertEquals(1, report.classCount());
        assertEquals(List.of("t/Sub: rule 'max-reference-fields': 32 reference instance fields including "
                + "superclasses (limit 31)"), report.messages());
    }

    @Test
    void unknownSuperclassIsAnError() throws IOException {
        byte[] orphan = cls(Opcodes.V1_7, "t/Orphan", "t/Missing", cw -> { });

        assertEquals(List.of("t/Orphan: rule 'max-reference-fields': cannot resolve superclass t/Missing"),
                audit(orphan));
    }

    @Test
    void nativeMethodsMustBeStaticWithAtMostFifteenSniParameters() throws IOException {
        String sixteenInts = "(" + "I".repeat(16) + ")V";
        byte[] natives = cls(Opcodes.V1_7, "t/Natives", "java/lang/Object", cw -> {
            method(cw, ACC_NATIVE, "instance", "(I)I", null);
            method(cw, ACC_STATIC | ACC_NATIVE, "many", sixteenInts, null);
            method(cw, ACC_STATIC | ACC_NATIVE, "fifteen", "(" + "I".repeat(14) + "J)V", null);
            method(cw, ACC_STATIC | ACC_NATIVE, "object", "(ILjava/lang/Object;)V", null);
            method(cw, ACC_STATIC | ACC_NATIVE, "matrix", "([[I)V", null);
            method(cw, ACC_STATIC | ACC_NATIVE, "handle", "()[B", null);
        });

        assertEquals(List.of(
                "t/Natives: rule 'native-signature': native method instance(I)I is not static",
                "t/Natives: rule 'native-signature': native method many" + sixteenInts
                        + " has 16 parameters (limit 15)",
                "t/Natives: rule 'native-signature': native method object(ILjava/lang/Object;)V: parameter 2 is "
                        + "Ljava/lang/Object;, not a primitive or 1-D primitive array",
                "t/Natives: rule 'native-signature': native method matrix([[I)V: parameter 1 is [[I, "
                        + "not a primitive or 1-D primitive array",
                "t/Natives: rule 'native-signature': native method handle()[B returns [B, not a primitive or void"),
                audit(natives));
    }

    @Test
    void classesAreReadFromADirectoryAndFromAJar(@TempDir Path tmp) throws IOException {
        byte[] ok = cls(Opcodes.V1_7, "t/a/Ok", "java/lang/Object", cw -> { });
        byte[] old = cls(Opcodes.V1_8, "t/b/Java8", "java/lang/Object", cw -> { });
        Path dir = tmp.resolve("classes");
        write(dir, "t/a/Ok", ok);
        write(dir, "t/b/Java8", old);
        Files.writeString(dir.resolve("t/a/notes.txt"), "not a class");
        Path jar = tmp.resolve("device.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("t/a/Ok.class"));
            out.write(ok);
            out.putNextEntry(new JarEntry("t/b/Java8.class"));
            out.write(old);
            out.putNextEntry(new JarEntry("META-INF/versions/9/t/a/Ok.class"));
            out.write(old);
        }
        List<String> expected = List.of("t/b/Java8: rule 'class-version': major version 52 > 51");

        assertEquals(expected, DeviceAudit.audit(dir, ALLOWLIST));
        assertEquals(expected, DeviceAudit.audit(jar, ALLOWLIST));
        assertEquals(2, new DeviceAudit(ALLOWLIST).run(jar).classCount());
    }

    private static List<String> audit(byte[]... classes) throws IOException {
        return new DeviceAudit(ALLOWLIST).run(List.of(classes)).messages();
    }

    private static byte[] cls(int version, String name, String superName, Consumer<ClassWriter> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, superName, null);
        body.accept(cw);
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void constructor(ClassWriter cw, String superName) {
        method(cw, ACC_PUBLIC, "<init>", "()V", mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
            mv.visitInsn(Opcodes.RETURN);
        });
    }

    /** A method; {@code code} null for native or abstract methods. */
    private static void method(ClassWriter cw, int access, String name, String desc, Consumer<MethodVisitor> code) {
        MethodVisitor mv = cw.visitMethod(access, name, desc, null, null);
        if (code != null) {
            mv.visitCode();
            code.accept(mv);
            mv.visitMaxs(0, 0);
        }
        mv.visitEnd();
    }

    private static void referenceFields(ClassWriter cw, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String desc = i % 2 == 0 ? "Ljava/lang/Object;" : "[B";
            cw.visitField(ACC_PRIVATE, prefix + i, desc, null, null).visitEnd();
        }
    }

    private static void write(Path root, String internalName, byte[] bytes) throws IOException {
        Path file = root.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
