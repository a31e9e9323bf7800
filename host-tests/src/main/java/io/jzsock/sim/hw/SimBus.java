package io.jzsock.sim.hw;

import io.jzsock.bsp.DmaMemory;
import io.jzsock.bsp.RegisterBus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated bus: dispatches each access to the RAM, flash or peripheral model mapped at the
 * address, and records every non-RAM access in a trace so tests can assert on init order.
 * Pinned arrays are mapped in a DMA window, so a simulated DMA engine reads and writes the Java
 * arrays themselves (zero copy, as on the board).
 */
public final class SimBus implements RegisterBus, DmaMemory {
    /** One traced access: op is R32, W32, R16, W16, COPYIN, COPYOUT, DSB, CLEAN or INVAL. */
    public record Access(String op, int addr, int value) {
        @Override
        public String toString() {
            return String.format("%s 0x%08X = 0x%08X", op, addr, value);
        }
    }

    private final List<BusTarget> targets = new ArrayList<>();
    /**
     * The targets by base address, for {@link #find}: a binary search instead of a scan of the list,
     * which holds every pinned packet buffer (a bus access is several per frame descriptor word).
     * Replaced whole by {@link #map}; a DMA engine on another thread reads it without a lock.
     */
    private volatile AddressMap byAddress = new AddressMap(new BusTarget[0]);
    /**
     * Synchronized: two threads may drive different peripherals at once, as on the chip (the net thread
     * the ETH registers, an application thread the flash controller through its credentials).
     */
    private final List<Access> trace = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean tracing = true;
    private final Map<Object, Integer> pinned = new IdentityHashMap<>();
    private int pinNext;
    private int pinEnd;
    private int pinBase;
    /**
     * The pinned arrays by 32-byte slot of the DMA window (they are 32-byte aligned): the descriptor and
     * buffer accesses of a DMA engine, most of the bus's traffic, skip the search. Filled by {@link #pin}
     * before the engine runs; a slot another thread does not see filled yet reads null, and the
     * search answers instead.
     */
    private BusTarget[] pinSlots = new BusTarget[0];
    private String powerCut;

    public void map(BusTarget t) {
        for (BusTarget o : targets) {
            if (o.contains(t.base()) || t.contains(o.base())) {
                throw new IllegalArgumentException(t.name() + " overlaps " + o.name());
            }
        }
        targets.add(t);
        byAddress = new AddressMap(targets.toArray(new BusTarget[0]));
    }

    /** Non-overlapping targets sorted by unsigned base address. */
    private static final class AddressMap {
        private final BusTarget[] targets;
        /** Each target's base with the sign bit flipped, so signed comparison orders them unsigned. */
        private final int[] keys;

        AddressMap(BusTarget[] ts) {
            targets = ts.clone();
            java.util.Arrays.sort(targets, (x, y) -> Integer.compareUnsigned(x.base(), y.base()));
            keys = new int[targets.length];
            for (int i = 0; i < targets.length; i++) {
                keys[i] = targets[i].base() ^ Integer.MIN_VALUE;
            }
        }

