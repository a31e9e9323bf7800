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
     * Hash of the 32 + {@code tailLen} bytes {@code w0} .. {@code w3} each big-endian, then the low {@code tailLen}
     * (0..8) bytes of {@code tail} big-endian, as {@link #hash} of those bytes would give: a 4-tuple's two 16-byte
     * addresses in the two-long form of {@code IpAddress}, then its ports and perhaps one more word.
     */
    public long hash32(long w0, long w1, long w2, long w3, long tail, int tailLen) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int words = tailLen == 8 ? 5 : 4;
        for (int w = 0; w < words; w++) {
            long m = swap64(w == 0 ? w0 : w == 1 ? w1 : w == 2 ? w2 : w == 3 ? w3 : tail);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
                v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
                v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
                v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
            }
            v0 ^= m;
        }
        // Left-aligned then byte-swapped, the tail's first (highest) byte is the last word's lowest.
        long last = tailLen == 0 || tailLen == 8 ? 0L : swap64(tail << (64 - 8 * tailLen));
        return finish(v0, v1, v2, v3, last | ((long) (32 + tailLen) << 56));
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

    private static long swap64(long x) {
        return ((long) swap32((int) x) << 32) | (swap32((int) (x >>> 32)) & 0xffffffffL);
    }

    private static int swap32(int x) {
        return (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
    }
}
