package io.jzsock.net.iface;

/**
 * Removal of an IPv6 address that sockets may still be bound to, as Zephyr's {@code net_if_ipv6_addr_rm}: an
 * address some socket holds as its local address (Zephyr takes a reference in {@code net_context_bind} and
 * drops it when the context goes) is not removed but marked, stays usable for that socket, and goes when the
 * last socket bound to it closes or rebinds ({@link #released}). Socket tables plug in as
 * {@link Ipv6AddressUsers}. Guarded by the stack's monitor.
 */
public final class Ipv6AddressRemoval {
    private final InterfaceTable interfaces;
    private final Ipv6AddressUsers[] users = new Ipv6AddressUsers[4];
    private int userCount;

    public Ipv6AddressRemoval(InterfaceTable interfaces) {
        this.interfaces = interfaces;
    }

    /** Setup-time: a socket table whose bindings hold addresses. */
    public void addUsers(Ipv6AddressUsers u) {
        users[userCount++] = u;
    }

    /** Removes the address in slot now and returns true, or, while a socket is bound to it, marks it and returns false. */
    public boolean remove(NetInterface ifc, int slot) {
        Ipv6InterfaceState v6 = ifc.v6;
        if (inUse(v6.addrHi[slot], v6.addrLo[slot])) {
            v6.removePending[slot] = true;
            return false;
        }
        ifc.removeIpv6(slot);
        return true;
    }

    /** A socket let go of hi:lo (closed, rebound, or its connection ended): a marked address nobody holds goes. */
    public void released(long hi, long lo) {
        if (inUse(hi, lo)) {
            return;
        }
        for (int i = 1; i <= interfaces.count(); i++) {
            NetInterface ifc = interfaces.byIndex(i);
            int slot = ifc.v6.find(hi, lo);
            if (slot >= 0 && ifc.v6.removePending[slot]) {
                ifc.removeIpv6(slot);
            }
        }
    }

    private boolean inUse(long hi, long lo) {
        for (int i = 0; i < userCount; i++) {
            if (users[i].usesIpv6Address(hi, lo)) {
                return true;
            }
        }
        return false;
    }
}
