package io.jzsock.net;

/**
 * Counter ids. Each interface keeps one {@code long[COUNT]}; the stack sums them. Read with
 * {@link NetStack#counter(int)} or {@link NetStack#counter(int, int)}: tests assert on them, the demo
 * prints them. Every drop has its own reason so that "no silent drops" can be checked.
 */
public final class NetCounters {
    public static final int ETH_RX = 0;
    public static final int ETH_TX = 1;
    public static final int ETH_DROP_NOT_FOR_US = 2;
    public static final int ETH_DROP_UNKNOWN_TYPE = 3;
    public static final int ETH_DROP_TOO_SHORT = 4;
    public static final int TX_DROP_LINK_DOWN = 5;
    public static final int TX_DROP_DEVICE_BUSY = 6;
    public static final int RX_DROP_LOOPBACK_INJECTED = 7;
    public static final int ARP_RX = 8;
    public static final int ARP_TX = 9;
    public static final int ARP_DROP_MALFORMED = 10;
    public static final int ARP_RESOLVE_FAILED = 11;
    public static final int ARP_DROP_PENDING_FULL = 12;
    public static final int IP_RX = 13;
    public static final int IP_TX = 14;
    public static final int IP_DROP_TOO_SHORT = 15;
    public static final int IP_DROP_BAD_VERSION = 16;
    public static final int IP_DROP_BAD_HEADER_LEN = 17;
    public static final int IP_DROP_BAD_TOTAL_LEN = 18;
    public static final int IP_DROP_BAD_CHECKSUM = 19;
    public static final int IP_DROP_NOT_FOR_US = 20;
    public static final int IP_DROP_FRAGMENT = 21;
    public static final int IP_DROP_UNKNOWN_PROTOCOL = 22;
    public static final int IP_DROP_TTL_ZERO = 23;
    public static final int IP_DROP_NO_ROUTE = 24;
    public static final int IP_DROP_NO_BUFFER = 25;
    public static final int ICMP_RX = 26;
    public static final int ICMP_TX = 27;
    public static final int ICMP_DROP_BAD_CHECKSUM = 28;
    public static final int ICMP_ECHO_REPLIED = 29;
    public static final int ICMP_UNREACHABLE_SENT = 30;
    public static final int ICMP_UNREACHABLE_RX = 31;
    public static final int UDP_RX = 32;
    public static final int UDP_TX = 33;
    public static final int UDP_DROP_BAD_CHECKSUM = 34;
    public static final int UDP_DROP_BAD_LENGTH = 35;
    public static final int UDP_DROP_NO_PORT = 36;
    public static final int UDP_DROP_QUEUE_FULL = 37;
    public static final int UDP_DROP_NO_BUFFER = 38;
    public static final int UDP_DROP_SHUTDOWN = 39;
    public static final int IGMP_RX = 40;
    public static final int IGMP_TX = 41;
    public static final int IGMP_DROP_MALFORMED = 42;
    public static final int TCP_RX = 43;
    public static final int TCP_TX = 44;
    public static final int TCP_DROP_BAD_CHECKSUM = 45;
    public static final int TCP_DROP_MALFORMED = 46;
    public static final int TCP_DROP_OUT_OF_WINDOW = 47;
    public static final int TCP_DROP_BACKLOG_FULL = 48;
    public static final int TCP_DROP_OUT_OF_ORDER = 49;
    public static final int TCP_RST_SENT = 50;
    public static final int TCP_RST_RX = 51;
    public static final int TCP_CHALLENGE_ACK = 52;
    public static final int TCP_RETRANSMIT = 53;
    public static final int TCP_FAST_RETRANSMIT = 54;
    public static final int TCP_TIMEOUT = 55;
    public static final int TCP_WINDOW_PROBE = 56;
    public static final int TCP_KEEPALIVE_PROBE = 57;
    /** RFC 1122 §3.2.1.3 (a)/(c)/(d): a source of 0.0.0.0/8, except for IGMP (RFC 3376 §4.2.13). */
    public static final int IP_DROP_SRC_ZERO = 58;
    /** RFC 1122 §3.2.1.3: a source of 255.255.255.255 or an attached subnet's directed broadcast. */
    public static final int IP_DROP_SRC_BROADCAST = 59;
    /** RFC 1122 §3.2.1.3: a class D (multicast) source. */
    public static final int IP_DROP_SRC_MULTICAST = 60;
    /** RFC 1122 §3.2.1.3: a class E (240/4) source. */
    public static final int IP_DROP_SRC_CLASS_E = 61;
    /** RFC 1122 §3.2.1.3 (g): a 127/8 source on an interface other than loopback. */
    public static final int IP_DROP_SRC_LOOPBACK = 62;
    /** One of our own addresses as the source of a packet from the wire (Linux's fib_validate_source with accept_local=0). */
    public static final int IP_DROP_SRC_OWN = 63;
    /** RFC 1122 §3.3.6: a unicast IP destination in a link-layer broadcast or multicast frame. */
    public static final int IP_DROP_UNICAST_IN_L2_GROUP = 64;
    /** RFC 791 / RFC 1122 §3.2.1.8: malformed IP options. */
    public static final int IP_DROP_BAD_OPTIONS = 65;
    /** Loose or strict source route (RFC 7126 §4.3, §4.4: dropped by default). */
    public static final int IP_DROP_SOURCE_ROUTE = 66;
    /** Echo request to a broadcast or multicast address, not answered (Linux icmp_echo_ignore_broadcasts). */
    public static final int ICMP_DROP_BROADCAST_ECHO = 67;
    /** An ICMP error that RFC 1122 §3.2.2 forbids (broadcast destination, odd source, fragment, ICMP error). */
    public static final int ICMP_ERROR_SUPPRESSED = 68;
    /** An ICMP error not sent because the token bucket was empty (RFC 1812 §4.3.2.8). */
    public static final int ICMP_ERROR_RATE_LIMITED = 69;
    /** SYN-ACKs whose ISS is a SYN cookie (RFC 4987 §3.6): the SYN queue was full; Linux's SyncookiesSent. */
    public static final int TCP_SYNCOOKIE_SENT = 70;
    /** ACKs whose cookie validated and created a connection (SyncookiesRecv). */
    public static final int TCP_SYNCOOKIE_ACCEPTED = 71;
    /** ACKs to a listener that had sent cookies whose cookie did not validate (SyncookiesFailed): reset. */
    public static final int TCP_SYNCOOKIE_REJECTED = 72;
    /** D-SACKs received (RFC 2883): the peer got a segment twice; never counted as a duplicate ACK. */
    public static final int TCP_DSACK_RX = 73;
    /** Tail loss probes sent (RFC 8985 §7). */
    public static final int TCP_LOSS_PROBE = 74;
    /** DNS queries sent (every try and server counts once). */
    public static final int DNS_QUERY_TX = 75;
    /** DNS responses accepted: from the server asked, our id and question (RFC 5452 §9.1). */
    public static final int DNS_ANSWER_RX = 76;
    /** Datagrams on a resolver socket that are not the answer: wrong source, port, id or question, or late. */
    public static final int DNS_DROP_MISMATCH = 77;
    /** Our question answered with malformed records, a too long CNAME chain, TC set, or over 512 bytes. */
    public static final int DNS_DROP_MALFORMED = 78;
    /** DNS tries that got no answer within NetConfig.dnsTimeoutMillis. */
    public static final int DNS_TIMEOUT = 79;
    /** getaddrinfo/getnameinfo answered from the DNS cache, positive or negative. */
    public static final int DNS_CACHE_HIT = 80;
    /** DHCP messages the client sent (DISCOVER, REQUEST, DECLINE, RELEASE). */
    public static final int DHCP_TX = 81;
    /** DHCP replies taken by the client. */
    public static final int DHCP_RX = 82;
    /** DHCP replies dropped as malformed: truncated, no cookie, bad options, not a BOOTREPLY, no message type. */
    public static final int DHCP_DROP_MALFORMED = 83;
    /** Well-formed DHCP replies not for this client or this state: another xid or chaddr, unexpected type or server. */
    public static final int DHCP_DROP_NOT_OURS = 84;
    /** DHCPNAKs taken (RFC 2131 §3.1 step 4, §3.2 step 3): the client restarts from INIT. */
    public static final int DHCP_NAK_RX = 85;
    /** DHCPDECLINEs sent after an ARP probe found the offered address in use (RFC 5227 §2.1.1). */
    public static final int DHCP_DECLINE_SENT = 86;
    /** Leases that ran out or were NAKed while bound: the address was removed. */
    public static final int DHCP_LEASE_LOST = 87;
    /** IPv6 packets received (any interface, before validation). */
    public static final int IP6_RX = 88;
    public static final int IP6_TX = 89;
    /** Shorter than the fixed header, or than its payload length says (RFC 8200 §3). */
    public static final int IP6_DROP_TOO_SHORT = 90;
    public static final int IP6_DROP_BAD_VERSION = 91;
    public static final int IP6_DROP_NOT_FOR_US = 92;
    /** A multicast source (RFC 4291 §2.7), or one of our own addresses from the link. */
    public static final int IP6_DROP_BAD_SOURCE = 93;
    public static final int IP6_DROP_UNICAST_IN_L2_GROUP = 94;
    /** An extension header running past the packet, or an option to discard (RFC 8200 §4.2). */
    public static final int IP6_DROP_BAD_EXTENSION = 95;
    /** Next header nobody handles: Parameter Problem code 1 sent (RFC 8200 §4). */
    public static final int IP6_DROP_UNKNOWN_HEADER = 96;
    /** Routing header with segments left that we cannot process, type 0 included (RFC 5095 §3). */
    public static final int IP6_DROP_ROUTING_HEADER = 97;
    /** A Fragment header and no reassembly hook. */
    public static final int IP6_DROP_FRAGMENT = 98;
    public static final int IP6_DROP_HOP_LIMIT_ZERO = 99;
    public static final int IP6_DROP_NO_ROUTE = 100;
    /** Larger than the path MTU at output and no fragmentation hook. */
    public static final int IP6_DROP_TOO_BIG = 101;
    public static final int ICMP6_RX = 102;
    public static final int ICMP6_TX = 103;
    public static final int ICMP6_DROP_BAD_CHECKSUM = 104;
    public static final int ICMP6_DROP_MALFORMED = 105;
    public static final int ICMP6_ECHO_REPLIED = 106;
    public static final int ICMP6_ERROR_SENT = 107;
    /** Errors RFC 4443 §2.4(e) forbids (for an error, to multicast, from an unspecified source...). */
    public static final int ICMP6_ERROR_SUPPRESSED = 108;
    /** Errors held back by the token bucket (RFC 4443 §2.4(f)). */
    public static final int ICMP6_ERROR_RATE_LIMITED = 109;
    public static final int ICMP6_ERROR_RX = 110;
    /** Packet Too Big taken into the path MTU table (RFC 8201 §4). */
    public static final int ICMP6_PACKET_TOO_BIG_RX = 111;
    public static final int ND_RX = 112;
    public static final int ND_TX = 113;
    /** ND messages failing RFC 4861's validity checks (hop limit 255, code 0, lengths, options). */
    public static final int ND_DROP_INVALID = 114;
    public static final int ND_DROP_PENDING_FULL = 115;
    public static final int ND_RESOLVE_FAILED = 116;
    /** Tentative addresses another node turned out to use (RFC 4862 §5.4.5). */
    public static final int ND_DAD_DUPLICATE = 117;
    /** Router advertisements accepted. */
    public static final int ND_RA_RX = 118;
    public static final int ND_REDIRECT_ACCEPTED = 119;
    /** Redirects not from the current first-hop router for the destination (RFC 4861 §8.1). */
    public static final int ND_REDIRECT_REJECTED = 120;
    /** IP fragments taken into reassembly (both families). */
    public static final int IP_FRAG_RX = 121;
    /** Datagrams reassembled from fragments and passed up. */
    public static final int IP_REASM_OK = 122;
    /** Datagrams abandoned because two fragments overlapped (RFC 5722 §4; applied to IPv4 as well). */
    public static final int IP_REASM_DROP_OVERLAP = 123;
    /** Exact duplicate fragments dropped while their datagram was kept (RFC 8200 §4.5's allowance). */
    public static final int IP_REASM_DUPLICATE = 124;
    /** Datagrams abandoned when the reassembly timeout ran out. */
    public static final int IP_REASM_DROP_TIMEOUT = 125;
    /** Fragments of a new datagram dropped because every reassembly slot was busy. */
    public static final int IP_REASM_DROP_NO_SLOT = 126;
    /** Fragments dropped because reassembly already held NetConfig.reassemblyBuffers packet buffers. */
    public static final int IP_REASM_DROP_BUDGET = 127;
    /** Fragments that cannot belong to a datagram: a non-final length not a multiple of 8, past 65535, past the end. */
    public static final int IP_REASM_DROP_BAD_FRAGMENT = 128;
    /** Reassembled datagrams longer than one packet buffer for a protocol that takes one buffer only (ICMP, TCP). */
    public static final int IP_REASM_DROP_TOO_BIG = 129;
    /** IP fragments sent (a datagram larger than the MTU, split at the source). */
    public static final int IP_FRAG_TX = 130;
    /** ICMP Time Exceeded, fragment reassembly time exceeded (RFC 792 code 1), sent. */
    public static final int ICMP_TIME_EXCEEDED_SENT = 131;
    /** MLD queries taken (RFC 3810 §5.1). */
    public static final int MLD_RX = 132;
    /** MLD reports and dones sent. */
    public static final int MLD_TX = 133;
    /** MLD queries dropped by RFC 3810 §5.1.14's checks (source, hop limit, Router Alert, length). */
    public static final int MLD_DROP_INVALID = 134;
    public static final int COUNT = 135;

