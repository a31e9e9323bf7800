package io.jzsock.net.sock;

/**
 * Option and struct values as a 32-bit little-endian MCU lays them out in memory (int, timeval,
 * ip_mreqn, ...): the byte-array forms of setsockopt/getsockopt. Addresses inside structs stay in
 * network order.
 */
public final class OptionCodec {
    private OptionCodec() {
    }

    public static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8) | ((b[at + 2] & 0xff) << 16) | ((b[at + 3] & 0xff) << 24);
    }

    public static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    /** An IPv4 address stored in network order inside a struct. */
    public static int getIpv4(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    public static void putIpv4(byte[] b, int at, int ip) {
        b[at] = (byte) (ip >>> 24);
        b[at + 1] = (byte) (ip >>> 16);
        b[at + 2] = (byte) (ip >>> 8);
        b[at + 3] = (byte) ip;
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
