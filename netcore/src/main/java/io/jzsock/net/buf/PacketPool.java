package io.jzsock.net.buf;

import io.jzsock.net.Errno;

/**
 * A slab of fixed-size packet buffers addressed by int handles, after lwIP's PBUF_POOL. Every frame
 * the stack sends or receives lives in one of these buffers from the driver's DMA descriptor to the
 * socket that reads it; nothing is copied between layers and nothing is allocated after construction.
 *
 * <p>{@code off[h]} is where the current layer's bytes start and {@code len[h]} how many there are.
 * Outgoing packets are born with headroom so each lower layer can {@link #prepend} its header.
 * The metadata arrays ({@code ifindex}, {@code timeNanos}, ...) travel with the buffer.
 *
 * <p>A datagram larger than one buffer (an IP datagram reassembled from fragments) is a chain: the head
 * handle carries the IP and transport headers and the first bytes, {@link #next} links the buffers that
 * hold the rest in order, each with its own {@code off}/{@code len}. Only reassembly builds chains and only
 * the transports that say they take them ({@link #totalLen}, {@link #copyOut}) receive them; releasing the
 * head releases the whole chain.
 *
 * <p>Not thread-safe: the owning {@code NetStack} serialises access with its monitor.
 */
public final class PacketPool {
    /** Metadata flag: the device verified the IPv4 header checksum of this received frame. */
    public static final int RX_IPV4_CSUM_OK = 1;
    /** Metadata flag: the device verified the TCP/UDP/ICMP checksum of this received frame. */
    public static final int RX_L4_CSUM_OK = 2;
    /** Metadata flag: the frame was sent to a link-layer broadcast or multicast address (RFC 1122 §3.3.6). */
    public static final int RX_LINK_GROUP = 4;
    /** Metadata flag: the IPv6 packet carried a Router Alert hop-by-hop option (RFC 2711; MLD needs it, RFC 3810 §5). */
    public static final int RX_ROUTER_ALERT = 8;

    public final byte[][] data;
    public final int[] off;
    public final int[] len;
    /** Interface the frame arrived on / leaves from (0: none yet). */
    public final int[] ifindex;
    /** Offset of the IP header in {@code data[h]}, set by the IP layer on receive. */
    public final int[] l3off;
    /** RX_* flags set by the device (and RX_LINK_GROUP by the link layer). */
    public final int[] flags;
    /** RX: hardware timestamp (ns, 0 if none). TX: requested send time from SCM_TXTIME (ns, 0 = now). */
    public final long[] timeNanos;
    /** TX: SO_PRIORITY of the sending socket, for drivers with priority queues. */
    public final int[] priority;
    /** The next buffer of a chain, or -1 (the last, or not a chain). */
    public final int[] next;

    private final int[] free;
    private final boolean[] inUse;
    private int freeTop;
    private final int bufferSize;

    public PacketPool(int count, int bufferSize) {
        if (count <= 0 || bufferSize < 64) {
            throw new IllegalArgumentException("packet pool needs count > 0 and buffers of at least 64 bytes");
        }
        this.bufferSize = bufferSize;
        data = new byte[count][bufferSize];
        off = new int[count];
        len = new int[count];
        ifindex = new int[count];
        l3off = new int[count];
        flags = new int[count];
        timeNanos = new long[count];
        priority = new int[count];
        next = new int[count];
        free = new int[count];
        inUse = new boolean[count];
        for (freeTop = 0; freeTop < count; freeTop++) {
            free[freeTop] = count - 1 - freeTop;
        }
    }

    /** A handle with {@code headroom} bytes kept in front for headers, or {@code -ENOBUFS} when empty. */
    public int alloc(int headroom) {
        if (freeTop == 0) {
            return -Errno.ENOBUFS;
        }
        int h = free[--freeTop];
        inUse[h] = true;
        off[h] = headroom;
        len[h] = 0;
        ifindex[h] = 0;
        l3off[h] = 0;
        flags[h] = 0;
        timeNanos[h] = 0;
        priority[h] = 0;
        next[h] = -1;
        return h;
    }

    /**
     * Returns the buffer, and every buffer chained behind it, to the pool. Releasing a free handle is a
     * bug in the stack: it throws.
     */
    public void release(int h) {
        do {
            if (h < 0 || h >= data.length || !inUse[h]) {
                throw new IllegalStateException("double release of packet handle " + h);
            }
            int n = next[h];
            next[h] = -1;
            inUse[h] = false;
            free[freeTop++] = h;
            h = n;
        } while (h != -1);
    }

    /** The bytes of h and of every buffer chained behind it. */
    public int totalLen(int h) {
        int n = 0;
        for (int c = h; c >= 0; c = next[c]) {
            n += len[c];
        }
        return n;
    }

    /** The number of buffers in h's chain (1 for a plain packet). */
    public int chainCount(int h) {
        int n = 0;
        for (int c = h; c >= 0; c = next[c]) {
            n++;
        }
        return n;
    }

    /** Copies n bytes of h's chain, starting skip bytes in, to dst; returns the bytes copied (fewer at the end). */
    public int copyOut(int h, int skip, byte[] dst, int dstOff, int n) {
        int copied = 0;
        for (int c = h; c >= 0 && copied < n; c = next[c]) {
            if (skip >= len[c]) {
                skip -= len[c];
                continue;
            }
            int k = Math.min(len[c] - skip, n - copied);
            System.arraycopy(data[c], off[c] + skip, dst, dstOff + copied, k);
            copied += k;
            skip = 0;
        }
        return copied;
    }

    /** Shortens h's chain to n bytes (a transport length below the IP length), releasing buffers past it. */
    public void trim(int h, int n) {
        for (int c = h; c >= 0; c = next[c]) {
            if (n <= len[c]) {
                len[c] = n;
                if (next[c] >= 0) {
                    release(next[c]);
                    next[c] = -1;
                }
                return;
            }
            n -= len[c];
        }
    }

    /**
     * A copy of h's chain (a datagram delivered to several sockets), buffer for buffer with the same offsets
     * and metadata, or -ENOBUFS with nothing allocated when the pool has too few buffers.
     */
    public int duplicate(int h) {
        if (freeTop < chainCount(h)) {
            return -Errno.ENOBUFS;
        }
        int head = -1;
        int tail = -1;
        for (int c = h; c >= 0; c = next[c]) {
            int d = alloc(off[c]);
            System.arraycopy(data[c], 0, data[d], 0, off[c] + len[c]);
            len[d] = len[c];
            l3off[d] = l3off[c];
            ifindex[d] = ifindex[c];
            flags[d] = flags[c];
            timeNanos[d] = timeNanos[c];
            if (tail < 0) {
                head = d;
            } else {
                next[tail] = d;
            }
            tail = d;
        }
        return head;
    }

    /** Makes room for an n-byte header in front of the current bytes; returns the new offset or -ENOBUFS. */
    public int prepend(int h, int n) {
        if (off[h] < n) {
            return -Errno.ENOBUFS;
        }
        off[h] -= n;
        len[h] += n;
        return off[h];
    }

    /** Strips an n-byte header that the current layer has consumed. */
    public void consume(int h, int n) {
        off[h] += n;
        len[h] -= n;
    }

    public int bufferSize() {
        return bufferSize;
    }

    public int capacity() {
        return data.length;
    }

    public int available() {
        return freeTop;
    }

    public boolean isInUse(int h) {
        return inUse[h];
    }
}
