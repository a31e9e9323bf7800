package io.jzsock.net.sock;

import io.jzsock.net.wire.Bytes;

/**
 * Option and struct values as a 32-bit little-endian MCU lays them out in memory (int, timeval,
 * ip_mreqn, ...): the byte-array forms of setsockopt/getsockopt. Addresses inside structs stay in
 * network order.
 */
public final class OptionCodec {
    private OptionCodec() {
    }

    public static int getInt(byte[] b, int at) {
        return Bytes.i32le(b, at);
    }

    public static void putInt(byte[] b, int at, int v) {
        Bytes.putI32le(b, at, v);
    }

    /** An IPv4 address stored in network order inside a struct. */
    public static int getIpv4(byte[] b, int at) {
        return Bytes.i32(b, at);
    }

    public static void putIpv4(byte[] b, int at, int ip) {
        Bytes.putI32(b, at, ip);
    }

    /**
     * {@code struct zsock_timeval} on a 32-bit MCU: tv_sec, tv_usec as two 32-bit ints. Returns
     * milliseconds, 0 for "no timeout" as POSIX specifies, or -1 when invalid.
     */
    public static int timevalToMillis(byte[] b, int at) {
        int sec = getInt(b, at);
        int usec = getInt(b, at + 4);
        if (sec < 0 || usec < 0 || usec >= 1000000) {
            return -1;
        }
        long ms = (long) sec * 1000L + (usec + 999) / 1000;
        return ms > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }

    public static void millisToTimeval(int ms, byte[] b, int at) {
        putInt(b, at, ms / 1000);
        putInt(b, at + 4, (ms % 1000) * 1000);
    }
}
