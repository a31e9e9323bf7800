package io.jzsock.tls;

import io.jzsock.bsp.FlashMemory;
import io.jzsock.net.Errno;

/**
 * Credentials in two sectors of NOR flash, kept across resets and power cuts: a log (DESIGN §6). One
 * sector is <em>active</em>: a sector header, then records appended one after the other; the other is
 * erased, waiting. A put appends a data record, a remove appends a tombstone. When the active sector
 * cannot take the next record, a <em>compaction</em> copies the live records into the other sector,
 * writes that sector's header (generation + 1) last, then erases the old sector. The RAM index (tag,
 * type, flags, length, flash address per slot, {@link CredentialConfig#maxCredentials} slots) is rebuilt
 * by {@link #mount} and answers every lookup; {@link #read} copies from flash into the caller's buffer.
 *
 * <h2>Format</h2>
 * Little-endian words, each part aligned to the program unit (4 bytes on STM32; {@code FlashRecord} has
 * the field offsets). Sector header, 16 bytes: magic "JZCS", format version 1, generation, CRC-32 of the
 * first 12 bytes. Record: a 28-byte header (magic "JZCR", sequence number, tag, type | kind &lt;&lt; 8 with
 * kind 1 data or 2 tombstone, flags, payload length, CRC-32 of those 24 bytes), the payload padded with
 * 0xFF, the record CRC-32 (of the 28 header bytes and the payload) in a word of its own, and the commit
 * word, 0xFFFFFFFF until it is programmed to 0, last. CRC-32 is IEEE 802.3's ({@link Crc32}).
 *
 * <h2>Why a power cut leaves the old or the new state</h2>
 * NOR flash programs by clearing bits and erases whole sectors, neither atomically: a cut leaves the
 * word being programmed, or the 4 KB being erased, half done. So every state change ends with one
 * <em>deciding</em> write, made only once everything it commits is programmed and read back:
 * <ol>
 * <li>Append (put or remove): header, payload and record CRC are programmed and verified against the
 *     CRC, then the commit word is programmed (0xFFFFFFFF to 0). Cut before the commit: the record is
 *     pending and the scan skips it (its header tells its length); a torn header is garbage, which the
 *     scan cannot step over, so mount compacts the sector (below). Cut during the commit: the word reads
 *     committed only if at most 8 of its bits stayed 1, and the record is then complete either way.</li>
 * <li>Compaction: the target sector is erased (if not already blank), the live records copied (each
 *     checked against its CRC while it is read; a record that fails is not committed in the copy), and
 *     the target's sector header, whose CRC is its last word, programmed last. Before that header is
 *     whole the target is not a valid sector, and mount erases it: the source still holds everything.
 *     After it, two valid sectors exist and mount keeps the one of higher generation, erasing the other.
 *     The contents are the same either way, so a compaction on its own never changes the state.</li>
 * <li>Erase of the old sector: cut half-way, it has no valid header (or a lower generation) and mount
 *     erases it again. Any sector that is neither the current one nor blank to its last byte is erased
 *     at mount.</li>
 * </ol>
 * A remove that finds no room for its tombstone compacts without the removed record instead, so the
 * target's header is its deciding write. Mount: read both sector headers; none valid means an empty
 * store (blank sectors) or garbage, and formats (erases what is not blank, writes header generation 1
 * on sector A); both valid keeps the higher generation (serial-number order). Then it scans the current
 * sector's records in order: data records fill the index (a later one of the same key replaces an
 * earlier), tombstones clear it, pending records are ignored, committed records whose CRC fails are
 * dropped and counted ({@link #droppedRecords}). A header that fails its CRC in the middle of the log
 * (bit rot) is stepped over by searching for the next valid header with a higher sequence number, and
 * counted; after the last record the sector must be blank to its end, else (a torn append) mount
 * compacts it so appends never follow garbage. A damaged header in the last record cannot be told from a
 * torn append, and that record is then dropped without being counted; so is a deleted credential whose
 * tombstone rots (it comes back).
 *
 * <h2>Space, wear, cost</h2>
 * A record takes {@code 28 + align4(length) + 8} bytes on STM32 (program unit 4), a tombstone 36.
 * The live records must fit in the smaller sector less its 16-byte header: a put that would exceed it is
 * {@code -ENOMEM} before anything is written, so a compaction always fits. A compaction costs one erase,
 * of the old sector after the copy (the target was left erased by the previous one; it is erased first
 * only if a failure left it dirty), so the two sectors take turns and wear evenly. F4 sectors
 * 12 and 13 of the F429 are 16 KB; F7 sectors are 32 KB (0..3), 128 KB (4) or 256 KB: two 256 KB sectors
 * are 512 KB of a 2 MB part for a few KB of credentials, and erasing one takes of the order of a second
 * (the datasheets' sector erase time), during which reads of that flash bank, and code running from it,
 * stall. The 32 KB F7 sectors erase faster but sit next to the vector table at the start of the image.
 * Mount reads both sectors completely (blank check).
 *
 * <p>Errors: {@code -EIO} when the flash reports an error (including write protection) or a read-back
 * differs; the operation then changed nothing the caller can see (an append that failed leaves a pending
 * record, and the next put compacts first). Not thread-safe ({@link TlsCredentials} serialises);
 * allocates only in the constructor. Flash is unlocked for each writing call and locked after it.
 */
