package io.jzsock.net.wire;

/**
 * The IPv6 Fragment header (RFC 8200 §4.5), 8 bytes:
 * <pre>
 *  0       8       16                           29  31
 * +-------+-------+-----------------------------+---+-+
 * | Next  | Rsvd  |      Fragment Offset        |Res|M|
 * +-------+-------+-----------------------------+---+-+
 * |                 Identification                    |
 * +---------------------------------------------------+
 * </pre>
 * The offset counts 8-byte units; the accessors here take and give bytes.
 */
public final class Ipv6FragmentHeader {
    public static final int LEN = 8;
    public static final int NEXT_HEADER = 0;
    public static final int OFFSET_FLAGS = 2;
    public static final int IDENTIFICATION = 4;
    private static final int MORE = 1;
    private static final int OFFSET_MASK = 0xfff8;

    private Ipv6FragmentHeader() {
    }

    public static int nextHeader(byte[] b, int o) {
        return b[o + NEXT_HEADER] & 0xff;
    }

    /** Where this fragment's data starts in the fragmentable part, in bytes (a multiple of 8). */
    public static int offset(byte[] b, int o) {
        return Bytes.u16(b, o + OFFSET_FLAGS) & OFFSET_MASK;
    }

    /** The M flag: more fragments follow. */
    public static boolean more(byte[] b, int o) {
        return (Bytes.u16(b, o + OFFSET_FLAGS) & MORE) != 0;
    }

    public static int identification(byte[] b, int o) {
        return Bytes.i32(b, o + IDENTIFICATION);
    }

    /** Writes the header; offset in bytes, a multiple of 8; the reserved fields are zero. */
    public static void write(byte[] b, int o, int nextHeader, int offset, boolean more, int identification) {
        b[o + NEXT_HEADER] = (byte) nextHeader;
        b[o + 1] = 0;
        Bytes.putU16(b, o + OFFSET_FLAGS, (offset & OFFSET_MASK) | (more ? MORE : 0));
        Bytes.putI32(b, o + IDENTIFICATION, identification);
    }
}
