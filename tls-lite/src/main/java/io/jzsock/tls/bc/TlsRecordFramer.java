package io.jzsock.tls.bc;

import io.jzsock.net.Errno;

/**
 * Cuts a TLS byte stream into whole records in one buffer allocated at construction, so that BC is offered one
 * complete record per {@code TlsProtocol.offerInput} call. That is BC's allocation-free input path
 * ({@code RecordStream.readFullRecord} decrypts in the offered buffer); a partial record instead goes through
 * {@code TlsProtocol.inputBuffers} and {@code RecordStream.Record.readFragment}, which allocates the record, its
 * header and a {@code RecordPreview} every time (about 600 B per 1 KB record, measured by {@code bench tls}).
 * The caller receives into {@link #buffer()} at {@link #fillOffset()} at most {@link #wanted()} bytes, so it never
 * reads past the current record and nothing is copied:
 * <pre>
 * int want = framer.wanted();                       // header first, then the rest of the record
 * if (want &lt; 0) { abort(want); }                   // -EMSGSIZE: the peer's record exceeds the buffer
 * int n = tcp.recv(framer.buffer(), framer.fillOffset(), want);
 * if (n &gt; 0 &amp;&amp; framer.filled(n)) { protocol.offerInput(framer.buffer(), 0, framer.recordLength()); framer.consumed(); }
 * </pre>
 */
public final class TlsRecordFramer {
    /** RFC 8446 §5.1 / RFC 5246 §6.2.1: type (1), legacy version (2), length (2). */
    public static final int HEADER_LENGTH = 5;

    private final byte[] buffer;
    private int filled;

    /**
     * @param maxFragment the largest record fragment (ciphertext) accepted: with max fragment length 2048
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

    /**
     * Bytes still missing before the header or the record is complete (0 when a whole record is held), or
     * -{@link Errno#EMSGSIZE} when the header announces a fragment larger than the buffer.
     */
    public int wanted() {
        if (filled < HEADER_LENGTH) {
            return HEADER_LENGTH - filled;
        }
        int total = HEADER_LENGTH + fragmentLength();
        if (total > buffer.length) {
            return -Errno.EMSGSIZE;
        }
        return total - filled;
    }

    /** Accounts for {@code n} bytes received at {@link #fillOffset()}; true when a whole record is held. */
    public boolean filled(int n) {
        if (n < 0 || n > buffer.length - filled) {
            throw new IllegalArgumentException("filled " + n + " at " + filled);
        }
        filled += n;
        return recordLength() > 0;
    }

    /** The length of the whole record held at offset 0, header included, or 0 while it is incomplete. */
    public int recordLength() {
        if (filled < HEADER_LENGTH) {
            return 0;
        }
        int total = HEADER_LENGTH + fragmentLength();
        return filled == total ? total : 0;
    }

    /** The held record was offered: start the next one. */
    public void consumed() {
        filled = 0;
    }

    private int fragmentLength() {
        return ((buffer[3] & 0xFF) << 8) | (buffer[4] & 0xFF);
    }
}
