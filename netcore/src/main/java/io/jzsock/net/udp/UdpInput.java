package io.jzsock.net.udp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv4Protocol;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.ip.Ipv6Protocol;
import io.jzsock.net.sock.DualStack;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.wire.UdpHeader;

/**
 * UDP receive (RFC 768, RFC 1122 §4.1.3): length and checksum checks, demultiplexing to the best
 * matching socket for unicast and to every matching socket for broadcast and multicast, queueing
 * the packet handle itself (zero copy), and ICMP port unreachable when no socket matches. A port that a
 * netcore-internal {@link UdpEndpoint} holds goes to it first. A datagram reassembled from IP fragments may
 * arrive chained over several packet buffers ({@link PacketPool#next}); it is checked and queued as one, and
 * the socket calls copy it out across the chain. Endpoints read one buffer and never get a chain.
 */
final class UdpInput implements Ipv4Protocol, Ipv6Protocol {
    private final UdpTable t;
    private final PacketPool pool;
    private final Ipv4 ip;
    private final UdpEndpoints endpoints;
    private Ipv6 ip6;

    UdpInput(UdpTable table, PacketPool pool, Ipv4 ip, UdpEndpoints endpoints) {
        this.t = table;
        this.pool = pool;
        this.ip = ip;
        this.endpoints = endpoints;
    }