        /** The target whose range holds addr, or null. */
        BusTarget at(int addr) {
            int key = addr ^ Integer.MIN_VALUE;
            int lo = 0;
            int hi = keys.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] <= key) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (hi < 0) {
                return null;
            }
            BusTarget t = targets[hi];
            return t.contains(addr) ? t : null;
        }
    }

    /** Addresses [base, base + size) are handed out by {@link #addressOf}. */
    public void dmaWindow(int base, int size) {
        pinBase = base;
        pinNext = base;
        pinEnd = base + size;
        pinSlots = new BusTarget[size >>> PIN_SLOT_SHIFT];
    }

    private static final int PIN_SLOT_SHIFT = 5;

    public List<Access> trace() {
        return Collections.unmodifiableList(trace);
    }

    public void clearTrace() {
        trace.clear();
    }

    /**
     * Empties the trace and records nothing more: for a benchmark, which reads no trace and would
     * otherwise pay a record and a lock per register access and cache operation.
     */
    public void stopTrace() {
        tracing = false;
        trace.clear();
    }

    private void trace(String op, int addr, int value) {
        if (tracing) {
            trace.add(new Access(op, addr, value));
        }
    }

    /** Index of the first 32-bit write to {@code addr} that leaves all of {@code bits} set, or -1. */
    public int firstWriteSetting(int addr, int bits) {
        for (int i = 0; i < trace.size(); i++) {
            Access a = trace.get(i);
            if (a.op().equals("W32") && a.addr() == addr && (a.value() & bits) == bits) {
                return i;
            }
        }
        return -1;
    }

    void cutPower(String where) {
        powerCut = where;
    }

    void restorePower() {
        powerCut = null;
    }

    public boolean powered() {
        return powerCut == null;
    }

    private BusTarget find(int addr, int len) {
        if (powerCut != null) {
            throw new SimPowerCut(powerCut);
        }
        int slot = (addr - pinBase) >>> PIN_SLOT_SHIFT;
        BusTarget[] slots = pinSlots;
        BusTarget t = slot < slots.length ? slots[slot] : null;
        if (t == null || !t.contains(addr)) {
            t = byAddress.at(addr); // the padding after a pinned array belongs to nothing
        }
        if (t != null) {
            if (len > 1 && !t.contains(addr + len - 1)) {
                throw new HwRuleViolation(String.format("0x%08X", addr),
                        "access of " + len + " bytes runs past the end of " + t.name());
            }
            return t;
        }
        throw new HwRuleViolation(String.format("0x%08X", addr), "address not modelled (nothing mapped there)");
    }

    private void record(BusTarget t, String op, int addr, int value) {
        if (!(t instanceof Ram) && !(t instanceof PinnedInts)) {
            trace(op, addr, value);
        }
    }

    private static void aligned(int addr, int width) {
        if ((addr & (width - 1)) != 0) {
            throw new HwRuleViolation(String.format("0x%08X", addr), "unaligned " + width * 8 + "-bit access");
        }
    }

    @Override
    public int read32(int addr) {
        aligned(addr, 4);
        BusTarget t = find(addr, 4);
        int v = t.read(addr - t.base(), 4);
        record(t, "R32", addr, v);
        return v;
    }

    @Override
    public void write32(int addr, int value) {
        aligned(addr, 4);
        BusTarget t = find(addr, 4);
        record(t, "W32", addr, value);
        t.write(addr - t.base(), 4, value);
    }

    @Override
    public void modify32(int addr, int clear, int set) {
        write32(addr, (read32(addr) & ~clear) | set);
    }

    @Override
    public int read16(int addr) {
        aligned(addr, 2);
        BusTarget t = find(addr, 2);
        int v = t.read(addr - t.base(), 2);
        record(t, "R16", addr, v);
        return v;
    }

    @Override
    public void write16(int addr, int value) {
        aligned(addr, 2);
        BusTarget t = find(addr, 2);
        record(t, "W16", addr, value & 0xFFFF);
        t.write(addr - t.base(), 2, value & 0xFFFF);
    }

    @Override
    public void copyIn(int addr, byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        BusTarget t = find(addr, len);
        if (!t.isMemory()) {
            throw new HwRuleViolation(t.name(), "bulk copy from registers");
        }
        record(t, "COPYIN", addr, len);
        t.copyTo(addr - t.base(), b, off, len);
    }

    @Override
    public void copyOut(int addr, byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        BusTarget t = find(addr, len);
        if (!t.isMemory() || t instanceof FlashModel.Memory) {
            throw new HwRuleViolation(t.name(), "bulk copy into registers or flash (flash is programmed word by word with FLASH_CR.PG)");
        }
        record(t, "COPYOUT", addr, len);
        t.copyFrom(addr - t.base(), b, off, len);
    }

    @Override
    public void dsb() {
        if (powerCut != null) {
            throw new SimPowerCut(powerCut);
        }
        // A DSB orders descriptor writes before the DMA engine sees them; here the engine may run on
        // another thread (a wire delivering a frame), so it is a full fence.
        java.lang.invoke.VarHandle.fullFence();
        trace("DSB", 0, 0);
    }

    @Override
    public void dcacheClean(int addr, int len) {
        trace("CLEAN", addr, len);
    }

    @Override
    public void dcacheInvalidate(int addr, int len) {
        trace("INVAL", addr, len);
    }

    @Override
    public int addressOf(byte[] b) {
        return pin(b, b.length, () -> new Ram("pinned byte[" + b.length + "]", pinNext, b));
    }

    @Override
    public int addressOf(int[] a) {
        return pin(a, a.length * 4, () -> new PinnedInts(pinNext, a));
    }

    private int pin(Object array, int bytes, java.util.function.Supplier<BusTarget> target) {
        Integer known = pinned.get(array);
        if (known != null) {
            return known;
        }
        int size = Math.max(4, (bytes + 31) & ~31);   // 32-byte aligned: one Cortex-M7 cache line
        if (pinEnd - pinNext < size) {
            throw new IllegalStateException("DMA window full");
        }
        int addr = pinNext;
        BusTarget t = target.get();
        map(t);
        for (int o = 0; o < size; o += 1 << PIN_SLOT_SHIFT) {
            pinSlots[(addr - pinBase + o) >>> PIN_SLOT_SHIFT] = t;
        }
        pinned.put(array, addr);
        pinNext += size;
        return addr;
    }
}
