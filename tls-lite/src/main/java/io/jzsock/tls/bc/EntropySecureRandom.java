package io.jzsock.tls.bc;

import io.jzsock.bsp.Entropy;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * Bouncy Castle's randomness (nonces, key shares, ECDSA k when not deterministic) from the board's
 * {@link Entropy}: the STM32 RNG on a board, a seeded PRNG in tests (DESIGN §4). Built over an SPI of
 * our own so that no JCA provider is looked up (SecureRandom's public constructors do that).
 */
public final class EntropySecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    public EntropySecureRandom(Entropy entropy) {
        super(new Spi(entropy), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient Entropy entropy;

        Spi(Entropy entropy) {
            if (entropy == null) {
                throw new IllegalArgumentException("EntropySecureRandom: null entropy");
            }
            this.entropy = entropy;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // The RNG is a hardware source (or a test's seeded PRNG); extra seed material is ignored.
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            entropy.fill(bytes, 0, bytes.length);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            entropy.fill(b, 0, numBytes);
            return b;
        }
    }
}
