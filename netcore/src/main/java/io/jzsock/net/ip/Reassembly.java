package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;

/**
 * IP reassembly for both families (RFC 791 §3.2 "Fragmentation and reassembly", RFC 815, RFC 8200 §4.5): a
 * fixed table of slots, each one datagram being put together, keyed by (family, source, destination,
 * identification, protocol) as RFC 791 and RFC 8200 §4.5 key it. Fragments stay in the packet buffers they
 * arrived in, linked in offset order through {@link PacketPool#next}; nothing is copied until the datagram is
 * whole, and then only if it fits in its first buffer.
 *
 * <p>Holes (RFC 815): overlapping fragments are never kept (below), so the fragments of a slot are disjoint
 * and RFC 815's hole-descriptor list reduces to one number: the datagram is complete when the bytes received
 * equal the length the last fragment (more-fragments clear) gave. An exact duplicate (same offset, length and
 * bytes) is dropped alone, as RFC 8200 §4.5 allows; any other overlap abandons the whole datagram and sends no
 * ICMP (RFC 5722 §4). RFC 5722 is written for IPv6; the same rule is applied to IPv4, where RFC 791 would
 * let the later bytes win, because overlaps are only ever made by attacks on filters (RFC 1858, the
 * "teardrop" family) and Linux drops overlapping IPv4 datagrams too.
 *
 * <p>Bounds, all from NetConfig: {@code reassemblySlots} datagrams at a time (a fragment of a new datagram
 * with every slot busy is dropped, nothing is evicted, so a flood of fragments pins at most the slots until
 * their timeout and never the rest of the stack), {@code reassemblyBuffers} packet buffers held by all slots
 * together (the pool stays available to everything else), and {@code reassemblyTimeoutMillis} from a
 * datagram's first fragment (RFC 8200 §4.5: 60 s after the first fragment; RFC 1122 §3.3.2 a fixed value).
 * Each drop is counted under its reason.
 */
public final class Reassembly implements StackService {
    /** What the table does when a slot times out: IPv4 and IPv6 each answer with their own ICMP. */
    public interface Timeout {
        /**
         * The datagram of {@code first} (its offset-0 fragment, {@code l3off} at its IP header) timed out on
         * ifc; not consumed. Called only when fragment zero arrived (RFC 1122 §3.3.2, RFC 8200 §4.5).
         */
        void reassemblyTimedOut(NetInterface ifc, int family, int first, long now);
    }

    private final PacketPool pool;
    private final int budget;
    private final int timeoutMillis;
    private ServiceHandle timer = ServiceHandle.DETACHED;
    private Timeout timeout4;
    private Timeout timeout6;

