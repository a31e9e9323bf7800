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

    /**
     * Sends one upper-layer packet its sender built already cut into n buffers {@code hs[0..n)}, in order,
     * {@code off} of each at its share of the packet (the first at the upper-layer header; all but the last a
     * multiple of 8 bytes, each with room for the IPv6 and Fragment headers in front), as fragments of one
     * identification along r. Returns 0 or a negative errno; ownership of every buffer passes here.
     */
    int sendFragments(int[] hs, int n, int nextHeader, IpRoute r, long now);
}
