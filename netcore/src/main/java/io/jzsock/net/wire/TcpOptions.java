package io.jzsock.net.wire;

/**
 * TCP options (RFC 9293 §3.2) parsed into, and emitted from, a caller-owned holder that is reused per segment:
 * MSS (RFC 9293 §3.7.1), window scale and timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018).
 * <pre>
 *  kind 0  End of Option List        1 byte
 *  kind 1  No-Operation              1 byte
 *  kind 2  MSS               len 4   | 2 | 4 |   MSS (16)    |
 *  kind 3  Window Scale      len 3   | 3 | 3 | shift |
 *  kind 4  SACK-Permitted    len 2   | 4 | 2 |
 *  kind 5  SACK         len 2 + 8n   | 5 | len | left edge (32) | right edge (32) | ... n blocks
 *  kind 8  Timestamps        len 10  | 8 | 10 |   TSval (32)   |   TSecr (32)   |
 * </pre>
 * Emitted options are each preceded by enough NOPs to keep them 32-bit aligned (RFC 7323 Appendix A;
 * RFC 2018 §3), so the option block is always a multiple of 4 bytes and needs no trailing padding.
 */
public final class TcpOptions {
    public static final int KIND_EOL = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_SACK = 5;
    public static final int KIND_TIMESTAMP = 8;

    public static final int LEN_MSS = 4;
    public static final int LEN_WINDOW_SCALE = 3;
    public static final int LEN_SACK_PERMITTED = 2;
    public static final int LEN_TIMESTAMP = 10;
    public static final int LEN_SACK_BLOCK = 8;
    /** RFC 7323 §2.3: a shift above 14 is logged and 14 used instead. */
    public static final int MAX_WINDOW_SCALE = 14;
    /** Four blocks fill 34 of the 40 option bytes, so no segment can carry more (RFC 2018 §3). */
    public static final int MAX_SACK_BLOCKS = 4;

    /** 0 when absent. */
    public int mss;
    /** -1 when absent, else 0..14. */
    public int windowScale;
    public boolean sackPermitted;
    public boolean hasTimestamp;
    public int tsVal;
    public int tsEcr;
    /** Valid entries in {@link #sackLeft} and {@link #sackRight}, 0..4. */
    public int sackCount;
    public final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    public final int[] sackRight = new int[MAX_SACK_BLOCKS];

    public TcpOptions() {
        clear();
    }

    /** Marks every option absent. */
    public void clear() {
        mss = 0;
        windowScale = -1;
        sackPermitted = false;
        hasTimestamp = false;
        tsVal = 0;
        tsEcr = 0;
        sackCount = 0;
    }

    /**
     * Clears this holder, then parses the options in {@code b[o + 20 .. o + headerLen)}. Returns 0, or -1 when
     * {@code headerLen} is not 20..60, an option's length byte is missing, below 2 or runs past the header, or a
     * known option has a length other than its own (RFC 9293 §3.2: an illegal option length must be handled, not
     * trusted); the caller then drops and counts the segment. Unknown options are skipped by their length
     * (RFC 9293 §3.2); EOL ends the list. A later duplicate overrides an earlier one.
     */
    public int parse(byte[] b, int o, int headerLen) {
        clear();
        if (headerLen < TcpHeader.MIN_LEN || headerLen > TcpHeader.MAX_LEN) {
            return -1;
        }
        int i = o + TcpHeader.MIN_LEN;
        int end = o + headerLen;
        while (i < end) {
            int kind = b[i] & 0xff;
            if (kind == KIND_EOL) {
                return 0;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return -1;
            }
            int len = b[i + 1] & 0xff;
            if (len < 2 || len > end - i) {
                return -1;
            }
            if (parseOne(b, i, kind, len) < 0) {
                return -1;
            }
            i += len;
        }
        return 0;
    }

    private int parseOne(byte[] b, int i, int kind, int len) {
        switch (kind) {
            case KIND_MSS:
                if (len != LEN_MSS) {
                    return -1;
                }
                mss = Bytes.u16(b, i + 2);
                return 0;
            case KIND_WINDOW_SCALE:
                if (len != LEN_WINDOW_SCALE) {
                    return -1;
                }
                int shift = b[i + 2] & 0xff;
                windowScale = shift > MAX_WINDOW_SCALE ? MAX_WINDOW_SCALE : shift;
                return 0;
            case KIND_SACK_PERMITTED:
                if (len != LEN_SACK_PERMITTED) {
                    return -1;
                }
                sackPermitted = true;
                return 0;
            case KIND_TIMESTAMP:
                if (len != LEN_TIMESTAMP) {
                    return -1;
                }
                hasTimestamp = true;
                tsVal = Bytes.i32(b, i + 2);
                tsEcr = Bytes.i32(b, i + 6);
                return 0;
            case KIND_SACK:
                return parseSack(b, i, len);
            default:
                return 0;
        }
    }

