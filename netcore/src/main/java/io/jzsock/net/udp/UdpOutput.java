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
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * UDP send (RFC 768): destination and source selection, the datagram built in one pool buffer with
 * headroom for the lower headers, checksum (or device offload), TTL and ancillary data, and the
 * wait for a free buffer that a blocking socket makes when the pool is empty.
 */
final class UdpOutput {
    /** Zephyr's CONFIG_NET_SOCKET_MAX_SEND_WAIT: how long a blocking send waits for a buffer. */
    static final int MAX_SEND_WAIT_MS = 10000;

    private final UdpSockets sockets;
    private final UdpTable t;
    private final PacketPool pool;
    private final Ipv4 ip;
    private final Waiter waiter;
    private final UdpControl control;
    private final IpRoute route = new IpRoute();
    private long now;
    /** Senders blocked for a free packet buffer; a read that frees one wakes them. */
    private int bufferWaiters;

    UdpOutput(UdpSockets sockets, UdpTable t, PacketPool pool, Ipv4 ip, Waiter waiter, UdpControl control) {
        this.sockets = sockets;
        this.t = t;
        this.pool = pool;
        this.ip = ip;
        this.waiter = waiter;
        this.control = control;
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
        if (!IpAddress.isV4Mapped(dstHi, dstLo) || !t.localUnspecified(s) && !IpAddress.isV4Mapped(t.localHi[s], t.localLo[s])) {
            // An IPv6 destination, or IPv4 from a socket bound to an IPv6 address (Linux: ENETUNREACH):
            // no IPv6 route exists before the IPv6 layer configures one.
            return -Errno.ENETUNREACH;
        }
        int dst = IpAddress.v4(dstLo);
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
            // Zephyr answers ENOMEM for a datagram that needs IP fragmentation (udp test_v4_dgram_overflow).
            return -Errno.ENOMEM;
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
