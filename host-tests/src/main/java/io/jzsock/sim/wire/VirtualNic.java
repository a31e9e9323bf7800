package io.jzsock.sim.wire;

import io.jzsock.net.Errno;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;

/**
 * A simulated Ethernet NIC for host tests: MAC filter, MTU 1500, optional checksum offload, link state
 * and an RX staging ring of preallocated frame buffers, standing in for the descriptor ring of a real
 * MAC. A {@link Medium} (wire, switch) fills the ring from the sending stack's thread through
 * {@link #deliver}; the owning stack drains it with {@link #receive()}. Nothing is allocated per frame.
 *
 * <p>Locking: one private lock guards the ring, the filter and the counters. It is a leaf lock: while
 * holding it the NIC calls neither the medium nor the stack, so a medium may hold its own lock while
 * delivering here. {@code rxReady.run()} is called after the lock is released.
 *
 * <p>{@code rxDropped} counts frames the NIC accepted for this address but could not keep: staging
 * full ({@code rxOverrun}), link down or device closed, too short or too long for the ring or the pool.
 * Frames the MAC filter rejects are counted apart, in {@code rxFiltered}, as real NICs do.
 *
 * <p>Received frames carry no hardware timestamp ({@code timeNanos} 0): the time a medium passes
 * along is the sender's requested transmit time, which {@link #lastTxTimeNanos()} exposes on the
 * sending side for tests of SCM_TXTIME.
 */
public final class VirtualNic implements NetDevice, FrameSink {
    public static final int MTU = 1500;
    /** Largest frame without FCS: 14-byte header, one 802.1Q tag, 1500 bytes of payload. */
    public static final int MAX_FRAME = Mac.HEADER_LEN + 4 + MTU;
    /** Offset of a received frame in its pool buffer: 2, so the IP header after 14 bytes is 4-aligned. */
    public static final int RX_HEADROOM = 2;
    public static final int DEFAULT_STAGING_FRAMES = 64;
    /** Hardware multicast filters are small; past this many groups the NIC accepts all multicast. */
    public static final int MULTICAST_FILTER_SLOTS = 32;

    private final Object lock = new Object();
    private final byte[] mac = new byte[Mac.LEN];
    private final long macBits;

    private final byte[][] staged;
    private final int[] stagedLen;
    private final int mask;
    private long head;
    private long tail;

    private final long[] multicast = new long[MULTICAST_FILTER_SLOTS];
    private int multicastCount;
    private boolean allMulticast;
    private boolean promiscuous;

    private PacketPool pool;
    private Runnable rxReady;
    private Medium medium;
    private int port;
    private boolean link = true;
    private int txCsum;
    private int rxCsum;
    /** Offloaded checksums are neither computed nor verified: {@link #setChecksumsUnnecessary}. */
    private boolean csumUnnecessary;

    private long rxFrames;
    private long txFrames;
    private long rxDropped;
    private long txDropped;
    private long rxNoBuffer;
    private long rxOverrun;
    private long rxFiltered;
    private long lastTxTimeNanos;
    private long txTimedFrames;

    public VirtualNic(byte[] mac) {
        this(mac, DEFAULT_STAGING_FRAMES);
    }

    /** @param stagingFrames frames the RX ring holds, rounded up to a power of two */
    public VirtualNic(byte[] mac, int stagingFrames) {
        if (mac == null || mac.length != Mac.LEN) {
            throw new IllegalArgumentException("a MAC address is 6 bytes");
        }
        if (stagingFrames < 1) {
            throw new IllegalArgumentException("staging needs at least one frame");
        }
        System.arraycopy(mac, 0, this.mac, 0, Mac.LEN);
        macBits = Mac.toLong(mac, 0);
        int cap = 1;
        while (cap < stagingFrames) {
            cap <<= 1;
        }
        staged = new byte[cap][MAX_FRAME];
        stagedLen = new int[cap];
        mask = cap - 1;
    }

    /** Plugs the NIC into a medium; {@code port} is what it passes back on every {@link Medium#send}. */
    public void attach(Medium m, int port) {
        synchronized (lock) {
            if (medium != null) {
                throw new IllegalStateException("NIC is already attached");
            }
            medium = m;
            this.port = port;
        }
        wake();
    }

