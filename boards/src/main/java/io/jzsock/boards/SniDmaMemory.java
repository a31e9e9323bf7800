package io.jzsock.boards;

import io.jzsock.bsp.DmaMemory;

/**
 * {@link DmaMemory} on a board: the C side returns the data pointer of an immortal array. A
 * non-immortal array may move at the next GC, so its address is refused (0); the caller must
 * allocate DMA buffers with {@code ej.bon.Immortals} during start-up.
 */
public final class SniDmaMemory implements DmaMemory {
    public int addressOf(byte[] b) {
        return addressOfNative(b);
    }

    public int addressOf(int[] a) {
        return addressOfNative(a);
    }

    /** Overloaded native: SNI names the C functions with the {@code __<descriptor>} suffix. */
    private static native int addressOfNative(byte[] b);

    private static native int addressOfNative(int[] a);
}
