package io.jzsock.net.ip;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.InterfaceTable;
import io.jzsock.net.iface.Ipv6GroupListener;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.Ipv6Header;

/**
 * The MLDv2 multicast listener of a host (RFC 3810), any-source only: every group is in EXCLUDE mode with no
 * sources, as the socket API's IPV6_JOIN_GROUP asks. A join or leave is reported at once in a State Change
 * Report (CHANGE_TO_EXCLUDE / CHANGE_TO_INCLUDE, §6.1) and repeated [Robustness Variable] - 1 times at random
 * within the Unsolicited Report Interval (§9.1, §9.11: 2 and 1 s); a General Query is answered with one Current
 * State Report of every group, a Multicast Address Specific Query with that group's, each after a random delay
 * up to the query's Maximum Response Delay (§6.2). Groups include the solicited-node group of every address
 * (RFC 4861 §7.2.1); all-nodes and scopes 0 and 1 are never reported (§6).
 *
 * <p>Every message goes out with hop limit 1, a link-local source (the unspecified address while there is none,
 * §5.2.13) and the Router Alert option in a Hop-by-Hop header (§5, RFC 2711). Queries are taken only from a
 * link-local source with hop limit 1 and Router Alert (§5.1.14); other MLD messages are ignored (MLDv2 hosts
 * do not suppress reports). A 24-byte MLDv1 Query switches the interface to MLDv1 compatibility (§8.2.1) for
 * the Older Version Querier Present Timeout (260 s): Reports (type 131) to the group and Done (type 132) to
 * all-routers instead, with no report suppression (§8.2.1 lets a host in compatibility mode skip it).
 * Group-and-source-specific queries are answered as group-specific ones (no source lists are kept).
 */
public final class Mld implements Icmpv6Handler, Ipv6GroupListener, StackService {
    /** RFC 3810 §9.1 Robustness Variable: state changes are sent this many times. */
    static final int ROBUSTNESS = 2;
    /** §9.11 Unsolicited Report Interval. */
    static final int UNSOLICITED_REPORT_MILLIS = 1000;
    /** §9.12 Older Version Querier Present Timeout: Robustness * Query Interval (125 s) + Query Response Interval (10 s). */
    static final int OLDER_QUERIER_MILLIS = ROBUSTNESS * 125000 + 10000;
    public static final int RECORD_IS_EXCLUDE = 2;
    public static final int RECORD_TO_INCLUDE = 3;
    public static final int RECORD_TO_EXCLUDE = 4;
    /** ff02::16, all MLDv2-capable routers (§5.2.14). */
    public static final long ALL_MLDV2_ROUTERS_LO = 0x16;
    private static final int V1_QUERY_LEN = 24;
    private static final int V2_QUERY_MIN_LEN = 28;
    private static final int RECORD_LEN = 20;
    private static final int HOP_BY_HOP_LEN = 8;
    private static final long NEVER = Long.MAX_VALUE;

    private final PacketPool pool;
    private final Ipv6 ip;
    private final InterfaceTable interfaces;
    private final Entropy entropy;
    private final IpRoute route = new IpRoute();

    private final boolean[] inUse;
    private final NetInterface[] ifc;
    private final long[] hi;
    private final long[] lo;
    private final boolean[] leaving;
    private final int[] changesLeft;
    private final long[] changeAt;
    private final long[] queryAt;
    /** Per interface index: when the General Query's answer is due, and until when an MLDv1 querier is present. */
    private final long[] generalAt;
    private final long[] v1Until;
    private final int maxRecords;
    /** The earliest deadline of any record or interface, so that an idle poll costs one comparison. */
    private long due = NEVER;
    private ServiceHandle timer = ServiceHandle.DETACHED;

