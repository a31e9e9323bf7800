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
        return h;
    }

    /** Returns the buffer to the pool. Releasing a free handle is a bug in the stack: it throws. */
    public void release(int h) {
        if (h < 0 || h >= data.length || !inUse[h]) {
            throw new IllegalStateException("double release of packet handle " + h);
        }
        inUse[h] = false;
        free[freeTop++] = h;
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
