package io.jzsock.bsp;

/**
 * Deterministic entropy for tests and the simulator: SplitMix64 (Steele, Lea, Flood 2014). Not
 * cryptographic; a board uses the hardware RNG instead.
 */
public final class SeededEntropy implements Entropy {
    private long state;

    public SeededEntropy(long seed) {
        state = seed;
    }

    /** Seeded from the time of day: for a desktop stack that wants different ports on every run. */
    public static SeededEntropy fromTime() {
        return new SeededEntropy(System.nanoTime() ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L);
    }

    private synchronized long next64() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        return (int) next64();
    }

    @Override
    public void fill(byte[] b, int off, int len) {
        int i = 0;
        while (i < len) {
            long r = next64();
            for (int k = 0; k < 8 && i < len; k++, i++) {
                b[off + i] = (byte) (r >>> (k * 8));
            }
        }
    }
}
