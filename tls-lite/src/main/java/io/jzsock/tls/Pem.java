package io.jzsock.tls;

import io.jzsock.net.Errno;

/**
 * PEM armour (RFC 7468) to DER, once, at {@link TlsCredentials#add}, so that TLS never parses text.
 * A block is {@code -----BEGIN label-----}, base64 lines, {@code -----END label-----}; text outside
 * blocks is ignored (RFC 7468 §2 requires it; bundles carry comments, {@code openssl x509 -text} a
 * dump). Blocks whose label does not belong to the wanted kind are skipped, as mbedTLS's parsers
 * look only for their own labels: a file with a certificate and its key may be added as either.
 * Allocates nothing.
 */
final class Pem {
    /** Every CERTIFICATE block (RFC 7468 §5), decoded and laid back to back (see {@link DerChain}). */
    static final int CERTIFICATES = 1;
    /**
     * Exactly one key block: PRIVATE KEY (PKCS#8, RFC 7468 §10), RSA PRIVATE KEY (PKCS#1, RFC 8017
     * appendix A.1.2) or EC PRIVATE KEY (SEC 1, RFC 5915). ENCRYPTED PRIVATE KEY and RFC 1421 headers
     * ({@code Proc-Type: 4,ENCRYPTED}) are refused: there is no passphrase to decrypt them with.
     */
    static final int PRIVATE_KEY = 2;

    private static final byte[] BEGIN = ascii("-----BEGIN ");
    private static final byte[] END = ascii("-----END ");
    private static final byte[] DASHES = ascii("-----");
    private static final byte[] CERTIFICATE = ascii("CERTIFICATE");
    private static final byte[] PKCS8_KEY = ascii("PRIVATE KEY");
    private static final byte[] RSA_KEY = ascii("RSA PRIVATE KEY");
    private static final byte[] EC_KEY = ascii("EC PRIVATE KEY");
    private static final byte[] ENCRYPTED_KEY = ascii("ENCRYPTED PRIVATE KEY");
    /** The identifier octet of an ASN.1 SEQUENCE: every DER certificate and key starts with it. */
    private static final int DER_SEQUENCE = 0x30;

    private Pem() {
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    /** True for PEM text: it does not start as DER does, and it holds a {@code -----BEGIN } boundary. */
    static boolean isPem(byte[] src, int off, int len) {
        return len > 0 && (src[off] & 0xff) != DER_SEQUENCE && indexOf(src, off, off + len, BEGIN) >= 0;
    }

    /**
     * Decodes the blocks of {@code kind} in {@code src[off, off+len)} into {@code dst[dstOff, dstOff+cap)}:
     * the DER bytes written, {@code -EINVAL} (no block of that kind, a second key, an unterminated or
     * mismatched block, bad base64, an encrypted key) or {@code -ENOMEM} (more DER than cap).
     */
    static int decode(byte[] src, int off, int len, int kind, byte[] dst, int dstOff, int cap) {
        int end = off + len;
        int out = dstOff;
        int blocks = 0;
        int pos = off;
        int b;
        while ((b = indexOf(src, pos, end, BEGIN)) >= 0) {
            int labelStart = b + BEGIN.length;
            int lineEnd = lineEnd(src, labelStart, end);
            int labelEnd = indexOf(src, labelStart, lineEnd, DASHES);
            if (labelEnd < 0 || !blank(src, labelEnd + DASHES.length, lineEnd)) {
                return -Errno.EINVAL;
            }
            int e = indexOf(src, lineEnd, end, END);
            int close = e + END.length;
            int labelLen = labelEnd - labelStart;
            if (e < 0 || !matches(src, close, end, src, labelStart, labelLen)
                    || !matches(src, close + labelLen, end, DASHES, 0, DASHES.length)) {
                return -Errno.EINVAL;
            }
            int want = wanted(kind, src, labelStart, labelLen);
            if (want < 0) {
                return want;
            }
            if (want > 0) {
                if ((kind == PRIVATE_KEY && blocks > 0) || indexOf(src, lineEnd, e, ':') >= 0) {
                    return -Errno.EINVAL;
                }
                int n = Base64Decoder.decode(src, lineEnd, e, dst, out, dstOff + cap);
                if (n <= 0) {
                    return n < 0 ? n : -Errno.EINVAL;
                }
                out += n;
                blocks++;
            }
            pos = close + labelLen + DASHES.length;
        }
        return blocks > 0 ? out - dstOff : -Errno.EINVAL;
    }

    /** 1 when a block labelled so is decoded for kind, 0 when it is skipped, -EINVAL when refused. */
    private static int wanted(int kind, byte[] src, int label, int labelLen) {
        if (kind == CERTIFICATES) {
            return is(src, label, labelLen, CERTIFICATE) ? 1 : 0;
        }
        if (is(src, label, labelLen, ENCRYPTED_KEY)) {
            return -Errno.EINVAL;
        }
        return is(src, label, labelLen, PKCS8_KEY) || is(src, label, labelLen, RSA_KEY)
                || is(src, label, labelLen, EC_KEY) ? 1 : 0;
    }

    private static boolean is(byte[] src, int label, int labelLen, byte[] name) {
        return labelLen == name.length && matches(src, label, label + labelLen, name, 0, name.length);
    }

    /** True when {@code src[at, end)} starts with {@code p[pOff, pOff+pLen)}. */
    private static boolean matches(byte[] src, int at, int end, byte[] p, int pOff, int pLen) {
        if (at < 0 || end - at < pLen) {
            return false;
        }
        for (int i = 0; i < pLen; i++) {
            if (src[at + i] != p[pOff + i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] src, int from, int end, byte[] p) {
        for (int i = from; i <= end - p.length; i++) {
            if (matches(src, i, end, p, 0, p.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] src, int from, int end, char c) {
        for (int i = from; i < end; i++) {
            if (src[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] src, int from, int end) {
        for (int i = from; i < end; i++) {
            if (src[i] == '\n' || src[i] == '\r') {
                return i;
            }
        }
        return end;
    }

    private static boolean blank(byte[] src, int from, int end) {
        for (int i = from; i < end; i++) {
            if (src[i] != ' ' && src[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
