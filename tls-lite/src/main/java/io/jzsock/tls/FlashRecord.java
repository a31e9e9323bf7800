package io.jzsock.tls;

/**
 * The on-flash layout of {@link FlashCredentialStore}: a sector header, then records, all words
 * little-endian (the Cortex-M byte order) and every part aligned to the unit {@code u}, the larger of 4
 * and the flash's program unit, so each part can be programmed on its own.
 *
 * <pre>
 * sector header (16 bytes, padded to u)         record (extent = HEADER + align(length, u) + 2u)
 *  0 magic   0x53435A4A "JZCS"                    0 magic   0x52435A4A "JZCR"
 *  4 version 1                                    4 seq     increases along the sector's log
 *  8 generation  (+1 per compaction)              8 tag     sec_tag, >= 0
 * 12 CRC-32 of bytes 0..11                       12 type | kind << 8   (kind 1 data, 2 tombstone)
 *                                                16 flags   TlsCredentials' flags, verbatim
 *                                                20 length  payload bytes (0 for a tombstone)
 *                                                24 header CRC-32 of bytes 0..23
 *                                                HEADER             payload, 0xFF-padded to u
 *                                                HEADER + align(len) record CRC-32 of header (28 bytes)
 *                                                                   and payload, in its own unit
 *                                                ... + u            commit word, in its own unit:
 *                                                                   0xFFFFFFFF pending, 0 committed
 * </pre>
 * Static helpers over a byte[] (no object per record); the store owns the buffers.
 */
final class FlashRecord {
    static final int SECTOR_MAGIC = 0x53435A4A;
    static final int RECORD_MAGIC = 0x52435A4A;
    static final int VERSION = 1;
    /** Bytes of the sector header fields. */
    static final int SECTOR_FIELDS = 16;
    /** Bytes of the record header fields (the header CRC included). */
    static final int HEADER_FIELDS = 28;

    static final int KIND_DATA = 1;
    static final int KIND_TOMBSTONE = 2;

    static final int OFF_SEQ = 4;
    static final int OFF_TAG = 8;
    static final int OFF_TYPE_KIND = 12;
    static final int OFF_FLAGS = 16;
    static final int OFF_LENGTH = 20;
    static final int OFF_HEADER_CRC = 24;
    static final int OFF_GENERATION = 8;
    static final int OFF_SECTOR_CRC = 12;

    static final int COMMITTED = 0;
    static final int ERASED = 0xFFFFFFFF;

    private FlashRecord() {
    }

    static int align(int n, int unit) {
        return (n + unit - 1) & -unit;
    }

    /** Bytes a record of {@code length} payload bytes takes. */
    static int extent(int length, int unit) {
        return align(HEADER_FIELDS, unit) + align(length, unit) + 2 * unit;
    }

    /** Offset of the record CRC from the record's start. */
    static int crcOffset(int length, int unit) {
        return align(HEADER_FIELDS, unit) + align(length, unit);
    }

    static int commitOffset(int length, int unit) {
        return crcOffset(length, unit) + unit;
    }

    /**
     * A commit word counts as written when at most 8 of its 32 bits read 1: a bit or a few lost to
     * ageing leave the record committed, a program cut short (half the word, on the simulator) does not.
     * Either reading is consistent: the commit is programmed only after the record verified.
     */
    static boolean committed(int word) {
        return ones(word) <= 8;
    }

    /** Bits set in {@code v} (EDC's Integer has no bitCount). */
    static int ones(int v) {
        int n = 0;
        for (int x = v; x != 0; x &= x - 1) {
            n++;
        }
        return n;
    }

    static void writeHeader(byte[] b, int seq, int tag, int type, int kind, int flags, int length) {
        putInt(b, 0, RECORD_MAGIC);
        putInt(b, OFF_SEQ, seq);
        putInt(b, OFF_TAG, tag);
        putInt(b, OFF_TYPE_KIND, type | kind << 8);
        putInt(b, OFF_FLAGS, flags);
        putInt(b, OFF_LENGTH, length);
        putInt(b, OFF_HEADER_CRC, Crc32.of(b, 0, OFF_HEADER_CRC));
    }

    /**
     * True when {@code b[0, HEADER_FIELDS)} is a well-formed record header whose record ends within
     * {@code room} bytes: magic, header CRC, a known kind, a valid type, tag >= 0, a length that suits
     * the kind.
     */
    static boolean headerValid(byte[] b, int room, int unit) {
        if (getInt(b, 0) != RECORD_MAGIC || getInt(b, OFF_HEADER_CRC) != Crc32.of(b, 0, OFF_HEADER_CRC)) {
            return false;
        }
        int kind = kind(b);
        int len = length(b);
        if ((getInt(b, OFF_TYPE_KIND) & 0xFFFF0000) != 0 || tag(b) < 0 || !CredentialType.isValid(type(b))) {
            return false;
        }
        if (kind == KIND_DATA ? len < 1 : kind != KIND_TOMBSTONE || len != 0) {
            return false;
        }
        return len <= room && extent(len, unit) <= room;
    }

    static int seq(byte[] b) {
        return getInt(b, OFF_SEQ);
    }

    static int tag(byte[] b) {
        return getInt(b, OFF_TAG);
    }

    static int type(byte[] b) {
        return getInt(b, OFF_TYPE_KIND) & 0xFF;
    }

    static int kind(byte[] b) {
        return (getInt(b, OFF_TYPE_KIND) >>> 8) & 0xFF;
    }

    static int flags(byte[] b) {
        return getInt(b, OFF_FLAGS);
    }

    static int length(byte[] b) {
        return getInt(b, OFF_LENGTH);
    }

    static void writeSectorHeader(byte[] b, int generation) {
        putInt(b, 0, SECTOR_MAGIC);
        putInt(b, 4, VERSION);
        putInt(b, OFF_GENERATION, generation);
        putInt(b, OFF_SECTOR_CRC, Crc32.of(b, 0, OFF_SECTOR_CRC));
    }

    static boolean sectorHeaderValid(byte[] b) {
        return getInt(b, 0) == SECTOR_MAGIC && getInt(b, 4) == VERSION
                && getInt(b, OFF_SECTOR_CRC) == Crc32.of(b, 0, OFF_SECTOR_CRC);
    }

    static int generation(byte[] b) {
        return getInt(b, OFF_GENERATION);
    }

    static int getInt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
