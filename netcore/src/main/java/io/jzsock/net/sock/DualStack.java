package io.jzsock.net.sock;

import io.jzsock.net.ZsockConstants;
import io.jzsock.net.ip.IpAddress;

/**
 * Which addresses a bound socket covers in each family's address space, for dual-stack AF_INET6 sockets
 * (RFC 3493 §3.7, §5.3): an AF_INET socket covers its IPv4 address or all of IPv4; an AF_INET6 socket bound
 * to {@code ::} covers all of IPv6 and, with IPV6_V6ONLY off, all of IPv4 too (IPv4 traffic then reaches it
 * as {@code ::ffff:a.b.c.d}); one bound to a v4-mapped address covers that IPv4 address (V6ONLY off only).
 * With V6ONLY on, IPv4 and IPv6 are separate port spaces (Zephyr's default, {@code net_context_get}:
 * "By default IPv4 and IPv6 are in different port spaces"). Addresses in the two-long form of
 * {@link IpAddress}; static, allocation-free.
 */
public final class DualStack {
    /** The binding covers nothing of that family. */
    public static final int NONE = 0;
    /** The binding covers every address of that family (a wildcard). */
    public static final int ANY = 1;
    /** The binding covers one address of that family. */
    public static final int ONE = 2;

    /** {@link #overlap}: the two bindings share no address. */
    public static final int DISJOINT = 0;
    /** They share addresses because exactly one of them is a wildcard in the shared family. */
    public static final int ONE_WILDCARD = 1;
    /** The same address, or both wildcards of a family they share: never shareable by SO_REUSEADDR. */
    public static final int SAME = 2;

    private DualStack() {
    }

    /** NONE, ANY or ONE: what a socket of this family and V6ONLY bound to (hi, lo) covers of IPv4. */
    public static int coversV4(int family, boolean v6only, long hi, long lo) {
        if (family == ZsockConstants.AF_INET) {
            return IpAddress.isUnspecified(hi, lo) ? ANY : ONE;
        }
        if (hi == 0L && lo == 0L) {
            return v6only ? NONE : ANY;
        }
        if (IpAddress.isV4Mapped(hi, lo)) {
            return IpAddress.isUnspecified(hi, lo) ? ANY : ONE;
        }
        return NONE;
    }

    /** NONE, ANY or ONE: what the binding covers of IPv6 (an AF_INET socket: nothing). */
    public static int coversV6(int family, long hi, long lo) {
        if (family != ZsockConstants.AF_INET6 || IpAddress.isV4Mapped(hi, lo)) {
            return NONE;
        }
        return hi == 0L && lo == 0L ? ANY : ONE;
    }

    /** DISJOINT, ONE_WILDCARD or SAME for two bindings on one port; SAME wins over ONE_WILDCARD. */
    public static int overlap(int famA, boolean v6onlyA, long hiA, long loA,
                              int famB, boolean v6onlyB, long hiB, long loB) {
        boolean same = hiA == hiB && loA == loB;
        int v4 = combine(coversV4(famA, v6onlyA, hiA, loA), coversV4(famB, v6onlyB, hiB, loB), same);
        int v6 = combine(coversV6(famA, hiA, loA), coversV6(famB, hiB, loB), same);
        return Math.max(v4, v6);
    }

    private static int combine(int a, int b, boolean sameAddress) {
        if (a == NONE || b == NONE) {
            return DISJOINT;
        }
        if (a == ANY && b == ANY) {
            return SAME;
        }
        if (a == ANY || b == ANY) {
            return ONE_WILDCARD;
        }
        return sameAddress ? SAME : DISJOINT;
    }

    /**
     * How a binding takes a packet to (dstHi, dstLo): NONE, ANY (as a wildcard) or ONE (its own address).
     * An IPv4 packet's destination is in its v4-mapped form.
     */
    public static int takes(int family, boolean v6only, long hi, long lo, long dstHi, long dstLo) {
        int c = IpAddress.isV4Mapped(dstHi, dstLo) ? coversV4(family, v6only, hi, lo) : coversV6(family, hi, lo);
        if (c == ONE && (hi != dstHi || lo != dstLo)) {
            return NONE;
        }
        return c;
    }
}
