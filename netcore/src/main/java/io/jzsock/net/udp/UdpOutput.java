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
import io.jzsock.net.ip.IpRoute;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * UDP send (RFC 768): destination and source selection, the datagram built in one pool buffer with
 * headroom for the lower headers, checksum (or device offload), TTL and ancillary data, and the
 * wait for a free buffer that a blocking socket makes when the pool is empty.
 *
 * <p>A datagram larger than the path MTU is sent as IPv4 fragments (RFC 791 §3.2, as Zephyr does with
 * CONFIG_NET_IPV4_FRAGMENT and Linux with its default IP_PMTUDISC_WANT): one pool buffer per fragment, all
 * taken before the first goes out, so a send either leaves whole or not at all. Its errors: -ENOMEM when
 * fragmentation is off (Zephyr without it, udp test_v4_dgram_overflow) or when the pool cannot give that
 * many buffers (Zephyr's test_v6_dgram_overflow, a datagram larger than all its TX buffers), -EMSGSIZE
 * past 65507 bytes, the most an IPv4 total length can carry (Linux's answer; Zephyr has no row for it).
 */
final class UdpOutput {
    /** Zephyr's CONFIG_NET_SOCKET_MAX_SEND_WAIT: how long a blocking send waits for a buffer. */
    static final int MAX_SEND_WAIT_MS = 10000;
    /** The largest UDP payload an IPv4 datagram holds: 65535 less the 20-byte IP and 8-byte UDP headers. */
    static final int MAX_IPV4_PAYLOAD = 65535 - Ipv4Header.MIN_LEN - UdpHeader.LEN;

    private final UdpTable t;
    private final PacketPool pool;
    private final Ipv4 ip;
    private final Waiter waiter;
    private final UdpControl control;
    private final IpRoute route = new IpRoute();
    private long now;
    /** Senders blocked for a free packet buffer; a read that frees one wakes them. */
    private int bufferWaiters;
    /** The fragments of the datagram being sent; at most one per pool buffer. */
    private final int[] fragments;
    private boolean fragmentation = true;

    UdpOutput(UdpTable t, PacketPool pool, Ipv4 ip, Waiter waiter, UdpControl control) {
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
        int dst;
        int dstPort;
        if (to != null && to.family() != ZsockConstants.AF_UNSPEC) {
            if (to.family() != ZsockConstants.AF_INET) {
                return -Errno.EAFNOSUPPORT;
            }
            dst = to.ipv4();
            dstPort = to.port();
        } else if (t.has(s, UdpTable.F_CONNECTED)) {
            dst = t.remoteIp4(s);
            dstPort = t.remotePort[s];
        } else {
            return -Errno.EDESTADDRREQ;
        }
        if (dstPort == 0) {
            return -Errno.EINVAL;
        }
        int r = t.autobind(s);
        if (r < 0) {
            return r;
        }
        int bound = t.localIp4(s);
        if (bound != 0 && !Ipv4InterfaceState.isMulticast(bound) && !ip.isLocal(bound)) {
            // The address the socket is bound to went away (a DHCP lease lost): the errno bind gives for
            // an address that is not ours. Linux's route lookup answers EINVAL here, which names no cause.
            return -Errno.EADDRNOTAVAIL;
        }
        r = ip.route(route, dst, t.opts[s].boundIf, t.mcastIf[s]);
        if (r < 0) {
            return r;
        }
        NetInterface ifc = route.ifc;
        if (len > ifc.mtu - route.ipHeaderLen() - UdpHeader.LEN) {
            if (!fragmentation) {
                // Zephyr answers ENOMEM for a datagram that needs IP fragmentation (udp test_v4_dgram_overflow).
                return -Errno.ENOMEM;
            }
            if (len > MAX_IPV4_PAYLOAD) {
                return -Errno.EMSGSIZE;
            }
            return sendFragmented(s, b, off, len, msg, iovCount, flags, dst, dstPort, bound);
        }
        int h = pool.alloc(Headroom.TRANSPORT);
        if (h < 0) {
            h = waitForBuffer(s, flags);
            if (h < 0) {
                ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
                return h;
            }
            // The wait released the monitor and another thread may have routed since: route again.
            r = ip.route(route, dst, t.opts[s].boundIf, t.mcastIf[s]);
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
        int ttl = Ipv4InterfaceState.isMulticast(dst) ? t.mcastTtl[s] : t.opts[s].ttl;
        pool.priority[h] = t.opts[s].priority;
        if (msg != null && msg.control != null && msg.controlLen > 0) {
            ttl = control.applySendControl(s, h, msg, ttl);
        }
        int src = bound != 0 && !Ipv4InterfaceState.isMulticast(bound) ? bound : ip.sourceFor(ifc, dst);
        pool.len[h] = UdpHeader.LEN + len;
        byte[] pb = pool.data[h];
        int o = pool.off[h];
        UdpHeader.write(pb, o, t.localPort[s], dstPort, UdpHeader.LEN + len);
        route.setSending4(src, ttl, t.opts[s].tos);
        if (!Ipv4.offloads(ifc, NetDevice.CSUM_UDP)) {
            UdpHeader.fillChecksum(pb, o, UdpHeader.LEN + len, route.pseudoHeaderSum(Ipv4Header.PROTO_UDP, UdpHeader.LEN + len));
        }
        ifc.count(NetCounters.UDP_TX);
        r = ip.output(h, Ipv4Header.PROTO_UDP, route, now);
        return r < 0 ? r : len;
    }

    /**
     * The datagram (8 + len bytes with its header) in fragments of {@link Ipv4#fragmentDataLen} bytes, the
     * UDP checksum summed over all of them before any leaves (the device cannot: it sees one fragment at a time).
     */
    private int sendFragmented(int s, byte[] b, int off, int len, MsgHdr msg, int iovCount, int flags, int dst,
                               int dstPort, int bound) {
        int per = Math.min(Ipv4.fragmentDataLen(route), (pool.bufferSize() - Headroom.TRANSPORT) & ~7);
        int total = UdpHeader.LEN + len;
        int n = (total + per - 1) / per;
        int r = awaitBuffers(s, flags, n);
        if (r < 0) {
            route.ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
            return r;
        }
        // Waiting released the monitor: route again, as a single-buffer send does after its wait.
        r = ip.route(route, dst, t.opts[s].boundIf, t.mcastIf[s]);
        if (r < 0) {
            return r;
        }
        NetInterface ifc = route.ifc;
        for (int i = 0; i < n; i++) {
            fragments[i] = pool.alloc(Headroom.TRANSPORT);
        }
        int first = fragments[0];
        UdpHeader.write(pool.data[first], pool.off[first], t.localPort[s], dstPort, total);
        int src = bound != 0 && !Ipv4InterfaceState.isMulticast(bound) ? bound : ip.sourceFor(ifc, dst);
        int sum = Checksum.pseudoHeaderV4(src, dst, Ipv4Header.PROTO_UDP, total);
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
