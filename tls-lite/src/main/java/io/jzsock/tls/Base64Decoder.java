package io.jzsock.tls;

import io.jzsock.net.Errno;

/**
 * Base64 decoding (RFC 4648 §4) of PEM bodies; EDC, like Java 7, has no {@code java.util.Base64}.
 * Whitespace anywhere is skipped, as RFC 7468 §3's lax parser allows (line breaks every 64 characters,
 * CRLF or LF, trailing spaces). Anything else outside the alphabet is an error, and so are padding
 * that is not at the end and a final group of fewer than four characters, since PEM always pads
 * (RFC 7468 §3, RFC 4648 §3.2). Bits left over in a padded group are ignored (RFC 4648 §3.5 lets a
 * decoder accept them). Allocates nothing.
 */
final class Base64Decoder {
    private static final byte WS = -2;
    private static final byte PAD = -3;
    private static final byte INVALID = -1;
    private static final byte[] VALUES = table();

    private Base64Decoder() {
    }

    private static byte[] table() {
        byte[] t = new byte[256];
        for (int i = 0; i < t.length; i++) {
            t[i] = INVALID;
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            t[alphabet.charAt(i)] = (byte) i;
        }
        t[' '] = WS;
        t['\t'] = WS;
        t['\r'] = WS;
        t['\n'] = WS;
        t['='] = PAD;
        return t;
    }

    /**
     * Decodes {@code src[off, end)} into {@code dst[dstOff, dstEnd)}: the number of bytes written,
     * {@code -EINVAL} for text that is not padded base64, {@code -ENOMEM} when dst is too small
     * (dst then holds a partial result).
     */
    static int decode(byte[] src, int off, int end, byte[] dst, int dstOff, int dstEnd) {
        int acc = 0;
        int chars = 0;
        int pads = 0;
        int out = dstOff;
        for (int i = off; i < end; i++) {
            int v = VALUES[src[i] & 0xff];
            if (v == WS) {
                continue;
            }
            if (v == INVALID) {
                return -Errno.EINVAL;
            }
            if (v == PAD) {
                if (chars < 2) {
                    return -Errno.EINVAL;
                }
                pads++;
                acc <<= 6;
            } else {
                if (pads > 0) {
                    return -Errno.EINVAL;
                }
                acc = (acc << 6) | v;
            }
            if (++chars == 4) {
                int bytes = 3 - pads;
                if (out + bytes > dstEnd) {
                    return -Errno.ENOMEM;
                }
                dst[out++] = (byte) (acc >> 16);
                if (bytes > 1) {
                    dst[out++] = (byte) (acc >> 8);
                }
                if (bytes > 2) {
                    dst[out++] = (byte) acc;
                }
                acc = 0;
                chars = 0;
            }
        }
        return chars == 0 ? out - dstOff : -Errno.EINVAL;
    }
}
