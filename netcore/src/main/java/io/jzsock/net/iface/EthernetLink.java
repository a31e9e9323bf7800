package io.jzsock.net.iface;

import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv6Address;

/**
 * Ethernet II framing and ARP (RFC 826) for every Ethernet interface: frame input and filtering,
 * next-hop resolution with parked packets, request retries and entry expiry; IPv6 framing (RFC 2464)
 * with its next hops resolved through the neighbour cache, Neighbor Discovery doing the messages. Its ARP timers run as a
 * {@link StackService} over every Ethernet interface of the {@link InterfaceTable}.
 */
public final class EthernetLink implements StackService {
    private static final byte[] BROADCAST = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    private static final byte[] ZERO_MAC = new byte[6];

    private final PacketPool pool;
    private final Ipv4Receiver ipv4;
    private final InterfaceTable interfaces;
    private final int retries;
    private final int retryMillis;
    private final int expiryMillis;
    private final byte[] dstMac = new byte[6];
    private ArpListener listener;
    private Ipv6Receiver ipv6;
    private NeighborResolver resolver;
    /** ARP's registration, armed when a request goes out or an entry is learned outside poll. */
    private ServiceHandle timer = ServiceHandle.DETACHED;
    /** Neighbor Discovery's, armed by every IPv6 frame received and every neighbour entry a send starts or delays. */
    private ServiceHandle neighborTimer = ServiceHandle.DETACHED;

    public EthernetLink(PacketPool pool, Ipv4Receiver ipv4, InterfaceTable interfaces, int retries, int retryMillis,
                        int expiryMillis) {
        this.pool = pool;
        this.ipv4 = ipv4;
        this.interfaces = interfaces;
        this.retries = retries;
        this.retryMillis = retryMillis;
        this.expiryMillis = expiryMillis;
    }

    /** Setup-time: who takes IPv6 packets (0x86DD) and resolves IPv6 next hops (Neighbor Discovery). */
    public void attachIpv6(Ipv6Receiver receiver, NeighborResolver ndisc) {
        this.ipv6 = receiver;
        this.resolver = ndisc;
    }

    /** Setup-time: the registrations of ARP (this link's own timers) and of Neighbor Discovery. */
    public void attachTimers(ServiceHandle arp, ServiceHandle neighbors) {
        timer = arp;
        neighborTimer = neighbors;
    }

    /** Setup-time: who sees received ARP packets besides the cache (DHCP's conflict detection). */
    public void setArpListener(ArpListener l) {
        this.listener = l;
    }

    /** A received frame: filter by destination MAC, then hand ARP and IPv4 to their handlers. */
    public void input(NetInterface ifc, int h, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        ifc.count(NetCounters.ETH_RX);
        if (pool.len[h] < EthernetFrame.HEADER_LEN) {
            drop(ifc, h, NetCounters.ETH_DROP_TOO_SHORT);
            return;
        }
        boolean group = Bytes.isBroadcastMac(b, o + EthernetFrame.DST) || Bytes.isMulticastMac(b, o + EthernetFrame.DST);
        if (!group && !Bytes.equal(b, o + EthernetFrame.DST, ifc.mac, 0, 6)) {
            drop(ifc, h, NetCounters.ETH_DROP_NOT_FOR_US);
            return;
        }
        if (group) {
            pool.flags[h] |= PacketPool.RX_LINK_GROUP;
        }
        int type = EthernetFrame.etherType(b, o);
        pool.consume(h, EthernetFrame.HEADER_LEN);
        pool.ifindex[h] = ifc.index;
        if (type == EthernetFrame.TYPE_IPV4) {
            ipv4.receiveIpv4(ifc, h, now);
        } else if (type == EthernetFrame.TYPE_ARP) {
            timer.armed();
            arpInput(ifc, h, now);
        } else if (type == EthernetFrame.TYPE_IPV6 && ipv6 != null && ifc.v6.enabled) {
            // Neighbor Discovery's timers move with most of what IPv6 receives (NS, NA, RA, redirects).
            neighborTimer.armed();
            ipv6.receiveIpv6(ifc, h, now);
        } else {
            drop(ifc, h, NetCounters.ETH_DROP_UNKNOWN_TYPE);
        }
    }

