package io.jzsock.net.buf;

/**
 * Start-up allocation of a table's columns: a table sized 0 (an IPv6 table of an interface without IPv6,
 * every IPv6 table of a stack without it) gets one shared empty array instead of an object of its own per
 * column. An empty array holds nothing to write, so sharing it is safe; a board's heap keeps the headers.
 */
public final class TableArrays {
    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];
    private static final boolean[] NO_BOOLEANS = new boolean[0];
    private static final byte[] NO_BYTES = new byte[0];

    private TableArrays() {
    }

    public static long[] longs(int n) {
        return n == 0 ? NO_LONGS : new long[n];
    }

    public static int[] ints(int n) {
        return n == 0 ? NO_INTS : new int[n];
    }

    public static boolean[] booleans(int n) {
        return n == 0 ? NO_BOOLEANS : new boolean[n];
    }

    public static byte[] bytes(int n) {
        return n == 0 ? NO_BYTES : new byte[n];
    }
}
