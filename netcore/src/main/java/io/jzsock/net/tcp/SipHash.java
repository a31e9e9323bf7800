package io.jzsock.net.tcp;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed 64-bit PRF, the
 * F of RFC 6528 §3 for initial sequence numbers. Message words are read little-endian as the paper specifies.
 * The state lives in locals, so one instance may be shared; nothing allocates.
 */
public final class SipHash {
    private final long k0;
    private final long k1;

    /** {@code k0} and {@code k1} are the key's bytes 0..7 and 8..15, read little-endian. */
    public SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** 64-bit hash of {@code b[off, off + len)}. */
    public long hash(byte[] b, int off, int len) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int end = off + len - (len & 7);
        for (int i = off; i < end; i += 8) {
            long m = le64(b, i, 8);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
                v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
                v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
                v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
            }
            v0 ^= m;
        }
        // The last word carries the remaining bytes and the message length mod 256 in its top byte.
        long last = le64(b, end, len & 7) | ((long) (len & 0xff) << 56);
        return finish(v0, v1, v2, v3, last);
    }

    /**
     * Hash of the 12 bytes {@code a}, {@code b}, {@code c} each big-endian (network order), as {@link #hash} of
     * those bytes would give; for a TCP 4-tuple pass (srcIp, dstIp, srcPort << 16 | dstPort).
     */
    public long hash4(int a, int b, int c) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        // Bytes 0..7 are a then b in network order; read little-endian, a's first byte is the lowest.
        long m = (swap32(a) & 0xffffffffL) | ((long) swap32(b) << 32);
        v3 ^= m;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
            v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
            v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
            v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
        }
        v0 ^= m;
        long last = (swap32(c) & 0xffffffffL) | (12L << 56);
        return finish(v0, v1, v2, v3, last);
    }

    /**
     * Hash of the 16 bytes {@code a}, {@code b}, {@code c}, {@code d} each big-endian, as {@link #hash} of those
     * bytes would give: the SYN cookie's keyed function of a 4-tuple and one more word (RFC 4987 §3.6).
     */
    public long hash4(int a, int b, int c, int d) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        long m = (swap32(a) & 0xffffffffL) | ((long) swap32(b) << 32);
        for (int w = 0; w < 2; w++) {
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
                v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
                v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
                v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
            }
            v0 ^= m;
            m = (swap32(c) & 0xffffffffL) | ((long) swap32(d) << 32);
        }
        return finish(v0, v1, v2, v3, 16L << 56);
    }

    private static long finish(long v0, long v1, long v2, long v3, long last) {
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
            v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
            v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
            v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
            v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
            v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
            v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** {@code n} bytes (0..8) from {@code i}, little-endian. */
    private static long le64(byte[] b, int i, int n) {
        long m = 0;
        for (int k = n - 1; k >= 0; k--) {
            m = (m << 8) | (b[i + k] & 0xffL);
        }
        return m;
    }

    // Written out rather than Long.rotateLeft / Integer.reverseBytes, which EDC is not known to provide.
    private static long rotl(long x, int n) {
        return (x << n) | (x >>> (64 - n));
    }

    private static int swap32(int x) {
        return (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
    }
}
