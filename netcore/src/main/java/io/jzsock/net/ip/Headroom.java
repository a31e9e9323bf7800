package io.jzsock.net.ip;

import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv6Header;

/**
 * The room a transport packet is allocated with before its first byte (lwIP's PBUF_IP / PBUF_LINK), so
 * that IP and the link layer prepend their headers without copying: the link header plus the largest IP
 * header a transport packet gets. One constant for every sender (TCP, UDP, ICMP, ICMPv6, IGMP, DHCP, DNS):
 * IPv6's 40-byte fixed header, the larger of the two families' (an IPv4 packet leaves 20 bytes unused), so
 * NetConfig's packet-buffer minimum holds a full IPv4 frame behind it: 14 + 40 + 1480 = 1534 bytes.
 */
public final class Headroom {
    /** Ethernet II header (loopback frames carry none but keep the same layout). */
    public static final int LINK = EthernetFrame.HEADER_LEN;
    /** The largest fixed IP header in front of a transport header. */
    public static final int IP = Ipv6Header.LEN;
    /** Headroom for a transport packet: where its transport header starts. */
    public static final int TRANSPORT = LINK + IP;

    private Headroom() {
    }
}
