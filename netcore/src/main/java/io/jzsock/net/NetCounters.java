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
    /** D-SACKs received (RFC 2883): the peer got a segment twice; never counted as a duplicate ACK. */
    public static final int TCP_DSACK_RX = 58;
    /** Tail loss probes sent (RFC 8985 §7). */
    public static final int TCP_LOSS_PROBE = 59;
    public static final int COUNT = 60;

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
        "tcp.dsack_rx", "tcp.loss_probe",
    };

    private NetCounters() {
    }

    public static String name(int id) {
        return id >= 0 && id < COUNT ? NAMES[id] : "?";
    }
}