    public Mld(PacketPool pool, Ipv6 ip, Entropy entropy, int maxInterfaces, int groupsPerInterface) {
        this.pool = pool;
        this.ip = ip;
        this.interfaces = ip.interfaces();
        this.entropy = entropy;
        // Loopback reports nothing: the other interfaces' groups.
        int n = Math.max(1, maxInterfaces - 1) * groupsPerInterface;
        inUse = new boolean[n];
        ifc = new NetInterface[n];
        hi = new long[n];
        lo = new long[n];
        leaving = new boolean[n];
        changesLeft = new int[n];
        changeAt = new long[n];
        queryAt = new long[n];
        generalAt = new long[maxInterfaces + 1];
        v1Until = new long[maxInterfaces + 1];
        for (int i = 0; i < generalAt.length; i++) {
            generalAt[i] = NEVER;
        }
        maxRecords = (pool.bufferSize() - Headroom.TRANSPORT - HOP_BY_HOP_LEN - 8) / RECORD_LEN;
    }

    /** §6: never for all-nodes, nor for scope 0 (reserved) and 1 (interface-local). */
    static boolean reportable(long groupHi, long groupLo) {
        int scope = (int) (groupHi >>> 48) & 0xf;
        return scope > 1 && !(groupHi == Ipv6Address.ALL_NODES_HI && groupLo == Ipv6Address.ALL_NODES_LO);
    }

    /** True while an MLDv1 querier was heard on ifc within the Older Version Querier Present Timeout. */
    public boolean v1Mode(NetInterface i, long now) {
        return v1Until[i.index] > now;
    }

    @Override
    public void groupJoined(NetInterface i, long gHi, long gLo) {
        if (i.loopback || !reportable(gHi, gLo)) {
            return;
        }
        int r = find(i, gHi, gLo);
        if (r < 0) {
            r = free();
            if (r < 0) {
                return;
            }
            inUse[r] = true;
            ifc[r] = i;
            hi[r] = gHi;
            lo[r] = gLo;
            queryAt[r] = NEVER;
        }
        leaving[r] = false;
        changesLeft[r] = ROBUSTNESS;
        changeAt[r] = 0;
        due = 0;
        timer.armed();
    }

    @Override
    public void groupLeft(NetInterface i, long gHi, long gLo) {
        int r = find(i, gHi, gLo);
        if (r < 0) {
            return;
        }
        leaving[r] = true;
        changesLeft[r] = ROBUSTNESS;
        changeAt[r] = 0;
        queryAt[r] = NEVER;
        due = 0;
        timer.armed();
    }

    @Override
    public void input(NetInterface in, int h, int type, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        if (type != Icmpv6Header.TYPE_MLD_QUERY) {
            pool.release(h);
            return;
        }
        in.count(NetCounters.MLD_RX);
        // RFC 3810 §5.1.14: a link-local source, hop limit 1 and Router Alert, or the query is dropped.
        if (!Ipv6Address.isLinkLocal(srcHi) || Ipv6Header.hopLimit(b, pool.l3off[h]) != 1
                || (pool.flags[h] & PacketPool.RX_ROUTER_ALERT) == 0 || (len != V1_QUERY_LEN && len < V2_QUERY_MIN_LEN)) {
            in.count(NetCounters.MLD_DROP_INVALID);
            pool.release(h);
            return;
        }
        int code = Bytes.u16(b, o + 4);
        long gHi = Bytes.i64(b, o + 8);
        long gLo = Bytes.i64(b, o + 16);
        pool.release(h);
        int maxDelay;
        if (len == V1_QUERY_LEN) {
            // §8.2.1: an MLDv1 querier is present; its Maximum Response Delay is plain milliseconds.
            v1Until[in.index] = now + OLDER_QUERIER_MILLIS;
            maxDelay = code;
            generalAt[in.index] = NEVER;
        } else {
            maxDelay = maxResponseDelay(code);
        }
        boolean general = gHi == 0 && gLo == 0;
        if (!general && !Ipv6Address.isMulticast(gHi)) {
            in.count(NetCounters.MLD_DROP_INVALID);
            return;
        }
        long at = now + random(maxDelay);
        due = Math.min(due, at);
        timer.armed();
        if (general && !v1Mode(in, now)) {
            generalAt[in.index] = Math.min(generalAt[in.index], at);
            return;
        }
        for (int r = 0; r < inUse.length; r++) {
            if (inUse[r] && !leaving[r] && ifc[r] == in && (general || (hi[r] == gHi && lo[r] == gLo))) {
                queryAt[r] = Math.min(queryAt[r], at);
            }
        }
    }

