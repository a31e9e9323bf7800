package io.jzsock.sim.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jzsock.net.NetConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NetConfig.copy() carries every setting: each instance field is set to a value unlike its default, and the
 * copy must hold them all, so a field added to NetConfig but left out of copy() fails here by name.
 */
class NetConfigCopyTest {

    @Test
    void copyCarriesEveryField() throws Exception {
        NetConfig defaults = new NetConfig();
        NetConfig original = new NetConfig();
        List<Field> fields = settings();
        assertTrue(fields.size() > 50, "NetConfig's settings found by reflection: " + fields.size());
        for (Field f : fields) {
            f.set(original, unlikeDefault(f, f.get(defaults)));
            assertNotEquals(String.valueOf(f.get(defaults)), String.valueOf(f.get(original)), f.getName());
        }
        NetConfig copy = original.copy();
        for (Field f : fields) {
            Object want = f.get(original);
            Object got = f.get(copy);
            if (want instanceof byte[]) {
                assertArrayEquals((byte[]) want, (byte[]) got, f.getName() + " not copied");
                assertNotSame(want, got, f.getName() + " shares the original's array");
            } else {
                assertEquals(want, got, f.getName() + " not copied");
            }
        }
    }

    private static List<Field> settings() {
        List<Field> out = new ArrayList<>();
        for (Field f : NetConfig.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) && !f.isSynthetic()) {
                f.setAccessible(true);
                out.add(f);
            }
        }
        return out;
    }

    private static Object unlikeDefault(Field f, Object def) {
        Class<?> t = f.getType();
        if (t == int.class) {
            return (Integer) def + 7;
        }
        if (t == long.class) {
            return (Long) def + 7;
        }
        if (t == boolean.class) {
            return !(Boolean) def;
        }
        if (t == String.class) {
            return def + "-copied";
        }
        if (t == byte[].class) {
            return new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        }
        fail("NetConfig." + f.getName() + " has type " + t + ": teach this test (and copy()) about it");
        return null;
    }
}
