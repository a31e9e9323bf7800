package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;

/** Takes ICMPv6 messages of the types it was attached for (MLD), checksum already verified. */
public interface Icmpv6Handler {
    /** {@code off[h]} at the ICMPv6 header, {@code l3off[h]} at the IPv6 header; ownership of h passes here. */
    void input(NetInterface ifc, int h, int type, long srcHi, long srcLo, long dstHi, long dstLo, long now);
}
