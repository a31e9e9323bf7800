package io.jzsock.net.iface;

/**
 * Neighbor Discovery's side of address resolution (RFC 4861 §7.2), which the link calls when a packet
 * needs a neighbour the cache does not hold: the resolver sends the solicitations and, on an
 * advertisement, has the link flush the packets parked meanwhile.
 */
public interface NeighborResolver {
    /** Entry i of ifc's neighbour cache just became INCOMPLETE: send the first solicitation. */
    void startResolution(NetInterface ifc, int i, long now);
}