    public boolean isAttached() {
        synchronized (lock) {
            return medium != null;
        }
    }

    public void detach() {
        synchronized (lock) {
            medium = null;
        }
        wake();
    }

    /** Cable in or out. Wakes the stack so it sees the change; frames arriving while down are dropped. */
    public void setLink(boolean up) {
        synchronized (lock) {
            link = up;
        }
        wake();
    }

    public void setPromiscuous(boolean on) {
        synchronized (lock) {
            promiscuous = on;
        }
    }

    /** CSUM_* bits the NIC fills on transmit and verifies on receive; call before handing it to a stack. */
    public void setChecksumOffload(int txCaps, int rxCaps) {
        synchronized (lock) {
            txCsum = txCaps;
            rxCsum = rxCaps;
            csumUnnecessary = false;
        }
    }

    /**
     * Declares the CSUM_* bits {@code caps} offloaded both ways and computes none of them, as Linux's
     * loopback device does (lo advertises checksum offload, so the sender leaves the fields unfilled, and
     * marks what it receives CHECKSUM_UNNECESSARY): received frames are flagged verified
     * ({@link OffloadChecksums#unnecessary}) whatever their checksum fields hold. Only for media that
     * cannot corrupt a frame, such as the in-memory switch: benchmarks comparing with the kernel's
     * loopback. Call before handing the NIC to a stack.
     */
    public void setChecksumsUnnecessary(int caps) {
        synchronized (lock) {
            txCsum = caps;
            rxCsum = caps;
            csumUnnecessary = true;
        }
    }

    @Override
    public void open(PacketPool pool, Runnable rxReady) {
        synchronized (lock) {
            this.pool = pool;
            this.rxReady = rxReady;
            head = tail;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            pool = null;
            rxReady = null;
            head = tail;
        }
    }

    @Override
    public int receive() {
        synchronized (lock) {
            while (head != tail && pool != null) {
                int slot = (int) (head & mask);
                int n = stagedLen[slot];
                if (n + RX_HEADROOM > pool.bufferSize()) {
                    head++;
                    rxDropped++;
                    continue;
                }
                int h = pool.alloc(RX_HEADROOM);
                if (h < 0) {
                    rxNoBuffer++; // the frame stays staged and is retried on the next poll
                    return -Errno.EAGAIN;
                }
                System.arraycopy(staged[slot], 0, pool.data[h], RX_HEADROOM, n);
                pool.len[h] = n;
                if (rxCsum != 0) {
                    pool.flags[h] = csumUnnecessary
                            ? OffloadChecksums.unnecessary(pool.data[h], RX_HEADROOM, n, rxCsum)
                            : OffloadChecksums.verify(pool.data[h], RX_HEADROOM, n, rxCsum);
                }
                head++;
                rxFrames++;
                return h;
            }
            return -Errno.EAGAIN;
        }
    }

    @Override
    public int transmit(int h) {
        PacketPool p;
        Medium m;
        int myPort;
        int csum;
        synchronized (lock) {
            p = pool;
            m = medium;
            myPort = port;
            csum = csumUnnecessary ? 0 : txCsum;
            if (p == null) {
                throw new IllegalStateException("transmit on a NIC that is not open");
            }
            int n = p.len[h];
            if (!link || m == null || n < Mac.HEADER_LEN || n > MAX_FRAME) {
                txDropped++;
                p.release(h);
                return !link || m == null ? -Errno.ENETDOWN : -Errno.EMSGSIZE;
            }
            long t = p.timeNanos[h];
            if (t != 0) {
                lastTxTimeNanos = t;
                txTimedFrames++;
            }
            txFrames++;
        }
        // Outside the lock: the medium takes the receivers' locks, and the peer may be sending to us.
        if (csum != 0) {
            OffloadChecksums.fill(p.data[h], p.off[h], p.len[h], csum);
        }
        m.send(myPort, p.data[h], p.off[h], p.len[h], p.timeNanos[h]);
        p.release(h);
        return 0;
    }

