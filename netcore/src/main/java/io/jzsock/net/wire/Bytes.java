package io.jzsock.net.wire;

/**
 * Big-endian (network byte order, RFC 791 Appendix B) field access over {@code byte[]} at an offset.
 * Every wire codec reads and writes through these; nothing allocates.
 */
public final class Bytes {
    public static final int MAC_LEN = 6;

    private Bytes() {
    }

    public static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    public static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    public static int i32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    /** 8 bytes big-endian: half of an IPv6 address in the two-long form. */
    public static long i64(byte[] b, int o) {
        return ((long) i32(b, o) << 32) | (i32(b, o + 4) & 0xffffffffL);
    }

    public static void putI64(byte[] b, int o, long v) {
        putI32(b, o, (int) (v >>> 32));
        putI32(b, o + 4, (int) v);
    }

    public static void putU8(byte[] b, int o, int v) {
        b[o] = (byte) v;
    }

    public static void putU16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    public static void putI32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    public static boolean equal(byte[] a, int ao, byte[] b, int bo, int len) {
        for (int i = 0; i < len; i++) {
            if (a[ao + i] != b[bo + i]) {
                return false;
            }
        }
        return true;
    }

    public static void copyMac(byte[] src, int so, byte[] dst, int doff) {
        System.arraycopy(src, so, dst, doff, MAC_LEN);
    }

    public static boolean isBroadcastMac(byte[] b, int o) {
        for (int i = 0; i < MAC_LEN; i++) {
            if (b[o + i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    /** IEEE 802 I/G bit: the least significant bit of the first octet marks a group address (broadcast included). */
    public static boolean isMulticastMac(byte[] b, int o) {
        return (b[o] & 0x01) != 0;
    }

    /** A little-endian 32-bit int: the Cortex-M memory order of ints inside C structs (options, cmsgs). */
    public static int i32le(byte[] b, int o) {
        return (b[o] & 0xff) | ((b[o + 1] & 0xff) << 8) | ((b[o + 2] & 0xff) << 16) | ((b[o + 3] & 0xff) << 24);
    }

    public static void putI32le(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }
}
