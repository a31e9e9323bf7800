package io.jzsock.tls;

import io.jzsock.net.SockAddr;

/**
 * Datagrams a server socket read for someone else while it ran a peer's handshake: fixed buffers from
 * {@link DtlsConfig#heldDatagrams}, each with its source and arrival order. The application takes the
 * oldest that no running handshake waits for; a handshake takes the oldest from its own peer (held
 * before that peer's handshake began, a retransmitted ClientHello say). Guarded by the stack's monitor.
 */
final class DtlsHeld {
    private final byte[][] data;
    private final int[] lengths;
    private final SockAddr[] from;
    /** Arrival order of each buffer's datagram; 0: the buffer is free. */
    private final long[] arrival;
    private long nextArrival = 1;

    DtlsHeld(int slots, int size) {
        data = new byte[slots][size];
        lengths = new int[slots];
        from = new SockAddr[slots];
        arrival = new long[slots];
        for (int i = 0; i < slots; i++) {
            from[i] = new SockAddr();
        }
    }

    /** Keeps a copy; false (dropped) when full. */
    boolean put(SockAddr src, byte[] b, int off, int len) {
        for (int i = 0; i < data.length; i++) {
            if (arrival[i] == 0) {
                int n = Math.min(len, data[i].length);
                System.arraycopy(b, off, data[i], 0, n);
                lengths[i] = n;
                from[i].set(src);
                arrival[i] = nextArrival++;
                return true;
            }
        }
        return false;
    }

    /** The oldest datagram no handshake thread waits for (per table) into b, its source into src: its length, or -1. */
    int takeForApplication(DtlsSessionTable table, byte[] b, int off, int cap, SockAddr src) {
        int oldest = -1;
        for (int i = 0; i < data.length; i++) {
            if (arrival[i] != 0 && !table.handshakeThreadRuns(from[i])
                    && (oldest < 0 || arrival[i] < arrival[oldest])) {
                oldest = i;
            }
        }
        if (oldest < 0) {
            return -1;
        }
        src.set(from[oldest]);
        return take(oldest, b, off, cap);
    }

    /** True when a datagram no handshake thread waits for is held (poll's POLLIN). */
    boolean hasForApplication(DtlsSessionTable table) {
        for (int i = 0; i < data.length; i++) {
            if (arrival[i] != 0 && !table.handshakeThreadRuns(from[i])) {
                return true;
            }
        }
        return false;
    }

    /** The oldest datagram from peer into b: its length, or -1 when none is held. */
    int takeFrom(SockAddr peer, byte[] b, int off, int cap) {
        int oldest = -1;
        for (int i = 0; i < data.length; i++) {
            if (arrival[i] != 0 && from[i].equals(peer) && (oldest < 0 || arrival[i] < arrival[oldest])) {
                oldest = i;
            }
        }
        return oldest < 0 ? -1 : take(oldest, b, off, cap);
    }

    private int take(int i, byte[] b, int off, int cap) {
        int n = Math.min(lengths[i], cap);
        System.arraycopy(data[i], 0, b, off, n);
        arrival[i] = 0;
        return n;
    }

    void clear() {
        for (int i = 0; i < data.length; i++) {
            arrival[i] = 0;
        }
    }
}