public final class FlashCredentialStore implements CredentialStore {
    private static final int CHUNK = 256;

    private final FlashSectors io;
    private final int unit;
    private final int headerBytes;
    private final int sectorHeaderBytes;
    private final int maxCredentialBytes;

    private final FlashIndex index;
    private final FlashScan log;

    /** Header being written or read, then one word. */
    private final byte[] hdr;
    /** Payload chunks and blank checks. */
    private final byte[] chunk;

    private boolean mounted;
    private int active;
    private int generation;
    private int writePtr;
    private int nextSeq;
    private int dropped;

    /** Over two distinct sectors of flash; sizes (entries, bytes per credential) from cfg. Allocates its index here. */
    public FlashCredentialStore(FlashMemory flash, int sectorA, int sectorB, CredentialConfig cfg) {
        if (flash == null || cfg == null) {
            throw new IllegalArgumentException("FlashCredentialStore: flash and cfg are required");
        }
        cfg.validate();
        int n = flash.sectorCount();
        if (sectorA == sectorB || sectorA < 0 || sectorB < 0 || sectorA >= n || sectorB >= n) {
            throw new IllegalArgumentException("FlashCredentialStore: two distinct sectors of the flash");
        }
        int pu = flash.programUnit();
        if (pu < 1 || pu > 64 || (pu & (pu - 1)) != 0) {
            throw new IllegalArgumentException("FlashCredentialStore: program unit must be a power of two <= 64");
        }
        unit = Math.max(4, pu);
        headerBytes = FlashRecord.align(FlashRecord.HEADER_FIELDS, unit);
        sectorHeaderBytes = FlashRecord.align(FlashRecord.SECTOR_FIELDS, unit);
        io = new FlashSectors(flash, sectorA, sectorB, Math.max(CHUNK, unit));
        maxCredentialBytes = cfg.maxCredentialBytes;
        if (capacityBytes() < FlashRecord.extent(maxCredentialBytes, unit)) {
            throw new IllegalArgumentException("FlashCredentialStore: a sector must hold one credential of "
                    + "maxCredentialBytes");
        }
        index = new FlashIndex(cfg.maxCredentials);
        hdr = new byte[Math.max(headerBytes, Math.max(sectorHeaderBytes, unit))];
        chunk = new byte[Math.max(CHUNK, unit)];
        log = new FlashScan(io, index, hdr, chunk, unit, headerBytes, sectorHeaderBytes);
    }

    /**
     * Scans both sectors, rebuilds the index, ignores torn records, finishes an interrupted compaction
     * (or erases a half-erased sector). Must be called once before any other call; 0, or -EIO.
     */
    public int mount() {
        mounted = false;
        dropped = 0;
        index.clearAll();
        int r = mountSectors();
        io.lockIfUnlocked();
        if (r < 0) {
            return r;
        }
        mounted = true;
        return 0;
    }