    /**
     * Sends an IPv4 packet ({@code off[h]} at the IP header) to nextHop on the link: broadcast and
     * multicast map directly (RFC 1112 §6.4), unicast goes through the ARP cache and is parked while
     * unresolved. Ownership of h passes here; drops are counted.
     */
    public void sendIpv4(NetInterface ifc, int h, int nextHop, long now) {
        if (nextHop == -1 || nextHop == ifc.v4.subnetBroadcast()) {
            transmit(ifc, h, BROADCAST, 0, EthernetFrame.TYPE_IPV4);
        } else if (Ipv4InterfaceState.isMulticast(nextHop)) {
            EthernetFrame.ipv4MulticastMac(nextHop, dstMac, 0);
            transmit(ifc, h, dstMac, 0, EthernetFrame.TYPE_IPV4);
        } else if (ifc.arp.lookup(nextHop, dstMac, 0)) {
            transmit(ifc, h, dstMac, 0, EthernetFrame.TYPE_IPV4);
        } else {
            resolveThenSend(ifc, h, nextHop, now);
        }
    }

    /**
     * Sends an IPv6 packet ({@code off[h]} at the IPv6 header) to a next hop on the link: multicast maps to
     * 33:33 and the group's last four bytes (RFC 2464 §7); unicast goes through the neighbour cache
     * (RFC 4861 §7.3.3: sending to a STALE entry starts DELAY) and is parked while INCOMPLETE.
     * Ownership of h passes here; drops are counted.
     */
    public void sendIpv6(NetInterface ifc, int h, long nhHi, long nhLo, long now) {
        if (Ipv6Address.isMulticast(nhHi)) {
            EthernetFrame.ipv6MulticastMac(nhLo, dstMac, 0);
            transmit(ifc, h, dstMac, 0, EthernetFrame.TYPE_IPV6);
            return;
        }
        NeighborCache nc = ifc.v6.neighbors;
        int i = nc.find(nhHi, nhLo);
        if (i >= 0 && nc.state[i] != NeighborCache.INCOMPLETE) {
            if (nc.state[i] == NeighborCache.STALE) {
                nc.state[i] = NeighborCache.DELAY;
                nc.deadline[i] = now + NeighborCache.DELAY_FIRST_PROBE_MILLIS;
                neighborTimer.armed();
            }
            nc.lastUsed[i] = now;
            nc.copyMac(i, dstMac, 0);
            transmit(ifc, h, dstMac, 0, EthernetFrame.TYPE_IPV6);
            return;
        }
        boolean fresh = i < 0;
        if (fresh) {
            i = nc.victim();
            if (i < 0) {
                drop(ifc, h, NetCounters.ND_DROP_PENDING_FULL);
                return;
            }
            nc.startResolving(i, nhHi, nhLo, now);
            neighborTimer.armed();
        }
        if (!nc.parkPacket(h, nhHi, nhLo)) {
            drop(ifc, h, NetCounters.ND_DROP_PENDING_FULL);
        }
        if (fresh && resolver != null) {
            resolver.startResolution(ifc, i, now);
        }
    }

    /** Sends every packet parked for this neighbour to the link-layer address now known (RFC 4861 §7.2.5). */
    public void flushParkedIpv6(NetInterface ifc, long nhHi, long nhLo, byte[] mac, int macOff) {
        NeighborCache nc = ifc.v6.neighbors;
        for (int k = 0; k < nc.pendingCount(); ) {
            if (nc.pendingFor(k, nhHi, nhLo)) {
                transmit(ifc, nc.takePending(k), mac, macOff, EthernetFrame.TYPE_IPV6);
            } else {
                k++;
            }
        }
    }

    /** Drops every packet parked for this neighbour: resolution failed (RFC 4861 §7.3.3, ICMPv6 errors aside). */
    public void dropParkedIpv6(NetInterface ifc, long nhHi, long nhLo) {
        NeighborCache nc = ifc.v6.neighbors;
        for (int k = 0; k < nc.pendingCount(); ) {
            if (nc.pendingFor(k, nhHi, nhLo)) {
                drop(ifc, nc.takePending(k), NetCounters.ND_RESOLVE_FAILED);
            } else {
                k++;
            }
        }
    }

