package io.jzsock.net.ip;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.InterfaceTable;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;

/**
 * IGMPv2 host side (RFC 2236 §3), so that switches with IGMP snooping and multicast routers
 * forward the groups a socket joins: an unsolicited report on join (repeated once), reports to
 * queries after a random delay, suppression when another member reports first, a leave on the
 * last drop. 224.0.0.1 is never reported (§6). Timers live in {@link Ipv4InterfaceState#groupReportAt} and run as a
 * {@link StackService} over every non-loopback interface.
 */
public final class Igmp implements StackService {
    static final int ALL_ROUTERS = 0xE0000002;
    /** RFC 2236 §8.10 Unsolicited Report Interval. */
    static final int UNSOLICITED_REPORT_MS = 10000;
    /** RFC 2236 §8.3: an IGMPv1 query (max resp 0) means 10 s. */
    static final int V1_MAX_RESPONSE_MS = 10000;

    private final PacketPool pool;
    private final Ipv4 ip;
    private final Entropy entropy;
    private final IpRoute route = new IpRoute();
    private ServiceHandle timer = ServiceHandle.DETACHED;

    public Igmp(PacketPool pool, Ipv4 ip, Entropy entropy) {
        this.pool = pool;
        this.ip = ip;
        this.entropy = entropy;
    }

    /** The first socket joined group on ifc: report now and once more within the report interval. */
    public void joined(NetInterface ifc, int group, long now) {
        if (group == Ipv4InterfaceState.ALL_SYSTEMS || ifc.loopback) {
            return;
        }
        send(ifc, IgmpHeader.TYPE_V2_REPORT, group, group, now);
        int slot = ifc.v4.groupSlot(group);
        if (slot >= 0) {
            ifc.v4.groupReportAt[slot] = now + 1 + randomBelow(UNSOLICITED_REPORT_MS);
            timer.armed();
        }
    }

    /** The last socket left group on ifc (the slot is already free): tell the routers (§3). */
    public void left(NetInterface ifc, int group, long now) {
        if (group == Ipv4InterfaceState.ALL_SYSTEMS || ifc.loopback) {
            return;
        }
        send(ifc, IgmpHeader.TYPE_LEAVE, group, ALL_ROUTERS, now);
    }

    void input(NetInterface ifc, int h, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        ifc.count(NetCounters.IGMP_RX);
        if (pool.len[h] < IgmpHeader.LEN || !IgmpHeader.checksumOk(b, o, pool.len[h])) {
            ifc.count(NetCounters.IGMP_DROP_MALFORMED);
            pool.release(h);
            return;
        }
        int type = IgmpHeader.type(b, o);
        int group = IgmpHeader.group(b, o);
        if (type == IgmpHeader.TYPE_QUERY) {
            int maxResp = IgmpHeader.maxResp(b, o);
            int window = maxResp == 0 ? V1_MAX_RESPONSE_MS : maxResp * 100;
            for (int i = 0; i < ifc.v4.groupSlots(); i++) {
                int g = ifc.v4.groupAt(i);
                if (g == 0 || g == Ipv4InterfaceState.ALL_SYSTEMS || (group != 0 && group != g)) {
                    continue;
                }
                long due = now + randomBelow(window);
                if (ifc.v4.groupReportAt[i] == 0 || ifc.v4.groupReportAt[i] > due) {
                    ifc.v4.groupReportAt[i] = due;
                    timer.armed();
                }
            }
        } else if (type == IgmpHeader.TYPE_V2_REPORT || type == IgmpHeader.TYPE_V1_REPORT) {
            int slot = ifc.v4.groupSlot(group);
            if (slot >= 0) {
                ifc.v4.groupReportAt[slot] = 0;
            }
        }
        pool.release(h);
    }

    /** Setup-time: the registration through which IGMP tells the registry it armed a timer outside poll. */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    /** Sends the reports whose delay has run out, on every interface; true if one went out. */
    @Override
    public boolean poll(long now) {
        boolean worked = false;
        InterfaceTable interfaces = ip.interfaces();
        for (int k = 1; k <= interfaces.count(); k++) {
            NetInterface ifc = interfaces.byIndex(k);
            if (ifc.loopback) {
                continue;
            }
            for (int i = 0; i < ifc.v4.groupSlots(); i++) {
                int g = ifc.v4.groupAt(i);
                if (g != 0 && ifc.v4.groupReportAt[i] != 0 && now >= ifc.v4.groupReportAt[i]) {
                    ifc.v4.groupReportAt[i] = 0;
                    send(ifc, IgmpHeader.TYPE_V2_REPORT, g, g, now);
                    worked = true;
                }
            }
        }
        return worked;
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        InterfaceTable interfaces = ip.interfaces();
        for (int k = 1; k <= interfaces.count(); k++) {
            NetInterface ifc = interfaces.byIndex(k);
            if (ifc.loopback) {
                continue;
            }
            for (int i = 0; i < ifc.v4.groupSlots(); i++) {
                if (ifc.v4.groupAt(i) != 0 && ifc.v4.groupReportAt[i] != 0 && ifc.v4.groupReportAt[i] < next) {
                    next = ifc.v4.groupReportAt[i];
                }
            }
        }
        return next;
    }

    /** Reports go to the group itself, leaves to all-routers; TTL 1 and Router Alert (§2). */
    private void send(NetInterface ifc, int type, int group, int dst, long now) {
        int h = pool.alloc(Headroom.TRANSPORT + Ipv4Header.ROUTER_ALERT_LEN);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        if (ip.route(route, dst, ifc.index, 0) < 0) {
            pool.release(h);
            return;
        }
        IgmpHeader.write(pool.data[h], pool.off[h], type, 0, group);
        pool.len[h] = IgmpHeader.LEN;
        ifc.count(NetCounters.IGMP_TX);
        route.setSending4(ifc.v4.address, 1, 0xc0);
        ip.output(h, Ipv4Header.PROTO_IGMP, route, true, now);
    }

    private int randomBelow(int bound) {
        return (entropy.nextInt() >>> 1) % bound;
    }
}
