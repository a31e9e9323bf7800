package io.jzsock.net.iface;

/**
 * Told when an interface loses an IPv4 address (a DHCP lease expired, was NAKed or released, or was
 * renewed with another address), so that what is bound to it fails instead of going silent. Runs with
 * the stack's monitor held.
 */
public interface AddressListener {
    void addressRemoved(NetInterface ifc, int ip);
}
