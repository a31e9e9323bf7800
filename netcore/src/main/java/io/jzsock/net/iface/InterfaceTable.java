package io.jzsock.net.iface;

/**
 * The stack's interfaces by index (1-based, in the order they were added; index 1 is loopback), a fixed
 * array sized from NetConfig.maxInterfaces. The one list every layer walks: IP for routing, the link
 * layers and the protocol services for their per-interface timers.
 */
public final class InterfaceTable {
    private final NetInterface[] interfaces;
    private int count;
    private Ipv6GroupListener groupListener;

    public InterfaceTable(int capacity) {
        interfaces = new NetInterface[capacity];
    }

    /** Setup-time: adds ifc, whose index must be count + 1. */
    public void add(NetInterface ifc) {
        if (count == interfaces.length || ifc.index != count + 1) {
            throw new IllegalStateException("interface " + ifc.name + ": table full or index not " + (count + 1));
        }
        interfaces[count++] = ifc;
        ifc.setGroupListener(groupListener);
    }

    /** Setup-time, before interfaces are added: who hears every interface's IPv6 group changes (MLD). */
    public void setGroupListener(Ipv6GroupListener l) {
        this.groupListener = l;
    }

    /** NetConfig.maxInterfaces: the most interfaces there will be, for tables indexed by ifindex. */
    public int capacity() {
        return interfaces.length;
    }

    public int count() {
        return count;
    }

    /** The interface with this index (1-based), or null. */
    public NetInterface byIndex(int ifindex) {
        return ifindex >= 1 && ifindex <= count ? interfaces[ifindex - 1] : null;
    }
}
