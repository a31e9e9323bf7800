package io.jzsock.bsp;

/**
 * Memory-mapped register and memory access. On a board the implementation is SNI natives (C glue
 * in {@code boards/}); on a PC it is the register-level simulator. Addresses are 32-bit bus
 * addresses held in an {@code int}. Implementations must not allocate.
 */
public interface RegisterBus {
    int read32(int addr);

    void write32(int addr, int value);

    /** Read-modify-write: {@code (read32(addr) & ~clear) | set}; not atomic against interrupts. */
    void modify32(int addr, int clear, int set);

    int read16(int addr);

    void write16(int addr, int value);

    /** Copies {@code len} bytes from bus memory at {@code addr} into {@code b[off..]}. */
    void copyIn(int addr, byte[] b, int off, int len);

    /** Copies {@code len} bytes from {@code b[off..]} to bus memory at {@code addr}. */
    void copyOut(int addr, byte[] b, int off, int len);

    /** Data synchronization barrier: earlier writes reach the bus before later accesses. */
    void dsb();

    /** Writes dirty D-cache lines of the range back to memory (before a DMA engine reads it). */
    void dcacheClean(int addr, int len);

    /** Discards D-cache lines of the range (after a DMA engine or the flash controller wrote it). */
    void dcacheInvalidate(int addr, int len);
}
