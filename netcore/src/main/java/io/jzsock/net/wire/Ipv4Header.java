package io.jzsock.net.wire;

/**
 * IPv4 header (RFC 791 §3.1). Options, when present, are skipped via IHL and never written.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |Flags|      Fragment Offset    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL > 5)                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4Header {
    public static final int MIN_LEN = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_IGMP = 2;
    /** Router Alert option (RFC 2113): type 148, length 4, value 0. */
    public static final int ROUTER_ALERT_LEN = 4;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    public static final int VER_IHL = 0;
    public static final int TOS = 1;
    public static final int TOTAL_LEN = 2;
    public static final int ID = 4;
    public static final int FLAGS_FRAGMENT = 6;
    public static final int TTL = 8;
    public static final int PROTOCOL = 9;
    public static final int CHECKSUM = 10;
    public static final int SRC = 12;
    public static final int DST = 16;

    public static final int OK = 0;
    public static final int BAD_LENGTH = -1;
    public static final int BAD_VERSION = -2;
    public static final int BAD_HEADER_LEN = -3;
    public static final int BAD_TOTAL_LEN = -4;
    public static final int BAD_CHECKSUM = -5;

    private Ipv4Header() {
    }

    public static int version(byte[] b, int o) {
        return (b[o + VER_IHL] & 0xff) >>> 4;
    }

    /** Header length in bytes (IHL counts 32-bit words). */
    public static int headerLen(byte[] b, int o) {
        return (b[o + VER_IHL] & 0x0f) << 2;
    }

    public static int tos(byte[] b, int o) {
        return Bytes.u8(b, o + TOS);
    }

    public static int totalLen(byte[] b, int o) {
        return Bytes.u16(b, o + TOTAL_LEN);
    }

    public static int id(byte[] b, int o) {
        return Bytes.u16(b, o + ID);
    }

    /** Flags (top 3 bits) and fragment offset (low 13 bits, in 8-byte units) as one 16-bit field. */
    public static int flagsFragment(byte[] b, int o) {
        return Bytes.u16(b, o + FLAGS_FRAGMENT);
    }

    public static boolean isFragment(byte[] b, int o) {
        return (flagsFragment(b, o) & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public static int ttl(byte[] b, int o) {
        return Bytes.u8(b, o + TTL);
    }

    public static int protocol(byte[] b, int o) {
        return Bytes.u8(b, o + PROTOCOL);
    }

    public static int src(byte[] b, int o) {
        return Bytes.i32(b, o + SRC);
    }

    public static int dst(byte[] b, int o) {
        return Bytes.i32(b, o + DST);
    }

    public static boolean checksumOk(byte[] b, int o) {
        return Checksum.sum(b, o, headerLen(b, o), 0) == 0xffff;
    }

    /**
     * Writes a 20-byte header (version 4, IHL 5, no options). With {@code fillChecksum} false the checksum
     * field is left 0 for the device to compute (checksum offload). The checksum is summed from the field
     * values, the header's ten 16-bit words (RFC 1071), rather than read back from the bytes just written:
     * the send path's second most sampled checksum in the UDP loopback profile.
     */
    public static void write(byte[] b, int o, int tos, int totalLen, int id, int flagsFragment, int ttl,
                             int protocol, int src, int dst, boolean fillChecksum) {
        Bytes.putU8(b, o + VER_IHL, 0x45);
        Bytes.putU8(b, o + TOS, tos);
        Bytes.putU16(b, o + TOTAL_LEN, totalLen);
        Bytes.putU16(b, o + ID, id);
        Bytes.putU16(b, o + FLAGS_FRAGMENT, flagsFragment);
        Bytes.putU8(b, o + TTL, ttl);
        Bytes.putU8(b, o + PROTOCOL, protocol);
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putI32(b, o + SRC, src);
        Bytes.putI32(b, o + DST, dst);
        if (fillChecksum) {
            Bytes.putU16(b, o + CHECKSUM, Checksum.finish(Checksum.fold((0x4500 | (tos & 0xff)) + (totalLen & 0xffff)
                    + (id & 0xffff) + (flagsFragment & 0xffff) + ((ttl & 0xff) << 8 | (protocol & 0xff))
                    + (long) (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff))));
        }
    }

    /** Sets the total length only; the caller refills the checksum. */
    public static void setTotalLen(byte[] b, int o, int totalLen) {
        putTotalLen(b, o, totalLen);
    }

    /** Sets flags and fragment offset only; the caller refills the checksum. */
    public static void setFlagsFragment(byte[] b, int o, int flagsFragment) {
        Bytes.putU16(b, o + FLAGS_FRAGMENT, flagsFragment);
    }

    /** Sets TTL only; the caller refills the checksum (or lets the device do it). */
    public static void setTtl(byte[] b, int o, int ttl) {
        Bytes.putU8(b, o + TTL, ttl);
    }

    /** Computes the header checksum over IHL*4 bytes (RFC 791 §3.1 "Header Checksum"). */
    public static void fillChecksum(byte[] b, int o) {
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putU16(b, o + CHECKSUM, Checksum.finish(Checksum.sum(b, o, headerLen(b, o), 0)));
    }

    /**
     * Checks a received header against the {@code available} bytes from {@code o}, in this order:
     * {@link #BAD_LENGTH}, {@link #BAD_VERSION}, {@link #BAD_HEADER_LEN}, {@link #BAD_TOTAL_LEN},
     * {@link #BAD_CHECKSUM}; {@link #OK} if it may be processed. Trailing link padding past totalLen is allowed.
     */
    public static int validate(byte[] b, int o, int available, boolean verifyChecksum) {
        if (available < MIN_LEN) {
            return BAD_LENGTH;
        }
        if (version(b, o) != 4) {
            return BAD_VERSION;
        }
        int hl = headerLen(b, o);
        if (hl < MIN_LEN || hl > available) {
            return BAD_HEADER_LEN;
        }
        int total = totalLen(b, o);
        if (total < hl || total > available) {
            return BAD_TOTAL_LEN;
        }
        if (verifyChecksum && !checksumOk(b, o)) {
            return BAD_CHECKSUM;
        }
        return OK;
    }

    /**
     * Turns a just-written 20-byte header at o into a 24-byte one carrying the Router Alert option
     * (RFC 2113 §2.1), which IGMP messages must carry (RFC 2236 §2). The caller has made room for
     * the 4 option bytes right after the fixed header and fills the checksum afterwards.
     */
    public static void addRouterAlert(byte[] b, int o) {
        b[o + VER_IHL] = 0x46;
        putTotalLen(b, o, totalLen(b, o) + ROUTER_ALERT_LEN);
        b[o + MIN_LEN] = (byte) 0x94;
        b[o + MIN_LEN + 1] = 0x04;
        b[o + MIN_LEN + 2] = 0;
        b[o + MIN_LEN + 3] = 0;
    }

    private static void putTotalLen(byte[] b, int o, int v) {
        Bytes.putU16(b, o + TOTAL_LEN, v);
    }
}