    /** §5.1.3: below 32768 the code is milliseconds; above, a floating-point form (mant | 0x1000) << (exp + 3). */
    public static int maxResponseDelay(int code) {
        if (code < 32768) {
            return code;
        }
        return ((code & 0x0fff) | 0x1000) << (((code >>> 12) & 7) + 3);
    }

    private long random(int maxMillis) {
        return maxMillis <= 0 ? 0 : (entropy.nextInt() & 0x7fffffff) % (maxMillis + 1);
    }

    /** Setup-time: the registration through which MLD tells the registry it armed a timer outside poll. */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    @Override
    public boolean poll(long now) {
        if (now < due) {
            return false;
        }
        boolean worked = false;
        for (int x = 1; x <= interfaces.count(); x++) {
            NetInterface i = interfaces.byIndex(x);
            if (generalAt[x] <= now) {
                generalAt[x] = NEVER;
                sendCurrentState(i, now);
                worked = true;
            }
        }
        for (int r = 0; r < inUse.length; r++) {
            if (!inUse[r]) {
                continue;
            }
            if (changeAt[r] <= now) {
                worked = true;
                sendChange(r, now);
                changesLeft[r]--;
                changeAt[r] = changesLeft[r] > 0 ? now + 1 + random(UNSOLICITED_REPORT_MILLIS - 1) : NEVER;
                if (leaving[r] && changesLeft[r] == 0) {
                    inUse[r] = false;
                    ifc[r] = null;
                    continue;
                }
            }
            if (queryAt[r] <= now) {
                worked = true;
                queryAt[r] = NEVER;
                if (v1Mode(ifc[r], now)) {
                    sendV1(ifc[r], Icmpv6Header.TYPE_MLD_REPORT, hi[r], lo[r], hi[r], lo[r], now);
                } else {
                    sendV2(ifc[r], r, 1, RECORD_IS_EXCLUDE, now);
                }
            }
        }
        due = earliest();
        return worked;
    }

    @Override
    public long nextDeadline() {
        return due;
    }

    private long earliest() {
        long next = NEVER;
        for (int x = 1; x < generalAt.length; x++) {
            next = Math.min(next, generalAt[x]);
        }
        for (int r = 0; r < inUse.length; r++) {
            if (inUse[r]) {
                next = Math.min(next, Math.min(changeAt[r], queryAt[r]));
            }
        }
        return next;
    }

    private void sendChange(int r, long now) {
        NetInterface i = ifc[r];
        if (v1Mode(i, now)) {
            if (leaving[r]) {
                sendV1(i, Icmpv6Header.TYPE_MLD_DONE, Ipv6Address.ALL_ROUTERS_HI, Ipv6Address.ALL_ROUTERS_LO, hi[r], lo[r], now);
            } else {
                sendV1(i, Icmpv6Header.TYPE_MLD_REPORT, hi[r], lo[r], hi[r], lo[r], now);
            }
            return;
        }
        sendV2(i, r, 1, leaving[r] ? RECORD_TO_INCLUDE : RECORD_TO_EXCLUDE, now);
    }

    /** §6.2 answer to a General Query: IS_EXCLUDE {} for every group of the interface (more reports if many). */
    private void sendCurrentState(NetInterface i, long now) {
        int first = -1;
        int n = 0;
        for (int r = 0; r < inUse.length; r++) {
            if (inUse[r] && !leaving[r] && ifc[r] == i) {
                if (first < 0) {
                    first = r;
                }
                n++;
                if (n == maxRecords) {
                    sendV2(i, first, n, RECORD_IS_EXCLUDE, now);
                    first = -1;
                    n = 0;
                }
            }
        }
        if (n > 0) {
            sendV2(i, first, n, RECORD_IS_EXCLUDE, now);
        }
    }

