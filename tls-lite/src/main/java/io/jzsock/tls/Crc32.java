package io.jzsock.tls;

/**
 * CRC-32 as IEEE 802.3 and zlib define it (reflected polynomial 0xEDB88320, initial value and final XOR
 * 0xFFFFFFFF), so {@code java.util.zip.CRC32} on a PC gives the same value; written here because EDC has
 * no java.util.zip. Incremental: {@code finish(update(update(START, a...), b...))}. One 256-entry table,
 * built once at class initialisation.
 */
public final class Crc32 {
    /** The running value before the first byte. */
    public static final int START = 0xFFFFFFFF;

    private static final int[] TABLE = table();

    private Crc32() {
    }

    /** The running value after {@code b[off, off+len)}. */
    public static int update(int crc, byte[] b, int off, int len) {
        int c = crc;
        for (int i = off; i < off + len; i++) {
            c = TABLE[(c ^ b[i]) & 0xFF] ^ (c >>> 8);
        }
        return c;
    }

    /** The CRC of everything fed to the running value. */
    public static int finish(int crc) {
        return ~crc;
    }

    /** The CRC-32 of {@code b[off, off+len)}. */
    public static int of(byte[] b, int off, int len) {
        return finish(update(START, b, off, len));
    }

    private static int[] table() {
        int[] t = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            t[n] = c;
        }
        return t;
    }
}