    private static final String[] NAMES = {
        "eth.rx", "eth.tx", "eth.drop.not_for_us", "eth.drop.unknown_type", "eth.drop.too_short",
        "tx.drop.link_down", "tx.drop.device_busy", "rx.drop.loopback_injected",
        "arp.rx", "arp.tx", "arp.drop.malformed", "arp.resolve_failed", "arp.drop.pending_full",
        "ip.rx", "ip.tx", "ip.drop.too_short", "ip.drop.bad_version", "ip.drop.bad_header_len",
        "ip.drop.bad_total_len", "ip.drop.bad_checksum", "ip.drop.not_for_us", "ip.drop.fragment",
        "ip.drop.unknown_protocol", "ip.drop.ttl_zero", "ip.drop.no_route", "ip.drop.no_buffer",
        "icmp.rx", "icmp.tx", "icmp.drop.bad_checksum", "icmp.echo_replied", "icmp.unreachable_sent",
        "icmp.unreachable_rx", "udp.rx", "udp.tx", "udp.drop.bad_checksum", "udp.drop.bad_length",
        "udp.drop.no_port", "udp.drop.queue_full", "udp.drop.no_buffer", "udp.drop.shutdown",
        "igmp.rx", "igmp.tx", "igmp.drop.malformed",
        "tcp.rx", "tcp.tx", "tcp.drop.bad_checksum", "tcp.drop.malformed", "tcp.drop.out_of_window",
        "tcp.drop.backlog_full", "tcp.drop.out_of_order", "tcp.rst_sent", "tcp.rst_rx", "tcp.challenge_ack",
        "tcp.retransmit", "tcp.fast_retransmit", "tcp.timeout", "tcp.window_probe", "tcp.keepalive_probe",
        "ip.drop.src_zero", "ip.drop.src_broadcast", "ip.drop.src_multicast", "ip.drop.src_class_e",
        "ip.drop.src_loopback", "ip.drop.src_own", "ip.drop.unicast_in_l2_group", "ip.drop.bad_options",
        "ip.drop.source_route", "icmp.drop.broadcast_echo", "icmp.error_suppressed", "icmp.error_rate_limited",
        "tcp.syncookie_sent", "tcp.syncookie_accepted", "tcp.syncookie_rejected",
        "tcp.dsack_rx", "tcp.loss_probe",
        "dns.query_tx", "dns.answer_rx", "dns.drop.mismatch", "dns.drop.malformed", "dns.timeout", "dns.cache_hit",
        "dhcp.tx", "dhcp.rx", "dhcp.drop.malformed", "dhcp.drop.not_ours", "dhcp.nak_rx", "dhcp.decline_sent",
        "dhcp.lease_lost",
        "ip6.rx",
        "ip6.tx",
        "ip6.drop.too_short",
        "ip6.drop.bad_version",
        "ip6.drop.not_for_us",
        "ip6.drop.bad_source",
        "ip6.drop.unicast_in_l2_group",
        "ip6.drop.bad_extension",
        "ip6.drop.unknown_header",
        "ip6.drop.routing_header",
        "ip6.drop.fragment",
        "ip6.drop.hop_limit_zero",
        "ip6.drop.no_route",
        "ip6.drop.too_big",
        "icmp6.rx",
        "icmp6.tx",
        "icmp6.drop.bad_checksum",
        "icmp6.drop.malformed",
        "icmp6.echo_replied",
        "icmp6.error_sent",
        "icmp6.error_suppressed",
        "icmp6.error_rate_limited",
        "icmp6.error_rx",
        "icmp6.packet_too_big_rx",
        "nd.rx",
        "nd.tx",
        "nd.drop.invalid",
        "nd.drop.pending_full",
        "nd.resolve_failed",
        "nd.dad_duplicate",
        "nd.ra_rx",
        "nd.redirect_accepted",
        "nd.redirect_rejected",
        "ip.frag.rx", "ip.reasm.ok", "ip.reasm.drop.overlap", "ip.reasm.duplicate", "ip.reasm.drop.timeout",
        "ip.reasm.drop.no_slot", "ip.reasm.drop.budget", "ip.reasm.drop.bad_fragment", "ip.reasm.drop.too_big",
        "ip.frag.tx", "icmp.time_exceeded_sent",
        "mld.rx", "mld.tx", "mld.drop.invalid",
    };

    private NetCounters() {
    }

    public static String name(int id) {
        return id >= 0 && id < COUNT ? NAMES[id] : "?";
    }
}