    private int mountSectors() {
        int validA = readSectorHeader(0);
        int genA = FlashRecord.generation(hdr);
        int validB = readSectorHeader(1);
        int genB = FlashRecord.generation(hdr);
        if (validA < 0 || validB < 0) {
            return -Errno.EIO;
        }
        int current;
        if (validA == 1 && validB == 1) {
            current = genB - genA > 0 ? 1 : 0;
        } else if (validA == 1) {
            current = 0;
        } else if (validB == 1) {
            current = 1;
        } else {
            return format();
        }
        active = current;
        generation = current == 0 ? genA : genB;
        int other = 1 - current;
        int b = io.checkBlank(other);
        if (b < 0) {
            return b;
        }
        if (b == 0) {
            // Half erased, an unfinished compaction copy, or the older of two valid sectors.
            io.erase(other);
        }
        int torn = log.scan(active);
        if (torn < 0) {
            return torn;
        }
        writePtr = log.writePtr;
        nextSeq = log.nextSeq;
        dropped = log.dropped;
        if (torn == 1) {
            // Appends must not follow garbage; a failed compaction leaves writePtr at the end, so the
            // next put tries again.
            if (io.unlock() == 0) {
                compact(-1);
            }
        }
        return 0;
    }

    /** An empty (or unreadable) store: every non-blank sector erased, header generation 1 on sector A. */
    private int format() {
        for (int w = 0; w < 2; w++) {
            int b = io.checkBlank(w);
            if (b < 0) {
                return b;
            }
            if (b == 0 && io.erase(w) < 0) {
                return -Errno.EIO;
            }
        }
        int r = writeSectorHeader(0, 1);
        if (r < 0) {
            return r;
        }
        active = 0;
        generation = 1;
        writePtr = io.base[0] + sectorHeaderBytes;
        nextSeq = 1;
        return 0;
    }

    /**
     * Records rejected at the last mount because their CRC failed (bit rot), for `run`/`cred list` to report.
     * Also counts a mid-log header that failed its CRC, a record beyond the index's slots, and a record a
     * later compaction found corrupt (it is not copied).
     */
    public int droppedRecords() {
        return dropped;
    }

    /** Erases of sectorA (which == 0) or sectorB (which == 1) since construction (wear accounting). */
    public int eraseCount(int which) {
        return io.erases[which];
    }

    /** Bytes of flash the live records use, and bytes still programmable in the active sector. */
    public int bytesUsed() {
        return index.liveBytes(-1, unit);
    }

    public int bytesFree() {
        return io.end(active) - writePtr;
    }

    /** The sector (0 = sectorA, 1 = sectorB) records are appended to. */
    public int activeSector() {
        return active;
    }

    /** Compactions so far of the sector pair, as the active sector's header counts them (from 1). */
    public int generation() {
        return generation;
    }

    @Override
    public int put(int tag, int type, int flags, byte[] data, int off, int len) {
        requireMounted();
        if (find(tag, type) >= 0) {
            return -Errno.EEXIST;
        }
        int slot = index.freeSlot();
        int need = FlashRecord.extent(len, unit);
        if (slot < 0 || len > maxCredentialBytes || index.liveBytes(-1, unit) + need > capacityBytes()) {
            return -Errno.ENOMEM;
        }
        int r = io.unlock();
        if (r == 0 && writePtr + need > io.end(active)) {
            r = compact(-1);
        }
        if (r == 0) {
            r = append(FlashRecord.KIND_DATA, tag, type, flags, data, off, len);
        }
        io.lockIfUnlocked();
        if (r < 0) {
            return r;
        }
        index.set(slot, tag, type, flags, len, r);
        return 0;
    }

    @Override
    public int find(int tag, int type) {
        int slot = index.find(tag, type);
        return slot < 0 ? -Errno.ENOENT : slot;
    }

    @Override
    public int tag(int slot) {
        return index.tags[slot];
    }

    @Override
    public int type(int slot) {
        return index.types[slot];
    }

    @Override
    public int flags(int slot) {
        return index.flags[slot];
    }

    @Override
    public int length(int slot) {
        return index.lengths[slot];
    }

