package io.jzsock.sim.wire;

import io.jzsock.net.buf.PacketPool;

/** Builds Ethernet frames for the wire tests. */
final class TestFrames {
    static final byte[] MAC_A = {0x02, 0, 0, 0, 0, 0x0a};
    static final byte[] MAC_B = {0x02, 0, 0, 0, 0, 0x0b};
    static final byte[] MAC_C = {0x02, 0, 0, 0, 0, 0x0c};
    static final byte[] MAC_D = {0x02, 0, 0, 0, 0, 0x0d};
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    /** IPv6 all-nodes group 33:33:00:00:00:01 (RFC 2464 §7). */
    static final byte[] ALL_NODES = {0x33, 0x33, 0, 0, 0, 1};
    /** IEEE 802 "local experimental" EtherType. */
    static final int ETHERTYPE_EXPERIMENTAL = 0x88b5;
    static final int HEADROOM = 16;

    private TestFrames() {
    }

    /** A frame of {@code len} bytes: header, then payload bytes {@code seq + i}. */
    static byte[] frame(byte[] dst, byte[] src, int len, int seq) {
        byte[] f = new byte[len];
        write(f, 0, dst, src, len, seq);
        return f;
    }

    static void write(byte[] f, int off, byte[] dst, byte[] src, int len, int seq) {
        System.arraycopy(dst, 0, f, off, 6);
        System.arraycopy(src, 0, f, off + 6, 6);
        f[off + 12] = (byte) (ETHERTYPE_EXPERIMENTAL >>> 8);
        f[off + 13] = (byte) ETHERTYPE_EXPERIMENTAL;
        for (int i = 14; i < len; i++) {
            f[off + i] = (byte) (seq + i);
        }
    }

    /** Allocates a handle with headroom and writes the frame into it, the way the stack's TX path does. */
    static int alloc(PacketPool pool, byte[] dst, byte[] src, int len, int seq) {
        int h = pool.alloc(HEADROOM);
        if (h < 0) {
            throw new AssertionError("pool empty");
        }
        write(pool.data[h], HEADROOM, dst, src, len, seq);
        pool.len[h] = len;
        return h;
    }

    static int alloc(PacketPool pool, byte[] frame) {
        int h = pool.alloc(HEADROOM);
        if (h < 0) {
            throw new AssertionError("pool empty");
        }
        System.arraycopy(frame, 0, pool.data[h], HEADROOM, frame.length);
        pool.len[h] = frame.length;
        return h;
    }

    static byte[] bytes(PacketPool pool, int h) {
        byte[] b = new byte[pool.len[h]];
        System.arraycopy(pool.data[h], pool.off[h], b, 0, b.length);
        return b;
    }
}
