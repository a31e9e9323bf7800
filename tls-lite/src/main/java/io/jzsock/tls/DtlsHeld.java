package io.jzsock.tls;

import io.jzsock.net.SockAddr;

/**
 * Datagrams a server socket read for other peers while it ran one peer's handshake: a ring of
 * fixed buffers from {@link DtlsConfig#heldDatagrams}, drained before the inner socket is read again.
 * Guarded by the stack's monitor.
 */
final class DtlsHeld {
    private final byte[][] data;
    private final int[] lengths;
    private final SockAddr[] from;
    private int head;
    private int count;

    DtlsHeld(int slots, int size) {
        data = new byte[slots][size];
        lengths = new int[slots];
        from = new SockAddr[slots];
        for (int i = 0; i < slots; i++) {
            from[i] = new SockAddr();
        }
    }

    int count() {
        return count;
    }

    /** Keeps a copy; false (dropped) when full. */
    boolean put(SockAddr src, byte[] b, int off, int len) {
        if (count == data.length) {
            return false;
        }
        int at = (head + count) % data.length;
        int n = Math.min(len, data[at].length);
        System.arraycopy(b, off, data[at], 0, n);
        lengths[at] = n;
        from[at].set(src);
        count++;
        return true;
    }

    /** The oldest datagram into b (its length) with its source into src; -1 when empty. */
    int take(byte[] b, int off, int cap, SockAddr src) {
        if (count == 0) {
            return -1;
        }
        int n = Math.min(lengths[head], cap);
        System.arraycopy(data[head], 0, b, off, n);
        src.set(from[head]);
        head = (head + 1) % data.length;
        count--;
        return n;
    }

    void clear() {
        head = 0;
        count = 0;
    }
}
