package io.jzsock.tls.bc;

/**
 * Cuts a TLS byte stream into whole records in one buffer allocated at construction, so that BC is offered one
 * complete record per {@code TlsProtocol.offerInput} call. That is BC's allocation-free input path
 * ({@code RecordStream.readFullRecord} decrypts in the offered buffer); a partial record instead goes through
 * {@code TlsProtocol.inputBuffers} and {@code RecordStream.Record.readFragment}, which allocates the record, its
 * header and a {@code RecordPreview} every time (about 600 B per 1 KB record, measured by {@code bench tls}).
 * The caller receives into {@link #buffer()} at {@link #fillOffset()} at most {@link #wanted()} bytes, so it never
 * reads past the current record and nothing is copied:
 * <pre>
 * int n = tcp.recv(framer.buffer(), framer.fillOffset(), framer.wanted());
 * if (n &gt; 0) { framer.filled(n); }
 * if (framer.ready() &gt; 0) { protocol.offerInput(framer.buffer(), 0, framer.ready()); framer.consumed(); }
 * </pre>
 * A record whose header announces more than the buffer holds (a peer ignoring max_fragment_length, or a buffer
 * sized below 2^14 + 256) is not refused: it is handed over in buffer-sized pieces as they arrive, and BC
 * reassembles it on its allocating path. So is a header that is not TLS's (content type outside 20..24 or major
 * version not 3), at once, so that BC answers it with its alert instead of the framer waiting for a length that
 * may never come. It also answers poll's question without decrypting anything: would the
 * bytes waiting in the transport complete the current record ({@link #completes})? Not thread-safe: the socket
 * guards it.
 */
public final class TlsRecordFramer {
    /** RFC 8446 §5.1 / RFC 5246 §6.2.1: type (1), legacy version (2), length (2). */
    public static final int HEADER_LENGTH = 5;

    private final byte[] buffer;
    private int filled;
    /** The current record is not held whole (too large, or not TLS): it goes to BC piece by piece. */
    private boolean piecewise;
    /** Bytes of a piecewise record not received yet. */
    private int piecewiseLeft;

    /**
     * @param maxFragment the largest record fragment (ciphertext) held whole: with max fragment length 2048
     *                    (RFC 6066) negotiated, 2048 plus the AEAD overhead (at most 8 + 16 + 1 bytes); 2^14 + 256
     *                    for any RFC 8446 record
     */
    public TlsRecordFramer(int maxFragment) {
        if (maxFragment < 1 || maxFragment > 0xFFFF) {
            throw new IllegalArgumentException("maxFragment " + maxFragment);
        }
        buffer = new byte[HEADER_LENGTH + maxFragment];
    }

    public byte[] buffer() {
        return buffer;
    }

    public int fillOffset() {
        return filled;
    }

    /** Forgets any partial record (the socket is reused). */
    public void reset() {
        filled = 0;
        piecewise = false;
        piecewiseLeft = 0;
    }

    /**
     * How many bytes to receive next at {@link #fillOffset()}: the rest of the header, then the rest of the
     * record (of a piecewise one, what fits). Always at least 1 after {@link #consumed()} of what was ready.
     */
    public int wanted() {
        if (piecewise) {
            return Math.min(piecewiseLeft, buffer.length - filled);
        }
        if (filled < HEADER_LENGTH) {
            return HEADER_LENGTH - filled;
        }
        return HEADER_LENGTH + fragmentLength() - filled;
    }

    /** Accounts for {@code n} bytes received at {@link #fillOffset()} (at most {@link #wanted()}). */
    public void filled(int n) {
        if (n < 0 || n > wanted()) {
            throw new IllegalArgumentException("filled " + n + " of " + wanted() + " at " + filled);
        }
        filled += n;
        if (piecewise) {
            piecewiseLeft -= n;
        } else if (filled == HEADER_LENGTH && (HEADER_LENGTH + fragmentLength() > buffer.length || !tlsHeader())) {
            piecewise = true;
            piecewiseLeft = fragmentLength();
        }
    }

    /**
     * Bytes at the start of the buffer to offer BC now: a whole record, or what has come of a piecewise one;
     * 0 while a record is incomplete.
     */
    public int ready() {
        if (piecewise) {
            return filled;
        }
        if (filled < HEADER_LENGTH) {
            return 0;
        }
        return filled == HEADER_LENGTH + fragmentLength() ? filled : 0;
    }

    /** What {@link #ready()} gave was offered: the buffer starts over. */
    public void consumed() {
        filled = 0;
        if (piecewise && piecewiseLeft == 0) {
            piecewise = false;
        }
    }

    /**
     * Header bytes poll must peek from the transport into {@link #buffer()} at {@link #fillOffset()} before
     * {@link #completes} can tell (0 when the current record's length is known). Peeking there is harmless: the
     * bytes are received over them later.
     */
    public int headerMissing() {
        return piecewise || filled >= HEADER_LENGTH ? 0 : HEADER_LENGTH - filled;
    }

    /**
     * Would {@code avail} more bytes from the transport complete the current record (with, when
     * {@link #headerMissing()} is not 0, that many of them peeked into the buffer at {@link #fillOffset()})?
     * True as well when a record is held and not yet offered.
     */
    public boolean completes(int avail) {
        if (piecewise) {
            return avail >= piecewiseLeft;
        }
        int missing = HEADER_LENGTH - filled;
        if (missing > 0 && avail < missing) {
            return false;
        }
        return avail >= HEADER_LENGTH + fragmentLength() - filled;
    }

    /** RFC 8446 §5.1 / RFC 5246 §6.2.1: change_cipher_spec (20) to heartbeat (24, RFC 6520), version 3.x. */
    private boolean tlsHeader() {
        int type = buffer[0] & 0xFF;
        return type >= 20 && type <= 24 && buffer[1] == 3;
    }

    private int fragmentLength() {
        return ((buffer[3] & 0xFF) << 8) | (buffer[4] & 0xFF);
    }
}
