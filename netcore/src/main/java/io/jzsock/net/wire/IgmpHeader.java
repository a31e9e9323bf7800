package io.jzsock.net.wire;

/**
 * IGMPv2 message (RFC 2236 §2), 8 bytes.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     | Max Resp Time |           Checksum            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Group Address                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IgmpHeader {
    public static final int LEN = 8;
    public static final int TYPE_QUERY = 0x11;
    public static final int TYPE_V1_REPORT = 0x12;
    public static final int TYPE_V2_REPORT = 0x16;
    public static final int TYPE_LEAVE = 0x17;

    public static final int TYPE = 0;
    public static final int MAX_RESP = 1;
    public static final int CHECKSUM = 2;
    public static final int GROUP = 4;

    private IgmpHeader() {
    }

    public static int type(byte[] b, int o) {
        return Bytes.u8(b, o + TYPE);
    }

    /** Max response time in tenths of a second; 0 in an IGMPv1 query. */
    public static int maxResp(byte[] b, int o) {
        return Bytes.u8(b, o + MAX_RESP);
    }

    public static int group(byte[] b, int o) {
        return Bytes.i32(b, o + GROUP);
    }

    public static boolean checksumOk(byte[] b, int o, int len) {
        return Checksum.sum(b, o, len, 0) == 0xffff;
    }

    /** Writes a message with its checksum. */
    public static void write(byte[] b, int o, int type, int maxResp, int group) {
        Bytes.putU8(b, o + TYPE, type);
        Bytes.putU8(b, o + MAX_RESP, maxResp);
        Bytes.putU16(b, o + CHECKSUM, 0);
        Bytes.putI32(b, o + GROUP, group);
        Bytes.putU16(b, o + CHECKSUM, Checksum.finish(Checksum.sum(b, o, LEN, 0)));
    }
}
