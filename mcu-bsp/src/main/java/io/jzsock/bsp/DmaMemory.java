package io.jzsock.bsp;

/**
 * Bus addresses of pinned arrays (MicroEJ immortal arrays on a board), so DMA descriptors can point
 * straight at Java buffers: zero copy. Arrays must be pinned at start-up; the address of an
 * unpinned array is undefined.
 */
public interface DmaMemory {
    /** Bus address of {@code b[0]}. */
    int addressOf(byte[] b);

    /** Bus address of {@code a[0]}; elements are little-endian 32-bit words. */
    int addressOf(int[] a);
}
