package io.jzsock.sim.wire;

/** 48-bit MAC addresses packed into the low bits of a long, so tables are plain {@code long[]}. */
final class Mac {
    static final long BROADCAST = 0xffff_ffff_ffffL;
    static final int LEN = 6;
    /** Destination MAC at offset 0 of an Ethernet frame, source MAC at 6, EtherType at 12. */
    static final int SRC_OFFSET = 6;
    static final int HEADER_LEN = 14;

    private Mac() {
    }

    static long toLong(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 40) | ((long) (b[off + 1] & 0xff) << 32) | ((long) (b[off + 2] & 0xff) << 24)
                | ((b[off + 3] & 0xff) << 16) | ((b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
    }

    /** IEEE 802 I/G bit: the least significant bit of the first octet; broadcast is multicast too. */
    static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }
}
