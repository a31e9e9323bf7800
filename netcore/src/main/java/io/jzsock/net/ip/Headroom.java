package io.jzsock.net.ip;

import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;

/**
 * The room a transport packet is allocated with before its first byte (lwIP's PBUF_IP / PBUF_LINK), so
 * that IP and the link layer prepend their headers without copying: the link header plus the largest IP
 * header a transport packet gets. One constant for every sender (TCP, UDP, ICMP, IGMP, DHCP, DNS). Today
 * the largest is IPv4's 20-byte header; IPv6's 40-byte fixed header raises {@link #IP} when it lands, and
 * NetConfig's packet-buffer minimum must then hold a full IPv4 frame behind the larger headroom.
 */
public final class Headroom {
    /** Ethernet II header (loopback frames carry none but keep the same layout). */
    public static final int LINK = EthernetFrame.HEADER_LEN;
    /** The largest fixed IP header in front of a transport header. */
    public static final int IP = Ipv4Header.MIN_LEN;
    /** Headroom for a transport packet: where its transport header starts. */
    public static final int TRANSPORT = LINK + IP;

    private Headroom() {
    }
}
