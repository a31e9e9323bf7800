package io.jzsock.net.wire;

/**
 * UDP header (RFC 768). The checksum covers the IPv4 pseudo-header, this header and the data;
 * 0 on the wire means "no checksum", so a computed 0 is sent as 0xffff.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Length             |           Checksum            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class UdpHeader {
    public static final int LEN = 8;
    public static final int SRC_PORT = 0;
    public static final int DST_PORT = 2;
    public static final int LENGTH = 4;
    public static final int CHECKSUM = 6;

    private UdpHeader() {
    }

    public static int srcPort(byte[] b, int o) {
        return Bytes.u16(b, o + SRC_PORT);
    }

    public static int dstPort(byte[] b, int o) {
        return Bytes.u16(b, o + DST_PORT);
    }

    /** The Length field: header plus data, in bytes. */
    public static int length(byte[] b, int o) {
        return Bytes.u16(b, o + LENGTH);
    }

    public static int checksum(byte[] b, int o) {
        return Bytes.u16(b, o + CHECKSUM);
    }

    /** Writes ports and length with checksum 0 (none, or to be filled by {@link #fillChecksumV4} or the device). */
    public static void write(byte[] b, int o, int srcPort, int dstPort, int length) {
        Bytes.putU16(b, o + SRC_PORT, srcPort);
        Bytes.putU16(b, o + DST_PORT, dstPort);
        Bytes.putU16(b, o + LENGTH, length);
        Bytes.putU16(b, o + CHECKSUM, 0);
    }

    /** {@code len} is the UDP length (header + data). A transmitted checksum of 0 means none (RFC 768): true. */
    public static boolean checksumOkV4(byte[] b, int o, int len, int srcIp, int dstIp) {
        if (checksum(b, o) == 0) {
            return true;
        }
        int seed = Checksum.pseudoHeaderV4(srcIp, dstIp, Ipv4Header.PROTO_UDP, len);
        return Checksum.sum(b, o, len, seed) == 0xffff;
    }

    public static void fillChecksumV4(byte[] b, int o, int len, int srcIp, int dstIp) {
        fillChecksum(b, o, len, Checksum.pseudoHeaderV4(srcIp, dstIp, Ipv4Header.PROTO_UDP, len));
    }

    /** Fills the checksum from a pseudo-header sum of either family; a computed 0 is sent as 0xffff (RFC 768). */
    public static void fillChecksum(byte[] b, int o, int len, int pseudoHeaderSum) {
        Bytes.putU16(b, o + CHECKSUM, 0);
        int c = Checksum.finish(Checksum.sum(b, o, len, pseudoHeaderSum));
        Bytes.putU16(b, o + CHECKSUM, c == 0 ? 0xffff : c);
    }
}
