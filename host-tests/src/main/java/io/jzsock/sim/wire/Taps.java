package io.jzsock.sim.wire;

/**
 * Copy-on-write list of taps: adding allocates, firing walks a plain array snapshot, so frames can be
 * observed from several threads without a lock and without allocation.
 */
final class Taps {
    private volatile FrameTap[] taps = new FrameTap[0];

    synchronized void add(FrameTap t) {
        if (t == null) {
            throw new IllegalArgumentException("tap is null");
        }
        FrameTap[] old = taps;
        FrameTap[] n = new FrameTap[old.length + 1];
        System.arraycopy(old, 0, n, 0, old.length);
        n[old.length] = t;
        taps = n;
    }

    synchronized void remove(FrameTap t) {
        FrameTap[] old = taps;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == t) {
                FrameTap[] n = new FrameTap[old.length - 1];
                System.arraycopy(old, 0, n, 0, i);
                System.arraycopy(old, i + 1, n, i, old.length - i - 1);
                taps = n;
                return;
            }
        }
    }

    void fire(byte[] b, int off, int len, long timeNanos) {
        FrameTap[] t = taps;
        for (int i = 0; i < t.length; i++) {
            t[i].onFrame(b, off, len, timeNanos);
        }
    }
}
