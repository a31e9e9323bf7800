package io.jzsock.tls;

import io.jzsock.net.Errno;

/** A RAM store whose medium fails on demand, as a flash store does on a program/erase error or a verify mismatch. */
final class FailingStore implements CredentialStore {
    final RamCredentialStore inner;
    boolean failPut;
    boolean failRead;
    boolean failRemove;

    FailingStore(int entries, int bytes) {
        inner = new RamCredentialStore(entries, bytes);
    }

    @Override
    public int put(int tag, int type, int flags, byte[] data, int off, int len) {
        if (failPut && inner.find(tag, type) < 0) {
            return -Errno.EIO;
        }
        return inner.put(tag, type, flags, data, off, len);
    }

    @Override
    public int find(int tag, int type) {
        return inner.find(tag, type);
    }

    @Override
    public int tag(int slot) {
        return inner.tag(slot);
    }

    @Override
    public int type(int slot) {
        return inner.type(slot);
    }

    @Override
    public int flags(int slot) {
        return inner.flags(slot);
    }

    @Override
    public int length(int slot) {
        return inner.length(slot);
    }

    @Override
    public int read(int slot, byte[] dst, int off) {
        return failRead ? -Errno.EIO : inner.read(slot, dst, off);
    }

    @Override
    public int remove(int tag, int type) {
        if (failRemove && inner.find(tag, type) >= 0) {
            return -Errno.EIO;
        }
        return inner.remove(tag, type);
    }

    @Override
    public int next(int slot) {
        return inner.next(slot);
    }

    @Override
    public int capacity() {
        return inner.capacity();
    }
}
