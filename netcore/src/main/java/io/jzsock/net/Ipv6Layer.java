package io.jzsock.net;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.Ipv6AddressRemoval;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.Loopback;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Icmpv6;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.ip.Ipv6Fragmentation;
import io.jzsock.net.ip.Mld;
import io.jzsock.net.ip.NeighborDiscovery;
import io.jzsock.net.ip.PathMtuTable;
import io.jzsock.net.ip.Reassembly;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.ServiceRegistry;
import io.jzsock.net.tcp.TcpEngine;
import io.jzsock.net.tcp.TcpSockets;
import io.jzsock.net.udp.UdpSockets;
import io.jzsock.net.wire.Ipv4Header;

/**
 * The IPv6 layer of a stack, built at start-up only when {@link NetConfig#ipv6} is on (Zephyr's
 * CONFIG_NET_IPV6, lwIP's LWIP_IPV6): IPv6 with ICMPv6, fragments, Neighbor Discovery (SLAAC, DAD, routers,
 * temporary addresses), MLD and path MTU, their timers, and their hooks into the link, IPv4's routing and
 * the transports. Without it none of this exists and NetStack holds null: every part it would attach to
 * treats an absent IPv6 as unreachable, EthernetLink drops 0x86DD frames as an unknown EtherType (counted),
 * and the inet socket kinds refuse AF_INET6 with -EPFNOSUPPORT.
 */
final class Ipv6Layer {
    final Ipv6 ipv6;
    final NeighborDiscovery nd;
    /** ND's registration: the link arms it when a send starts resolving or an IPv6 frame arrives. */
    final ServiceHandle ndTimer;
    private final Ipv6Fragmentation fragments;
    private final Ipv6AddressRemoval addressRemoval;

    /**
     * Builds the layer and attaches it below the transports (link, loopback, IPv4's routing, group
     * reports); registers ND, path MTU aging and MLD, in that order, as the net thread's timers.
     */
    Ipv6Layer(NetConfig cfg, PacketPool pool, Entropy entropy, Ipv4 ipv4, EthernetLink ethernet, Loopback loopback,
              Reassembly reassembly, ServiceRegistry services) {
        ipv6 = new Ipv6(pool, ipv4.interfaces(), cfg.ipv6HopLimit,
                new PathMtuTable(cfg.ipv6PathMtuEntries, cfg.ipv6PathMtuAgeMillis));
        Icmpv6 icmp6 = new Icmpv6(pool, ipv6, cfg.icmpErrorBurst, cfg.icmpErrorIntervalMillis);
        ipv6.attach(ethernet, loopback, icmp6);
        fragments = new Ipv6Fragmentation(pool, ipv6, reassembly, entropy);
        ipv6.attachFragments(fragments);
        nd = new NeighborDiscovery(pool, ipv6, ethernet, entropy, stableSecret(cfg, entropy), cfg.ipv6DadTransmits,
                cfg.ipv6RouterSolicitations, cfg.ipv6RsIntervalMillis, cfg.ipv6RsMaxIntervalMillis);
        icmp6.attachNeighborDiscovery(nd);
        ipv6.attachNeighborDiscovery(nd);
        if (cfg.ipv6TemporaryAddresses) {
            nd.enableTemporaryAddresses(cfg.ipv6TempPreferredLifetimeSeconds, cfg.ipv6TempValidLifetimeSeconds);
        }
        ethernet.attachIpv6(ipv6, nd);
        loopback.attachIpv6(ipv6);
        ipv4.attachIpv6(ipv6);
        ndTimer = services.register(nd);
        ipv6.pathMtuTable().attachTimer(services.register(ipv6.pathMtuTable()));
        Mld mld = new Mld(pool, ipv6, entropy, cfg.maxInterfaces, cfg.ipv6MulticastGroups);
        icmp6.attachMld(mld);
        ipv4.interfaces().setGroupListener(mld);
        mld.attachTimer(services.register(mld));
        addressRemoval = new Ipv6AddressRemoval(ipv4.interfaces());
        nd.attachAddressRemoval(addressRemoval);
    }

    /** Loopback's ::1 (RFC 4291 §2.5.3), preferred forever. */
    void addLoopbackAddress(NetInterface lo) {
        lo.v6.enabled = true;
        lo.addIpv6(0L, 1L, 128, Ipv6InterfaceState.PREFERRED, Ipv6InterfaceState.ORIGIN_LOOPBACK,
                Ipv6InterfaceState.FOREVER, Ipv6InterfaceState.FOREVER);
    }

    /**
     * UDP and TCP over IPv6: next headers 17 and 6, fragmented UDP chains, and deferred removal of addresses
     * their sockets are bound to (UDP-19).
     */
    void attachTransports(UdpSockets udp, TcpEngine tcp, TcpSockets tcpSockets) {
        udp.attachIpv6(ipv6);
        fragments.takeChains(Ipv4Header.PROTO_UDP);
        tcp.attachIpv6(ipv6);
        tcpSockets.attachIpv6(ipv6);
        addressRemoval.addUsers(udp);
        addressRemoval.addUsers(tcp);
        udp.attachAddressRemoval(addressRemoval);
        tcp.attachAddressRemoval(addressRemoval);
    }

    /** See NetStack.removeIpv6Address: true when removed now, false when deferred while a socket holds it. */
    boolean removeAddress(NetInterface ifc, int slot) {
        return addressRemoval.remove(ifc, slot);
    }

    /** RFC 7217's secret: the configured one (a board's, from its unique ID), else 16 bytes of entropy. */
    private static byte[] stableSecret(NetConfig cfg, Entropy entropy) {
        if (cfg.ipv6StableSecret != null) {
            return cfg.ipv6StableSecret;
        }
        byte[] s = new byte[16];
        entropy.fill(s, 0, s.length);
        return s;
    }
}
