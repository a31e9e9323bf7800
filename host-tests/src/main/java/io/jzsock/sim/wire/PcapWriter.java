package io.jzsock.sim.wire;

import io.jzsock.bsp.Clock;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records frames in the classic libpcap format (what Wireshark and tcpdump open): a 24-byte global
 * header (magic 0xa1b2c3d4 written little-endian, version 2.4, snaplen 65535, LINKTYPE_ETHERNET) and
 * per frame a 16-byte record header (ts_sec, ts_usec, incl_len, orig_len) and the bytes.
 *
 * <p>Timestamps come from the writer's own clock, not from the frame: wall time derived from
 * {@link System#nanoTime()} (anchored once to the wall clock), or a {@link Clock}'s milliseconds so a
 * virtual-time test writes the same file every run. {@link #onFrame} is synchronized, allocates
 * nothing and never throws: an I/O error stops recording and is thrown by {@link #close()}.
 */
public final class PcapWriter implements FrameTap, AutoCloseable {
    public static final int MAGIC = 0xa1b2c3d4;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    public static final int SNAPLEN = 65535;
    public static final int LINKTYPE_ETHERNET = 1;
    static final int GLOBAL_HEADER_LEN = 24;
    static final int RECORD_HEADER_LEN = 16;

    private final OutputStream out;
    private final Clock clock;
    private final long wallMinusNano;
    private final byte[] rec = new byte[RECORD_HEADER_LEN];
    private long records;
    private boolean closed;
    private IOException failure;

    /** Writes {@code file} (created or truncated), stamped with wall-clock time. */
    public PcapWriter(Path file) throws IOException {
        this(Files.newOutputStream(file), null);
    }

    /** Writes {@code file} (created or truncated), stamped with {@code clock}'s time. */
    public PcapWriter(Path file, Clock clock) throws IOException {
        this(Files.newOutputStream(file), requireClock(clock));
    }

    public PcapWriter(OutputStream out) throws IOException {
        this(out, null);
    }

    /** @param clock time source, or null for wall-clock time */
    public PcapWriter(OutputStream out, Clock clock) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.clock = clock;
        wallMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        byte[] h = new byte[GLOBAL_HEADER_LEN];
        putLe32(h, 0, MAGIC);
        putLe16(h, 4, VERSION_MAJOR);
        putLe16(h, 6, VERSION_MINOR);
        putLe32(h, 8, 0); // thiszone: timestamps are UTC
        putLe32(h, 12, 0); // sigfigs
        putLe32(h, 16, SNAPLEN);
        putLe32(h, 20, LINKTYPE_ETHERNET);
        this.out.write(h);
    }

    private static Clock requireClock(Clock c) {
        if (c == null) {
            throw new IllegalArgumentException("clock is null");
        }
        return c;
    }

    /** Appends one record; {@code timeNanos} (the sender's requested TX time) is not used. */
    @Override
    public synchronized void onFrame(byte[] b, int off, int len, long timeNanos) {
        if (closed || failure != null) {
            return;
        }
        long now = clock != null ? clock.nowMillis() * 1_000_000L : wallMinusNano + System.nanoTime();
        int incl = Math.min(len, SNAPLEN);
        putLe32(rec, 0, (int) (now / 1_000_000_000L));
        putLe32(rec, 4, (int) (now % 1_000_000_000L / 1000));
        putLe32(rec, 8, incl);
        putLe32(rec, 12, len);
        try {
            out.write(rec, 0, RECORD_HEADER_LEN);
            out.write(b, off, incl);
            records++;
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Records written so far. */
    public synchronized long records() {
        return records;
    }

    /** Pushes buffered records to the file, e.g. before a test reads it or prints its path. */
    public synchronized void flush() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!closed) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putLe16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }
}
