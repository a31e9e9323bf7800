package io.jzsock.net.iface;

/** The layer above Ethernet for IPv4: the link hands it packets without knowing what it is. */
public interface Ipv4Receiver {
    /** {@code off[h]} is at the IPv4 header; ownership of h passes to the receiver. */
    void receiveIpv4(NetInterface ifc, int h, long now);
}
