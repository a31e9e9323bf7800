package io.jzsock.net.wire;

/**
 * IPv6 address facts (RFC 4291) over the two-long form of {@code ip.IpAddress}: {@code hi} is bytes 0..7,
 * {@code lo} bytes 8..15. Static only; nothing allocates.
 */
public final class Ipv6Address {
    /** {@code hi} of ff02::1, all nodes on the link (RFC 4291 §2.7.1). */
    public static final long ALL_NODES_HI = 0xff02000000000000L;
    public static final long ALL_NODES_LO = 1L;
    /** ff02::2, all routers on the link: where router solicitations go (RFC 4861 §6.3.7). */
    public static final long ALL_ROUTERS_HI = 0xff02000000000000L;
    public static final long ALL_ROUTERS_LO = 2L;
    /** {@code hi} of fe80::/64, the link-local prefix (RFC 4291 §2.5.6). */
    public static final long LINK_LOCAL_HI = 0xfe80000000000000L;
    /** ff02::1:ff00:0/104, the solicited-node prefix, in {@code lo} (RFC 4291 §2.7.1). */
    private static final long SOLICITED_NODE_LO = 0x00000001ff000000L;

    private Ipv6Address() {
    }

    /** ff00::/8 (RFC 4291 §2.7). */
    public static boolean isMulticast(long hi) {
        return (hi >>> 56) == 0xffL;
    }

    /** The 4-bit scope of a multicast address (RFC 4291 §2.7): 1 interface, 2 link, 5 site, 0xe global. */
    public static int multicastScope(long hi) {
        return (int) (hi >>> 48) & 0xf;
    }

    /** fe80::/10 (RFC 4291 §2.5.6). */
    public static boolean isLinkLocal(long hi) {
        return (hi >>> 54) == (0xfe80L >>> 6);
    }

    /** ::1 (RFC 4291 §2.5.3). */
    public static boolean isLoopback6(long hi, long lo) {
        return hi == 0L && lo == 1L;
    }

    /** ::, the unspecified address (RFC 4291 §2.5.2). */
    public static boolean isUnspecified6(long hi, long lo) {
        return hi == 0L && lo == 0L;
    }

    /** {@code lo} of the solicited-node group of an address with this {@code lo}; {@code hi} is ff02::. */
    public static long solicitedNodeLo(long lo) {
        return SOLICITED_NODE_LO | (lo & 0xffffffL);
    }

    public static long solicitedNodeHi() {
        return ALL_NODES_HI;
    }

    /** True for ff02::1:ffXX:XXXX. */
    public static boolean isSolicitedNode(long hi, long lo) {
        return hi == ALL_NODES_HI && (lo & 0xffffffffff000000L) == SOLICITED_NODE_LO;
    }

    /** True when the first prefixLen bits of the two addresses agree (0..128). */
    public static boolean samePrefix(long aHi, long aLo, long bHi, long bLo, int prefixLen) {
        if (prefixLen <= 0) {
            return true;
        }
        if (prefixLen < 64) {
            return ((aHi ^ bHi) >>> (64 - prefixLen)) == 0;
        }
        if (aHi != bHi) {
            return false;
        }
        return prefixLen == 64 || (prefixLen >= 128 ? aLo == bLo : ((aLo ^ bLo) >>> (128 - prefixLen)) == 0);
    }

    /** The number of leading bits two addresses share (RFC 6724 §2.2 CommonPrefixLen), 0..128. */
    public static int commonPrefixLen(long aHi, long aLo, long bHi, long bLo) {
        long x = aHi ^ bHi;
        if (x != 0) {
            return leadingZeros(x);
        }
        return 64 + leadingZeros(aLo ^ bLo);
    }

    /** Long.numberOfLeadingZeros, which EDC does not have. */
    private static int leadingZeros(long x) {
        int n = 0;
        while (n < 64 && x >= 0) {
            x <<= 1;
            n++;
        }
        return n;
    }
}
