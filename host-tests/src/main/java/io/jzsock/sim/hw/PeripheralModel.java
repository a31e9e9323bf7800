package io.jzsock.sim.hw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the register models: a map of {@link Reg}s by offset, reserved-bit and clock-gate checks,
 * and hooks for side effects. Only 32-bit accesses unless a model allows others.
 */
public abstract class PeripheralModel implements BusTarget {
    private final String name;
    private final int base;
    private final int size;
    private final Map<Integer, Reg> regs = new LinkedHashMap<>();
    /** The registers by word offset, for the per-access lookup (the map boxes every offset above 127). */
    private final Reg[] byWord;
    protected SimSoc soc;

    protected PeripheralModel(String name, int base, int size) {
        this.name = name;
        this.base = base;
        this.size = size;
        this.byWord = new Reg[(size + 3) / 4];
    }

    @Override public String name() { return name; }
    @Override public int base() { return base; }
    @Override public int size() { return size; }
    @Override public boolean isMemory() { return false; }

    void attach(SimSoc soc) {
        this.soc = soc;
    }

    protected final Reg reg(String regName, int offset, int reset, int rw, int ro, int w1c, int w0c) {
        Reg r = new Reg(name + "_" + regName, offset, reset, rw, ro, w1c, w0c);
        regs.put(offset, r);
        byWord[offset >>> 2] = r;
        return r;
    }

    protected final Reg reg(String regName, int offset, int reset, int rw, int ro) {
        return reg(regName, offset, reset, rw, ro, 0, 0);
    }

    /** Back to reset values (power cycle). */
    public void reset() {
        for (Reg r : regs.values()) {
            r.value = r.reset;
        }
    }

    public final int value(int offset) {
        return byWord[offset >>> 2].value;
    }

    protected final HwRuleViolation violation(Reg r, String rule) {
        return new HwRuleViolation(r.name, rule);
    }

    private Reg lookup(int offset, int width) {
        Reg r = offset >= 0 && offset < size ? byWord[offset >>> 2] : null;
        if (r == null) {
            throw new HwRuleViolation(String.format("%s+0x%02X (0x%08X)", name, offset, base + offset),
                    "address not modelled (no such register, or one this simulator does not support)");
        }
        if (width != 4 && !allowsNarrow()) {
            throw violation(r, width * 8 + "-bit access; this model supports 32-bit register accesses only");
        }
        checkClock(r);
        return r;
    }

    /** Throws if the peripheral's bus clock is off (its registers then read 0 and ignore writes). */
    protected void checkClock(Reg r) {
    }

    protected boolean allowsNarrow() {
        return false;
    }

    @Override
    public final int read(int offset, int width) {
        Reg r = lookup(offset, width);
        int v = onRead(r);
        int shift = 8 * (offset & 3);
        return width == 4 ? v : (v >>> shift) & (width == 2 ? 0xFFFF : 0xFF);
    }

    @Override
    public final void write(int offset, int width, int value) {
        Reg r = lookup(offset, width);
        int v = value;
        if (width != 4) {
            int shift = 8 * (offset & 3);
            int mask = (width == 2 ? 0xFFFF : 0xFF) << shift;
            v = (r.value & ~mask) | ((value << shift) & mask);
        }
        int reserved = r.reserved();
        if ((v & reserved) != (r.reset & reserved)) {
            throw violation(r, String.format("write of 0x%08X changes reserved bits 0x%08X (they must keep "
                    + "their reset value)", v, (v ^ r.reset) & reserved));
        }
        int old = r.value;
        int next = r.applied(v);
        beforeWrite(r, old, next, v);
        r.value = next;
        afterWrite(r, old, v);
    }

    /** Current value as software reads it; models update status bits here. */
    protected int onRead(Reg r) {
        return r.value;
    }

    /** Rule checks: throw a violation to reject the write; {@code next} is the value about to be stored. */
    protected void beforeWrite(Reg r, int old, int next, int written) {
    }

    protected void afterWrite(Reg r, int old, int written) {
    }

    protected static boolean rose(int old, int now, int bit) {
        return (old & bit) == 0 && (now & bit) != 0;
    }
}
