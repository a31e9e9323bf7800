package io.jzsock.net;

/**
 * {@code zsock_fd_set}: FD_SETSIZE bits in 32-bit words, fd n at bit (n % 32) of word (n / 32),
 * the layout Zephyr's select test checks.
 */
public final class FdSet {
    private final int[] words = new int[ZsockConstants.FD_SETSIZE / 32];

    public FdSet zero() {
        for (int i = 0; i < words.length; i++) {
            words[i] = 0;
        }
        return this;
    }

    public FdSet set(int fd) {
        if (fd >= 0 && fd < ZsockConstants.FD_SETSIZE) {
            words[fd >>> 5] |= 1 << (fd & 31);
        }
        return this;
    }

    public FdSet clr(int fd) {
        if (fd >= 0 && fd < ZsockConstants.FD_SETSIZE) {
            words[fd >>> 5] &= ~(1 << (fd & 31));
        }
        return this;
    }

    public boolean isSet(int fd) {
        return fd >= 0 && fd < ZsockConstants.FD_SETSIZE && (words[fd >>> 5] & (1 << (fd & 31))) != 0;
    }

    /** The raw bit words (fd_set's {@code bitset}); callers may read them to check the layout. */
    public int word(int i) {
        return words[i];
    }
}
