package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Headroom;
import io.jzsock.net.ip.IpRoute;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.UnconfiguredInput;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * UDP ports bound to netcore-internal callbacks ({@link UdpEndpoint}), beside the fd sockets of
 * {@link UdpSockets}: input to such a port goes to its endpoint before any socket is considered, and an
 * endpoint sends from any source address out of an interface it names (DHCP sends from 0.0.0.0 to
 * 255.255.255.255 before the interface has an address, RFC 2131 §4.1). A fixed table filled at start-up.
 */
public final class UdpEndpoints implements UnconfiguredInput {
    private final int[] ports;
    private final UdpEndpoint[] endpoints;
    private final boolean[] unconfigured;
    private int count;
    private final PacketPool pool;
    private final Ipv4 ip;
    private final int ttl;
    private final IpRoute route = new IpRoute();

    UdpEndpoints(int capacity, PacketPool pool, Ipv4 ip, int ttl) {
        ports = new int[capacity];
        endpoints = new UdpEndpoint[capacity];
        unconfigured = new boolean[capacity];
        this.pool = pool;
        this.ip = ip;
        this.ttl = ttl;
    }

    /**
     * Setup-time: datagrams to port go to e; with whileUnconfigured, also unicast ones arriving on an
     * interface that has no address yet. Throws IllegalStateException when full or the port is taken.
     */
    public void register(int port, UdpEndpoint e, boolean whileUnconfigured) {
        if (count == ports.length || find(port) >= 0) {
            throw new IllegalStateException("UDP endpoint port " + port + ": table full or port taken");
        }
        ports[count] = port;
        endpoints[count] = e;
        unconfigured[count] = whileUnconfigured;
        count++;
    }

    private int find(int port) {
        for (int i = 0; i < count; i++) {
            if (ports[i] == port) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean wants(NetInterface ifc, int protocol, byte[] b, int l4, int l4Len) {
        if (protocol != Ipv4Header.PROTO_UDP || l4Len < UdpHeader.LEN) {
            return false;
        }
        int i = find(UdpHeader.dstPort(b, l4));
        return i >= 0 && unconfigured[i];
    }

    /** Hands a checked datagram (off[h] at the UDP header) to its endpoint; false when no endpoint has the port. */
    /** True when a netcore-internal endpoint holds port. */
    boolean owns(int port) {
        return find(port) >= 0;
    }

    boolean deliver(NetInterface ifc, int h, int src, int srcPort, int dst, int dstPort, long now) {
        int i = find(dstPort);
        if (i < 0) {
            return false;
        }
        ifc.count(NetCounters.UDP_RX);
        int o = pool.off[h] + UdpHeader.LEN;
        endpoints[i].datagram(ifc, pool.data[h], o, pool.len[h] - UdpHeader.LEN, src, srcPort, dst, now);
        pool.release(h);
        return true;
    }

    /** A buffer whose off[h] is where the payload goes, with headroom for UDP, IPv4 and Ethernet; or -ENOBUFS. */
    public int alloc() {
        return pool.alloc(Headroom.TRANSPORT + UdpHeader.LEN);
    }

    /**
     * Sends the payload in h (len[h] bytes at off[h]) from src:srcPort to dst:dstPort out of ifc, whatever
     * ifc's own address; a limited broadcast goes to the broadcast MAC without ARP. Ownership of h passes
     * here. Returns 0 or a negative errno (the drop is counted).
     */
    public int send(NetInterface ifc, int h, int src, int srcPort, int dst, int dstPort, long now) {
        int r = ip.route(route, dst, ifc.index, 0);
        if (r < 0) {
            ifc.count(NetCounters.IP_DROP_NO_ROUTE);
            pool.release(h);
            return r;
        }
        if (pool.prepend(h, UdpHeader.LEN) < 0) {
            ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
            pool.release(h);
            return -Errno.ENOBUFS;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int len = pool.len[h];
        UdpHeader.write(b, o, srcPort, dstPort, len);
        route.setSending4(src, ttl, 0);
        if (!Ipv4.offloads(ifc, NetDevice.CSUM_UDP)) {
            UdpHeader.fillChecksum(b, o, len, route.pseudoHeaderSum(Ipv4Header.PROTO_UDP, len));
        }
        ifc.count(NetCounters.UDP_TX);
        return ip.output(h, Ipv4Header.PROTO_UDP, route, now);
    }
}
