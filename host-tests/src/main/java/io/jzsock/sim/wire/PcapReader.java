package io.jzsock.sim.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a classic libpcap file back, for assertions: either byte order, microsecond (0xa1b2c3d4) or
 * nanosecond (0xa1b23c4d) magic. A test helper, so it allocates freely.
 */
public final class PcapReader {
    public static final int MAGIC_NANOS = 0xa1b23c4d;

    /** One captured frame. {@code tsFraction} is microseconds, or nanoseconds if the file says so. */
    public record Record(long tsSec, long tsFraction, int inclLen, int origLen, byte[] data) {
    }

    private final ByteOrder order;
    private final boolean nanos;
    private final int versionMajor;
    private final int versionMinor;
    private final int thiszone;
    private final int snaplen;
    private final int linkType;
    private final List<Record> records;

    private PcapReader(ByteOrder order, boolean nanos, ByteBuffer h, List<Record> records) {
        this.order = order;
        this.nanos = nanos;
        versionMajor = h.getShort(4) & 0xffff;
        versionMinor = h.getShort(6) & 0xffff;
        thiszone = h.getInt(8);
        snaplen = h.getInt(16);
        linkType = h.getInt(20);
        this.records = Collections.unmodifiableList(records);
    }

    public static PcapReader read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static PcapReader read(InputStream in) throws IOException {
        byte[] gh = readFully(in, PcapWriter.GLOBAL_HEADER_LEN);
        if (gh == null) {
            throw new EOFException("no pcap global header");
        }
        ByteBuffer h = ByteBuffer.wrap(gh).order(ByteOrder.LITTLE_ENDIAN);
        int magic = h.getInt(0);
        if (magic != PcapWriter.MAGIC && magic != MAGIC_NANOS) {
            h.order(ByteOrder.BIG_ENDIAN);
            magic = h.getInt(0);
            if (magic != PcapWriter.MAGIC && magic != MAGIC_NANOS) {
                throw new IOException("not a pcap file: magic " + Integer.toHexString(magic));
            }
        }
        List<Record> recs = new ArrayList<>();
        while (true) {
            byte[] rh = readFully(in, PcapWriter.RECORD_HEADER_LEN);
            if (rh == null) {
                break;
            }
            ByteBuffer r = ByteBuffer.wrap(rh).order(h.order());
            int incl = r.getInt(8);
            if (incl < 0 || incl > 0x4000000) {
                throw new IOException("corrupt pcap record: incl_len " + incl);
            }
            byte[] data = readFully(in, incl);
            if (data == null) {
                throw new EOFException("pcap record " + recs.size() + " truncated");
            }
            recs.add(new Record(r.getInt(0) & 0xffffffffL, r.getInt(4) & 0xffffffffL, incl, r.getInt(12), data));
        }
        return new PcapReader(h.order(), magic == MAGIC_NANOS, h, recs);
    }

    /** Exactly n bytes, or null at a clean end of stream before the first byte; EOF inside throws. */
    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length == 0 && n > 0) {
            return null;
        }
        if (b.length < n) {
            throw new EOFException("pcap file ends inside a " + n + "-byte block");
        }
        return b;
    }

    public ByteOrder byteOrder() {
        return order;
    }

    public boolean nanosecondTimestamps() {
        return nanos;
    }

    public int versionMajor() {
        return versionMajor;
    }

    public int versionMinor() {
        return versionMinor;
    }

    public int thiszone() {
        return thiszone;
    }

    public int snaplen() {
        return snaplen;
    }

    public int linkType() {
        return linkType;
    }

    public List<Record> records() {
        return records;
    }
}
