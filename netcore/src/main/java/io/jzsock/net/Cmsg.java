package io.jzsock.net;

import io.jzsock.net.wire.Bytes;

/**
 * Control messages in a {@link MsgHdr} control buffer, laid out as on a 32-bit MCU:
 * {@code cmsg_len} (4), {@code cmsg_level} (4), {@code cmsg_type} (4), data padded to 4 bytes.
 * Integers are little-endian (the Cortex-M byte order); addresses inside data stay in network order.
 */
public final class Cmsg {
    public static final int HDR_LEN = 12;

    private Cmsg() {
    }

    public static int align(int n) {
        return (n + 3) & ~3;
    }

    /** CMSG_SPACE: bytes a message with dataLen bytes of data occupies, padding included. */
    public static int space(int dataLen) {
        return HDR_LEN + align(dataLen);
    }

    /** CMSG_LEN: the cmsg_len value for dataLen bytes of data. */
    public static int len(int dataLen) {
        return HDR_LEN + dataLen;
    }

    public static int cmsgLen(byte[] b, int at) {
        return getInt(b, at);
    }

    public static int level(byte[] b, int at) {
        return getInt(b, at + 4);
    }

    public static int type(byte[] b, int at) {
        return getInt(b, at + 8);
    }

    public static int dataOffset(int at) {
        return at + HDR_LEN;
    }

    /** Data bytes of the message at {@code at}: its cmsg_len less the header. */
    public static int dataLen(byte[] b, int at) {
        return cmsgLen(b, at) - HDR_LEN;
    }

    /** Offset of the message after the one at {@code at}, or -1 past {@code end} or on a malformed length. */
    public static int next(byte[] b, int at, int end) {
        int l = getInt(b, at);
        if (l < HDR_LEN) {
            return -1;
        }
        int n = at + align(l);
        return n + HDR_LEN <= end ? n : -1;
    }

    /** First message offset in [off, off+len), or -1 if there is none. */
    public static int first(byte[] b, int off, int len) {
        return b != null && len >= HDR_LEN && getInt(b, off) >= HDR_LEN && off + getInt(b, off) <= off + len ? off : -1;
    }

    /** Writes a header for dataLen bytes at {@code at}; returns the data offset. */
    public static int putHeader(byte[] b, int at, int level, int type, int dataLen) {
        putInt(b, at, len(dataLen));
        putInt(b, at + 4, level);
        putInt(b, at + 8, type);
        return at + HDR_LEN;
    }

    public static int getInt(byte[] b, int at) {
        return Bytes.i32le(b, at);
    }

    public static void putInt(byte[] b, int at, int v) {
        Bytes.putI32le(b, at, v);
    }

    public static long getLong(byte[] b, int at) {
        return (getInt(b, at) & 0xffffffffL) | ((long) getInt(b, at + 4) << 32);
    }

    public static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) v);
        putInt(b, at + 4, (int) (v >>> 32));
    }
}
