package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;

/** A transport above IPv4 (UDP now, TCP later), registered with {@link Ipv4#register}. */
public interface Ipv4Protocol {
    /**
     * {@code off[h]} is at the transport header, {@code len[h]} its length (IP padding trimmed);
     * {@code l3off[h]} locates the IP header. Ownership of h passes to the transport.
     */
    void input(NetInterface ifc, int h, int src, int dst, long now);
}
