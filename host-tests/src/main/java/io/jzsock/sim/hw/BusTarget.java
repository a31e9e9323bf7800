package io.jzsock.sim.hw;

/** Something mapped on the simulated bus: RAM, flash memory, a pinned array, a peripheral. */
public interface BusTarget {
    String name();

    int base();

    int size();

    /** Reads {@code width} (1, 2 or 4) bytes at {@code offset}, little-endian. */
    int read(int offset, int width);

    void write(int offset, int width, int value);

    /** A bulk copy out of memory (copyIn): byte by byte unless the target knows better. */
    default void copyTo(int offset, byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            b[off + i] = (byte) read(offset + i, 1);
        }
    }

    /** A bulk copy into memory (copyOut). */
    default void copyFrom(int offset, byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(offset + i, 1, b[off + i]);
        }
    }

    /** Whether bulk byte copies (copyIn/copyOut) may touch this target. */
    default boolean isMemory() {
        return true;
    }

    default boolean contains(int addr) {
        long rel = (addr & 0xFFFFFFFFL) - (base() & 0xFFFFFFFFL);
        return rel >= 0 && rel < size();
    }
}