    @Override
    public int read(int slot, byte[] dst, int off) {
        int r = io.flash.read(index.addrs[slot] + headerBytes, dst, off, index.lengths[slot]);
        return r < 0 ? -Errno.EIO : index.lengths[slot];
    }

    @Override
    public int remove(int tag, int type) {
        requireMounted();
        int slot = find(tag, type);
        if (slot < 0) {
            return slot;
        }
        int r = io.unlock();
        if (r == 0) {
            if (writePtr + FlashRecord.extent(0, unit) > io.end(active)) {
                r = compact(slot);
            } else {
                r = append(FlashRecord.KIND_TOMBSTONE, tag, type, 0, null, 0, 0);
            }
        }
        io.lockIfUnlocked();
        if (r < 0) {
            return r;
        }
        index.clear(slot);
        return 0;
    }

    @Override
    public int next(int slot) {
        return index.next(slot);
    }

    @Override
    public int capacity() {
        return index.capacity();
    }

    /**
     * Appends one record at writePtr: its address, or -EIO. After a failure the tail holds unknown bytes,
     * so writePtr moves to the sector's end and the next append compacts first.
     */
    private int append(int kind, int tag, int type, int flags, byte[] data, int off, int len) {
        int p = writePtr;
        int seq = nextSeq;
        FlashSectors.fill(hdr);
        FlashRecord.writeHeader(hdr, seq, tag, type, kind, flags, len);
        int crc = Crc32.update(Crc32.START, hdr, 0, FlashRecord.HEADER_FIELDS);
        crc = Crc32.finish(Crc32.update(crc, data == null ? hdr : data, off, len));
        writePtr = io.end(active);
        int whole = len & -unit;
        if (io.program(p, hdr, 0, headerBytes) < 0
                || (whole > 0 && io.program(p + headerBytes, data, off, whole) < 0)) {
            return -Errno.EIO;
        }
        if (whole < len) {
            FlashSectors.fill(chunk);
            System.arraycopy(data, off + whole, chunk, 0, len - whole);
            if (io.program(p + headerBytes + whole, chunk, 0, unit) < 0) {
                return -Errno.EIO;
            }
        }
        int r = finishRecord(p, len, crc);
        if (r < 0) {
            return r;
        }
        nextSeq = seq + 1;
        writePtr = p + FlashRecord.extent(len, unit);
        return p;
    }

    /** Programs the CRC, verifies the record against it, then commits: 0 or -EIO. */
    private int finishRecord(int p, int len, int crc) {
        FlashSectors.fill(hdr);
        FlashRecord.putInt(hdr, 0, crc);
        if (io.program(p + FlashRecord.crcOffset(len, unit), hdr, 0, unit) < 0) {
            return -Errno.EIO;
        }
        // Read back: the record must match its CRC, and that CRC the one computed from the source.
        if (log.crcMatches(p, len) != 1 || io.read(p + FlashRecord.crcOffset(len, unit), hdr, 4) < 0
                || FlashRecord.getInt(hdr, 0) != crc) {
            return -Errno.EIO;
        }
        FlashSectors.fill(hdr);
        FlashRecord.putInt(hdr, 0, FlashRecord.COMMITTED);
        int commit = p + FlashRecord.commitOffset(len, unit);
        io.program(commit, hdr, 0, unit);
        // The commit decides; what it reads as is what the next mount will see.
        if (io.read(commit, hdr, 4) < 0 || !FlashRecord.committed(FlashRecord.getInt(hdr, 0))) {
            return -Errno.EIO;
        }
        return 0;
    }

