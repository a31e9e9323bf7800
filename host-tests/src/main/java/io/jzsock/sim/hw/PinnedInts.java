package io.jzsock.sim.hw;

/** A pinned {@code int[]} seen by the bus as little-endian words: DMA descriptors without copies. */
final class PinnedInts implements BusTarget {
    private final int base;
    private final int[] words;

    PinnedInts(int base, int[] words) {
        this.base = base;
        this.words = words;
    }

    @Override public String name() { return "pinned int[" + words.length + "]"; }
    @Override public int base() { return base; }
    @Override public int size() { return words.length * 4; }

    @Override
    public int read(int offset, int width) {
        if (width == 4 && (offset & 3) == 0) {
            return words[offset >> 2];
        }
        int v = 0;
        for (int i = 0; i < width; i++) {
            int o = offset + i;
            v |= ((words[o >> 2] >>> (8 * (o & 3))) & 0xFF) << (8 * i);
        }
        return v;
    }

    @Override
    public void write(int offset, int width, int value) {
        if (width == 4 && (offset & 3) == 0) {
            words[offset >> 2] = value;
            return;
        }
        for (int i = 0; i < width; i++) {
            int o = offset + i;
            int shift = 8 * (o & 3);
            words[o >> 2] = (words[o >> 2] & ~(0xFF << shift)) | (((value >>> (8 * i)) & 0xFF) << shift);
        }
    }
}
