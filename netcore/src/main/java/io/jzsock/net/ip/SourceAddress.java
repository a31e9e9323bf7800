package io.jzsock.net.ip;

import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.NetInterface;

/**
 * Which source addresses a host accepts (RFC 1122 §3.2.1.3): a source must name one host, so
 * 0.0.0.0/8, 255.255.255.255, an attached subnet's directed broadcast, class D (multicast) and
 * class E (240/4) are discarded, as are 127/8 from anywhere but the loopback interface and our own
 * addresses from the wire (Linux treats both as martians). The same rule decides whether a datagram
 * may be answered with an ICMP error (RFC 1122 §3.2.2: "a datagram whose source address does not
 * define a single host").
 */
final class SourceAddress {
    /** The source is acceptable. */
    static final int OK = -1;

    private SourceAddress() {
    }

    /** OK, or the NetCounters id naming why a packet from src arriving on ifc is not accepted. */
    static int check(Ipv4 ip, NetInterface ifc, int src) {
        int top = src >>> 24;
        if (top == 0) {
            return NetCounters.IP_DROP_SRC_ZERO;
        }
        if (src == -1 || ip.isSubnetBroadcast(src)) {
            return NetCounters.IP_DROP_SRC_BROADCAST;
        }
        if ((top & 0xf0) == 0xe0) {
            return NetCounters.IP_DROP_SRC_MULTICAST;
        }
        if ((top & 0xf0) == 0xf0) {
            return NetCounters.IP_DROP_SRC_CLASS_E;
        }
        if (ifc.loopback) {
            return OK;
        }
        if (top == 127) {
            return NetCounters.IP_DROP_SRC_LOOPBACK;
        }
        if (ip.byAddress(src) != null) {
            return NetCounters.IP_DROP_SRC_OWN;
        }
        return OK;
    }
}
