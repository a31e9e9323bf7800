package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jzsock.net.Errno;
import io.jzsock.sim.hw.SimPowerCut;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The power-cut sweep: a seeded sequence of 200 adds and deletes, several of them compacting, run
 * over FlashController and the simulator's FlashModel. Each operation is run once to count its program
 * and erase steps, then replayed from the same flash contents with the power cut in the middle of each of
 * those steps in turn, by a store in the RAM state the device had then. After every cut: power back on, a new store object mounts, and it must hold exactly
 * the credentials of before or of after the interrupted operation (every byte, flags too), report no
 * dropped record, and take one more add and delete.
 */
class FlashPowerCutSweepTest {
    private static final int OPS = 200;
    private static final int LIVE = 8;
    private static final int SCRATCH_TAG = 999;

    @Test
    void f429Sectors12And13SurviveACutAtEveryStep() {
        sweep("F429 sectors 12+13 (2 x 16 KB)", FlashBoard.f429(), 13, 900);
    }

    @Test
    void f767Sectors1And2SurviveACutAtEveryStep() {
        sweep("F767 sectors 2+3 (2 x 32 KB)", FlashBoard.f767(), 17, 1800);
    }

    /** One add or delete of the sequence. */
    record Op(boolean add, int tag, int type, int flags, byte[] data) {
        int apply(CredentialStore s) {
            return add ? s.put(tag, type, flags, data, 0, data.length) : s.remove(tag, type);
        }

        void applyTo(Map<Integer, Entry> state) {
            if (add) {
                state.put(key(tag, type), new Entry(flags, data));
            } else {
                state.remove(key(tag, type));
            }
        }
    }

    record Entry(int flags, byte[] data) {
    }

    static int key(int tag, int type) {
        return tag * 8 + type;
    }