    /**
     * An MLDv2 Report (§5.2) to ff02::16 with count records of recordType, taken from record r on (of the same
     * interface, not leaving unless r itself is the change being reported).
     */
    private void sendV2(NetInterface i, int r, int count, int recordType, long now) {
        int h = pool.alloc(Headroom.TRANSPORT + HOP_BY_HOP_LEN);
        if (h < 0) {
            i.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, Icmpv6Header.TYPE_MLDV2_REPORT, 0, count);
        int at = o + 8;
        for (int k = r, written = 0; k < inUse.length && written < count; k++) {
            if (!inUse[k] || ifc[k] != i || (leaving[k] && k != r)) {
                continue;
            }
            b[at] = (byte) recordType;
            b[at + 1] = 0;
            Bytes.putU16(b, at + 2, 0);
            Bytes.putI64(b, at + 4, hi[k]);
            Bytes.putI64(b, at + 12, lo[k]);
            at += RECORD_LEN;
            written++;
        }
        pool.len[h] = at - o;
        send(i, h, Ipv6Address.ALL_NODES_HI, ALL_MLDV2_ROUTERS_LO, now);
    }

    /** An MLDv1 Report or Done (RFC 2710 §3): 24 bytes naming the group, to dst. */
    private void sendV1(NetInterface i, int type, long dstHi, long dstLo, long gHi, long gLo, long now) {
        int h = pool.alloc(Headroom.TRANSPORT + HOP_BY_HOP_LEN);
        if (h < 0) {
            i.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        Icmpv6Header.write(b, o, type, 0, 0);
        Bytes.putI64(b, o + 8, gHi);
        Bytes.putI64(b, o + 16, gLo);
        pool.len[h] = V1_QUERY_LEN;
        send(i, h, dstHi, dstLo, now);
    }

    /** Checksum, then the Hop-by-Hop header with Router Alert (RFC 2711, value 0: MLD) and PadN, hop limit 1. */
    private void send(NetInterface i, int h, long dstHi, long dstLo, long now) {
        if (ip.route(route, dstHi, dstLo, i.index, i.index) < 0) {
            i.count(NetCounters.IP6_DROP_NO_ROUTE);
            pool.release(h);
            return;
        }
        route.setSource(0, 0);
        for (int s = 0; s < i.v6.addressSlots(); s++) {
            int st = i.v6.state[s];
            if (Ipv6Address.isLinkLocal(i.v6.addrHi[s])
                    && (st == Ipv6InterfaceState.PREFERRED || st == Ipv6InterfaceState.DEPRECATED)) {
                route.setSource(i.v6.addrHi[s], i.v6.addrLo[s]);
                break;
            }
        }
        route.hopLimit = 1;
        route.trafficClass = 0;
        byte[] b = pool.data[h];
        Icmpv6Header.fillChecksum(b, pool.off[h], pool.len[h], route.srcHi, route.srcLo, dstHi, dstLo);
        int o = pool.prepend(h, HOP_BY_HOP_LEN);
        b[o] = (byte) Ipv6Header.NH_ICMPV6;
        b[o + 1] = 0;
        b[o + 2] = (byte) Ipv6Extensions.OPT_ROUTER_ALERT;
        b[o + 3] = 2;
        b[o + 4] = 0;
        b[o + 5] = 0;
        b[o + 6] = 1;
        b[o + 7] = 0;
        i.count(NetCounters.MLD_TX);
        ip.output(h, Ipv6Header.NH_HOP_BY_HOP, route, now);
    }

    private int find(NetInterface i, long gHi, long gLo) {
        for (int r = 0; r < inUse.length; r++) {
            if (inUse[r] && ifc[r] == i && hi[r] == gHi && lo[r] == gLo) {
                return r;
            }
        }
        return -1;
    }

    private int free() {
        for (int r = 0; r < inUse.length; r++) {
            if (!inUse[r]) {
                return r;
            }
        }
        return -1;
    }
}
