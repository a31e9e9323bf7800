package io.jzsock.net.wire;

/**
 * The IPv6 fixed header (RFC 8200 §3), 40 bytes; addresses read and written in the two-long form of
 * {@code ip.IpAddress} (bytes 0..7, 8..15). No header checksum: the upper layers' pseudo-header covers
 * the addresses (RFC 8200 §8.1).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version| Traffic Class |           Flow Label                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Source Address (16 bytes)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Destination Address (16 bytes)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Header {
    public static final int LEN = 40;
    public static final int VERSION_CLASS_FLOW = 0;
    public static final int PAYLOAD_LEN = 4;
    public static final int NEXT_HEADER = 6;
    public static final int HOP_LIMIT = 7;
    public static final int SRC = 8;
    public static final int DST = 24;

    /** Next-header values (IANA "Assigned Internet Protocol Numbers"; RFC 8200 §4). */
    public static final int NH_HOP_BY_HOP = 0;
    public static final int NH_TCP = 6;
    public static final int NH_UDP = 17;
    public static final int NH_ROUTING = 43;
    public static final int NH_FRAGMENT = 44;
    public static final int NH_ESP = 50;
    public static final int NH_AH = 51;
    public static final int NH_ICMPV6 = 58;
    public static final int NH_NO_NEXT = 59;
    public static final int NH_DEST_OPTIONS = 60;

    public static final int OK = 0;
    public static final int BAD_LENGTH = -1;
    public static final int BAD_VERSION = -2;
    public static final int BAD_PAYLOAD_LEN = -3;

    private Ipv6Header() {
    }

    public static int version(byte[] b, int o) {
        return (b[o] & 0xff) >>> 4;
    }

    public static int trafficClass(byte[] b, int o) {
        return (Bytes.u16(b, o) >>> 4) & 0xff;
    }

    public static int flowLabel(byte[] b, int o) {
        return Bytes.i32(b, o) & 0xfffff;
    }

    public static int payloadLen(byte[] b, int o) {
        return Bytes.u16(b, o + PAYLOAD_LEN);
    }

    public static int nextHeader(byte[] b, int o) {
        return b[o + NEXT_HEADER] & 0xff;
    }

    public static int hopLimit(byte[] b, int o) {
        return b[o + HOP_LIMIT] & 0xff;
    }

    public static long srcHi(byte[] b, int o) {
        return Bytes.i64(b, o + SRC);
    }

    public static long srcLo(byte[] b, int o) {
        return Bytes.i64(b, o + SRC + 8);
    }

    public static long dstHi(byte[] b, int o) {
        return Bytes.i64(b, o + DST);
    }

    public static long dstLo(byte[] b, int o) {
        return Bytes.i64(b, o + DST + 8);
    }

    public static void setPayloadLen(byte[] b, int o, int len) {
        Bytes.putU16(b, o + PAYLOAD_LEN, len);
    }

    public static void setNextHeader(byte[] b, int o, int nh) {
        Bytes.putU8(b, o + NEXT_HEADER, nh);
    }

    /** Writes every field of the fixed header (the buffer is reused, nothing is left from before). */
    public static void write(byte[] b, int o, int trafficClass, int flowLabel, int payloadLen, int nextHeader,
                             int hopLimit, long srcHi, long srcLo, long dstHi, long dstLo) {
        Bytes.putI32(b, o + VERSION_CLASS_FLOW, (6 << 28) | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff));
        Bytes.putU16(b, o + PAYLOAD_LEN, payloadLen);
        Bytes.putU8(b, o + NEXT_HEADER, nextHeader);
        Bytes.putU8(b, o + HOP_LIMIT, hopLimit);
        Bytes.putI64(b, o + SRC, srcHi);
        Bytes.putI64(b, o + SRC + 8, srcLo);
        Bytes.putI64(b, o + DST, dstHi);
        Bytes.putI64(b, o + DST + 8, dstLo);
    }

    /**
     * Checks a received header against the {@code available} bytes from {@code o}: {@link #BAD_LENGTH},
     * {@link #BAD_VERSION}, {@link #BAD_PAYLOAD_LEN} (more payload claimed than arrived; a zero payload
     * length means a Jumbo Payload option, RFC 2675, which a link of MTU 1500 cannot carry either);
     * {@link #OK} otherwise. Link padding past the payload is allowed.
     */
    public static int validate(byte[] b, int o, int available) {
        if (available < LEN) {
            return BAD_LENGTH;
        }
        if (version(b, o) != 6) {
            return BAD_VERSION;
        }
        int pl = payloadLen(b, o);
        if (LEN + pl > available || (pl == 0 && nextHeader(b, o) == NH_HOP_BY_HOP)) {
            return BAD_PAYLOAD_LEN;
        }
        return OK;
    }
}
