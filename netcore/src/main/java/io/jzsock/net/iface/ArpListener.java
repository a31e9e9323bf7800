package io.jzsock.net.iface;

/**
 * Sees every well-formed ARP packet an interface receives, before the cache does: RFC 5227 address
 * conflict detection (DHCP probes the address it is offered) watches for a sender or a prober claiming
 * it. Runs on the net thread with the monitor held; must not allocate.
 */
public interface ArpListener {
    /** senderMac is at b[senderMacOff, +6). */
    void arpSeen(NetInterface ifc, int op, int senderIp, byte[] b, int senderMacOff, int targetIp, long now);
}
