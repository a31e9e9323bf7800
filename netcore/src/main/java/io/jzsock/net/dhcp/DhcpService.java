package io.jzsock.net.dhcp;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.AddressListener;
import io.jzsock.net.iface.ArpListener;
import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;
import io.jzsock.net.udp.UdpEndpoint;
import io.jzsock.net.udp.UdpEndpoints;
import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpRepr;

/**
 * The stack's DHCP clients, one per interface in DHCP mode: their timers run as a {@link StackService},
 * replies arrive on the internal UDP port 68 (also unicast ones before the interface has an address),
 * and ARP packets go to a probing client's conflict check. Replies are parsed into one reused
 * {@link DhcpRepr}; what is malformed, or not for a client (xid, chaddr, port), is counted and dropped.
 */
public final class DhcpService implements StackService, UdpEndpoint, ArpListener {
    private final DhcpClient[] clients;
    private final DhcpRepr reply = new DhcpRepr();
    private final NetConfig cfg;
    private final DhcpSender tx;
    private final LeaseBinding binding;
    private final EthernetLink ethernet;
    private final Jitter random;
    private ServiceHandle timer = ServiceHandle.DETACHED;

    /** Registers itself on UDP port 68 and as the ARP listener. maxInterfaces bounds the ifindex. */
    public DhcpService(NetConfig cfg, PacketPool pool, UdpEndpoints udp, EthernetLink ethernet, Entropy entropy,
                       AddressListener addresses, int maxInterfaces) {
        this.cfg = cfg;
        this.clients = new DhcpClient[maxInterfaces + 1];
        this.tx = new DhcpSender(pool, udp, cfg.hostname);
        this.binding = new LeaseBinding(addresses);
        this.ethernet = ethernet;
        this.random = new Jitter(entropy);
        udp.register(DhcpMessage.CLIENT_PORT, this, true);
        ethernet.setArpListener(this);
    }

    /** Setup-time: the registration through which DHCP tells the registry a client's timer moved outside poll. */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    /** A client was started or fed (a reply, an ARP seen): its deadline may be sooner now. */
    void armTimers() {
        timer.armed();
    }

    /** Setup-time: a client for ifc, started at now. */
    public void add(NetInterface ifc, long now) {
        AddressProbe probe = new AddressProbe(ethernet, random, cfg.dhcpProbeCount, cfg.dhcpProbeWaitMillis,
                cfg.dhcpProbeMinMillis, cfg.dhcpProbeMaxMillis, cfg.dhcpAnnounceWaitMillis);
        DhcpClient c = new DhcpClient(ifc, tx, binding, probe, random, cfg);
        clients[ifc.index] = c;
        c.start(now);
    }

    /** The client of interface ifindex, or null. */
    DhcpClient client(int ifindex) {
        return ifindex > 0 && ifindex < clients.length ? clients[ifindex] : null;
    }

    /** Releases every bound lease (stack stop). */
    public void stopAll(long now) {
        for (int i = 1; i < clients.length; i++) {
            if (clients[i] != null) {
                clients[i].stop(now);
            }
        }
    }

    @Override
    public boolean poll(long now) {
        boolean worked = false;
        for (int i = 1; i < clients.length; i++) {
            if (clients[i] != null) {
                worked |= clients[i].poll(now);
            }
        }
        return worked;
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 1; i < clients.length; i++) {
            if (clients[i] != null && clients[i].state != Dhcp.STOPPED) {
                next = Math.min(next, clients[i].deadline());
            }
        }
        return next;
    }

    @Override
    public void datagram(NetInterface ifc, byte[] b, int off, int len, int src, int srcPort, int dst, long now) {
        timer.armed();
        if (reply.parse(b, off, len) != DhcpRepr.OK || reply.op != DhcpMessage.OP_BOOTREPLY) {
            ifc.count(NetCounters.DHCP_DROP_MALFORMED);
            return;
        }
        DhcpClient c = client(ifc.index);
        if (c == null || c.state == Dhcp.STOPPED || srcPort != DhcpMessage.SERVER_PORT || reply.xid != c.xid
                || reply.htype != DhcpMessage.HTYPE_ETHERNET || reply.hlen != DhcpMessage.MAC_LEN
                || !DhcpMessage.chaddrIs(b, off, ifc.mac, 0) || !c.reply(reply, now)) {
            ifc.count(NetCounters.DHCP_DROP_NOT_OURS);
            return;
        }
        ifc.count(NetCounters.DHCP_RX);
    }

    @Override
    public void arpSeen(NetInterface ifc, int op, int senderIp, byte[] b, int senderMacOff, int targetIp, long now) {
        timer.armed();
        DhcpClient c = client(ifc.index);
        if (c != null) {
            c.arpSeen(op, senderIp, b, senderMacOff, targetIp);
        }
    }
}
