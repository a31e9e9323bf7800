package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.SniDmaMemory;
import io.jzsock.boards.SniRegisterBus;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The C glue defines exactly the SNI symbols the Java natives link to. */
class SniGlueTest {
    private static final Path C_SOURCE = Path.of("..", "boards", "src", "main", "c", "jzsock_sni.c");

    /** SNI follows JNI short/long names: '.' to '_', overloads get "__" + the mangled argument descriptor. */
    private static Set<String> expectedSymbols(Class<?>... classes) {
        Set<String> out = new TreeSet<>();
        for (Class<?> c : classes) {
            String prefix = "Java_" + c.getName().replace('.', '_') + "_";
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isNative(m.getModifiers())) {
                    continue;
                }
                long overloads = Arrays.stream(c.getDeclaredMethods())
                        .filter(o -> Modifier.isNative(o.getModifiers()) && o.getName().equals(m.getName()))
                        .count();
                String name = prefix + m.getName();
                if (overloads > 1) {
                    StringBuilder d = new StringBuilder("__");
                    for (Class<?> p : m.getParameterTypes()) {
                        d.append(descriptor(p));
                    }
                    name += d;
                }
                out.add(name);
            }
        }
        return out;
    }

    private static String descriptor(Class<?> p) {
        if (p == byte[].class) {
            return "_3B";
        }
        if (p == int[].class) {
            return "_3I";
        }
        if (p == int.class) {
            return "I";
        }
        throw new AssertionError("unexpected SNI parameter " + p);
    }

    @Test
    void everyNativeIsPrivateStaticWithPrimitiveParameters() {
        int natives = 0;
        for (Class<?> c : new Class<?>[] {SniRegisterBus.class, SniDmaMemory.class}) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isNative(m.getModifiers())) {
                    natives++;
                    assertTrue(Modifier.isStatic(m.getModifiers()), m.toString());
                    assertTrue(Modifier.isPrivate(m.getModifiers()), m.toString());
                    assertTrue(m.getParameterCount() <= 15, m.toString());
                    assertTrue(m.getReturnType().isPrimitive(), m.toString());
                    for (Class<?> p : m.getParameterTypes()) {
                        assertTrue(p.isPrimitive() || p.getComponentType().isPrimitive(), m + " " + p);
                    }
                }
            }
        }
        assertEquals(12, natives);
    }

    @Test
    void cSourceDefinesExactlyTheMangledNativeNames() throws Exception {
        String c = Files.readString(C_SOURCE);
        Matcher m = Pattern.compile("^\\w[\\w ]*?\\b(Java_\\w+)\\(", Pattern.MULTILINE).matcher(c);
        Set<String> defined = new TreeSet<>();
        while (m.find()) {
            defined.add(m.group(1));
        }
        assertEquals(expectedSymbols(SniRegisterBus.class, SniDmaMemory.class), defined);
        assertTrue(defined.contains("Java_io_jzsock_boards_SniDmaMemory_addressOfNative___3B"));
    }
}
