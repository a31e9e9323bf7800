package io.jzsock.sim.wire;

import io.jzsock.bsp.Clock;

import java.util.SplittableRandom;

/**
 * One direction of an {@link ImpairedLink}: the impairment pipeline and the frames in flight. Frames
 * are copied into preallocated slots and ordered in a binary min-heap by (due time, sequence), so
 * equal due times keep send order. Times are kept in nanoseconds, since a frame's serialization at
 * 100 Mbit/s is far below the clock's millisecond.
 *
 * <p>The object's monitor guards everything. Delivery into the receiving NIC, and the taps, run under
 * it so frames leave in due order even when a pump thread and a sender race; that is safe because a
 * NIC's lock and its wake-up signal are leaf locks.
 */
final class LinkDirection {
    private static final long NS_PER_MS = 1_000_000L;
    private static final long NS_PER_S = 1_000_000_000L;
    private static final int NONE = -1;

    private final ImpairedLink link;
    private final Impairment imp = new Impairment();
    private final SplittableRandom rnd;
    private final Clock clock;
    private final Taps taps;
    private final FrameSink sink;

    private final byte[][] buf;
    private final int[] len;
    private final long[] timeNanos;
    private final long[] due;
    private final long[] seq;
    private final int[] free;
    private int freeCount;
    private final int[] heap;
    private int heapSize;
    private long nextSeq;
    private int held = NONE;
    private long heldDeadline;

    /** End of serialization of each frame the rate limiter has not finished, oldest first. */
    private final long[] txEnd;
    private int txHead;
    private int txCount;
    private long busyUntil;
    private long lastArrival;

    final long[] counters = new long[ImpairedLink.COUNTERS];

    LinkDirection(ImpairedLink link, FrameSink sink, Clock clock, Taps taps, long seed, int inFlight, int rateQueue) {
        this.link = link;
        this.sink = sink;
        this.clock = clock;
        this.taps = taps;
        rnd = new SplittableRandom(seed);
        buf = new byte[inFlight][VirtualNic.MAX_FRAME];
        len = new int[inFlight];
        timeNanos = new long[inFlight];
        due = new long[inFlight];
        seq = new long[inFlight];
        free = new int[inFlight];
        heap = new int[inFlight];
        for (int i = 0; i < inFlight; i++) {
            free[i] = inFlight - 1 - i;
        }
        freeCount = inFlight;
        txEnd = new long[rateQueue];
    }

    Impairment impairment() {
        return imp;
    }

