package io.jzsock.tls;

/**
 * The RAM index of {@link FlashCredentialStore}: per slot the key, flags, length and flash address of one
 * live record, rebuilt at mount. Slots never move; a compaction changes addresses only. Plain arrays sized
 * once ({@link CredentialConfig#maxCredentials}).
 */
final class FlashIndex {
    final int[] tags;
    final int[] types;
    final int[] flags;
    final int[] lengths;
    /** Flash address of the slot's record. */
    final int[] addrs;
    /** Addresses in the target sector during a compaction; -1 when the source record failed its CRC. */
    final int[] moved;

    FlashIndex(int slots) {
        tags = new int[slots];
        types = new int[slots];
        flags = new int[slots];
        lengths = new int[slots];
        addrs = new int[slots];
        moved = new int[slots];
    }

    int capacity() {
        return types.length;
    }

    boolean used(int slot) {
        return types[slot] != CredentialType.NONE;
    }

    /** The slot of (tag, type), or -1. */
    int find(int tag, int type) {
        for (int s = 0; s < types.length; s++) {
            if (types[s] == type && tags[s] == tag && type != CredentialType.NONE) {
                return s;
            }
        }
        return -1;
    }

    int freeSlot() {
        for (int s = 0; s < types.length; s++) {
            if (types[s] == CredentialType.NONE) {
                return s;
            }
        }
        return -1;
    }

    /** The first used slot after {@code slot}, or -1. */
    int next(int slot) {
        for (int s = slot + 1; s < types.length; s++) {
            if (types[s] != CredentialType.NONE) {
                return s;
            }
        }
        return -1;
    }

    void set(int slot, int tag, int type, int flagBits, int len, int addr) {
        tags[slot] = tag;
        types[slot] = type;
        flags[slot] = flagBits;
        lengths[slot] = len;
        addrs[slot] = addr;
    }

    void clear(int slot) {
        set(slot, 0, CredentialType.NONE, 0, 0, 0);
    }

    void clearAll() {
        for (int s = 0; s < types.length; s++) {
            clear(s);
        }
    }

    /** Flash bytes of the live records except {@code skip} (-1: none skipped). */
    int liveBytes(int skip, int unit) {
        int n = 0;
        for (int s = 0; s < types.length; s++) {
            if (types[s] != CredentialType.NONE && s != skip) {
                n += FlashRecord.extent(lengths[s], unit);
            }
        }
        return n;
    }
}
