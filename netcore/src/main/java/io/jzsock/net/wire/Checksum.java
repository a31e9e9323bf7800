package io.jzsock.net.wire;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's-complement sum of 16-bit big-endian words, an odd
 * trailing byte padded with a zero low byte (RFC 1071 §4.1). The single implementation every codec uses.
 * {@link #sum} returns the folded sum, not inverted; a header whose checksum field is correct sums to 0xffff.
 */
public final class Checksum {
    private Checksum() {
    }

    /** Folded one's-complement sum of {@code len} bytes from {@code off}, added to {@code seed} (a prior sum or 0). */
    public static int sum(byte[] b, int off, int len, int seed) {
        // A long cannot overflow for any array length; folding is deferred to the end (RFC 1071 §2(B)).
        long acc = seed & 0xffffffffL;
        int end = off + len - 1;
        int i = off;
        for (; i < end; i += 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            acc += (b[off + len - 1] & 0xff) << 8;
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** The value written into a checksum field: the one's complement of the folded sum. */
    public static int finish(int sum) {
        return ~sum & 0xffff;
    }

    /**
     * Sum of the IPv4 pseudo-header (RFC 768; RFC 9293 §3.1): source, destination, zero, protocol,
     * and the UDP/TCP length; the seed for {@link #sum} over the transport header and payload.
     */
    public static int pseudoHeaderV4(int src, int dst, int protocol, int l4Length) {
        long acc = (long) (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff)
                + (protocol & 0xff) + (l4Length & 0xffff);
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    /**
     * Sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination, the 32-bit upper-layer length
     * and the next header; the seed for {@link #sum} over the upper-layer packet (UDP, TCP, ICMPv6).
     */
    public static int pseudoHeaderV6(long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader, int length) {
        long acc = words(srcHi) + words(srcLo) + words(dstHi) + words(dstLo)
                + (length >>> 16) + (length & 0xffff) + (nextHeader & 0xff);
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    private static long words(long v) {
        return ((v >>> 48) & 0xffff) + ((v >>> 32) & 0xffff) + ((v >>> 16) & 0xffff) + (v & 0xffff);
    }
}