    synchronized void send(byte[] frame, int off, int n, long tNanos) {
        counters[ImpairedLink.FRAMES_IN]++;
        if (!link.linkUp()) {
            counters[ImpairedLink.CUT_DROPS]++;
            return;
        }
        double loss = imp.lossPercent();
        double corrupt = imp.corruptPercent();
        double dup = imp.duplicatePercent();
        double reorder = imp.reorderPercent();
        long delay = imp.delayMillis() * NS_PER_MS;
        long jitter = imp.jitterMillis() * NS_PER_MS;
        long rate = imp.rateBitsPerSecond();
        long now = clock.nowMillis() * NS_PER_MS;

        long depart = now;
        if (rate > 0) {
            while (txCount > 0 && txEnd[txHead] <= now) {
                txHead = (txHead + 1) % txEnd.length;
                txCount--;
            }
            if (txCount == txEnd.length) {
                counters[ImpairedLink.QUEUE_DROPS]++; // tail-drop: the transmit queue is full
                return;
            }
            // A frame waits for the one before it to leave the wire (ceiling: never faster than rate).
            long start = Math.max(now, busyUntil);
            depart = start + (n * 8L * NS_PER_S + rate - 1) / rate;
            busyUntil = depart;
            txEnd[(txHead + txCount) % txEnd.length] = depart;
            txCount++;
        }
        if (chance(loss)) {
            counters[ImpairedLink.LOST]++;
            return;
        }
        // Corruption models what the Ethernet FCS cannot catch: bits damaged inside a router, so only
        // IPv4 packets past the Ethernet header. A damaged ARP frame would fail the FCS and vanish.
        boolean flip = chance(corrupt) && n > HEADER_BYTES && isIpv4(frame, off);
        boolean twice = chance(dup);
        if (!flip && !twice && reorder == 0 && depart == now && delay == 0 && jitter == 0
                && heapSize == 0 && held == NONE) {
            deliver(frame, off, n, tNanos); // nothing in flight to overtake: behave like a plain wire
            return;
        }
        if (n > VirtualNic.MAX_FRAME) {
            counters[ImpairedLink.QUEUE_DROPS]++;
            return;
        }
        int copies = 1;
        if (twice) {
            counters[ImpairedLink.DUPLICATED]++;
            copies = 2;
        }
        if (flip) {
            counters[ImpairedLink.CORRUPTED]++;
        }
        int bit = flip ? HEADER_BYTES * 8 + rnd.nextInt((n - HEADER_BYTES) * 8) : 0;
        for (int c = 0; c < copies; c++) {
            if (freeCount == 0) {
                counters[ImpairedLink.QUEUE_DROPS]++;
                continue;
            }
            int s = free[--freeCount];
            System.arraycopy(frame, off, buf[s], 0, n);
            if (flip) {
                buf[s][bit >>> 3] ^= (byte) (1 << (bit & 7));
            }
            len[s] = n;
            timeNanos[s] = tNanos;
            long arrive = depart + delay + (jitter > 0 ? rnd.nextLong(jitter + 1) : 0);
            if (arrive < lastArrival) {
                arrive = lastArrival; // jitter alone never reorders
            }
            lastArrival = arrive;
            if (chance(reorder)) {
                counters[ImpairedLink.REORDERED]++;
                if (held != NONE) {
                    schedule(held, arrive);
                }
                held = s;
                heldDeadline = arrive + imp.reorderHoldMillis() * NS_PER_MS;
                continue;
            }
            schedule(s, arrive);
            if (held != NONE) {
                schedule(held, arrive); // right behind the frame that overtook it
                held = NONE;
            }
        }
        // Corrupted or duplicated frames with no delay are due now: deliver them without a pump.
        deliverUntil(now);
    }

    /** Delivers every frame due by the clock's now; returns how many reached the receiver. */
    synchronized int deliverDue() {
        return deliverUntil(clock.nowMillis() * NS_PER_MS);
    }

    private int deliverUntil(long now) {
        if (held != NONE && heldDeadline <= now) {
            schedule(held, heldDeadline);
            held = NONE;
        }
        int delivered = 0;
        while (heapSize > 0 && due[heap[0]] <= now) {
            int s = pop();
            if (link.linkUp()) {
                deliver(buf[s], 0, len[s], timeNanos[s]);
                delivered++;
            } else {
                counters[ImpairedLink.CUT_DROPS]++; // the cable was cut with the frame on it
            }
            free[freeCount++] = s;
        }
        return delivered;
    }

    /** Earliest millisecond at which {@link #deliverDue} has something to do, or Long.MAX_VALUE. */
    synchronized long nextDueMillis() {
        long next = Long.MAX_VALUE;
        if (heapSize > 0) {
            next = due[heap[0]];
        }
        if (held != NONE && heldDeadline < next) {
            next = heldDeadline;
        }
        return next == Long.MAX_VALUE ? next : (next + NS_PER_MS - 1) / NS_PER_MS;
    }

    synchronized int inFlight() {
        return heapSize + (held != NONE ? 1 : 0);
    }

    synchronized long counter(int id) {
        return counters[id];
    }

    private boolean chance(double percent) {
        return percent > 0 && rnd.nextDouble() * 100 < percent;
    }

    private void deliver(byte[] frame, int off, int n, long tNanos) {
        counters[ImpairedLink.DELIVERED]++;
        taps.fire(frame, off, n, tNanos);
        sink.deliver(frame, off, n, tNanos);
    }

    private void schedule(int s, long at) {
        due[s] = at;
        seq[s] = nextSeq++;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(s, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = s;
    }

    private int pop() {
        int top = heap[0];
        int last = heap[--heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], last)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (heapSize > 0) {
            heap[i] = last;
        }
        return top;
    }

    private boolean before(int a, int b) {
        return due[a] < due[b] || (due[a] == due[b] && seq[a] < seq[b]);
    }

    /** Ethernet II header length: corruption starts after it. */
    private static final int HEADER_BYTES = 14;

    private static boolean isIpv4(byte[] frame, int off) {
        return (frame[off + 12] & 0xff) == 0x08 && frame[off + 13] == 0x00;
    }
}