    private final boolean[] inUse;
    private final NetInterface[] ifc;
    private final int[] family;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] dstHi;
    private final long[] dstLo;
    private final int[] id;
    private final int[] protocol;
    /** The fragment with the lowest offset; the chain runs through pool.next in offset order. */
    private final int[] head;
    private final int[] received;
    /** The datagram's data length once the last fragment arrived, else -1. */
    private final int[] total;
    /** The largest fragment end seen, so a last fragment that ends before data already held is refused. */
    private final int[] maxEnd;
    private final int[] buffers;
    private final long[] deadline;
    /** Per packet handle: where its fragment's data starts in the datagram. */
    private final int[] start;
    private int used;
    /** Slots in use, so that an idle poll returns at once. */
    private int open;

    public Reassembly(PacketPool pool, int slots, int budget, int timeoutMillis) {
        this.pool = pool;
        this.budget = budget;
        this.timeoutMillis = timeoutMillis;
        inUse = new boolean[slots];
        ifc = new NetInterface[slots];
        family = new int[slots];
        srcHi = new long[slots];
        srcLo = new long[slots];
        dstHi = new long[slots];
        dstLo = new long[slots];
        id = new int[slots];
        protocol = new int[slots];
        head = new int[slots];
        received = new int[slots];
        total = new int[slots];
        maxEnd = new int[slots];
        buffers = new int[slots];
        deadline = new long[slots];
        start = new int[pool.capacity()];
    }

    /** Setup-time: who answers a timeout of this family's datagrams (that IP layer's ICMP). */
    public void setTimeout(int family, Timeout t) {
        if (family == ZsockConstants.AF_INET6) {
            this.timeout6 = t;
        } else {
            this.timeout4 = t;
        }
    }

    /** False when NetConfig gave no slots: fragments are then dropped as before reassembly existed. */
    public boolean enabled() {
        return inUse.length > 0;
    }

    /** Packet buffers the slots hold now. */
    public int buffersHeld() {
        return used;
    }

    /** Datagrams being reassembled now. */
    public int slotsInUse() {
        return open;
    }

    /**
     * Takes fragment h ({@code off[h]} at its data, {@code len[h]} the data length, {@code l3off[h]} at its IP
     * header), whose data starts {@code offset} bytes into the datagram. Ownership of h passes here. Returns
     * the complete datagram when h was its last missing piece: a handle at the offset-0 fragment's data,
     * {@code len} its bytes, the rest chained behind it unless it all fit in that one buffer; else -1 (kept,
     * or dropped and counted).
     */
    public int add(NetInterface in, int h, int fam, long sHi, long sLo, long dHi, long dLo, int ident, int proto,
                   int offset, boolean more, long now) {
        in.count(NetCounters.IP_FRAG_RX);
        int len = pool.len[h];
        int end = offset + len;
        // RFC 791 §3.2 / RFC 8200 §4.5: every fragment but the last carries a multiple of 8 data bytes, and a
        // datagram's data fits a 16-bit length; a non-final fragment without data cannot help (RFC 8200).
        if ((more && ((len & 7) != 0 || len == 0)) || end > 65535) {
            drop(in, h, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
            return -1;
        }
        int s = find(fam, sHi, sLo, dHi, dLo, ident, proto);
        if (s < 0 && used >= budget) {
            // No slot is opened for a datagram whose first fragment could not be kept anyway.
            drop(in, h, NetCounters.IP_REASM_DROP_BUDGET);
            return -1;
        }
        if (s < 0) {
            s = open(fam, sHi, sLo, dHi, dLo, ident, proto, in, now);
            if (s < 0) {
                drop(in, h, NetCounters.IP_REASM_DROP_NO_SLOT);
                return -1;
            }
        }
        if ((total[s] >= 0 && (end > total[s] || (!more && end != total[s]))) || (!more && end < maxEnd[s])) {
            abandon(s, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
            drop(in, h, -1);
            return -1;
        }
        int prev = -1;
        int c = head[s];
        while (c >= 0 && start[c] + pool.len[c] <= offset) {
            prev = c;
            c = pool.next[c];
        }
        if (c >= 0 && start[c] < end) {
            if (start[c] == offset && pool.len[c] == len && sameBytes(c, h)) {
                drop(in, h, NetCounters.IP_REASM_DUPLICATE);
                return -1;
            }
            abandon(s, NetCounters.IP_REASM_DROP_OVERLAP);
            drop(in, h, -1);
            return -1;
        }
        if (used >= budget) {
            drop(in, h, NetCounters.IP_REASM_DROP_BUDGET);
            return -1;
        }
        start[h] = offset;
        pool.next[h] = c;
        if (prev < 0) {
            head[s] = h;
        } else {
            pool.next[prev] = h;
        }
        used++;
        buffers[s]++;
        received[s] += len;
        maxEnd[s] = Math.max(maxEnd[s], end);
        if (!more) {
            total[s] = end;
        }
        if (total[s] < 0 || received[s] != total[s]) {
            return -1;
        }
        return complete(s, in);
    }

    private int complete(int s, NetInterface in) {
        int first = head[s];
        release(s);
        int n = total[s];
        if (pool.off[first] + n <= pool.bufferSize()) {
            int at = pool.off[first] + pool.len[first];
            int c = pool.next[first];
            pool.next[first] = -1;
            if (c >= 0) {
                for (int k = c; k >= 0; k = pool.next[k]) {
                    System.arraycopy(pool.data[k], pool.off[k], pool.data[first], at, pool.len[k]);
                    at += pool.len[k];
                }
                pool.release(c);
            }
            pool.len[first] = n;
        }
        // The device checked no transport checksum on a fragment; the one it may have flagged is not this one.
        pool.flags[first] &= ~PacketPool.RX_L4_CSUM_OK;
        in.count(NetCounters.IP_REASM_OK);
        return first;
    }

    /** Frees slot s without touching its buffers (they now belong to the caller, or are released next). */
    private void release(int s) {
        used -= buffers[s];
        inUse[s] = false;
        open--;
        ifc[s] = null;
    }

    private void abandon(int s, int counter) {
        int h = head[s];
        NetInterface in = ifc[s];
        release(s);
        if (h >= 0) {
            pool.release(h);
        }
        in.count(counter);
    }

    private boolean sameBytes(int a, int b) {
        byte[] x = pool.data[a];
        byte[] y = pool.data[b];
        for (int i = 0, xo = pool.off[a], yo = pool.off[b]; i < pool.len[a]; i++) {
            if (x[xo + i] != y[yo + i]) {
                return false;
            }
        }
        return true;
    }

    private int find(int fam, long sHi, long sLo, long dHi, long dLo, int ident, int proto) {
        for (int s = 0; s < inUse.length; s++) {
            if (inUse[s] && id[s] == ident && srcLo[s] == sLo && dstLo[s] == dLo && protocol[s] == proto
                    && family[s] == fam && srcHi[s] == sHi && dstHi[s] == dHi) {
                return s;
            }
        }
        return -1;
    }

    private int open(int fam, long sHi, long sLo, long dHi, long dLo, int ident, int proto, NetInterface in, long now) {
        for (int s = 0; s < inUse.length; s++) {
            if (!inUse[s]) {
                inUse[s] = true;
                open++;
                ifc[s] = in;
                family[s] = fam;
                srcHi[s] = sHi;
                srcLo[s] = sLo;
                dstHi[s] = dHi;
                dstLo[s] = dLo;
                id[s] = ident;
                protocol[s] = proto;
                head[s] = -1;
                received[s] = 0;
                total[s] = -1;
                maxEnd[s] = 0;
                buffers[s] = 0;
                deadline[s] = now + timeoutMillis;
                timer.armed();
                return s;
            }
        }
        return -1;
    }

    private void drop(NetInterface in, int h, int counter) {
        if (counter >= 0) {
            in.count(counter);
        }
        pool.next[h] = -1;
        pool.release(h);
    }

    /** Setup-time: the registration through which reassembly tells the registry it armed a timer outside poll. */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    /** Abandons the datagrams whose timeout ran out; ICMP for those whose fragment zero arrived. */
    @Override
    public boolean poll(long now) {
        if (open == 0) {
            return false;
        }
        boolean worked = false;
        for (int s = 0; s < inUse.length; s++) {
            if (!inUse[s] || deadline[s] > now) {
                continue;
            }
            int h = head[s];
            Timeout t = family[s] == ZsockConstants.AF_INET6 ? timeout6 : timeout4;
            if (h >= 0 && start[h] == 0 && t != null) {
                t.reassemblyTimedOut(ifc[s], family[s], h, now);
            }
            abandon(s, NetCounters.IP_REASM_DROP_TIMEOUT);
            worked = true;
        }
        return worked;
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int s = 0; open > 0 && s < inUse.length; s++) {
            if (inUse[s] && deadline[s] < next) {
                next = deadline[s];
            }
        }
        return next;
    }
}
