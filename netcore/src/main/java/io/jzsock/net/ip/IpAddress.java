package io.jzsock.net.ip;

/**
 * One representation for addresses of both families, held in two longs so that it allocates nothing:
 * {@code hi} is bytes 0..7 and {@code lo} bytes 8..15 of the 128-bit address in network order. An IPv4
 * address is held as the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2), so that one
 * table, one hash and one comparison serve both families. Static codec only: callers keep the two longs
 * in their own fields or arrays.
 */
public final class IpAddress {
    /** The upper 32 bits of {@code lo} in an IPv4-mapped address. */
    static final long V4_MAPPED_TAG = 0x0000ffff00000000L;

    private IpAddress() {
    }

    /** {@code hi} of the IPv4-mapped form of any IPv4 address. */
    public static long v4MappedHi() {
        return 0L;
    }

    /** {@code lo} of the IPv4-mapped form of {@code v4} (host order int, as the IPv4 code keeps it). */
    public static long v4MappedLo(int v4) {
        return V4_MAPPED_TAG | (v4 & 0xffffffffL);
    }

    /** True for {@code ::ffff:0:0/96}: an IPv4 address in the common form. */
    public static boolean isV4Mapped(long hi, long lo) {
        return hi == 0L && (lo & 0xffffffff00000000L) == V4_MAPPED_TAG;
    }

    /**
     * The wildcard: {@code ::}, which is also what a table holds before an address is chosen, or
     * {@code ::ffff:0.0.0.0}, IPv4's INADDR_ANY in this form.
     */
    public static boolean isUnspecified(long hi, long lo) {
        return hi == 0L && (lo == 0L || lo == V4_MAPPED_TAG);
    }

    /** The IPv4 address inside an IPv4-mapped {@code lo}; 0 for {@code ::}. */
    public static int v4(long lo) {
        return (int) lo;
    }
}
