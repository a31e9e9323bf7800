package io.jzsock.tls;

import io.jzsock.net.Errno;

/**
 * The start-up scan of {@link FlashCredentialStore}'s current sector, and the CRC check of one record that
 * the scan, an append's read-back and a compaction's copy share. Fills the store's {@link FlashIndex}:
 * data records in log order (a later record of a key replaces an earlier), tombstones clear, pending
 * records are skipped by their length, committed ones failing their CRC are dropped and counted, a
 * header failing its CRC mid-log is stepped over by finding the next valid header of a higher sequence
 * number (counted), and anything but 0xFF after the last record reports a torn tail.
 */
final class FlashScan {
    private final FlashSectors io;
    private final FlashIndex index;
    private final byte[] hdr;
    private final byte[] chunk;
    private final int unit;
    private final int headerBytes;
    private final int sectorHeaderBytes;

    /** Results of the last {@link #scan}: where appends go next, the next sequence number, records dropped. */
    int writePtr;
    int nextSeq;
    int dropped;

    FlashScan(FlashSectors io, FlashIndex index, byte[] hdr, byte[] chunk, int unit, int headerBytes,
            int sectorHeaderBytes) {
        this.io = io;
        this.index = index;
        this.hdr = hdr;
        this.chunk = chunk;
        this.unit = unit;
        this.headerBytes = headerBytes;
        this.sectorHeaderBytes = sectorHeaderBytes;
    }

    /**
     * Rebuilds the index from sector {@code which}; sets writePtr, nextSeq and dropped. 0, 1 when the log ends in
     * garbage (writePtr is then the sector's end), or -EIO.
     */
    int scan(int which) {
        dropped = 0;
        int end = io.end(which);
        int p = io.base[which] + sectorHeaderBytes;
        boolean haveSeq = false;
        int lastSeq = 0;
        boolean torn = false;
        while (p + FlashRecord.extent(0, unit) <= end) {
            if (io.read(p, hdr, FlashRecord.HEADER_FIELDS) < 0) {
                return -Errno.EIO;
            }
            if (FlashSectors.allErased(hdr, FlashRecord.HEADER_FIELDS)) {
                break;
            }
            if (!acceptable(end - p, haveSeq, lastSeq)) {
                int q = resync(p + unit, end, haveSeq, lastSeq);
                if (q == -Errno.EIO) {
                    return q;
                }
                if (q < 0) {
                    torn = true;
                    break;
                }
                dropped++;
                p = q;
                continue;
            }
            lastSeq = FlashRecord.seq(hdr);
            haveSeq = true;
            int len = FlashRecord.length(hdr);
            int r = applyRecord(p);
            if (r < 0) {
                return r;
            }
            p += FlashRecord.extent(len, unit);
        }
        if (!torn) {
            int b = io.isBlank(p, end);
            if (b < 0) {
                return b;
            }
            torn = b == 0;
        }
        writePtr = torn ? end : p;
        nextSeq = haveSeq ? lastSeq + 1 : 1;
        return torn ? 1 : 0;
    }

    /** hdr holds a valid header, in order, whose record fits in room. */
    private boolean acceptable(int room, boolean haveSeq, int lastSeq) {
        return FlashRecord.headerValid(hdr, room, unit) && (!haveSeq || FlashRecord.seq(hdr) - lastSeq > 0);
    }

    /** The address of the next acceptable header from {@code from}, -1 if none, or -EIO; leaves it in hdr. */
    private int resync(int from, int end, boolean haveSeq, int lastSeq) {
        for (int q = from; q + FlashRecord.extent(0, unit) <= end; q += unit) {
            if (io.read(q, hdr, 4) < 0) {
                return -Errno.EIO;
            }
            if (FlashRecord.getInt(hdr, 0) != FlashRecord.RECORD_MAGIC) {
                continue;
            }
            if (io.read(q, hdr, FlashRecord.HEADER_FIELDS) < 0) {
                return -Errno.EIO;
            }
            if (acceptable(end - q, haveSeq, lastSeq)) {
                return q;
            }
        }
        return -1;
    }

    /** The record at p, whose header is in hdr and valid: into the index if committed and whole. */
    private int applyRecord(int p) {
        int len = FlashRecord.length(hdr);
        int tag = FlashRecord.tag(hdr);
        int type = FlashRecord.type(hdr);
        int kind = FlashRecord.kind(hdr);
        int flags = FlashRecord.flags(hdr);
        if (io.read(p + FlashRecord.commitOffset(len, unit), hdr, 4) < 0) {
            return -Errno.EIO;
        }
        if (!FlashRecord.committed(FlashRecord.getInt(hdr, 0))) {
            return 0;
        }
        int ok = crcMatches(p, len);
        if (ok < 0) {
            return ok;
        }
        if (ok == 0) {
            dropped++;
            return 0;
        }
        int slot = index.find(tag, type);
        if (kind == FlashRecord.KIND_TOMBSTONE) {
            if (slot >= 0) {
                index.clear(slot);
            }
            return 0;
        }
        if (slot < 0) {
            slot = index.freeSlot();
        }
        if (slot < 0) {
            dropped++;
            return 0;
        }
        index.set(slot, tag, type, flags, len, p);
        return 0;
    }

    /** 1 when the record at p (length len) matches its CRC, 0 when not, or -EIO. */
    int crcMatches(int p, int len) {
        if (io.read(p, hdr, FlashRecord.HEADER_FIELDS) < 0) {
            return -Errno.EIO;
        }
        int crc = Crc32.update(Crc32.START, hdr, 0, FlashRecord.HEADER_FIELDS);
        for (int done = 0; done < len; ) {
            int n = Math.min(chunk.length, len - done);
            if (io.read(p + headerBytes + done, chunk, n) < 0) {
                return -Errno.EIO;
            }
            crc = Crc32.update(crc, chunk, 0, n);
            done += n;
        }
        if (io.read(p + FlashRecord.crcOffset(len, unit), hdr, 4) < 0) {
            return -Errno.EIO;
        }
        return FlashRecord.getInt(hdr, 0) == Crc32.finish(crc) ? 1 : 0;
    }
}
