package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;

/** A transport above IPv6 (UDP, TCP), registered with {@link Ipv6#register} by its next-header value. */
public interface Ipv6Protocol {
    /**
     * {@code off[h]} is at the transport header past every extension header, {@code len[h]} its length (link
     * padding trimmed); {@code l3off[h]} locates the IPv6 header. Addresses in the two-long form of
     * {@link IpAddress}. Ownership of h passes to the transport.
     */
    void input(NetInterface ifc, int h, long srcHi, long srcLo, long dstHi, long dstLo, long now);
}
