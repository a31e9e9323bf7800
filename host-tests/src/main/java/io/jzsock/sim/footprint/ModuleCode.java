package io.jzsock.sim.footprint;

import io.jzsock.sim.audit.ClassFiles;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class-file bytes of each device module, the ROM proxy: as built (javac's debug attributes included) and
 * rewritten by ASM without them ({@code SourceFile}, {@code LineNumberTable}, {@code LocalVariableTable}:
 * {@link ClassReader#SKIP_DEBUG}). A module is its package prefix, read from wherever one of its classes
 * was loaded (the module's target/classes in the reactor, the fat jar otherwise).
 */
public final class ModuleCode {
    /** Device module, a class in it, its package prefix. */
    static final String[][] MODULES = {
        {"mcu-bsp", "io.jzsock.bsp.Clock", "io/jzsock/bsp/"},
        {"ethernet-driver", "io.jzsock.eth.EthDriver", "io/jzsock/eth/"},
        {"netcore", "io.jzsock.net.NetStack", "io/jzsock/net/"},
        {"tls-lite", "io.jzsock.tls.bc.LeanTlsCrypto", "io/jzsock/tls/"},
        {"boards", "io.jzsock.boards.Board", "io/jzsock/boards/"},
    };

    /** One module's class count and bytes with and without debug attributes. */
    public record Module(String name, int classes, long bytes, long bytesWithoutDebug) {
    }

    private ModuleCode() {
    }

    public static List<Module> measure() throws IOException {
        List<Module> modules = new ArrayList<>();
        for (String[] m : MODULES) {
            modules.add(measure(m[0], m[1], m[2]));
        }
        return modules;
    }

    static Module measure(String name, String member, String prefix) throws IOException {
        List<byte[]> classes = ClassFiles.read(location(member), prefix);
        long bytes = 0;
        long stripped = 0;
        for (byte[] c : classes) {
            bytes += c.length;
            stripped += withoutDebug(c).length;
        }
        return new Module(name, classes.size(), bytes, stripped);
    }

    /** The class file rewritten without debug attributes (constant pool rebuilt, so unused names go too). */
    static byte[] withoutDebug(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(writer, ClassReader.SKIP_DEBUG);
        return writer.toByteArray();
    }

    private static Path location(String member) throws IOException {
        try {
            return Path.of(Class.forName(member).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IOException("cannot locate " + member, e);
        }
    }
}