    @Override
    public void deliver(byte[] frame, int off, int len, long timeNanos) {
        Runnable wake;
        synchronized (lock) {
            if (len >= Mac.HEADER_LEN && !accepts(Mac.toLong(frame, off))) {
                rxFiltered++;
                return;
            }
            if (pool == null || !link || len < Mac.HEADER_LEN || len > MAX_FRAME) {
                rxDropped++;
                return;
            }
            if (tail - head == staged.length) {
                rxOverrun++;
                rxDropped++;
                return;
            }
            int slot = (int) (tail & mask);
            System.arraycopy(frame, off, staged[slot], 0, len);
            stagedLen[slot] = len;
            tail++;
            wake = rxReady;
        }
        if (wake != null) {
            wake.run();
        }
    }

    private boolean accepts(long dst) {
        if (promiscuous || dst == macBits || dst == Mac.BROADCAST) {
            return true;
        }
        if (!Mac.isMulticast(dst)) {
            return false;
        }
        if (allMulticast) {
            return true;
        }
        for (int i = 0; i < multicastCount; i++) {
            if (multicast[i] == dst) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void multicastFilter(byte[] addr, int off, boolean join) {
        long m = Mac.toLong(addr, off);
        synchronized (lock) {
            int i = 0;
            while (i < multicastCount && multicast[i] != m) {
                i++;
            }
            if (join && i == multicastCount) {
                if (multicastCount < multicast.length) {
                    multicast[multicastCount++] = m;
                } else {
                    allMulticast = true; // filter full: accept every group, the stack filters the rest
                }
            } else if (!join && i < multicastCount) {
                multicast[i] = multicast[--multicastCount];
            }
        }
    }

    private void wake() {
        Runnable r;
        synchronized (lock) {
            r = rxReady;
        }
        if (r != null) {
            r.run();
        }
    }

    @Override
    public boolean linkUp() {
        synchronized (lock) {
            return link && medium != null;
        }
    }

    @Override
    public void macAddress(byte[] out, int off) {
        System.arraycopy(mac, 0, out, off, Mac.LEN);
    }

    @Override
    public int mtu() {
        return MTU;
    }

    @Override
    public int txChecksumOffload() {
        synchronized (lock) {
            return txCsum;
        }
    }

    @Override
    public int rxChecksumOffload() {
        synchronized (lock) {
            return rxCsum;
        }
    }

    /** Frames waiting in the staging ring. */
    public int staged() {
        synchronized (lock) {
            return (int) (tail - head);
        }
    }

    public int stagingCapacity() {
        return staged.length;
    }

    /** Frames handed to the stack by {@link #receive()}. */
    public long rxFrames() {
        synchronized (lock) {
            return rxFrames;
        }
    }

    /** Frames handed to the medium. */
    public long txFrames() {
        synchronized (lock) {
            return txFrames;
        }
    }

    public long rxDropped() {
        synchronized (lock) {
            return rxDropped;
        }
    }

    /** Frames refused by {@link #transmit}: link down, not attached, or a bad length. */
    public long txDropped() {
        synchronized (lock) {
            return txDropped;
        }
    }

    /** Polls that found a staged frame but no free pool buffer; the frame stayed staged. */
    public long rxNoBuffer() {
        synchronized (lock) {
            return rxNoBuffer;
        }
    }

    /** Frames dropped because the staging ring was full. */
    public long rxOverrun() {
        synchronized (lock) {
            return rxOverrun;
        }
    }

    /** Frames the MAC filter rejected (another unicast address, a multicast group not joined). */
    public long rxFiltered() {
        synchronized (lock) {
            return rxFiltered;
        }
    }

    /** The SCM_TXTIME of the last frame sent with one (PacketPool.timeNanos, ns), 0 if none yet. */
    public long lastTxTimeNanos() {
        synchronized (lock) {
            return lastTxTimeNanos;
        }
    }

    /** Frames sent with a nonzero requested transmit time. */
    public long txTimedFrames() {
        synchronized (lock) {
            return txTimedFrames;
        }
    }
}
