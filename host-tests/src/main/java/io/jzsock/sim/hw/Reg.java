package io.jzsock.sim.hw;

/**
 * One modelled register. Bits are read/write ({@code rw}), read-only status ({@code ro}: writes
 * ignored), write-1-to-clear ({@code w1c}) or read/clear-by-writing-0 ({@code w0c}); every other bit
 * is reserved and must be written with its reset value.
 */
public final class Reg {
    final String name;
    final int offset;
    final int reset;
    final int rw;
    final int ro;
    final int w1c;
    final int w0c;
    int value;

    Reg(String name, int offset, int reset, int rw, int ro, int w1c, int w0c) {
        this.name = name;
        this.offset = offset;
        this.reset = reset;
        this.rw = rw;
        this.ro = ro;
        this.w1c = w1c;
        this.w0c = w0c;
        this.value = reset;
    }

    int reserved() {
        return ~(rw | ro | w1c | w0c);
    }

    /** The register after a write of {@code v}, before any model-specific side effects. */
    int applied(int v) {
        int next = (value & ~rw) | (v & rw);
        next &= ~(v & w1c);
        next &= ~(~v & w0c);
        return next;
    }

    public String name() {
        return name;
    }

    public int value() {
        return value;
    }
}
