package io.jzsock.bsp;

/**
 * Randomness for ISNs, ephemeral ports, DNS ids and DHCP xids: the STM32 RNG on a board, a seeded
 * PRNG in tests. Implementations must not allocate.
 */
public interface Entropy {
    int nextInt();

    void fill(byte[] b, int off, int len);
}
