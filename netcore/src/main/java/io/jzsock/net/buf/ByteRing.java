package io.jzsock.net.buf;

/**
 * A byte FIFO over caller-sized storage (smoltcp's {@code RingBuffer}): the stream buffer of a
 * socketpair end now and of a TCP connection later. Reads and writes copy with at most two
 * {@code System.arraycopy} calls; nothing allocates.
 */
public final class ByteRing {
    private final byte[] buf;
    private int head;
    private int size;
    private int limit;

    public ByteRing(int capacity) {
        buf = new byte[capacity];
        limit = capacity;
    }

    /** Bytes that can be written now: the usable capacity (see {@link #setLimit}) less what is queued. */
    public int free() {
        return Math.max(0, limit - size);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return buf.length;
    }

    /** Shrinks (or restores) the usable capacity, as SO_RCVBUF/SO_SNDBUF do; clamped to the storage. */
    public void setLimit(int bytes) {
        limit = Math.max(1, Math.min(bytes, buf.length));
    }

    public int limit() {
        return limit;
    }

    /** Appends up to len bytes; returns how many were taken. */
    public int write(byte[] src, int off, int len) {
        int n = Math.min(len, free());
        int tail = (head + size) % buf.length;
        int first = Math.min(n, buf.length - tail);
        System.arraycopy(src, off, buf, tail, first);
        System.arraycopy(src, off + first, buf, 0, n - first);
        size += n;
        return n;
    }

    /** Copies up to len bytes starting {@code skip} bytes into the queue, without removing them. */
    public int peek(int skip, byte[] dst, int off, int len) {
        if (skip >= size) {
            return 0;
        }
        int n = Math.min(len, size - skip);
        int start = (head + skip) % buf.length;
        int first = Math.min(n, buf.length - start);
        System.arraycopy(buf, start, dst, off, first);
        System.arraycopy(buf, 0, dst, off + first, n - first);
        return n;
    }

    /** Removes up to len bytes into dst; returns how many. */
    public int read(byte[] dst, int off, int len) {
        int n = peek(0, dst, off, len);
        discard(n);
        return n;
    }

    /**
     * Copies len bytes into the free space {@code skip} bytes past the queued data without queueing
     * them: out-of-order TCP data waits there until {@link #commit} makes it readable. The caller
     * keeps {@code skip + len <= free()}.
     */
    public void writeAt(int skip, byte[] src, int off, int len) {
        int at = (head + size + skip) % buf.length;
        int first = Math.min(len, buf.length - at);
        System.arraycopy(src, off, buf, at, first);
        System.arraycopy(src, off + first, buf, 0, len - first);
    }

    /** Makes n bytes already placed by {@link #writeAt} at skip 0 readable. */
    public void commit(int n) {
        size += n;
    }

    public void discard(int n) {
        int k = Math.min(n, size);
        head = (head + k) % buf.length;
        size -= k;
    }

    public void clear() {
        head = 0;
        size = 0;
    }
}
