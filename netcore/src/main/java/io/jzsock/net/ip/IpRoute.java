package io.jzsock.net.ip;

import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.Ipv6Header;

/**
 * The way out for one packet, owned by whoever sends it: {@link Ipv4#route} fills the family, the
 * destination, the interface and the next hop; the caller sets the source, hop limit and traffic class;
 * {@link Ipv4#output} reads it ({@link Ipv6#route} and {@link Ipv6#output} for IPv6). Each sender keeps its own
 * preallocated instance, so no protocol reads a routing result out of another object's fields (the "globals for the segment in flight" lwIP keeps and
 * STYLE.md does not take). Addresses are in the two-long form of {@link IpAddress}; the IPv4 code reads and
 * writes them through the {@code *4} accessors.
 */
public final class IpRoute {
    /** {@link ZsockConstants#AF_INET} or {@link ZsockConstants#AF_INET6}: which of Ipv4 and Ipv6 filled it. */
    public int family;
    /** The interface the packet leaves by. */
    public NetInterface ifc;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** The neighbour the link layer resolves: the destination on-link, else the gateway. */
    public long nextHopHi;
    public long nextHopLo;
    /** IPv4 TTL / IPv6 hop limit; 0 drops the packet at output (counted), as Zephyr does for IP_TTL 0. */
    public int hopLimit;
    /** IPv4 TOS byte / IPv6 traffic class. */
    public int trafficClass;
    /** IPV6_ADDR_PREFERENCES (RFC 5014) of the sending socket, for IPv6 source selection; 0: the stack's defaults. */
    public int addrPreferences;

    public int src4() {
        return IpAddress.v4(srcLo);
    }

    public int dst4() {
        return IpAddress.v4(dstLo);
    }

    public int nextHop4() {
        return IpAddress.v4(nextHopLo);
    }

    public void setSrc4(int v4) {
        srcHi = IpAddress.v4MappedHi();
        srcLo = IpAddress.v4MappedLo(v4);
    }

    void setDst4(int v4) {
        dstHi = IpAddress.v4MappedHi();
        dstLo = IpAddress.v4MappedLo(v4);
    }

    void setNextHop4(int v4) {
        nextHopHi = IpAddress.v4MappedHi();
        nextHopLo = IpAddress.v4MappedLo(v4);
    }

    /** The source in the two-long form of {@link IpAddress}. */
    public void setSource(long hi, long lo) {
        srcHi = hi;
        srcLo = lo;
    }

    /** The source, TTL and TOS in one call, for the senders that set all three. */
    public void setSending4(int src, int ttl, int tos) {
        setSrc4(src);
        hopLimit = ttl;
        trafficClass = tos;
    }

    /** The IP header bytes this route's packets carry inside the MTU: IPv4's 20 (no options on transport packets), IPv6's 40. */
    public int ipHeaderLen() {
        return family == ZsockConstants.AF_INET6 ? Ipv6Header.LEN : Ipv4Header.MIN_LEN;
    }

    /**
     * The pseudo-header sum for a transport checksum over this route's addresses (RFC 768, RFC 9293 §3.1 for
     * IPv4; RFC 8200 §8.1 for IPv6): the seed of {@link Checksum#sum} over the transport header and data.
     */
    public int pseudoHeaderSum(int protocol, int l4Length) {
        if (family == ZsockConstants.AF_INET6) {
            return Checksum.pseudoHeaderV6(srcHi, srcLo, dstHi, dstLo, protocol, l4Length);
        }
        return Checksum.pseudoHeaderV4(src4(), dst4(), protocol, l4Length);
    }
}
