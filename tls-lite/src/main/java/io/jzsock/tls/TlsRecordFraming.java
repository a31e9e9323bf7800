package io.jzsock.tls;

/**
 * Where the ciphertext offered to the engine stands in the TLS record framing (RFC 8446 §5.1: a 5-byte
 * header whose last two bytes are the length, then the body), so that poll can tell whether the bytes
 * waiting in the inner socket complete a record without decrypting anything. The engine processes
 * every complete record it is offered at once, so what it keeps back is always the current partial one.
 * Not thread-safe: the socket guards it.
 */
final class TlsRecordFraming {
    static final int HEADER = 5;

    private final byte[] header = new byte[HEADER];
    private int headerHave;
    private int bodyLeft;

    void reset() {
        headerHave = 0;
        bodyLeft = 0;
    }

    /** The engine was offered b[off, off + n). */
    void advance(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (headerHave < HEADER) {
                header[headerHave++] = b[i++];
                if (headerHave == HEADER) {
                    bodyLeft = (header[3] & 0xff) << 8 | header[4] & 0xff;
                    if (bodyLeft == 0) {
                        headerHave = 0;
                    }
                }
            } else {
                int k = Math.min(bodyLeft, end - i);
                i += k;
                bodyLeft -= k;
                if (bodyLeft == 0) {
                    headerHave = 0;
                }
            }
        }
    }

    /** Header bytes still to come before the current record's length is known (0 when it is). */
    int headerMissing() {
        return headerHave == HEADER ? 0 : HEADER - headerHave;
    }

    /**
     * Given avail bytes waiting and, when {@link #headerMissing()} is not 0, the first of them in
     * peeked[0, headerMissing()): does a whole record end within them?
     */
    boolean completes(int avail, byte[] peeked) {
        if (headerHave == HEADER) {
            return avail >= bodyLeft;
        }
        int missing = HEADER - headerHave;
        if (avail < missing) {
            return false;
        }
        int b3 = headerHave > 3 ? header[3] & 0xff : peeked[3 - headerHave] & 0xff;
        int b4 = peeked[4 - headerHave] & 0xff;
        return avail >= missing + (b3 << 8 | b4);
    }
}
