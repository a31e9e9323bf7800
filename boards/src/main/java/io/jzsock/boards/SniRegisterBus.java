package io.jzsock.boards;

import io.jzsock.bsp.RegisterBus;

/**
 * {@link RegisterBus} on a board: every access is one SNI call into {@code jzsock_sni.c}. SNI allows
 * only static natives with base-type or 1-D base-type array parameters, so the instance methods
 * forward to private static natives. The natives are short and never block, so running them on the
 * VM task (which stops all Java threads) is fine. {@code modify32} is one native call, hence atomic
 * against other Java threads (green threads cannot preempt a native).
 */
public final class SniRegisterBus implements RegisterBus {
    public int read32(int addr) {
        return read32Native(addr);
    }

    public void write32(int addr, int value) {
        write32Native(addr, value);
    }

    public void modify32(int addr, int clear, int set) {
        modify32Native(addr, clear, set);
    }

    public int read16(int addr) {
        return read16Native(addr);
    }

    public void write16(int addr, int value) {
        write16Native(addr, value);
    }

    public void copyIn(int addr, byte[] b, int off, int len) {
        copyInNative(addr, b, off, len);
    }

    public void copyOut(int addr, byte[] b, int off, int len) {
        copyOutNative(addr, b, off, len);
    }

    public void dsb() {
        dsbNative();
    }

    public void dcacheClean(int addr, int len) {
        dcacheCleanNative(addr, len);
    }

    public void dcacheInvalidate(int addr, int len) {
        dcacheInvalidateNative(addr, len);
    }

    private static native int read32Native(int addr);

    private static native void write32Native(int addr, int value);

    private static native void modify32Native(int addr, int clear, int set);

    private static native int read16Native(int addr);

    private static native void write16Native(int addr, int value);

    /** The C side checks {@code off}/{@code len} against the array length and copies nothing when out of range. */
    private static native void copyInNative(int addr, byte[] b, int off, int len);

    private static native void copyOutNative(int addr, byte[] b, int off, int len);

    private static native void dsbNative();

    private static native void dcacheCleanNative(int addr, int len);

    private static native void dcacheInvalidateNative(int addr, int len);
}
