package io.jzsock.net.wire;

/**
 * The ICMPv6 header (RFC 4443 §2.1) and its message types, errors (type &lt; 128) and informational
 * (128..255), with Neighbor Discovery's (RFC 4861 §4) and MLD's (RFC 3810 §5). The checksum covers the
 * IPv6 pseudo-header and the whole message (RFC 4443 §2.3).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Identifier / MTU / Pointer / Reserved (32 bits, per type)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Message body                                                 |
 * </pre>
 */
public final class Icmpv6Header {
    public static final int HEADER_LEN = 8;
    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    /** Echo identifier, or the 32-bit MTU (Packet Too Big), or the pointer (Parameter Problem). */
    public static final int WORD = 4;
    public static final int SEQ = 6;

    public static final int TYPE_DEST_UNREACHABLE = 1;
    public static final int TYPE_PACKET_TOO_BIG = 2;
    public static final int TYPE_TIME_EXCEEDED = 3;
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    public static final int TYPE_ECHO_REQUEST = 128;
    public static final int TYPE_ECHO_REPLY = 129;
    public static final int TYPE_MLD_QUERY = 130;
    public static final int TYPE_MLD_REPORT = 131;
    public static final int TYPE_MLD_DONE = 132;
    public static final int TYPE_ROUTER_SOLICITATION = 133;
    public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
    public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    public static final int TYPE_REDIRECT = 137;
    public static final int TYPE_MLDV2_REPORT = 143;

    /** Destination Unreachable codes (RFC 4443 §3.1). */
    public static final int CODE_NO_ROUTE = 0;
    public static final int CODE_ADMIN_PROHIBITED = 1;
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    public static final int CODE_PORT_UNREACHABLE = 4;
    /** Time Exceeded codes (RFC 4443 §3.3). */
    public static final int CODE_HOP_LIMIT = 0;
    public static final int CODE_REASSEMBLY_TIMEOUT = 1;
    /** Parameter Problem codes (RFC 4443 §3.4). */
    public static final int CODE_ERRONEOUS_HEADER = 0;
    public static final int CODE_UNKNOWN_NEXT_HEADER = 1;
    public static final int CODE_UNKNOWN_OPTION = 2;

    private Icmpv6Header() {
    }

    public static int type(byte[] b, int o) {
        return Bytes.u8(b, o + TYPE);
    }

    public static int code(byte[] b, int o) {
        return Bytes.u8(b, o + CODE);
    }

    /** RFC 4443 §2.1: types 0..127 are errors. */
    public static boolean isError(int type) {
        return type < 128;
    }

    public static int ident(byte[] b, int o) {
        return Bytes.u16(b, o + WORD);
    }

    public static int seq(byte[] b, int o) {
        return Bytes.u16(b, o + SEQ);
    }

    /** The 32-bit word after the checksum: Packet Too Big's MTU, Parameter Problem's pointer. */
    public static int word(byte[] b, int o) {
        return Bytes.i32(b, o + WORD);
    }

    /** Type, code, zero checksum and the 32-bit word: a header ready for its body and checksum. */
    public static void write(byte[] b, int o, int type, int code, int word) {
        Bytes.putU8(b, o + TYPE, type);
        Bytes.putU8(b, o + CODE, code);
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putI32(b, o + WORD, word);
    }

    /** RFC 4443 §2.3 over {@code len} bytes at o and the pseudo-header of the two addresses. */
    public static boolean checksumOk(byte[] b, int o, int len, long srcHi, long srcLo, long dstHi, long dstLo) {
        int seed = Checksum.pseudoHeaderV6(srcHi, srcLo, dstHi, dstLo, Ipv6Header.NH_ICMPV6, len);
        return Checksum.sum(b, o, len, seed) == 0xffff;
    }

    public static void fillChecksum(byte[] b, int o, int len, long srcHi, long srcLo, long dstHi, long dstLo) {
        Bytes.putU16(b, o + CHECKSUM, 0);
        int seed = Checksum.pseudoHeaderV6(srcHi, srcLo, dstHi, dstLo, Ipv6Header.NH_ICMPV6, len);
        Bytes.putU16(b, o + CHECKSUM, Checksum.finish(Checksum.sum(b, o, len, seed)));
    }
}