    private void sweep(String name, FlashBoard board, long seed, int maxLen) {
        long t0 = System.nanoTime();
        CredentialConfig cfg = FlashCredentialStoreTest.cfg(LIVE + 1, 2048);
        FlashCredentialStore store = board.mount(cfg);
        Random rnd = new Random(seed);
        Map<Integer, Entry> state = new TreeMap<>();
        int cuts = 0;
        int states = 0;
        int sawBefore = 0;
        int sawAfter = 0;
        int compactingOps = 0;
        int enomem = 0;
        long maxSteps = 0;
        for (int i = 0; i < OPS; i++) {
            Op op = next(rnd, state, maxLen, i);
            byte[] pre = board.snapshot();
            FlashCredentialStore proto = twin(store, board, cfg);
            int gen = store.generation();
            long s0 = board.steps();
            int r = op.apply(store);
            long steps = board.steps() - s0;
            board.soc.bus().clearTrace();
            Map<Integer, Entry> before = new TreeMap<>(state);
            if (r == -Errno.ENOMEM && op.add()) {
                enomem++;
                assertEquals(0, steps, "a put refused for room writes nothing");
                continue;
            }
            assertEquals(0, r, "op " + i + " " + op);
            op.applyTo(state);
            if (store.generation() != gen) {
                compactingOps++;
            }
            maxSteps = Math.max(maxSteps, steps);
            byte[] post = board.snapshot();
            for (long k = 1; k <= steps; k++) {
                board.restore(pre);
                board.powerCycle();
                FlashCredentialStore victim = twin(proto, board, cfg);
                board.soc.flash().cutPowerAtStep(k);
                try {
                    op.apply(victim);
                    fail("op " + i + " finished before step " + k + " of " + steps);
                } catch (SimPowerCut expected) {
                    cuts++;
                }
                board.powerCycle();
                FlashCredentialStore m = board.mount(cfg);
                Map<Integer, Entry> held = contents(m);
                boolean isBefore = same(before, held);
                boolean isAfter = same(state, held);
                assertTrue(isBefore || isAfter, name + ": op " + i + " (" + op + ") cut at step " + k + "/" + steps
                        + " left " + held.keySet() + ", before " + before.keySet() + ", after " + state.keySet());
                assertEquals(0, m.droppedRecords(), "a cut is not bit rot");
                states++;
                sawBefore += isBefore ? 1 : 0;
                sawAfter += isAfter && !isBefore ? 1 : 0;
                byte[] extra = {1, 2, 3};
                assertEquals(0, m.put(SCRATCH_TAG, CredentialType.PSK, 0, extra, 0, extra.length), "keeps working");
                assertArrayEquals(extra, FlashCredentialStoreTest.get(m, SCRATCH_TAG, CredentialType.PSK));
                assertEquals(0, m.remove(SCRATCH_TAG, CredentialType.PSK));
                assertTrue(same(held, contents(m)), "the extra add and delete touched nothing else");
            }
            board.restore(post);
            board.powerCycle();
        }
        FlashCredentialStore last = board.mount(cfg);
        assertTrue(same(state, contents(last)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("power-cut sweep %s: %d operations (%d compacting, %d refused -ENOMEM), %d cuts injected "
                + "(up to %d steps per operation), %d states checked (%d before, %d after the operation), "
                + "%d compactions, %.1f s%n", name, OPS, compactingOps, enomem, cuts, maxSteps, states, sawBefore,
                sawAfter, last.generation() - 1, seconds);
        assertTrue(compactingOps >= 3, "several operations compacted: " + compactingOps);
        assertEquals(cuts, states);
        assertTrue(cuts > 1000, "cuts " + cuts);
        assertTrue(sawBefore > 0);
    }

    /**
     * A store in the same RAM state as {@code s} (index, write pointer, sequence, flags of the sectors): the
     * store as the device had it when the operation began, without the cost of a mount per cut.
     */
    static FlashCredentialStore twin(FlashCredentialStore s, FlashBoard board, CredentialConfig cfg) {
        FlashCredentialStore t = new FlashCredentialStore(board.flash, board.sectorA, board.sectorB, cfg);
        try {
            for (Field f : FlashCredentialStore.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(s);
                if (v instanceof int[] a) {
                    System.arraycopy(a, 0, (int[]) f.get(t), 0, a.length);
                } else if (v instanceof boolean[] a) {
                    System.arraycopy(a, 0, (boolean[]) f.get(t), 0, a.length);
                } else if (v instanceof FlashSectors x) {
                    FlashSectors y = (FlashSectors) f.get(t);
                    System.arraycopy(x.erases, 0, y.erases, 0, 2);
                    System.arraycopy(x.blank, 0, y.blank, 0, 2);
                } else if (v instanceof FlashIndex x) {
                    FlashIndex y = (FlashIndex) f.get(t);
                    for (int slot = 0; slot < x.capacity(); slot++) {
                        y.set(slot, x.tags[slot], x.types[slot], x.flags[slot], x.lengths[slot], x.addrs[slot]);
                    }
                } else if (!Modifier.isFinal(f.getModifiers())) {
                    f.set(t, v);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return t;
    }

    /** Adds while fewer than LIVE are stored (and at random below that), else deletes a random one. */
    private static Op next(Random rnd, Map<Integer, Entry> state, int maxLen, int i) {
        boolean add = state.isEmpty() || (state.size() < LIVE && rnd.nextInt(100) < 55);
        if (!add) {
            List<Integer> keys = new ArrayList<>(state.keySet());
            int k = keys.get(rnd.nextInt(keys.size()));
            return new Op(false, k / 8, k % 8, 0, null);
        }
        int tag;
        int type;
        do {
            tag = rnd.nextInt(10);
            type = 1 + rnd.nextInt(CredentialType.MAX);
        } while (state.containsKey(key(tag, type)));
        int flags = (type == CredentialType.PSK || type == CredentialType.PRIVATE_KEY) && rnd.nextBoolean()
                ? TlsCredentials.FLAG_NON_EXPORTABLE : 0;
        byte[] data = FlashCredentialStoreTest.bytes(1 + rnd.nextInt(maxLen), i);
        return new Op(true, tag, type, flags, data);
    }

    static Map<Integer, Entry> contents(CredentialStore s) {
        Map<Integer, Entry> m = new TreeMap<>();
        for (int slot = s.next(-1); slot >= 0; slot = s.next(slot)) {
            byte[] out = new byte[s.length(slot)];
            assertEquals(out.length, s.read(slot, out, 0));
            m.put(key(s.tag(slot), s.type(slot)), new Entry(s.flags(slot), out));
        }
        return m;
    }

    static boolean same(Map<Integer, Entry> a, Map<Integer, Entry> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, Entry> e : a.entrySet()) {
            Entry o = b.get(e.getKey());
            if (o.flags() != e.getValue().flags() || !Arrays.equals(o.data(), e.getValue().data())) {
                return false;
            }
        }
        return true;
    }
}
