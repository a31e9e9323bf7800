package io.jzsock.tls.bc;

import io.jzsock.bsp.Entropy;

import java.security.SecureRandom;

/**
 * Bouncy Castle's randomness (nonces, key shares, session ids) from the board's {@link Entropy}: the
 * STM32 RNG on a board, a seeded PRNG in tests (DESIGN §4). BC's crypto takes a
 * {@link SecureRandom}, so this is one; every way BC draws bytes ends in {@link #nextBytes}, and the
 * JDK's own generator behind the superclass is never used.
 */
public final class EntropySecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final transient Entropy entropy;

    public EntropySecureRandom(Entropy entropy) {
        super();
        if (entropy == null) {
            throw new IllegalArgumentException("EntropySecureRandom: null entropy");
        }
        this.entropy = entropy;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        entropy.fill(bytes, 0, bytes.length);
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        entropy.fill(b, 0, numBytes);
        return b;
    }

    /** Random's constructor calls this before entropy is set; seeds are ignored (the source is hardware). */
    @Override
    public void setSeed(long seed) {
    }

    @Override
    public void setSeed(byte[] seed) {
    }
}
