package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.Ipv6AddressRemoval;
import io.jzsock.net.iface.Ipv6AddressUsers;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Headroom;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.sock.EphemeralPorts;
import io.jzsock.net.sock.SocketOps;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * The zsock calls on UDP sockets (Zephyr's {@code sockets_inet.c} for SOCK_DGRAM): bind/connect,
 * receive with blocking, timeouts and ancillary data, shutdown, poll readiness. Sending is
 * {@link UdpOutput}, options {@link UdpOptions}, receive-side ancillary data {@link UdpControl}.
 */
public final class UdpSockets extends SocketOps implements Ipv6AddressUsers {
    /** Internal UDP ports netcore may hold: DHCP's client port and room for one more. */
    private static final int MAX_ENDPOINTS = 2;
    final UdpTable t;
    final PacketPool pool;
    final Ipv4 ip;
    final Waiter waiter;
    final UdpOptions options;
    final UdpControl control;
    final UdpOutput output;
    private final UdpInput input;
    private Ipv6 ip6;
    private Ipv6AddressRemoval removal;
    /** Ports bound to netcore-internal callbacks (DHCP's 68). */
    public final UdpEndpoints endpoints;

    public UdpSockets(int sockets, int queueLen, int groupsPerSocket, EphemeralPorts ports, PacketPool pool,
                      Ipv4 ip, Waiter waiter, int defaultTtl, int defaultMcastTtl) {
        this.t = new UdpTable(sockets, queueLen, groupsPerSocket, ports,
                pool.bufferSize() - Headroom.TRANSPORT - UdpHeader.LEN);
        this.pool = pool;
        this.ip = ip;
        this.waiter = waiter;
        this.options = new UdpOptions(t, ip, waiter, defaultTtl, defaultMcastTtl);
        this.control = new UdpControl(t, pool);
        this.output = new UdpOutput(this, t, pool, ip, waiter, control);
        this.endpoints = new UdpEndpoints(MAX_ENDPOINTS, pool, ip, defaultTtl);
        this.input = new UdpInput(t, pool, ip, endpoints);
        ip.registerChained(Ipv4Header.PROTO_UDP, input);
        ip.setUnconfiguredInput(endpoints);
    }

    /**
     * Setup-time: UDP over IPv6, registered as next header 17 (AF_INET6 sockets then reach IPv6 peers); its
     * input takes reassembled datagrams chained over several buffers, as the IPv4 one does.
     */
    public void attachIpv6(Ipv6 ipv6) {
        this.ip6 = ipv6;
        input.attachIpv6(ipv6);
        output.attachIpv6(ipv6);
        options.attachIpv6(ipv6);
        ipv6.register(Ipv4Header.PROTO_UDP, input);
    }

    /** Setup-time: NetConfig.ipFragmentation, whether a datagram larger than the MTU is sent as fragments. */
    public void setFragmentation(boolean on) {
        output.setFragmentation(on);
    }

    /** A new AF_INET UDP socket object (netcore's own clients: DNS), or -ENOENT when the table is full. */
    public int open() {
        return open(ZsockConstants.AF_INET);
    }

    /** A new UDP socket object of the family, or -ENOENT when the table is full. */
    public int open(int family) {
        int s = t.open(family);
        if (s >= 0) {
            options.initDefaults(s);
        }
        return s;
    }

    public int openCount() {
        return t.openCount();
    }

    @Override
    public int bind(int s, SockAddr a) {
        int r = checkFamily(s, a, true);
        if (r < 0) {
            return r;
        }
        long hi = a.addrHi();
        long lo = a.addrLo();
        int addr = IpAddress.v4(lo);
        if (!IpAddress.isV4Mapped(hi, lo)) {
            r = checkLocal6(s, hi, lo, a.scopeId());
            if (r < 0) {
                return r;
            }
        } else if (addr != 0 && !Ipv4InterfaceState.isMulticast(addr) && !ip.isLocal(addr)) {
            return -Errno.EADDRNOTAVAIL;
        }
        int port = a.port();
        if (port == 0) {
            port = t.ephemeralPort(s, addr);
            if (port < 0) {
                return port;
            }
        } else {
            r = t.checkBind(s, hi, lo, port);
            if (r < 0) {
                return r;
            }
        }
        long oldHi = t.localHi[s];
        long oldLo = t.localLo[s];
        t.setLocal(s, hi, lo);
        t.localPort[s] = port;
        if (oldHi != hi || oldLo != lo) {
            releaseAddress(oldHi, oldLo);
        }
        return 0;
    }

    /** Setup-time: where a socket that lets go of an IPv6 address reports it (UDP-19). */
    public void attachAddressRemoval(Ipv6AddressRemoval r) {
        this.removal = r;
    }

    @Override
    public boolean usesIpv6Address(long hi, long lo) {
        for (int s = 0; s < t.inUse.length; s++) {
            if (t.inUse[s] && t.localHi[s] == hi && t.localLo[s] == lo) {
                return true;
            }
        }
        return false;
    }

    private void releaseAddress(long hi, long lo) {
        if (removal != null && !IpAddress.isUnspecified(hi, lo) && !IpAddress.isV4Mapped(hi, lo)) {
            removal.released(hi, lo);
        }
    }

    /**
     * The address must be of the socket's own family (-EAFNOSUPPORT otherwise); on an AF_INET6 socket a
     * v4-mapped address needs IPV6_V6ONLY off: binding one is -EINVAL, sending to one -ENETUNREACH (as
     * Linux's inet6_bind and udpv6_sendmsg answer the IPv4 world through a V6ONLY socket).
     */
    int checkFamily(int s, SockAddr a, boolean binding) {
        if (a.family() != t.opts[s].family) {
            return -Errno.EAFNOSUPPORT;
        }
        if (t.v6(s) && t.opts[s].v6only() && IpAddress.isV4Mapped(a.addrHi(), a.addrLo())) {
            return binding ? -Errno.EINVAL : -Errno.ENETUNREACH;
        }
        return 0;
    }

    /**
     * An IPv6 address to bind: {@code ::}, a group, or one of ours. A link-local one needs its zone, the scope
     * id (RFC 4007 §11: -EINVAL without one), which binds the socket to that interface as Linux does.
     */
    private int checkLocal6(int s, long hi, long lo, int scopeId) {
        if ((hi == 0L && lo == 0L) || Ipv6Address.isMulticast(hi)) {
            return 0;
        }
        if (ip6 == null) {
            return -Errno.EADDRNOTAVAIL;
        }
        if (Ipv6Address.isLinkLocal(hi)) {
            if (scopeId == 0) {
                return -Errno.EINVAL;
            }
            NetInterface ifc = ip.byIndex(scopeId);
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            if (!ifc.v6.owns(hi, lo)) {
                return -Errno.EADDRNOTAVAIL;
            }
            t.opts[s].boundIf = scopeId;
            return 0;
        }
        return ip6.isLocal(hi, lo) ? 0 : -Errno.EADDRNOTAVAIL;
    }

    /** connect(AF_UNSPEC) dissolves the association (POSIX, Zephyr's UDP test). */
    @Override
    public int connect(int s, SockAddr a) {
        if (a.family() == ZsockConstants.AF_UNSPEC) {
            t.set(s, UdpTable.F_CONNECTED, false);
            t.remoteHi[s] = 0;
            t.remoteLo[s] = 0;
            t.remotePort[s] = 0;
            return 0;
        }
        int r = checkFamily(s, a, false);
        if (r < 0) {
            return r;
        }
        long hi = a.addrHi();
        long lo = a.addrLo();
        if (IpAddress.isV4Mapped(hi, lo)) {
            r = ip.reachable(IpAddress.v4(lo), t.opts[s].boundIf, t.mcastIf[s]);
        } else if (ip6 == null) {
            r = -Errno.ENETUNREACH;
        } else {
            int scope = a.scopeId();
            if (scope != 0 && t.opts[s].boundIf != 0 && scope != t.opts[s].boundIf) {
                return -Errno.EINVAL;
            }
            r = ip6.reachable(hi, lo, scope != 0 ? scope : t.opts[s].boundIf, t.mcastIf6[s]);
            if (r == 0 && scope != 0 && (Ipv6Address.isLinkLocal(hi) || Ipv6Address.isMulticast(hi))) {
                // RFC 4007 §11: the peer's zone; later datagrams leave by that interface (Linux binds the socket).
                t.opts[s].boundIf = scope;
            }
        }
        if (r < 0) {
            return r;
        }
        r = t.autobind(s);
        if (r < 0) {
            return r;
        }
        t.setRemote(s, hi, lo);
        t.remotePort[s] = a.port();
        t.set(s, UdpTable.F_CONNECTED, true);
        return 0;
    }

    @Override
    public int listen(int s, int backlog) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public int accept(int s, SockAddr peer) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public int sendto(int s, byte[] b, int off, int len, int flags, SockAddr dst) {
        return output.send(s, b, off, len, null, 0, flags, dst);
    }

    @Override
    public int sendmsg(int s, MsgHdr msg, int flags) {
        if (msg == null) {
            return -Errno.EINVAL;
        }
        int total = 0;
        for (int i = 0; i < msg.iovCount; i++) {
            if (msg.iovBase == null || msg.iovBase[i] == null && msg.iovLen[i] > 0) {
                return -Errno.EFAULT;
            }
            total += msg.iovLen[i];
        }
        return output.send(s, null, 0, total, msg, msg.iovCount, flags, msg.name);
    }

    static boolean nonblocking(UdpTable t, int s, int flags) {
        return (flags & ZsockConstants.MSG_DONTWAIT) != 0 || t.has(s, UdpTable.F_NONBLOCK);
    }

    /**
     * Waits for a datagram: 0 when one is queued, 0 as well after SHUT_RD with nothing queued (the
     * caller then reports EOF), -EAGAIN when non-blocking or SO_RCVTIMEO expires, -EINTR when the
     * socket is closed by another thread.
     */
    private int awaitDatagram(int s, int flags) {
        if (!t.rx[s].isEmpty() || t.has(s, UdpTable.F_SHUT_RD)) {
            return 0;
        }
        if (nonblocking(t, s, flags)) {
            return -Errno.EAGAIN;
        }
        int gen = t.gen[s];
        long deadline = waiter.deadline(t.opts[s].rcvTimeout > 0 ? t.opts[s].rcvTimeout : -1);
        while (t.rx[s].isEmpty()) {
            if (!waiter.await(deadline)) {
                return Thread.currentThread().isInterrupted() ? -Errno.EINTR : -Errno.EAGAIN;
            }
            if (t.gen[s] != gen || !t.inUse[s]) {
                return -Errno.EINTR;
            }
            if (t.has(s, UdpTable.F_SHUT_RD)) {
                return 0;
            }
        }
        return 0;
    }

    @Override
    public int recvfrom(int s, byte[] b, int off, int len, int flags, SockAddr src) {
        int r = awaitDatagram(s, flags);
        if (r < 0) {
            return r;
        }
        int h = t.rx[s].peek();
        if (h < 0) {
            return 0;
        }
        int dlen = pool.totalLen(h);
        int n = pool.copyOut(h, 0, b, off, Math.min(len, dlen));
        if (src != null) {
            control.source(s, h, src);
        }
        if ((flags & ZsockConstants.MSG_PEEK) == 0) {
            dequeue(s, dlen);
        }
        return (flags & ZsockConstants.MSG_TRUNC) != 0 ? dlen : n;
    }

    @Override
    public int recvmsg(int s, MsgHdr msg, int flags) {
        if (msg == null) {
            return -Errno.EINVAL;
        }
        if (msg.iovBase == null) {
            return -Errno.ENOMEM;
        }
        int r = awaitDatagram(s, flags);
        if (r < 0) {
            return r;
        }
        msg.flags = 0;
        int h = t.rx[s].peek();
        if (h < 0) {
            msg.controlLen = 0;
            return 0;
        }
        int dlen = pool.totalLen(h);
        int copied = 0;
        for (int i = 0; i < msg.iovCount && copied < dlen; i++) {
            int n = Math.min(msg.iovLen[i], dlen - copied);
            if (n > 0) {
                copied += pool.copyOut(h, copied, msg.iovBase[i], msg.iovOff[i], n);
            }
        }
        if (copied < dlen) {
            msg.flags |= ZsockConstants.MSG_TRUNC;
        }
        if (msg.name != null) {
            control.source(s, h, msg.name);
        }
        control.writeReceiveControl(s, h, msg);
        if ((flags & ZsockConstants.MSG_PEEK) == 0) {
            dequeue(s, dlen);
        }
        return (flags & ZsockConstants.MSG_TRUNC) != 0 ? dlen : copied;
    }

    /** dlen: the head datagram's length, which the caller has just measured. */
    private void dequeue(int s, int dlen) {
        int h = t.rx[s].poll();
        t.rxBytes[s] -= dlen;
        pool.release(h);
        output.bufferFreed();
    }

    @Override
    public int shutdown(int s, int how) {
        if (how == ZsockConstants.SHUT_RD || how == ZsockConstants.SHUT_RDWR) {
            t.set(s, UdpTable.F_SHUT_RD, true);
            waiter.wakeAll();
        }
        if (how == ZsockConstants.SHUT_WR || how == ZsockConstants.SHUT_RDWR) {
            t.set(s, UdpTable.F_SHUT_WR, true);
        }
        return how >= ZsockConstants.SHUT_RD && how <= ZsockConstants.SHUT_RDWR ? 0 : -Errno.EINVAL;
    }

    @Override
    public int setsockopt(int s, int level, int opt, int value) {
        return options.set(s, level, opt, value);
    }

    @Override
    public int getsockopt(int s, int level, int opt, int[] out) {
        return options.get(s, level, opt, out);
    }

    @Override
    public int setsockopt(int s, int level, int opt, byte[] v, int off, int len) {
        int r = options.setStruct(s, level, opt, v, off, len);
        return r != UdpOptions.NOT_A_STRUCT ? r : super.setsockopt(s, level, opt, v, off, len);
    }

    @Override
    public int getsockopt(int s, int level, int opt, byte[] v, int off, int[] lenInOut) {
        int r = options.getStruct(s, level, opt, v, off, lenInOut);
        return r != UdpOptions.NOT_A_STRUCT ? r : super.getsockopt(s, level, opt, v, off, lenInOut);
    }

    @Override
    public int getsockname(int s, SockAddr out) {
        if (t.localPort[s] == 0) {
            return -Errno.EINVAL;
        }
        out.setAddress(t.opts[s].family, t.localHi[s], t.localLo[s], t.localPort[s], scope(s, t.localHi[s]));
        return 0;
    }

    @Override
    public int getpeername(int s, SockAddr out) {
        if (!t.has(s, UdpTable.F_CONNECTED)) {
            return -Errno.ENOTCONN;
        }
        out.setAddress(t.opts[s].family, t.remoteHi[s], t.remoteLo[s], t.remotePort[s], scope(s, t.remoteHi[s]));
        return 0;
    }

    /** A link-local address's zone: the interface the socket is bound to (RFC 4007 §11). */
    private int scope(int s, long hi) {
        return Ipv6Address.isLinkLocal(hi) ? t.opts[s].boundIf : 0;
    }

    @Override
    public int fcntl(int s, int cmd, int arg) {
        if (cmd == ZsockConstants.F_GETFL) {
            return t.has(s, UdpTable.F_NONBLOCK) ? ZsockConstants.O_NONBLOCK : 0;
        }
        if (cmd == ZsockConstants.F_SETFL) {
            t.set(s, UdpTable.F_NONBLOCK, (arg & ZsockConstants.O_NONBLOCK) != 0);
            return 0;
        }
        return -Errno.EINVAL;
    }

    @Override
    public int ioctl(int s, int req, int[] arg) {
        if (req == ZsockConstants.FIONREAD) {
            int h = t.rx[s].peek();
            arg[0] = h < 0 ? 0 : pool.totalLen(h);
            return 0;
        }
        if (req == ZsockConstants.FIONBIO) {
            t.set(s, UdpTable.F_NONBLOCK, arg[0] != 0);
            return 0;
        }
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public int pollEvents(int s) {
        int ev = ZsockConstants.POLLOUT;
        if (!t.rx[s].isEmpty() || t.has(s, UdpTable.F_SHUT_RD)) {
            ev |= ZsockConstants.POLLIN;
        }
        if (t.error[s] != 0) {
            ev |= ZsockConstants.POLLERR;
        }
        return ev;
    }

    @Override
    public int close(int s) {
        options.leaveAllGroups(s);
        int h;
        while ((h = t.rx[s].poll()) >= 0) {
            pool.release(h);
        }
        t.rxBytes[s] = 0;
        t.inUse[s] = false;
        t.gen[s]++;
        t.localPort[s] = 0;
        releaseAddress(t.localHi[s], t.localLo[s]);
        waiter.wakeAll();
        return 0;
    }
}
