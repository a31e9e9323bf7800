package io.jzsock.net.dhcp;

import io.jzsock.net.iface.AddressListener;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.DhcpOptions;

/**
 * Puts a lease on an interface and takes it off: address, netmask, default gateway, DNS servers and MTU
 * change together, under the stack's monitor (the net thread holds it whenever DHCP runs), so no
 * packet and no API call sees half a configuration. An address that goes away is reported to the
 * {@link AddressListener} (TCP aborts what was bound to it).
 */
final class LeaseBinding {
    private final AddressListener listener;

    LeaseBinding(AddressListener listener) {
        this.listener = listener;
    }

    /** Configures ifc from the lease; true when anything changed. */
    boolean bind(NetInterface ifc, DhcpLease l) {
        // RFC 2132 §5.1: an MTU option below 68 is invalid; above the device's it cannot be honoured.
        int mtu = l.mtu >= DhcpOptions.MIN_MTU && l.mtu <= ifc.deviceMtu ? l.mtu : ifc.deviceMtu;
        int old = ifc.v4.address;
        boolean changed = old != l.address || ifc.v4.netmask != l.netmask || ifc.v4.gateway != l.router
                || ifc.mtu != mtu || !sameDns(ifc, l);
        if (!changed) {
            return false;
        }
        ifc.v4.address = l.address;
        ifc.v4.netmask = l.netmask;
        ifc.v4.gateway = l.router;
        ifc.mtu = mtu;
        ifc.setDnsServers(l.dns, l.dnsCount);
        if (old != 0 && old != l.address) {
            listener.addressRemoved(ifc, old);
        }
        return true;
    }

    /** Takes the lease off ifc: no address, no gateway, no DNS servers, the device's MTU. */
    void clear(NetInterface ifc) {
        int old = ifc.v4.address;
        ifc.v4.address = 0;
        ifc.v4.netmask = 0;
        ifc.v4.gateway = 0;
        ifc.mtu = ifc.deviceMtu;
        ifc.dnsServerCount = 0;
        if (old != 0) {
            listener.addressRemoved(ifc, old);
        }
    }

    private static boolean sameDns(NetInterface ifc, DhcpLease l) {
        if (ifc.dnsServerCount != Math.min(l.dnsCount, NetInterface.MAX_DNS_SERVERS)) {
            return false;
        }
        for (int i = 0; i < ifc.dnsServerCount; i++) {
            if (ifc.dnsServers[i] != l.dns[i]) {
                return false;
            }
        }
        return true;
    }
}