    private int parseSack(byte[] b, int i, int len) {
        int n = (len - 2) / LEN_SACK_BLOCK;
        if (n == 0 || n > MAX_SACK_BLOCKS || (len - 2) % LEN_SACK_BLOCK != 0) {
            return -1;
        }
        for (int k = 0; k < n; k++) {
            sackLeft[k] = Bytes.i32(b, i + 2 + k * LEN_SACK_BLOCK);
            sackRight[k] = Bytes.i32(b, i + 6 + k * LEN_SACK_BLOCK);
        }
        sackCount = n;
        return 0;
    }

    /**
     * The header length {@link #emit} would produce: 20 plus the options, at most 60, counting only the SACK blocks
     * that fit.
     */
    public int emittedLength() {
        int fixed = fixedOptionsLength();
        return TcpHeader.MIN_LEN + fixed + sackLength(TcpHeader.MAX_LEN - TcpHeader.MIN_LEN - fixed);
    }

    /**
     * Writes the options after a 20-byte header at {@code b[o + 20]}: MSS if {@code mss > 0} (the caller sets it on
     * SYNs only, RFC 9293 §3.7.1), NOP + window scale if {@code windowScale >= 0}, NOP NOP SACK-permitted, NOP NOP
     * timestamps, then NOP NOP and as many of the {@code sackCount} SACK blocks as fit in the 40 option bytes (the
     * first blocks are kept: RFC 2018 §4 puts the most recent first). Returns the header length, 20..60, for the
     * Data Offset. Does not change this holder.
     */
    public int emit(byte[] b, int o) {
        int p = o + TcpHeader.MIN_LEN;
        if (mss > 0) {
            b[p] = KIND_MSS;
            b[p + 1] = LEN_MSS;
            Bytes.putU16(b, p + 2, mss);
            p += 4;
        }
        if (windowScale >= 0) {
            b[p] = KIND_NOP;
            b[p + 1] = KIND_WINDOW_SCALE;
            b[p + 2] = LEN_WINDOW_SCALE;
            b[p + 3] = (byte) (windowScale > MAX_WINDOW_SCALE ? MAX_WINDOW_SCALE : windowScale);
            p += 4;
        }
        if (sackPermitted) {
            b[p] = KIND_NOP;
            b[p + 1] = KIND_NOP;
            b[p + 2] = KIND_SACK_PERMITTED;
            b[p + 3] = LEN_SACK_PERMITTED;
            p += 4;
        }
        if (hasTimestamp) {
            b[p] = KIND_NOP;
            b[p + 1] = KIND_NOP;
            b[p + 2] = KIND_TIMESTAMP;
            b[p + 3] = LEN_TIMESTAMP;
            Bytes.putI32(b, p + 4, tsVal);
            Bytes.putI32(b, p + 8, tsEcr);
            p += 12;
        }
        int sackLen = sackLength(o + TcpHeader.MAX_LEN - p);
        if (sackLen > 0) {
            int n = (sackLen - 4) / LEN_SACK_BLOCK;
            b[p] = KIND_NOP;
            b[p + 1] = KIND_NOP;
            b[p + 2] = KIND_SACK;
            b[p + 3] = (byte) (2 + n * LEN_SACK_BLOCK);
            p += 4;
            for (int k = 0; k < n; k++) {
                Bytes.putI32(b, p, sackLeft[k]);
                Bytes.putI32(b, p + 4, sackRight[k]);
                p += LEN_SACK_BLOCK;
            }
        }
        return p - o;
    }

    private int fixedOptionsLength() {
        int n = 0;
        if (mss > 0) {
            n += 4;
        }
        if (windowScale >= 0) {
            n += 4;
        }
        if (sackPermitted) {
            n += 4;
        }
        if (hasTimestamp) {
            n += 12;
        }
        return n;
    }

    /** Bytes the NOP NOP SACK option takes given {@code room} free option bytes; 0 when no block fits. */
    private int sackLength(int room) {
        int n = sackCount > MAX_SACK_BLOCKS ? MAX_SACK_BLOCKS : sackCount;
        int fit = (room - 4) / LEN_SACK_BLOCK;
        if (n > fit) {
            n = fit;
        }
        return n <= 0 ? 0 : 4 + n * LEN_SACK_BLOCK;
    }
}
