package io.jzsock.net.iface;

/** The layer above Ethernet (and loopback) for IPv6: the link hands it packets without knowing what it is. */
public interface Ipv6Receiver {
    /** {@code off[h]} is at the IPv6 header; ownership of h passes to the receiver. */
    void receiveIpv6(NetInterface ifc, int h, long now);
}
