package io.jzsock.net.dhcp;

import io.jzsock.bsp.Entropy;

/** Uniform random times from the stack's {@link Entropy}, for DHCP's backoff and RFC 5227's probe spacing. */
final class Jitter {
    private final Entropy entropy;

    Jitter(Entropy entropy) {
        this.entropy = entropy;
    }

    /** Uniform in [lo, hi] (lo when hi <= lo). */
    int between(int lo, int hi) {
        if (hi <= lo) {
            return lo;
        }
        long span = (long) hi - lo + 1;
        return lo + (int) ((entropy.nextInt() & 0xffffffffL) % span);
    }

    int nextInt() {
        return entropy.nextInt();
    }
}