    /**
     * Copies the live records except {@code skip} into the other sector, then makes it active and erases
     * the old one: 0, -ENOMEM (the live records do not fit; nothing written) or -EIO (the active sector
     * is unchanged, the other one dirty).
     */
    private int compact(int skip) {
        int t = 1 - active;
        if (sectorHeaderBytes + index.liveBytes(skip, unit) > io.size[t]) {
            return -Errno.ENOMEM;
        }
        if (!io.blank[t] && io.erase(t) < 0) {
            return -Errno.EIO;
        }
        io.blank[t] = false;
        int p = io.base[t] + sectorHeaderBytes;
        int seq = 1;
        for (int s = index.next(-1); s >= 0; s = index.next(s)) {
            if (s == skip) {
                continue;
            }
            int r = copyRecord(s, p, seq);
            if (r < 0) {
                return r;
            }
            index.moved[s] = r == 1 ? p : -1;
            p += FlashRecord.extent(index.lengths[s], unit);
            seq++;
        }
        if (writeSectorHeader(t, generation + 1) < 0) {
            return -Errno.EIO;
        }
        for (int s = index.next(-1); s >= 0; s = index.next(s)) {
            if (s == skip || index.moved[s] < 0) {
                dropped += s == skip ? 0 : 1;
                index.clear(s);
            } else {
                index.addrs[s] = index.moved[s];
            }
        }
        int old = active;
        active = t;
        generation++;
        writePtr = p;
        nextSeq = seq;
        // A failed erase only leaves a sector of lower generation behind; mount or the next compaction
        // erases it again.
        io.erase(old);
        return 0;
    }

    /**
     * Copies slot's record to p with sequence number seq, checking the source against its CRC on the way:
     * 1 copied and committed, 0 the source failed its CRC (the copy stays pending), or -EIO.
     */
    private int copyRecord(int slot, int p, int seq) {
        int src = index.addrs[slot];
        int len = index.lengths[slot];
        if (io.read(src, hdr, FlashRecord.HEADER_FIELDS) < 0) {
            return -Errno.EIO;
        }
        int oldCrc = Crc32.update(Crc32.START, hdr, 0, FlashRecord.HEADER_FIELDS);
        FlashSectors.fill(hdr);
        FlashRecord.writeHeader(hdr, seq, index.tags[slot], index.types[slot], FlashRecord.KIND_DATA,
                index.flags[slot], len);
        int crc = Crc32.update(Crc32.START, hdr, 0, FlashRecord.HEADER_FIELDS);
        if (io.program(p, hdr, 0, headerBytes) < 0) {
            return -Errno.EIO;
        }
        for (int done = 0; done < len; ) {
            int n = Math.min(chunk.length, len - done);
            FlashSectors.fill(chunk);
            if (io.read(src + headerBytes + done, chunk, n) < 0) {
                return -Errno.EIO;
            }
            oldCrc = Crc32.update(oldCrc, chunk, 0, n);
            crc = Crc32.update(crc, chunk, 0, n);
            if (io.program(p + headerBytes + done, chunk, 0, FlashRecord.align(n, unit)) < 0) {
                return -Errno.EIO;
            }
            done += n;
        }
        if (io.read(src + FlashRecord.crcOffset(len, unit), hdr, 4) < 0) {
            return -Errno.EIO;
        }
        if (FlashRecord.getInt(hdr, 0) != Crc32.finish(oldCrc)) {
            return 0;
        }
        return finishRecord(p, len, Crc32.finish(crc)) < 0 ? -Errno.EIO : 1;
    }

    /** 1 valid (its generation left in hdr), 0 not, -EIO. */
    private int readSectorHeader(int which) {
        if (io.read(io.base[which], hdr, FlashRecord.SECTOR_FIELDS) < 0) {
            return -Errno.EIO;
        }
        return FlashRecord.sectorHeaderValid(hdr) ? 1 : 0;
    }

    private int writeSectorHeader(int which, int gen) {
        FlashSectors.fill(hdr);
        FlashRecord.writeSectorHeader(hdr, gen);
        if (io.unlock() < 0 || io.program(io.base[which], hdr, 0, sectorHeaderBytes) < 0) {
            return -Errno.EIO;
        }
        if (readSectorHeader(which) != 1 || FlashRecord.generation(hdr) != gen) {
            return -Errno.EIO;
        }
        io.blank[which] = false;
        return 0;
    }

    private void requireMounted() {
        if (!mounted) {
            throw new IllegalStateException("FlashCredentialStore: mount() first");
        }
    }

    /** Room for live records: the smaller sector less its header, so a compaction always fits. */
    private int capacityBytes() {
        return Math.min(io.size[0], io.size[1]) - sectorHeaderBytes;
    }

}