    /** Sends an IPv6 packet to a known link-layer address (ND replies to a solicitation's source MAC). */
    public void sendIpv6To(NetInterface ifc, int h, byte[] mac, int macOff) {
        transmit(ifc, h, mac, macOff, EthernetFrame.TYPE_IPV6);
    }

    private void resolveThenSend(NetInterface ifc, int h, int nextHop, long now) {
        ArpCache arp = ifc.arp;
        int i = arp.find(nextHop);
        if (i < 0) {
            i = arp.victim();
            if (i < 0) {
                drop(ifc, h, NetCounters.ARP_DROP_PENDING_FULL);
                return;
            }
            arp.ip[i] = nextHop;
            arp.state[i] = ArpCache.PENDING;
            arp.requestsSent[i] = 0;
            arp.deadline[i] = now;
        }
        if (!arp.parkPacket(h, nextHop)) {
            drop(ifc, h, NetCounters.ARP_DROP_PENDING_FULL);
        }
        if (arp.requestsSent[i] == 0) {
            sendRequest(ifc, i, now);
        }
        timer.armed();
    }

    /** ARP timers: retry pending requests, fail them after the retry limit, expire old entries. */
    /** ARP retries and expiry on every Ethernet interface; true if a request went out or an entry changed. */
    @Override
    public boolean poll(long now) {
        boolean worked = false;
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            if (!ifc.loopback) {
                worked |= poll(ifc, now);
            }
        }
        return worked;
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            if (!ifc.loopback) {
                next = Math.min(next, nextDeadline(ifc));
            }
        }
        return next;
    }

    private boolean poll(NetInterface ifc, long now) {
        boolean worked = false;
        ArpCache arp = ifc.arp;
        for (int i = 0; i < arp.state.length; i++) {
            if (arp.state[i] == ArpCache.PENDING && now >= arp.deadline[i]) {
                if (arp.requestsSent[i] >= retries) {
                    failResolution(ifc, i);
                } else {
                    sendRequest(ifc, i, now);
                }
                worked = true;
            } else if (arp.state[i] == ArpCache.RESOLVED && now >= arp.deadline[i]) {
                arp.free(i);
                worked = true;
            }
        }
        return worked;
    }

    /** The earliest ARP deadline on this interface, or Long.MAX_VALUE. */
    private long nextDeadline(NetInterface ifc) {
        long next = Long.MAX_VALUE;
        ArpCache arp = ifc.arp;
        for (int i = 0; i < arp.state.length; i++) {
            if (arp.state[i] != ArpCache.FREE && arp.deadline[i] < next) {
                next = arp.deadline[i];
            }
        }
        return next;
    }

    private void failResolution(NetInterface ifc, int i) {
        ArpCache arp = ifc.arp;
        int target = arp.ip[i];
        arp.free(i);
        for (int k = 0; k < arp.pendingCount(); ) {
            if (arp.pendingNextHop(k) == target) {
                drop(ifc, arp.takePending(k), NetCounters.ARP_RESOLVE_FAILED);
            } else {
                k++;
            }
        }
    }

    private void sendRequest(NetInterface ifc, int i, long now) {
        ArpCache arp = ifc.arp;
        arp.requestsSent[i]++;
        arp.deadline[i] = now + retryMillis;
        broadcastRequest(ifc, ifc.v4.address, arp.ip[i]);
    }

    /** RFC 5227 §2.1.1: an ARP probe for ip, sender address 0 so that no cache learns it. */
    public void sendProbe(NetInterface ifc, int ip) {
        broadcastRequest(ifc, 0, ip);
    }

    /** RFC 5227 §2.3: an ARP announcement, sender and target both ip, claiming it. */
    public void sendAnnouncement(NetInterface ifc, int ip) {
        broadcastRequest(ifc, ip, ip);
    }

    private void broadcastRequest(NetInterface ifc, int senderIp, int targetIp) {
        int h = pool.alloc(EthernetFrame.HEADER_LEN);
        if (h < 0) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        ArpPacket.write(pool.data[h], pool.off[h], ArpPacket.OP_REQUEST, ifc.mac, 0, senderIp, ZERO_MAC, 0, targetIp);
        pool.len[h] = ArpPacket.LEN;
        ifc.count(NetCounters.ARP_TX);
        transmit(ifc, h, BROADCAST, 0, EthernetFrame.TYPE_ARP);
    }

    /** RFC 826 "Packet Reception", with the merge flag; replies reuse the request's buffer. */
    private void arpInput(NetInterface ifc, int h, long now) {
        byte[] b = pool.data[h];
        int o = pool.off[h];
        ifc.count(NetCounters.ARP_RX);
        if (pool.len[h] < ArpPacket.LEN || !ArpPacket.isEthernetIpv4(b, o)) {
            drop(ifc, h, NetCounters.ARP_DROP_MALFORMED);
            return;
        }
        int sender = ArpPacket.senderIp(b, o);
        int target = ArpPacket.targetIp(b, o);
        int smac = ArpPacket.senderMacOffset(o);
        if (listener != null) {
            listener.arpSeen(ifc, ArpPacket.op(b, o), sender, b, smac, target, now);
        }
        ArpCache arp = ifc.arp;
        boolean merged = false;
        int i = arp.find(sender);
        if (i >= 0 && sender != 0) {
            arp.setResolved(i, sender, b, smac, now + expiryMillis);
            merged = true;
        }
        boolean forUs = ifc.v4.address != 0 && target == ifc.v4.address;
        if (forUs && !merged && sender != 0) {
            int v = arp.victim();
            if (v >= 0) {
                arp.setResolved(v, sender, b, smac, now + expiryMillis);
                merged = true;
            }
        }
        if (merged) {
            flushParked(ifc, sender, b, smac);
        }
        if (forUs && ArpPacket.op(b, o) == ArpPacket.OP_REQUEST) {
            System.arraycopy(b, smac, dstMac, 0, 6);
            ArpPacket.write(b, o, ArpPacket.OP_REPLY, ifc.mac, 0, ifc.v4.address, dstMac, 0, sender);
            pool.len[h] = ArpPacket.LEN;
            ifc.count(NetCounters.ARP_TX);
            transmit(ifc, h, dstMac, 0, EthernetFrame.TYPE_ARP);
            return;
        }
        pool.release(h);
    }

    private void flushParked(NetInterface ifc, int ip, byte[] mac, int macOff) {
        ArpCache arp = ifc.arp;
        for (int k = 0; k < arp.pendingCount(); ) {
            if (arp.pendingNextHop(k) == ip) {
                transmit(ifc, arp.takePending(k), mac, macOff, EthernetFrame.TYPE_IPV4);
            } else {
                k++;
            }
        }
    }

    private void transmit(NetInterface ifc, int h, byte[] dst, int dstOff, int etherType) {
        if (pool.prepend(h, EthernetFrame.HEADER_LEN) < 0) {
            drop(ifc, h, NetCounters.IP_DROP_NO_BUFFER);
            return;
        }
        EthernetFrame.writeHeader(pool.data[h], pool.off[h], dst, dstOff, ifc.mac, 0, etherType);
        pool.ifindex[h] = ifc.index;
        int r = ifc.device.transmit(h);
        if (r < 0) {
            ifc.count(ifc.device.linkUp() ? NetCounters.TX_DROP_DEVICE_BUSY : NetCounters.TX_DROP_LINK_DOWN);
        } else {
            ifc.count(NetCounters.ETH_TX);
        }
    }

    /** Releases every packet parked on this interface (interface removal, stack stop). */
    public void releaseParked(NetInterface ifc) {
        ArpCache arp = ifc.arp;
        while (arp.pendingCount() > 0) {
            pool.release(arp.takePending(0));
        }
        NeighborCache nc = ifc.v6.neighbors;
        while (nc != null && nc.pendingCount() > 0) {
            pool.release(nc.takePending(0));
        }
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
