package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;

/**
 * Which unicast packets an interface without an address still takes: a DHCP server may answer a
 * client that has no address yet by unicast to the address it offers (RFC 2131 §4.1, 'flags' broadcast
 * bit clear), which is not yet ours. {@link Ipv4} asks this before it drops such a packet as not for us.
 */
public interface UnconfiguredInput {
    /** True to deliver; l4 is the transport header at b[l4], l4Len bytes long (IP padding trimmed). */
    boolean wants(NetInterface ifc, int protocol, byte[] b, int l4, int l4Len);
}
