package io.jzsock.tls;

import io.jzsock.net.Errno;
import java.util.Arrays;

/**
 * Credentials in RAM, lost at reset: the counterpart of Zephyr's volatile backend
 * ({@code tls_credentials.c}). Zephyr keeps the caller's pointer, so the caller must keep the buffer
 * alive and unchanged; this store copies the bytes into an arena of its own at {@link #put}, so the
 * caller's array may be reused at once.
 *
 * <p>The arena is kept packed: a credential's bytes start where the previous one's end, and
 * {@link #remove} moves the later ones down over the gap. Free space is therefore always one run at
 * the end, a put fails with {@code -ENOMEM} only when the bytes really do not fit, and slots (indexes
 * into the tables below) never move. Not thread-safe: {@link TlsCredentials} serialises every call.
 */
public final class RamCredentialStore implements CredentialStore {
    private final int[] tags;
    private final int[] types;
    private final int[] flags;
    private final int[] offsets;
    private final int[] lengths;
    private final byte[] arena;
    private int usedBytes;

    /** Room for {@code maxEntries} credentials of {@code maxBytes} together; allocates both now. */
    public RamCredentialStore(int maxEntries, int maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("RamCredentialStore: maxEntries and maxBytes >= 1");
        }
        tags = new int[maxEntries];
        types = new int[maxEntries];
        flags = new int[maxEntries];
        offsets = new int[maxEntries];
        lengths = new int[maxEntries];
        arena = new byte[maxBytes];
    }

    public RamCredentialStore(CredentialConfig cfg) {
        this(checked(cfg).maxCredentials, cfg.maxTotalBytes);
    }

    private static CredentialConfig checked(CredentialConfig cfg) {
        cfg.validate();
        return cfg;
    }

    @Override
    public int put(int tag, int type, int flagBits, byte[] data, int off, int len) {
        if (find(tag, type) >= 0) {
            return -Errno.EEXIST;
        }
        int slot = freeSlot();
        if (slot < 0 || len > arena.length - usedBytes) {
            return -Errno.ENOMEM;
        }
        System.arraycopy(data, off, arena, usedBytes, len);
        tags[slot] = tag;
        types[slot] = type;
        flags[slot] = flagBits;
        offsets[slot] = usedBytes;
        lengths[slot] = len;
        usedBytes += len;
        return 0;
    }

    @Override
    public int find(int tag, int type) {
        for (int s = 0; s < types.length; s++) {
            if (types[s] == type && tags[s] == tag && type != CredentialType.NONE) {
                return s;
            }
        }
        return -Errno.ENOENT;
    }

    @Override
    public int tag(int slot) {
        return tags[slot];
    }

    @Override
    public int type(int slot) {
        return types[slot];
    }

    @Override
    public int flags(int slot) {
        return flags[slot];
    }

    @Override
    public int length(int slot) {
        return lengths[slot];
    }

    @Override
    public int read(int slot, byte[] dst, int off) {
        System.arraycopy(arena, offsets[slot], dst, off, lengths[slot]);
        return lengths[slot];
    }

    @Override
    public int remove(int tag, int type) {
        int slot = find(tag, type);
        if (slot < 0) {
            return slot;
        }
        int start = offsets[slot];
        int gap = lengths[slot];
        System.arraycopy(arena, start + gap, arena, start, usedBytes - start - gap);
        usedBytes -= gap;
        Arrays.fill(arena, usedBytes, usedBytes + gap, (byte) 0);
        for (int s = 0; s < types.length; s++) {
            if (types[s] != CredentialType.NONE && offsets[s] > start) {
                offsets[s] -= gap;
            }
        }
        types[slot] = CredentialType.NONE;
        tags[slot] = 0;
        flags[slot] = 0;
        offsets[slot] = 0;
        lengths[slot] = 0;
        return 0;
    }

    @Override
    public int next(int slot) {
        for (int s = slot + 1; s < types.length; s++) {
            if (types[s] != CredentialType.NONE) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public int capacity() {
        return types.length;
    }

    /** Bytes of all stored credentials together. */
    public int usedBytes() {
        return usedBytes;
    }

    /** Bytes a further credential may take. */
    public int freeBytes() {
        return arena.length - usedBytes;
    }

    private int freeSlot() {
        for (int s = 0; s < types.length; s++) {
            if (types[s] == CredentialType.NONE) {
                return s;
            }
        }
        return -1;
    }
}
