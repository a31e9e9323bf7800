package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Headroom;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.IpRoute;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.Ipv6FragmentHeader;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * UDP send (RFC 768): destination and source selection, the datagram built in one pool buffer with
 * headroom for the lower headers (or, over the link MTU, cut straight into IPv4 or IPv6 fragment buffers), checksum (or device offload), TTL and ancillary data, and the
 * wait for a free buffer that a blocking socket makes when the pool is empty.
 */
final class UdpOutput {
    /** Zephyr's CONFIG_NET_SOCKET_MAX_SEND_WAIT: how long a blocking send waits for a buffer. */
    static final int MAX_SEND_WAIT_MS = 10000;
    /** The largest UDP payload an IPv4 datagram holds: 65535 less the 20-byte IP and 8-byte UDP headers. */
    static final int MAX_IPV4_PAYLOAD = 65535 - Ipv4Header.MIN_LEN - UdpHeader.LEN;
    /**
     * The largest UDP payload an IPv6 packet holds without a jumbogram (RFC 2675): the 16-bit Payload Length
     * less the 8-byte UDP header (Linux's limit too: 65 527).
     */
    static final int MAX_IPV6_PAYLOAD = 65535 - UdpHeader.LEN;

    private final UdpSockets sockets;
    private final UdpTable t;
    private final PacketPool pool;
    private final Ipv4 ip;
    private final Waiter waiter;
    private final UdpControl control;
    private final IpRoute route = new IpRoute();
    /** This datagram's IP_PKTINFO / IPV6_PKTINFO: outgoing interface and source (decoded per send). */
    private final SendPktinfo pktinfo = new SendPktinfo();
    private Ipv6 ip6;
    private long now;
    /** Senders blocked for a free packet buffer; a read that frees one wakes them. */
    private int bufferWaiters;
    /** The fragments of the datagram being sent; at most one per pool buffer. */
    private final int[] fragments;
    private boolean fragmentation = true;

    UdpOutput(UdpSockets sockets, UdpTable t, PacketPool pool, Ipv4 ip, Waiter waiter, UdpControl control) {
        this.sockets = sockets;
        this.t = t;
        this.pool = pool;
        this.ip = ip;
        this.waiter = waiter;
        this.control = control;
        this.fragments = new int[pool.capacity()];
    }

    /** Setup-time: false answers a datagram larger than the MTU with -ENOMEM instead of fragmenting it. */
    void setFragmentation(boolean on) {
        this.fragmentation = on;
    }

