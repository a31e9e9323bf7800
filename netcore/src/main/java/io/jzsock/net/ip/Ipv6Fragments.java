package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;

/**
 * Where {@link Ipv6} hands a packet carrying a Fragment header (RFC 8200 §4.5): reassembly, and fragmentation
 * of what leaves larger than the path MTU. Without one, fragments are dropped and counted, and output larger
 * than the path MTU fails with -EMSGSIZE.
 */
public interface Ipv6Fragments {
    /**
     * {@code off[h]} is at the Fragment header, {@code l3off[h]} at the IPv6 header, and {@code nextHeaderField}
     * the offset in {@code data[h]} of the byte naming the Fragment header (the unfragmentable part ends there).
     * A complete datagram goes back through {@link Ipv6#deliver}. Ownership of h passes here.
     */
    void reassemble(NetInterface ifc, int h, int nextHeaderField, long now);

    /**
     * Sends {@code h} ({@code off[h]} at the IPv6 header just written) in fragments of at most mtu bytes each,
     * to the same next hop as {@link Ipv6#output} would; returns 0 or a negative errno. Ownership of h passes here.
     */
    int fragment(int h, IpRoute r, int mtu, long now);
}
