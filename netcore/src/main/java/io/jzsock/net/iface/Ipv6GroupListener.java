package io.jzsock.net.iface;

/**
 * Told when an interface starts or stops listening to an IPv6 group (first join, last leave), so MLD reports
 * it. Called with the stack's monitor held, from setup or the data path: must not allocate nor send; what it
 * sends goes out on the next poll.
 */
public interface Ipv6GroupListener {
    void groupJoined(NetInterface ifc, long hi, long lo);

    void groupLeft(NetInterface ifc, long hi, long lo);
}
