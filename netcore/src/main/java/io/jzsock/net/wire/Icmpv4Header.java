package io.jzsock.net.wire;

/**
 * ICMPv4 header (RFC 792). The checksum covers the whole ICMP message, header and data.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Identifier (echo) / unused   |  Sequence Number (echo)       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data: echo payload, or the original IP header + 64 bits      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmpv4Header {
    public static final int HEADER_LEN = 8;
    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DEST_UNREACHABLE = 3;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_SOURCE_QUENCH = 4;
    public static final int TYPE_REDIRECT = 5;
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    /** RFC 950 Address Mask Reply: the last type defined when RFC 1122 was written. */
    public static final int TYPE_ADDRESS_MASK_REPLY = 18;
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** RFC 792 Time Exceeded code 1: fragment reassembly time exceeded. */
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;

    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    public static final int IDENT = 4;
    public static final int SEQ = 6;

    private Icmpv4Header() {
    }

    public static int type(byte[] b, int o) {
        return Bytes.u8(b, o + TYPE);
    }

    public static int code(byte[] b, int o) {
        return Bytes.u8(b, o + CODE);
    }

    public static int ident(byte[] b, int o) {
        return Bytes.u16(b, o + IDENT);
    }

    public static int seq(byte[] b, int o) {
        return Bytes.u16(b, o + SEQ);
    }

    public static void setType(byte[] b, int o, int t) {
        Bytes.putU8(b, o + TYPE, t);
    }

    public static void setCode(byte[] b, int o, int c) {
        Bytes.putU8(b, o + CODE, c);
    }

    public static void setIdentSeq(byte[] b, int o, int ident, int seq) {
        Bytes.putU16(b, o + IDENT, ident);
        Bytes.putU16(b, o + SEQ, seq);
    }

    /** {@code len} is the whole ICMP message length, header included. */
    public static boolean checksumOk(byte[] b, int o, int len) {
        return Checksum.sum(b, o, len, 0) == 0xffff;
    }

    public static void fillChecksum(byte[] b, int o, int len) {
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putU16(b, o + CHECKSUM, Checksum.finish(Checksum.sum(b, o, len, 0)));
    }

    /** Type 3 with {@code code}, checksum 0 and the unused word 0; the caller appends data, then fills the checksum. */
    public static void writeUnreachableHeader(byte[] b, int o, int code) {
        writeErrorHeader(b, o, TYPE_DEST_UNREACHABLE, code);
    }

    /** An RFC 792 error header (unreachable, time exceeded): type, code, checksum 0 and the unused word 0. */
    public static void writeErrorHeader(byte[] b, int o, int type, int code) {
        Bytes.putU8(b, o + TYPE, type);
        Bytes.putU8(b, o + CODE, code);
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putI32(b, o + IDENT, 0);
    }
}