    @Override
    public void input(NetInterface ifc, int h, int src, int dst, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.totalLen(h);
        if (pool.len[h] < UdpHeader.LEN || UdpHeader.length(b, o) < UdpHeader.LEN || UdpHeader.length(b, o) > len) {
            drop(ifc, h, NetCounters.UDP_DROP_BAD_LENGTH);
            return;
        }
        len = UdpHeader.length(b, o);
        pool.trim(h, len);
        boolean chained = pool.next[h] >= 0;
        boolean verified = ifc.loopback || (pool.flags[h] & PacketPool.RX_L4_CSUM_OK) != 0;
        if (!verified && !(chained ? checksumOkV4(h, len, src, dst) : UdpHeader.checksumOkV4(b, o, len, src, dst))) {
            drop(ifc, h, NetCounters.UDP_DROP_BAD_CHECKSUM);
            return;
        }
        int srcPort = UdpHeader.srcPort(b, o);
        int dstPort = UdpHeader.dstPort(b, o);
        if (chained && endpoints.owns(dstPort)) {
            drop(ifc, h, NetCounters.IP_REASM_DROP_TOO_BIG);
            return;
        }
        if (endpoints.deliver(ifc, h, src, srcPort, dst, dstPort, now)) {
            return;
        }
        long srcHi = IpAddress.v4MappedHi();
        long srcLo = IpAddress.v4MappedLo(src);
        long dstHi = IpAddress.v4MappedHi();
        long dstLo = IpAddress.v4MappedLo(dst);
        boolean group = Ipv4InterfaceState.isMulticast(dst) || dst == -1 || dst == ifc.v4.subnetBroadcast();
        if (group) {
            deliverToAll(ifc, h, len - UdpHeader.LEN, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
            return;
        }
        int best = bestSocket(ifc, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        if (best < 0) {
            ip.icmp().sendUnreachable(ifc, h, Icmpv4Header.CODE_PORT_UNREACHABLE, now);
            drop(ifc, h, NetCounters.UDP_DROP_NO_PORT);
            return;
        }
        enqueue(ifc, best, h, len - UdpHeader.LEN);
    }

    /**
     * UDP over IPv6 (RFC 8200 §8.1): the checksum is mandatory, so a zero one drops the datagram; then the
     * same demultiplexing as IPv4, to AF_INET6 sockets only, and ICMPv6 port unreachable (RFC 4443 §3.1
     * code 4) when no socket has the port.
     */
    @Override
    public void input(NetInterface ifc, int h, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.totalLen(h);
        if (pool.len[h] < UdpHeader.LEN || UdpHeader.length(b, o) < UdpHeader.LEN || UdpHeader.length(b, o) > len) {
            drop(ifc, h, NetCounters.UDP_DROP_BAD_LENGTH);
            return;
        }
        len = UdpHeader.length(b, o);
        pool.trim(h, len);
        boolean verified = ifc.loopback || (pool.flags[h] & PacketPool.RX_L4_CSUM_OK) != 0;
        if (!verified && (UdpHeader.checksum(b, o) == 0
                || chainSum(h, Checksum.pseudoHeaderV6(srcHi, srcLo, dstHi, dstLo, Ipv4Header.PROTO_UDP, len)) != 0xffff)) {
            drop(ifc, h, NetCounters.UDP_DROP_BAD_CHECKSUM);
            return;
        }
        int srcPort = UdpHeader.srcPort(b, o);
        int dstPort = UdpHeader.dstPort(b, o);
        if (Ipv6Address.isMulticast(dstHi)) {
            deliverToAll(ifc, h, len - UdpHeader.LEN, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
            return;
        }
        int best = bestSocket(ifc, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        if (best < 0) {
            ip6.icmp().sendError(ifc, h, Icmpv6Header.TYPE_DEST_UNREACHABLE, Icmpv6Header.CODE_PORT_UNREACHABLE, 0, now);
            drop(ifc, h, NetCounters.UDP_DROP_NO_PORT);
            return;
        }
        enqueue(ifc, best, h, len - UdpHeader.LEN);
    }

    void attachIpv6(Ipv6 ip6) {
        this.ip6 = ip6;
    }

    private int bestSocket(NetInterface ifc, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        int best = -1;
        int bestScore = -1;
        for (int s = 0; s < t.sockets(); s++) {
            int score = match(s, ifc, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
            if (score > bestScore) {
                best = s;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * RFC 768 over a chain: the sum runs buffer by buffer, each buffer but the last holding an even number of
     * bytes (fragment data comes in multiples of 8, and the head holds fragment zero's), so the partial sums
     * chain as one.
     */
    private boolean checksumOkV4(int h, int len, int src, int dst) {
        if (UdpHeader.checksum(pool.data[h], pool.off[h]) == 0) {
            return true;
        }
        return chainSum(h, Checksum.pseudoHeaderV4(src, dst, Ipv4Header.PROTO_UDP, len)) == 0xffff;
    }

    /** The one's-complement sum of a (possibly chained) datagram from the pseudo-header's seed. */
    private int chainSum(int h, int seed) {
        int sum = seed;
        for (int c = h; c >= 0; c = pool.next[c]) {
            sum = Checksum.sum(pool.data[c], pool.off[c], pool.len[c], sum);
        }
        return sum;
    }

    /**
     * How well socket s matches, or -1: a connected socket beats a bound-address one, which beats a
     * wildcard; SO_BINDTODEVICE adds one (Zephyr's net_conn ranking). Addresses in the form of {@link IpAddress};
     * an AF_INET6 socket takes IPv4 datagrams only with IPV6_V6ONLY off ({@link DualStack}).
     */
    private int match(int s, NetInterface ifc, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        if (!t.inUse[s] || t.localPort[s] != dstPort) {
            return -1;
        }
        int takes = DualStack.takes(t.opts[s].family, t.opts[s].v6only(), t.localHi[s], t.localLo[s], dstHi, dstLo);
        if (takes == DualStack.NONE) {
            return -1;
        }
        boolean bound = takes == DualStack.ONE;
        if (t.opts[s].boundIf != 0 && t.opts[s].boundIf != ifc.index) {
            return -1;
        }
        int score = 0;
        if (t.has(s, UdpTable.F_CONNECTED)) {
            if (t.remoteLo[s] != srcLo || t.remoteHi[s] != srcHi || t.remotePort[s] != srcPort) {
                return -1;
            }
            score += 4;
        }
        if (bound) {
            score += 2;
        }
        if (t.opts[s].boundIf != 0) {
            score += 1;
        }
        return score;
    }

    private void deliverToAll(NetInterface ifc, int h, int payload, long srcHi, long srcLo, int srcPort, long dstHi,
                              long dstLo, int dstPort) {
        int last = -1;
        for (int s = 0; s < t.sockets(); s++) {
            if (match(s, ifc, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort) < 0) {
                continue;
            }
            if (last >= 0) {
                int copy = pool.duplicate(h);
                if (copy < 0) {
                    ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
                } else {
                    enqueue(ifc, last, copy, payload);
                }
            }
            last = s;
        }
        if (last < 0) {
            drop(ifc, h, NetCounters.UDP_DROP_NO_PORT);
        } else {
            enqueue(ifc, last, h, payload);
        }
    }

    /** payload: the datagram's length less its header, as input trimmed it (known there: no second walk of the chain). */
    private void enqueue(NetInterface ifc, int s, int h, int payload) {
        if (t.has(s, UdpTable.F_SHUT_RD)) {
            drop(ifc, h, NetCounters.UDP_DROP_SHUTDOWN);
            return;
        }
        if (t.rxBytes[s] + payload > t.opts[s].rcvBuf && !t.rx[s].isEmpty()) {
            drop(ifc, h, NetCounters.UDP_DROP_QUEUE_FULL);
            return;
        }
        pool.consume(h, UdpHeader.LEN);
        if (!t.rx[s].offer(h)) {
            drop(ifc, h, NetCounters.UDP_DROP_QUEUE_FULL);
            return;
        }
        t.rxBytes[s] += payload;
        ifc.count(NetCounters.UDP_RX);
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
