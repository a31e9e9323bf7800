package io.jzsock.sim.hw;

/** Something mapped on the simulated bus: RAM, flash memory, a pinned array, a peripheral. */
public interface BusTarget {
    String name();

    int base();

    int size();

    /** Reads {@code width} (1, 2 or 4) bytes at {@code offset}, little-endian. */
    int read(int offset, int width);

    void write(int offset, int width, int value);

    /** Whether bulk byte copies (copyIn/copyOut) may touch this target. */
    default boolean isMemory() {
        return true;
    }

    default boolean contains(int addr) {
        long rel = (addr & 0xFFFFFFFFL) - (base() & 0xFFFFFFFFL);
        return rel >= 0 && rel < size();
    }
}
