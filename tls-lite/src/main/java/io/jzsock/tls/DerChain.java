package io.jzsock.tls;

import io.jzsock.net.Errno;

/**
 * Walks DER elements laid back to back, as a CA_CERTIFICATE credential holds a bundle: each PEM
 * CERTIFICATE block decoded at add becomes one X.509 {@code Certificate} SEQUENCE, and they are stored
 * one after the other in the order given. The TLS layer copies the credential into a buffer of its own
 * and steps through it:
 * <pre>
 * for (int p = 0; p &lt; n; p += DerChain.elementLength(buf, p, n)) { ... certificate at buf[p] ... }
 * </pre>
 * after {@link #count} has said that the elements tile the buffer exactly. Allocates nothing.
 */
public final class DerChain {
    private DerChain() {
    }

    /**
     * Bytes of the DER element starting at {@code b[off]} (identifier, length and contents), or
     * {@code -EINVAL} when it does not end by {@code end}. One identifier octet (X.690 §8.1.2: tag
     * numbers below 31, which every certificate and key structure uses); a definite length of up to
     * four octets (§8.1.3), since DER forbids the indefinite form (§10.1).
     */
    public static int elementLength(byte[] b, int off, int end) {
        int header = headerLength(b, off, end);
        if (header < 0) {
            return header;
        }
        int octets = header - 2;
        long contents = octets == 0 ? b[off + 1] & 0xff : 0;
        for (int i = 0; i < octets; i++) {
            contents = (contents << 8) | (b[off + 2 + i] & 0xff);
        }
        long total = header + contents;
        return total <= end - off ? (int) total : -Errno.EINVAL;
    }

    /**
     * Bytes of the identifier and length octets of the DER element at {@code b[off]} (its contents
     * start there), or {@code -EINVAL}; the same rules as {@link #elementLength}, which also checks
     * that the contents end by {@code end}.
     */
    public static int headerLength(byte[] b, int off, int end) {
        if (off < 0 || end > b.length || end - off < 2 || (b[off] & 0x1f) == 0x1f) {
            return -Errno.EINVAL;
        }
        int first = b[off + 1] & 0xff;
        if (first < 0x80) {
            return 2;
        }
        int octets = first & 0x7f;
        return octets == 0 || octets > 4 || end - off < 2 + octets ? -Errno.EINVAL : 2 + octets;
    }

    /** The number of DER elements that tile {@code b[off, off+len)} exactly, or {@code -EINVAL}. */
    public static int count(byte[] b, int off, int len) {
        if (len <= 0) {
            return -Errno.EINVAL;
        }
        int end = off + len;
        int n = 0;
        for (int p = off; p < end; n++) {
            int e = elementLength(b, p, end);
            if (e < 0) {
                return e;
            }
            p += e;
        }
        return n;
    }
}
