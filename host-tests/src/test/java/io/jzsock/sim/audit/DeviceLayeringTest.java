package io.jzsock.sim.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** DESIGN §1 dependency direction, checked on the bytecode of every device module. */
class DeviceLayeringTest {
    private static final Allowlist ALLOWLIST = Allowlist.load();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mcu-bsp", "netcore", "ethernet-driver", "tls-lite", "boards"})
    void deviceModuleReferencesNoUpperLayerNorTheHost(String moduleName) throws IOException {
        DeviceModules.Module module = DeviceModules.named(moduleName);
        Optional<Path> classes = DeviceModules.classes(module);
        if (classes.isEmpty()) {
            return;
        }
        DeviceAudit.Report report = new DeviceAudit(ALLOWLIST)
                .withClasspath(DeviceModules.classpath())
                .forbiddingPackages(module.forbiddenPackages())
                .run(classes.get());

        List<String> layering = report.messages(Rule.LAYERING);
        assertTrue(layering.isEmpty(), () -> moduleName + " breaks the dependency direction:\n  "
                + String.join("\n  ", layering));
    }

    @Test
    void everyDeviceModuleIsForbiddenTheHostSide() {
        for (DeviceModules.Module m : DeviceModules.ALL) {
            assertTrue(m.forbiddenPackages().contains("io/jzsock/sim"), m.dir());
        }
    }

    @Test
    void netcoreClassReferencingTheSimulatorIsRejected() throws IOException {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_7, Opcodes.ACC_PUBLIC, "io/jzsock/net/Leaky", null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PRIVATE, "wire", "Lio/jzsock/sim/wire/Wire;", null, null).visitEnd();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "tick", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "io/jzsock/eth/EthMac", "poll", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();

        DeviceAudit.Report report = new DeviceAudit(ALLOWLIST)
                .forbiddingPackages(DeviceModules.named("netcore").forbiddenPackages())
                .run(List.of(cw.toByteArray()));

        assertEquals(List.of(
                "io/jzsock/net/Leaky: rule 'layering': references io/jzsock/sim/wire/Wire (package io/jzsock/sim is "
                        + "off limits) in field wire",
                "io/jzsock/net/Leaky: rule 'layering': references io/jzsock/eth/EthMac (package io/jzsock/eth is "
                        + "off limits) in method tick()V"),
                report.messages());
    }

    @Test
    void forbiddenPackageMatchesWholeNameSegmentsOnly() throws IOException {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V1_7, Opcodes.ACC_PUBLIC, "io/jzsock/net/Fine", null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PRIVATE, "a", "Lio/jzsock/simple/Thing;", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE, "b", "Lio/jzsock/ethics/Thing;", null, null).visitEnd();
        cw.visitEnd();

        DeviceAudit.Report report = new DeviceAudit(ALLOWLIST)
                .forbiddingPackages(List.of("io/jzsock/sim", "io.jzsock.eth"))
                .run(List.of(cw.toByteArray()));

        assertEquals(List.of(), report.messages());
    }
}
