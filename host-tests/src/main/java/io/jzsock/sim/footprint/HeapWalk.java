package io.jzsock.sim.footprint;

import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shallow sizes (JOL, this JVM's layout) of the objects reachable from some roots through instance
 * fields and array elements, each object counted once across every walk of one HeapWalk, and never
 * through a "stop" object: the retained bytes of one part of an object graph when the walk is stopped
 * at the roots of the other parts. Classes, class loaders and threads are not followed.
 */
final class HeapWalk {
    static {
        // JOL reads field offsets of record and hidden classes only this way on JDK 17.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private final VirtualMachine vm = VM.current();
    private final Map<Object, Boolean> counted = new IdentityHashMap<>();
    private final Map<Class<?>, long[]> referenceOffsets = new IdentityHashMap<>();

    /** Bytes of the objects reachable from roots not counted before, not entering any object in stops. */
    long walk(List<?> roots, Set<Object> stops) {
        long bytes = 0;
        for (Object o : reachable(roots, stops, counted)) {
            bytes += vm.sizeOf(o);
        }
        return bytes;
    }

    /** Every object reachable from roots (roots included), without entering stops or seen, added to seen. */
    List<Object> reachable(List<?> roots, Set<Object> stops, Map<Object, Boolean> seen) {
        List<Object> found = new ArrayList<>();
        ArrayDeque<Object> todo = new ArrayDeque<>();
        for (Object r : roots) {
            if (r != null && !seen.containsKey(r)) {
                seen.put(r, Boolean.TRUE);
                todo.add(r);
            }
        }
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            found.add(o);
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (Object e : (Object[]) o) {
                        offer(e, stops, seen, todo);
                    }
                }
                continue;
            }
            for (long off : referenceOffsets(c)) {
                offer(vm.getObject(o, off), stops, seen, todo);
            }
        }
        return found;
    }

    /** A fresh identity map for {@link #reachable}'s seen set. */
    static Map<Object, Boolean> identitySet() {
        return new IdentityHashMap<>();
    }

    private static void offer(Object o, Set<Object> stops, Map<Object, Boolean> seen, ArrayDeque<Object> todo) {
        if (o == null || seen.containsKey(o) || stops.contains(o) || o instanceof Class || o instanceof ClassLoader
                || o instanceof Thread) {
            return;
        }
        seen.put(o, Boolean.TRUE);
        todo.add(o);
    }

    private long[] referenceOffsets(Class<?> c) {
        long[] offsets = referenceOffsets.get(c);
        if (offsets == null) {
            List<Long> found = new ArrayList<>();
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        found.add(vm.fieldOffset(f));
                    }
                }
            }
            offsets = new long[found.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = found.get(i);
            }
            referenceOffsets.put(c, offsets);
        }
        return offsets;
    }
}
