package io.jzsock.net.sock;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.Errno;

/**
 * RFC 6056 ephemeral ports and the IP_LOCAL_PORT_RANGE option value (upper << 16 | lower), shared by
 * UDP and TCP, each with its own port space.
 */
public final class EphemeralPorts {
    /** Who owns ports in one protocol's space. */
    public interface Owners {
        boolean portTaken(int port);
    }

    private final Entropy entropy;
    private final int defaultLow;
    private final int defaultHigh;

    public EphemeralPorts(Entropy entropy, int defaultLow, int defaultHigh) {
        this.entropy = entropy;
        this.defaultLow = defaultLow;
        this.defaultHigh = defaultHigh;
    }

    /**
     * RFC 6056 §3.3.1 Algorithm 1 (random start, linear probe) inside [low, high]; a zero bound means
     * the stack default on that side, and a range inverted against the default falls back to it.
     * Returns a port or -EADDRINUSE when every port is taken.
     */
    public int pick(int low, int high, Owners owners) {
        int lo = low != 0 ? low : defaultLow;
        int hi = high != 0 ? high : defaultHigh;
        if (lo >= hi) {
            lo = defaultLow;
            hi = defaultHigh;
        }
        int count = hi - lo + 1;
        int next = (entropy.nextInt() >>> 1) % count;
        for (int i = 0; i < count; i++) {
            int port = lo + (next + i) % count;
            if (!owners.portTaken(port)) {
                return port;
            }
        }
        return -Errno.EADDRINUSE;
    }

    /**
     * Validates an IP_LOCAL_PORT_RANGE value: a zero bound means the default on that side, so (0, 0)
     * resets and one-sided ranges are accepted (Zephyr's and Linux's rule); with both bounds set, an
     * inverted or one-port range is -EINVAL.
     */
    public static int checkRange(int value) {
        int lower = lower(value);
        int upper = upper(value);
        return lower != 0 && upper != 0 && lower >= upper ? -Errno.EINVAL : 0;
    }

    public static int lower(int value) {
        return value & 0xffff;
    }

    public static int upper(int value) {
        return value >>> 16;
    }

    public static int range(int lower, int upper) {
        return (upper << 16) | lower;
    }
}