    /** One datagram from either a flat buffer or msg's gather vector; ancillary data from msg.control. */
    int send(int s, byte[] b, int off, int len, MsgHdr msg, int iovCount, int flags, SockAddr to) {
        now = waiter.now();
        if (t.has(s, UdpTable.F_SHUT_WR)) {
            return -Errno.EPIPE;
        }
        long dstHi;
        long dstLo;
        int dstPort;
        if (to != null && to.family() != ZsockConstants.AF_UNSPEC) {
            int r = sockets.checkFamily(s, to, false);
            if (r < 0) {
                return r;
            }
            dstHi = to.addrHi();
            dstLo = to.addrLo();
            dstPort = to.port();
        } else if (t.has(s, UdpTable.F_CONNECTED)) {
            dstHi = t.remoteHi[s];
            dstLo = t.remoteLo[s];
            dstPort = t.remotePort[s];
        } else {
            return -Errno.EDESTADDRREQ;
        }
        if (dstPort == 0) {
            return -Errno.EINVAL;
        }
        int scope = to != null && to.family() == ZsockConstants.AF_INET6 ? to.scopeId() : 0;
        boolean v4 = IpAddress.isV4Mapped(dstHi, dstLo);
        boolean boundV4 = !t.localUnspecified(s) && IpAddress.isV4Mapped(t.localHi[s], t.localLo[s]);
        boolean boundV6 = !t.localUnspecified(s) && !boundV4;
        if (v4 ? boundV6 : boundV4) {
            // IPv4 from a socket bound to an IPv6 address, or the reverse (Linux: ENETUNREACH).
            return -Errno.ENETUNREACH;
        }
        int r = pktinfo.parse(msg, v4, t.v6(s));
        if (r < 0) {
            return r;
        }
        r = t.autobind(s);
        if (r < 0) {
            return r;
        }
        r = checkBoundAddress(s);
        if (r < 0) {
            return r;
        }
        r = route(s, dstHi, dstLo, scope);
        if (r < 0) {
            return r;
        }
        r = checkPktinfoSource(v4);
        if (r < 0) {
            return r;
        }
        NetInterface ifc = route.ifc;
        if (len > ifc.mtu - route.ipHeaderLen() - UdpHeader.LEN) {
            if (!fragmentation) {
                // Zephyr answers ENOMEM for a datagram that needs IP fragmentation (udp test_v4_dgram_overflow).
                return -Errno.ENOMEM;
            }
            if (len > (v4 ? MAX_IPV4_PAYLOAD : MAX_IPV6_PAYLOAD)) {
                return -Errno.EMSGSIZE;
            }
            if (!v4) {
                return sendFragmented6(s, b, off, len, msg, iovCount, flags, dstHi, dstLo, dstPort, scope);
            }
            return sendFragmented(s, b, off, len, msg, iovCount, flags, dstHi, dstLo, dstPort, scope);
        }
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            h = waitForBuffer(s, flags);
            if (h < 0) {
                ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
                return h;
            }
            // The wait released the monitor and another thread may have routed since: route again.
            r = reroute(s, msg, v4, dstHi, dstLo, scope);
            if (r < 0) {
                pool.release(h);
                return r;
            }
            ifc = route.ifc;
        }
        int payload = pool.off[h] + UdpHeader.LEN;
        if (msg == null) {
            System.arraycopy(b, off, pool.data[h], payload, len);
        } else {
            for (int i = 0, at = payload; i < iovCount; i++) {
                if (msg.iovLen[i] > 0) {
                    System.arraycopy(msg.iovBase[i], msg.iovOff[i], pool.data[h], at, msg.iovLen[i]);
                    at += msg.iovLen[i];
                }
            }
        }
        int ttl = v4 ? (Ipv4InterfaceState.isMulticast(IpAddress.v4(dstLo)) ? t.mcastTtl[s] : t.opts[s].ttl)
                : Ipv6Address.isMulticast(dstHi) ? t.mcastHops6[s]
                : t.opts[s].hopLimit >= 0 ? t.opts[s].hopLimit : ip6.hopLimit(ifc);
        pool.priority[h] = t.opts[s].priority;
        if (msg != null && msg.control != null && msg.controlLen > 0) {
            ttl = control.applySendControl(s, h, msg, ttl);
        }
        if (v4) {
            route.setSending4(source4(s, ifc, IpAddress.v4(dstLo)), ttl, t.opts[s].tos);
        } else {
            r = source6(s);
            if (r < 0) {
                pool.release(h);
                return r;
            }
            route.hopLimit = ttl;
            route.trafficClass = t.opts[s].tclass;
        }
        pool.len[h] = UdpHeader.LEN + len;
        byte[] pb = pool.data[h];
        int o = pool.off[h];
        UdpHeader.write(pb, o, t.localPort[s], dstPort, UdpHeader.LEN + len);
        // The device offload bit covers IPv4 only; IPv6's mandatory checksum (RFC 8200 §8.1) is ours.
        if (!v4 || !Ipv4.offloads(ifc, NetDevice.CSUM_UDP)) {
            UdpHeader.fillChecksum(pb, o, UdpHeader.LEN + len, route.pseudoHeaderSum(Ipv4Header.PROTO_UDP, UdpHeader.LEN + len));
        }
        ifc.count(NetCounters.UDP_TX);
        r = v4 ? ip.output(h, Ipv4Header.PROTO_UDP, route, now) : ip6.output(h, Ipv4Header.PROTO_UDP, route, now);
        return r < 0 ? r : len;
    }

    /**
     * The address the socket is bound to went away (a DHCP lease lost, an IPv6 address expired): the errno
     * bind gives for an address that is not ours. Linux's route lookup answers EINVAL here, which names no cause.
     */
    private int checkBoundAddress(int s) {
        long hi = t.localHi[s];
        long lo = t.localLo[s];
        if (t.localUnspecified(s)) {
            return 0;
        }
        if (IpAddress.isV4Mapped(hi, lo)) {
            int bound = IpAddress.v4(lo);
            return Ipv4InterfaceState.isMulticast(bound) || ip.isLocal(bound) ? 0 : -Errno.EADDRNOTAVAIL;
        }
        return Ipv6Address.isMulticast(hi) || ip6 != null && ip6.isLocal(hi, lo) ? 0 : -Errno.EADDRNOTAVAIL;
    }

    /**
     * Fills {@link #route} towards dst: IPv4 for v4-mapped addresses, IPv6 otherwise with the scope id (RFC 4007
     * §11: a link-local or multicast destination's zone is its interface) or the bound interface.
     */
    private int route(int s, long dstHi, long dstLo, int scope) {
        int given = pktinfo.ifindex;
        if (given != 0 && ip.byIndex(given) == null) {
            return -Errno.ENODEV;
        }
        if (IpAddress.isV4Mapped(dstHi, dstLo)) {
            // ip(7): ipi_ifindex, when set, is the interface the datagram leaves on.
            return ip.route(route, IpAddress.v4(dstLo), given != 0 ? given : t.opts[s].boundIf,
                    given != 0 ? given : t.mcastIf[s]);
        }
        if (ip6 == null) {
            return -Errno.ENETUNREACH;
        }
        int bound = t.opts[s].boundIf;
        if (scope != 0 && (bound != 0 && scope != bound || given != 0 && scope != given)) {
            return -Errno.EINVAL;
        }
        if (given != 0) {
            // RFC 3542 §6.1: ipi6_ifindex is the outgoing interface, for a group destination too.
            return ip6.route(route, dstHi, dstLo, given, given);
        }
        return ip6.route(route, dstHi, dstLo, scope != 0 ? scope : bound, t.mcastIf6[s]);
    }

    /**
     * {@link #route} and the packet-info checks again after a wait for buffers: the wait released the monitor,
     * and another sender may have used {@link #route} and {@link #pktinfo} meanwhile.
     */
    private int reroute(int s, MsgHdr msg, boolean v4, long dstHi, long dstLo, int scope) {
        int r = pktinfo.parse(msg, v4, t.v6(s));
        if (r >= 0) {
            r = route(s, dstHi, dstLo, scope);
        }
        return r < 0 ? r : checkPktinfoSource(v4);
    }

    /**
     * A source from IP_PKTINFO / IPV6_PKTINFO must be an address of ours (a link-local one on the interface the
     * route leaves by), else -EINVAL as Linux ({@code ip_route_output_key}, {@code ip6_datagram_send_ctl}).
     */
    private int checkPktinfoSource(boolean v4) {
        if (!pktinfo.hasSource) {
            return 0;
        }
        if (v4) {
            int src = IpAddress.v4(pktinfo.srcLo);
            return !Ipv4InterfaceState.isMulticast(src) && ip.isLocal(src) ? 0 : -Errno.EINVAL;
        }
        if (Ipv6Address.isMulticast(pktinfo.srcHi) || ip6 == null || !ip6.isLocal(pktinfo.srcHi, pktinfo.srcLo)) {
            return -Errno.EINVAL;
        }
        if (Ipv6Address.isLinkLocal(pktinfo.srcHi) && ip6.byAddress(pktinfo.srcHi, pktinfo.srcLo) != route.ifc) {
            return -Errno.EINVAL;
        }
        return 0;
    }

    /** The IPv4 source: IP_PKTINFO's, else the bound unicast address, else the interface's for dst. */
    private int source4(int s, NetInterface ifc, int dst) {
        if (pktinfo.hasSource) {
            return IpAddress.v4(pktinfo.srcLo);
        }
        int bound = t.localIp4(s);
        return bound != 0 && !Ipv4InterfaceState.isMulticast(bound) ? bound : ip.sourceFor(ifc, dst);
    }

    /** The IPv6 source: IPV6_PKTINFO's, else the bound unicast address, else RFC 6724 §5's choice for the route. */
    private int source6(int s) {
        route.addrPreferences = t.opts[s].addrPreferences;
        if (pktinfo.hasSource) {
            route.setSource(pktinfo.srcHi, pktinfo.srcLo);
            return 0;
        }
        if (!t.localUnspecified(s) && !Ipv6Address.isMulticast(t.localHi[s])) {
            route.setSource(t.localHi[s], t.localLo[s]);
            return 0;
        }
        return ip6.selectSource(route);
    }

    void attachIpv6(Ipv6 ip6) {
        this.ip6 = ip6;
    }

    /**
     * The datagram (8 + len bytes with its header) in fragments of {@link Ipv4#fragmentDataLen} bytes, the
     * UDP checksum summed over all of them before any leaves (the device cannot: it sees one fragment at a time).
     */
    private int sendFragmented(int s, byte[] b, int off, int len, MsgHdr msg, int iovCount, int flags, long dstHi,
                               long dstLo, int dstPort, int scope) {
        int dst = IpAddress.v4(dstLo);
        int per = Math.min(Ipv4.fragmentDataLen(route), (pool.bufferSize() - Headroom.TRANSPORT) & ~7);
        int total = UdpHeader.LEN + len;
        int n = (total + per - 1) / per;
        int r = awaitThenReroute(s, msg, flags, n, true, dstHi, dstLo, scope);
        if (r < 0) {
            return r;
        }
        NetInterface ifc = route.ifc;
        int src = source4(s, ifc, dst);
        int sum = Checksum.pseudoHeaderV4(src, dst, Ipv4Header.PROTO_UDP, total);
        fillFragments(s, b, off, msg, iovCount, dstPort, total, per, n, Headroom.TRANSPORT, sum);
        int first = fragments[0];
        int ttl = Ipv4InterfaceState.isMulticast(dst) ? t.mcastTtl[s] : t.opts[s].ttl;
        pool.priority[first] = t.opts[s].priority;
        if (msg != null && msg.control != null && msg.controlLen > 0) {
            ttl = control.applySendControl(s, first, msg, ttl);
        }
        route.setSending4(src, ttl, t.opts[s].tos);
        ifc.count(NetCounters.UDP_TX);
        int ident = ip.nextIdentification();
        for (int i = 0; i < n; i++) {
            int h = fragments[i];
            pool.priority[h] = pool.priority[first];
            pool.timeNanos[h] = pool.timeNanos[first];
            r = ip.outputFragment(h, Ipv4Header.PROTO_UDP, route, ident, i * per, i < n - 1, now);
            if (r < 0) {
                for (int j = i + 1; j < n; j++) {
                    pool.release(fragments[j]);
                }
                return r;
            }
        }
        return len;
    }

    /**
     * A datagram larger than the link MTU over IPv6 (RFC 8200 §4.5, as a source): cut straight into fragment
     * buffers of ((path MTU - 40 - 8) & ~7) bytes, or what one buffer holds behind the two headers, the UDP
     * checksum (RFC 8200 §8.1, never offloaded) summed over all of them before any leaves.
     */
    private int sendFragmented6(int s, byte[] b, int off, int len, MsgHdr msg, int iovCount, int flags,
                                long dstHi, long dstLo, int dstPort, int scope) {
        int headroom = Headroom.TRANSPORT + Ipv6FragmentHeader.LEN;
        int per = perFragment6(headroom);
        int total = UdpHeader.LEN + len;
        int n = (total + per - 1) / per;
        // awaitThenReroute routes again; cut again below if the path MTU fell meanwhile.
        int r = awaitThenReroute(s, msg, flags, n, false, dstHi, dstLo, scope);
        if (r < 0) {
            return r;
        }
        r = source6(s);
        if (r < 0) {
            return r;
        }
        int perNow = perFragment6(headroom);
        if (perNow != per) {
            per = perNow;
            n = (total + per - 1) / per;
            if (pool.available() < n) {
                route.ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
                return -Errno.ENOMEM;
            }
        }
        NetInterface ifc = route.ifc;
        fillFragments(s, b, off, msg, iovCount, dstPort, total, per, n, headroom,
                route.pseudoHeaderSum(Ipv4Header.PROTO_UDP, total));
        int first = fragments[0];
        int hops = Ipv6Address.isMulticast(dstHi) ? t.mcastHops6[s]
                : t.opts[s].hopLimit >= 0 ? t.opts[s].hopLimit : ip6.hopLimit(ifc);
        pool.priority[first] = t.opts[s].priority;
        if (msg != null && msg.control != null && msg.controlLen > 0) {
            hops = control.applySendControl(s, first, msg, hops);
        }
        route.hopLimit = hops;
        route.trafficClass = t.opts[s].tclass;
        for (int i = 1; i < n; i++) {
            pool.priority[fragments[i]] = pool.priority[first];
            pool.timeNanos[fragments[i]] = pool.timeNanos[first];
        }
        ifc.count(NetCounters.UDP_TX);
        r = ip6.outputFragments(fragments, n, Ipv4Header.PROTO_UDP, route, now);
        return r < 0 ? r : len;
    }

    /**
     * Takes n buffers into {@link #fragments} and cuts the datagram (UDP header, then payload; total bytes) into
     * them, per bytes each, then writes the UDP checksum, begun from the pseudo-header sum, into the first.
     */
    private void fillFragments(int s, byte[] b, int off, MsgHdr msg, int iovCount, int dstPort, int total, int per,
                               int n, int headroom, int sum) {
        for (int i = 0; i < n; i++) {
            fragments[i] = pool.alloc(headroom);
        }
        int first = fragments[0];
        UdpHeader.write(pool.data[first], pool.off[first], t.localPort[s], dstPort, total);
        for (int i = 0, at = 0; i < n; i++, at += per) {
            int h = fragments[i];
            int k = Math.min(per, total - at);
            int header = i == 0 ? UdpHeader.LEN : 0;
            copyData(b, off, msg, iovCount, at + header - UdpHeader.LEN, pool.data[h], pool.off[h] + header, k - header);
            pool.len[h] = k;
            sum = Checksum.sum(pool.data[h], pool.off[h], k, sum);
        }
        int c = Checksum.finish(sum);
        Bytes.putU16(pool.data[first], pool.off[first] + UdpHeader.CHECKSUM, c == 0 ? 0xffff : c);
    }

    /**
     * Waits for the n buffers of a fragmented send (counting a drop if they never come), then routes again:
     * waiting released the monitor, as a single-buffer send's wait does. Returns 0 or a negative errno.
     */
    private int awaitThenReroute(int s, MsgHdr msg, int flags, int n, boolean v4, long dstHi, long dstLo,
                                 int scope) {
        int r = awaitBuffers(s, flags, n);
        if (r < 0) {
            route.ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
            return r;
        }
        return reroute(s, msg, v4, dstHi, dstLo, scope);
    }

    /** Fragment data bytes per buffer along {@link #route}: the path MTU's share or one buffer's, a multiple of 8. */
    private int perFragment6(int headroom) {
        int mtu = ip6.pathMtu(route) - Ipv6Header.LEN - Ipv6FragmentHeader.LEN;
        return Math.min(mtu, pool.bufferSize() - headroom) & ~7;
    }

    /** Copies n bytes of the payload, from byte {@code from} on, out of the flat buffer or msg's gather vector. */
    private static void copyData(byte[] b, int off, MsgHdr msg, int iovCount, int from, byte[] dst, int at, int n) {
        if (msg == null) {
            System.arraycopy(b, off + from, dst, at, n);
            return;
        }
        for (int i = 0; i < iovCount && n > 0; i++) {
            int l = msg.iovLen[i];
            if (from >= l) {
                from -= Math.max(l, 0);
                continue;
            }
            int k = Math.min(l - from, n);
            System.arraycopy(msg.iovBase[i], msg.iovOff[i] + from, dst, at, k);
            at += k;
            n -= k;
            from = 0;
        }
    }

    /**
     * Until n buffers are free: -ENOMEM at once for a non-blocking socket or a datagram needing more buffers
     * than the pool has, else after the send wait, as {@link #waitForBuffer}.
     */
    private int awaitBuffers(int s, int flags, int n) {
        if (pool.available() >= n) {
            return 0;
        }
        if (n > pool.capacity() || UdpSockets.nonblocking(t, s, flags)) {
            return -Errno.ENOMEM;
        }
        int gen = t.gen[s];
        int wait = t.opts[s].sndTimeout > 0 ? Math.min(t.opts[s].sndTimeout, MAX_SEND_WAIT_MS) : MAX_SEND_WAIT_MS;
        long deadline = waiter.deadline(wait);
        bufferWaiters++;
        try {
            while (pool.available() < n) {
                if (!waiter.await(deadline)) {
                    return -Errno.ENOMEM;
                }
                if (t.gen[s] != gen) {
                    return -Errno.EINTR;
                }
            }
            return 0;
        } finally {
            bufferWaiters--;
        }
    }

    /** The pool is empty: a blocking socket waits for a buffer to be freed (lwIP-style pools refill). */
    private int waitForBuffer(int s, int flags) {
        if (UdpSockets.nonblocking(t, s, flags)) {
            return -Errno.ENOMEM;
        }
        int h = -1;
        int gen = t.gen[s];
        int wait = t.opts[s].sndTimeout > 0 ? Math.min(t.opts[s].sndTimeout, MAX_SEND_WAIT_MS) : MAX_SEND_WAIT_MS;
        long deadline = waiter.deadline(wait);
        bufferWaiters++;
        try {
            while (h < 0) {
                if (!waiter.await(deadline)) {
                    return -Errno.ENOMEM;
                }
                if (t.gen[s] != gen) {
                    return -Errno.EINTR;
                }
                h = pool.alloc(Headroom.TRANSPORT);
            }
            return h;
        } finally {
            bufferWaiters--;
        }
    }

    /** A receive released a buffer: wake senders waiting for one. */
    void bufferFreed() {
        if (bufferWaiters > 0) {
            waiter.wakeAll();
        }
    }
}
