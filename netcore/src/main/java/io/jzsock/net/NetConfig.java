package io.jzsock.net;

import io.jzsock.net.ip.Headroom;

/**
 * Every size the stack allocates, fixed before start (lwIP's {@code opt.h}, Aeron's
 * {@code Configuration}). {@link NetStack} allocates exactly this much in its constructor and never
 * again. {@link #defaults()} is the small board: the packet slab is the big item (24 x 1536 B = 36 KB),
 * and the whole stack with its net thread measures about 80 KB on a JVM (host-tests' StatusSizingTest
 * prints it; a MicroEJ heap has smaller object headers). Fields are public and mutable until the config is handed to a stack;
 * {@link #validate()} rejects impossible combinations once, at start.
 */
public final class NetConfig {
    /** Sockets of each protocol kind (UDP now; TCP later) that may be open at once. */
    public int maxSockets = 8;
    /** fd table slots; socket() returns -ENFILE when all are used. */
    public int maxFds = 16;
    /** Packet buffers in the slab. Shared by RX rings, socket queues and TX. */
    public int packetBuffers = 24;
    /** Bytes per packet buffer: an Ethernet frame of MTU 1500 + 14 header + headroom (20 more for IPv6's header), rounded. */
    public int packetBufferSize = 1536;
    /** Interfaces including loopback. */
    public int maxInterfaces = 4;
    /** Datagrams a UDP socket may hold unread; more are dropped and counted (lwIP's recvmbox). */
    public int udpRxQueue = 4;
    /** ARP cache entries per interface. */
    public int arpCacheEntries = 8;
    /** Packets parked while their next hop is being resolved, per interface. */
    public int arpPendingPackets = 4;
    /** ARP requests sent before a resolution fails and its parked packets are dropped. */
    public int arpRetries = 3;
    public int arpRetryMillis = 1000;
    /** Lifetime of a resolved entry (RFC 1122 §2.3.2.1 suggests minutes). */
    public int arpExpiryMillis = 300000;
    /** Multicast groups each interface can join. */
    public int maxMulticastGroups = 4;
    /** socketpair() pairs that may exist at once. */
    public int maxSocketPairs = 4;
    /**
     * Socket ownership (Zephyr's CONFIG_USERSPACE object permissions, for sandboxed applications): an fd
     * belongs to the owner that opened it, other owners get -EBADF until granted, and
     * {@link NetStack#release} closes an owner's fds. Off: no owner table, calls as without it.
     */
    public boolean socketOwnership = false;
    /** Owners the table holds at once when {@link #socketOwnership} is on (at most 64: grants are a bit per owner). */
    public int maxOwners = 8;
    /** Bytes each socketpair direction buffers (Zephyr CONFIG_NET_SOCKETPAIR_BUFFER_SIZE is 64 by default). */
    public int socketPairBuffer = 1024;
    /** Default IP TTL (RFC 1700 recommends 64). */
    public int defaultTtl = 64;
    /**
     * ICMP error rate limit (RFC 1812 §4.3.2.8, RFC 1122 §3.2.2), a token bucket shared by every ICMP
     * error the stack sends (port unreachable, ...): up to {@code icmpErrorBurst} at once, then one per
     * {@code icmpErrorIntervalMillis}; 0 disables the limit. Echo replies are not limited, as Linux's
     * default {@code icmp_ratemask} leaves them out. 10 and 100 ms allow 10 errors/s, Linux's
     * per-destination default being 1/s after a burst of 6 and its global limit 1000/s.
     */
    public int icmpErrorBurst = 10;
    public int icmpErrorIntervalMillis = 100;
    /** Default TTL of multicast datagrams (RFC 1112 §6.1: 1, stay on the link). */
    public int defaultMulticastTtl = 1;
    /** Ephemeral port range (RFC 6056 §3.2 suggests 1024..65535; IANA's dynamic range is used). */
    public int ephemeralPortLow = 49152;
    public int ephemeralPortHigh = 65535;
    /** Frames taken from one device per poll pass, so one busy link cannot starve timers. */
    public int rxBudget = 16;
    /** TCP connection objects (listeners, connections, TIME_WAIT) that may exist at once. */
    public int maxTcpConnections = 4;
    /**
     * Half-open (SYN_RECEIVED) connections the whole stack keeps: the static SYN queue. A SYN flood
     * fills this and no more of the connection table; further SYNs (and those beyond a listener's
     * backlog) are answered with SYN cookies (RFC 4987 §3.6), which hold nothing, so a full queue only
     * costs the negotiated options of connections made meanwhile without timestamps. While it is full,
     * half-open entries give up after two SYN-ACK retransmissions (7 s) instead of five (63 s).
     */
    public int tcpSynQueue = 2;
    /** Receive buffer per TCP connection: the largest window we advertise (>= 2 MSS, lwIP's rule). */
    public int tcpRxBuffer = 2920;
    /** Send buffer per TCP connection. */
    public int tcpTxBuffer = 2920;
    /** Our MSS: Ethernet MTU 1500 - 20 IP - 20 TCP (RFC 9293 §3.7.1). */
    public int tcpMss = 1460;
    /** Initial retransmission timeout (RFC 6298 §2.1: 1 s). */
    public int tcpInitialRtoMillis = 1000;
    /** Lower bound of the RTO. RFC 6298 says 1 s; Linux and Zephyr use 200 ms, as here. */
    public int tcpMinRtoMillis = 200;
    /** Upper bound of the RTO (RFC 6298 §2.5 allows 60 s). */
    public int tcpMaxRtoMillis = 60000;
    /** Retransmissions of one segment before the connection fails with ETIMEDOUT (Zephyr's NET_TCP_RETRY_COUNT). */
    public int tcpMaxRetries = 9;
    /** A blocking connect gives up after this long with ETIMEDOUT (Zephyr's NET_SOCKETS_CONNECT_TIMEOUT). */
    public int tcpConnectTimeoutMillis = 3000;
    /** Delayed ACK (RFC 1122 §4.2.3.2: under 500 ms; RFC 5681 §4.2: ACK at least every second full segment). */
    public int tcpDelayedAckMillis = 40;
    /** TIME_WAIT duration. RFC 9293's 2 MSL is 4 minutes; small stacks use seconds (Zephyr 1.5 s). */
    public int tcpTimeWaitMillis = 2000;
    /**
     * DNS answers kept (RFC 1035 §3.2.1 TTLs, RFC 2308 negative answers): each slot holds a question,
     * up to {@link #dnsMaxAddresses} addresses and a name, about 0.6 KB. 0 disables the cache.
     */
    public int dnsCacheEntries = 4;
    /** Addresses kept per name (more A records are ignored); Zephyr's DNS_RESOLVER_AI_MAX_ENTRIES is 2. */
    public int dnsMaxAddresses = 4;
    /** How long one DNS try waits for its server (glibc's resolv.conf default is 5 s; Zephyr's whole lookup 2 s). */
    public int dnsTimeoutMillis = 1000;
    /** Passes over the server list before a lookup gives up with EAI_AGAIN (glibc's attempts:2). */
    public int dnsAttempts = 2;
    /** Cap on how long an answer is cached, whatever its TTL (RFC 2308 §5 suggests 1-3 hours for negatives). */
    public int dnsMaxTtlSeconds = 3600;
    /** A DNS server asked after every interface's own (static or DHCP), dotted quad; null for none. */
    public String dnsServer;
    /** {@link #tcpCongestionControl}: RFC 5681 / RFC 6582 NewReno, cwnd halved on a loss. */
    public static final int TCP_CC_NEWRENO = 0;
    /** {@link #tcpCongestionControl}: RFC 9438 CUBIC, cwnd times 0.7 on a loss (Linux's, Windows' and Apple's default). */
    public static final int TCP_CC_CUBIC = 1;
    /**
     * The congestion controller of every TCP connection. Under random loss (a radio link, a lossy
     * cable) CUBIC keeps the larger window: it reduces by 0.3 instead of 0.5 and grows per segment
     * acknowledged, where NewReno's growth per ACK is halved by the peer's delayed ACKs (at 1 % loss on
     * a 100 Mbit/s cable into Linux, host-tests' KernelGoodputTest: about 8 MB/s against 4).
     */
    public int tcpCongestionControl = TCP_CC_CUBIC;

    /**
     * DHCP: the client waits a random 0..this before its first DISCOVER, so boards powered on together do not
     * ask in step (RFC 2131 §4.4.1 suggests 1..10 s; a board that boots alone need not wait that long).
     */
    public int dhcpStartDelayMaxMillis = 1000;
    /** RFC 2131 §4.1: the first retransmission of DISCOVER/REQUEST after 4 s, doubling per try... */
    public int dhcpRetransmitMillis = 4000;
    /** ... up to 64 s. */
    public int dhcpRetransmitMaxMillis = 64000;
    /** ... each randomised by up to this, either way (RFC 2131 §4.1: "-1 to +1 second"). */
    public int dhcpJitterMillis = 1000;
    /** REQUESTs sent in REQUESTING or REBOOTING without an answer before the client starts again from INIT. */
    public int dhcpRequestRetries = 4;
    /** RFC 2131 §4.4.5: in RENEWING and REBINDING, retransmit after half the time to T2 or expiry, at least this. */
    public int dhcpRenewRetryMinMillis = 60000;
    /** RFC 5227 §1.1 PROBE_WAIT: the first ARP probe of an offered address after a random 0..this (0 probes: no check). */
    public int dhcpProbeWaitMillis = 1000;
    /** PROBE_NUM probes ... */
    public int dhcpProbeCount = 3;
    /** ... a random PROBE_MIN .. */
    public int dhcpProbeMinMillis = 1000;
    /** ... PROBE_MAX apart ... */
    public int dhcpProbeMaxMillis = 2000;
    /** ... and ANNOUNCE_WAIT after the last one before the address counts as free. */
    public int dhcpAnnounceWaitMillis = 2000;
    /** RFC 2131 §3.1.5: after a DHCPDECLINE the client waits at least ten seconds before it starts again. */
    public int dhcpDeclineWaitMillis = 10000;

    /**
     * Datagrams reassembled from IP fragments at once (Zephyr's CONFIG_NET_IPV4_FRAGMENT_MAX_COUNT is 2); a
     * fragment of a further one is dropped and counted. 0: no reassembly, every fragment dropped.
     */
    public int reassemblySlots = 2;
    /**
     * Packet buffers all reassembly slots may hold together. Fragments stay in the buffers they arrived in, so
     * this bounds both the bytes and the share of the pool that fragments can take: a flood of fragments that
     * never complete leaves {@code packetBuffers - reassemblyBuffers} buffers to everything else. It is also
     * the largest datagram received: {@code reassemblyBuffers * (MTU - 20)} bytes from a peer that fragments
     * at our MTU (12 * 1480 = 17760 with the defaults), fewer with smaller fragments. A pool of fewer than
     * twice this many buffers gets half of its buffers as the budget instead.
     */
    public int reassemblyBuffers = 12;
    /**
     * How long a datagram's fragments are kept after its first one arrived (RFC 1122 §3.3.2 wants a fixed
     * value; Linux's ipfrag_time is 30 s, RFC 8200 §4.5's 60 s is an upper bound).
     */
    public int reassemblyTimeoutMillis = 30000;
    /**
     * Send a UDP datagram larger than the path MTU as IP fragments (Zephyr's CONFIG_NET_IPV4_FRAGMENT).
     * false: such a send fails with -ENOMEM, as Zephyr does without fragmentation. Either way a datagram
     * needing more free packet buffers than the pool has fails with -ENOMEM.
     */
    public boolean ipFragmentation = true;
    /**
     * IPv6 in the stack (Zephyr's CONFIG_NET_IPV6, lwIP's LWIP_IPV6). Off: the IPv6 layer is not built, so none
     * of its state exists (addresses, neighbour caches, routers and prefixes, MLD, path MTU, temporary
     * addresses, fragments) and none of its timers run; received IPv6 frames are dropped and counted as an
     * unknown EtherType (NetCounters.ETH_DROP_UNKNOWN_TYPE); {@code socket(AF_INET6, ...)} is -EPFNOSUPPORT
     * (Zephyr's net_context_get without IPv6); getaddrinfo with AF_INET6 hints answers a name with
     * EAI_ADDRFAMILY and AF_UNSPEC asks A only; an interface with {@link InterfaceConfig#ipv6} is refused at
     * NetStack.addInterface. The ipv6* sizes below are then unused.
     */
    public boolean ipv6 = true;
    /**
     * IPv6 addresses per interface: the link-local one, one per advertised prefix (SLAAC) and a static
     * one. Each costs about 60 bytes.
     */
    public int ipv6AddressesPerInterface = 4;
    /**
     * IPv6 groups an interface listens to besides all-nodes: the solicited-node group of each address
     * (RFC 4861 §7.2.1; addresses sharing the low 24 bits share one) plus the application's joins.
     */
    public int ipv6MulticastGroups = 8;
    /** Neighbor Cache entries per interface (RFC 4861 §5.1); packets parked meanwhile count as arpPendingPackets. */
    public int neighborCacheEntries = 8;
    /** Default Router List entries per interface (RFC 4861 §5.1; RFC 4861 §6.3.4 lets a host bound it). */
    public int ipv6DefaultRouters = 2;
    /** Prefix List entries (on-link prefixes) per interface. */
    public int ipv6Prefixes = 3;
    /** Destinations a redirect may send elsewhere than the default router, per interface (RFC 4861 §8.3). */
    public int ipv6Redirects = 4;
    /**
     * Destinations with a path MTU below the link's, learned from Packet Too Big (RFC 8201 §5.2); when full the
     * oldest goes. Entries age out after ipv6PathMtuAgeMillis (RFC 8201 §4: "no less than 5 minutes", 10 recommended).
     */
    public int ipv6PathMtuEntries = 4;
    public int ipv6PathMtuAgeMillis = 600000;
    /**
     * RFC 8981 temporary addresses beside every SLAAC address (off by default), with TEMP_PREFERRED_LIFETIME
     * (1 day) and TEMP_VALID_LIFETIME (2 days) in seconds; each takes an ipv6AddressesPerInterface slot, two
     * while one is being replaced.
     */
    public boolean ipv6TemporaryAddresses = false;
    public int ipv6TempPreferredLifetimeSeconds = 86400;
    public int ipv6TempValidLifetimeSeconds = 172800;
    /** RFC 4862 §5.1 DupAddrDetectTransmits: Neighbor Solicitations sent before an address is used; 0 skips DAD. */
    public int ipv6DadTransmits = 1;
    /** Default hop limit of unicast IPv6 packets until a router advertises one (RFC 4861 §6.3.2; Linux's 64). */
    public int ipv6HopLimit = 64;
    /**
     * Router solicitations at start-up, RTR_SOLICITATION_INTERVAL apart (RFC 4861 §10: 3, 4 s), then, with no
     * advertisement, on with doubling intervals up to ipv6RsMaxIntervalMillis (RFC 7559 §2: MRT 3600 s); 0: never solicit.
     */
    public int ipv6RouterSolicitations = 3;
    public int ipv6RsIntervalMillis = 4000;
    public int ipv6RsMaxIntervalMillis = 3600000;
    /**
     * RFC 7217's secret_key for stable interface identifiers (at least 16 bytes): the same secret, prefix and
     * interface give the same address across restarts. A board passes one derived from its unique device ID;
     * null takes 16 bytes from the stack's Entropy at start-up (stable for the run only).
     */
    public byte[] ipv6StableSecret;

    /** gethostname(); DHCP sends it as option 12. */
    public String hostname = "jzsock";

    /** The packet buffers reassembly may hold: reassemblyBuffers, at most half the pool. */
    public int reassemblyBudget() {
        return Math.min(reassemblyBuffers, packetBuffers / 2);
    }

    public static NetConfig defaults() {
        return new NetConfig();
    }

    /**
     * The small-board profile: IPv4 only ({@link #ipv6} off), 4 TCP connections (2 x MSS receive and send
     * rings each, the least {@link #validate()} allows) and 4 UDP sockets, 8 fds, 24 packet buffers, one
     * socketpair of 64 B (Zephyr's CONFIG_NET_SOCKETPAIR_BUFFER_SIZE), 2 DNS answers; the rest as
     * {@link #defaults()}. Aimed at MicroEJ's default 64 KB Java heap, where IPv6's 3.8 KB of tables is a
     * luxury a board on an IPv4 LAN does without (lwIP's 30 KB small-system figure is IPv4-only too); set
     * {@code ipv6 = true} on it for a dual-stack board. host-tests' {@code footprint} command measures what
     * it retains by part (about 80 KB on a JVM, 38 KB of it the 24 x 1536 B packet pool and 28 KB the TCP
     * connections, so it does not fit yet; BoardProfileFootprintTest holds the figures).
     */
    public static NetConfig boardProfile() {
        NetConfig c = new NetConfig();
        c.maxTcpConnections = 4;
        c.maxSockets = 4;
        c.maxFds = 8;
        c.packetBuffers = 24;
        c.maxSocketPairs = 1;
        c.socketPairBuffer = 64;
        c.dnsCacheEntries = 2;
        c.ipv6 = false;
        return c;
    }

    /** A copy; the stack keeps its own so later edits by the caller change nothing. */
    public NetConfig copy() {
        NetConfig c = new NetConfig();
        c.maxSockets = maxSockets;
        c.maxFds = maxFds;
        c.packetBuffers = packetBuffers;
        c.packetBufferSize = packetBufferSize;
        c.maxInterfaces = maxInterfaces;
        c.udpRxQueue = udpRxQueue;
        c.arpCacheEntries = arpCacheEntries;
        c.arpPendingPackets = arpPendingPackets;
        c.arpRetries = arpRetries;
        c.arpRetryMillis = arpRetryMillis;
        c.arpExpiryMillis = arpExpiryMillis;
        c.maxMulticastGroups = maxMulticastGroups;
        c.maxSocketPairs = maxSocketPairs;
        c.socketOwnership = socketOwnership;
        c.maxOwners = maxOwners;
        c.socketPairBuffer = socketPairBuffer;
        c.defaultTtl = defaultTtl;
        c.defaultMulticastTtl = defaultMulticastTtl;
        c.icmpErrorBurst = icmpErrorBurst;
        c.icmpErrorIntervalMillis = icmpErrorIntervalMillis;
        c.ephemeralPortLow = ephemeralPortLow;
        c.ephemeralPortHigh = ephemeralPortHigh;
        c.rxBudget = rxBudget;
        c.maxTcpConnections = maxTcpConnections;
        c.tcpSynQueue = tcpSynQueue;
        c.tcpRxBuffer = tcpRxBuffer;
        c.tcpTxBuffer = tcpTxBuffer;
        c.tcpMss = tcpMss;
        c.tcpInitialRtoMillis = tcpInitialRtoMillis;
        c.tcpMinRtoMillis = tcpMinRtoMillis;
        c.tcpMaxRtoMillis = tcpMaxRtoMillis;
        c.tcpMaxRetries = tcpMaxRetries;
        c.tcpConnectTimeoutMillis = tcpConnectTimeoutMillis;
        c.tcpDelayedAckMillis = tcpDelayedAckMillis;
        c.tcpTimeWaitMillis = tcpTimeWaitMillis;
        c.dnsCacheEntries = dnsCacheEntries;
        c.dnsMaxAddresses = dnsMaxAddresses;
        c.dnsTimeoutMillis = dnsTimeoutMillis;
        c.dnsAttempts = dnsAttempts;
        c.dnsMaxTtlSeconds = dnsMaxTtlSeconds;
        c.dnsServer = dnsServer;
        c.tcpCongestionControl = tcpCongestionControl;
        c.dhcpStartDelayMaxMillis = dhcpStartDelayMaxMillis;
        c.dhcpRetransmitMillis = dhcpRetransmitMillis;
        c.dhcpRetransmitMaxMillis = dhcpRetransmitMaxMillis;
        c.dhcpJitterMillis = dhcpJitterMillis;
        c.dhcpRequestRetries = dhcpRequestRetries;
        c.dhcpRenewRetryMinMillis = dhcpRenewRetryMinMillis;
        c.dhcpProbeWaitMillis = dhcpProbeWaitMillis;
        c.dhcpProbeCount = dhcpProbeCount;
        c.dhcpProbeMinMillis = dhcpProbeMinMillis;
        c.dhcpProbeMaxMillis = dhcpProbeMaxMillis;
        c.dhcpAnnounceWaitMillis = dhcpAnnounceWaitMillis;
        c.dhcpDeclineWaitMillis = dhcpDeclineWaitMillis;
        c.reassemblySlots = reassemblySlots;
        c.reassemblyBuffers = reassemblyBuffers;
        c.reassemblyTimeoutMillis = reassemblyTimeoutMillis;
        c.ipFragmentation = ipFragmentation;
        c.ipv6 = ipv6;
        c.ipv6AddressesPerInterface = ipv6AddressesPerInterface;
        c.ipv6MulticastGroups = ipv6MulticastGroups;
        c.neighborCacheEntries = neighborCacheEntries;
        c.ipv6DefaultRouters = ipv6DefaultRouters;
        c.ipv6Prefixes = ipv6Prefixes;
        c.ipv6Redirects = ipv6Redirects;
        c.ipv6PathMtuEntries = ipv6PathMtuEntries;
        c.ipv6PathMtuAgeMillis = ipv6PathMtuAgeMillis;
        c.ipv6DadTransmits = ipv6DadTransmits;
        c.ipv6TemporaryAddresses = ipv6TemporaryAddresses;
        c.ipv6TempPreferredLifetimeSeconds = ipv6TempPreferredLifetimeSeconds;
        c.ipv6TempValidLifetimeSeconds = ipv6TempValidLifetimeSeconds;
        c.ipv6HopLimit = ipv6HopLimit;
        c.ipv6RouterSolicitations = ipv6RouterSolicitations;
        c.ipv6RsIntervalMillis = ipv6RsIntervalMillis;
        c.ipv6RsMaxIntervalMillis = ipv6RsMaxIntervalMillis;
        if (ipv6StableSecret != null) {
            c.ipv6StableSecret = new byte[ipv6StableSecret.length];
            System.arraycopy(ipv6StableSecret, 0, c.ipv6StableSecret, 0, ipv6StableSecret.length);
        }
        c.hostname = hostname;
        return c;
    }

    /** Throws IllegalArgumentException naming the first bad setting. Called once by NetStack. */
    public void validate() {
        require(maxSockets >= 1, "maxSockets >= 1");
        require(maxFds >= 2 && maxFds <= ZsockConstants.FD_SETSIZE, "2 <= maxFds <= FD_SETSIZE");
        require(packetBuffers >= 4, "packetBuffers >= 4");
        require(packetBufferSize >= Headroom.TRANSPORT + 1480,
                "packetBufferSize >= 1534 (a full IPv4 frame behind the IPv6-sized headroom, ip.Headroom)");
        require(maxInterfaces >= 1, "maxInterfaces >= 1 (loopback)");
        require(udpRxQueue >= 1 && udpRxQueue < packetBuffers, "1 <= udpRxQueue < packetBuffers");
        require(arpCacheEntries >= 1, "arpCacheEntries >= 1");
        require(arpPendingPackets >= 1 && arpPendingPackets < packetBuffers, "1 <= arpPendingPackets < packetBuffers");
        require(arpRetries >= 1 && arpRetryMillis >= 1, "arpRetries, arpRetryMillis >= 1");
        require(maxMulticastGroups >= 0, "maxMulticastGroups >= 0");
        require(maxSocketPairs >= 0 && socketPairBuffer >= 1, "maxSocketPairs >= 0, socketPairBuffer >= 1");
        require(maxOwners >= 1 && maxOwners <= io.jzsock.net.sock.Owners.MAX_OWNERS, "1 <= maxOwners <= 64");
        require(defaultTtl >= 1 && defaultTtl <= 255, "1 <= defaultTtl <= 255");
        require(icmpErrorBurst >= 1 && icmpErrorIntervalMillis >= 0, "icmpErrorBurst >= 1, icmpErrorIntervalMillis >= 0");
        require(defaultMulticastTtl >= 0 && defaultMulticastTtl <= 255, "0 <= defaultMulticastTtl <= 255");
        require(ephemeralPortLow >= 1 && ephemeralPortLow < ephemeralPortHigh && ephemeralPortHigh <= 65535,
                "1 <= ephemeralPortLow < ephemeralPortHigh <= 65535");
        require(rxBudget >= 1, "rxBudget >= 1");
        require(maxTcpConnections >= 0, "maxTcpConnections >= 0");
        require(tcpSynQueue >= 1, "tcpSynQueue >= 1");
        require(tcpMss >= 536 && tcpMss <= packetBufferSize - Headroom.TRANSPORT - 20,
                "536 <= tcpMss <= packetBufferSize - 74 (headroom for the IPv6 header, then TCP's 20)");
        // A window under two segments stalls: the peer sends one, our delayed ACK waits for a second that the
        // window forbids (RFC 1122 §4.2.3.2), and receiver SWS avoidance holds back updates (RFC 9293 §3.8.6.2.2).
        requireValue(tcpRxBuffer >= 2 * tcpMss, "tcpRxBuffer >= 2 * tcpMss (a window of two full segments;"
                + " lower tcpMss for a smaller window)", "tcpRxBuffer", tcpRxBuffer, 2 * tcpMss);
        // One full segment must fit, or send() could never hand TCP a segment Nagle lets out (RFC 9293 §3.7.4).
        requireValue(tcpTxBuffer >= tcpMss, "tcpTxBuffer >= tcpMss", "tcpTxBuffer", tcpTxBuffer, tcpMss);
        require(tcpMinRtoMillis >= 1 && tcpMinRtoMillis <= tcpInitialRtoMillis && tcpInitialRtoMillis <= tcpMaxRtoMillis,
                "1 <= tcpMinRtoMillis <= tcpInitialRtoMillis <= tcpMaxRtoMillis");
        require(tcpMaxRetries >= 1 && tcpConnectTimeoutMillis >= 1 && tcpDelayedAckMillis >= 1 && tcpTimeWaitMillis >= 1,
                "TCP retries and timers >= 1");
        require(dnsCacheEntries >= 0 && dnsMaxAddresses >= 1, "dnsCacheEntries >= 0, dnsMaxAddresses >= 1");
        require(dnsTimeoutMillis >= 1 && dnsAttempts >= 1 && dnsMaxTtlSeconds >= 0,
                "dnsTimeoutMillis, dnsAttempts >= 1, dnsMaxTtlSeconds >= 0");
        require(dnsServer == null || InetText.pton(ZsockConstants.AF_INET, dnsServer, null) == 1,
                "dnsServer is a dotted quad or null");
        require(tcpCongestionControl == TCP_CC_NEWRENO || tcpCongestionControl == TCP_CC_CUBIC,
                "tcpCongestionControl is TCP_CC_NEWRENO or TCP_CC_CUBIC");
        require(dhcpStartDelayMaxMillis >= 0 && dhcpRetransmitMillis >= 1 && dhcpRetransmitMillis <= dhcpRetransmitMaxMillis
                && dhcpJitterMillis >= 0 && dhcpJitterMillis < dhcpRetransmitMillis,
                "DHCP: 0 <= jitter < dhcpRetransmitMillis <= dhcpRetransmitMaxMillis");
        require(dhcpRequestRetries >= 1 && dhcpRenewRetryMinMillis >= 1 && dhcpDeclineWaitMillis >= 0,
                "DHCP: dhcpRequestRetries, dhcpRenewRetryMinMillis >= 1, dhcpDeclineWaitMillis >= 0");
        require(dhcpProbeCount >= 0 && dhcpProbeWaitMillis >= 0 && dhcpProbeMinMillis >= 0
                && dhcpProbeMinMillis <= dhcpProbeMaxMillis && dhcpAnnounceWaitMillis >= 0,
                "DHCP: probe count and times >= 0, dhcpProbeMinMillis <= dhcpProbeMaxMillis");
        require(reassemblySlots >= 0 && reassemblyTimeoutMillis >= 1, "reassemblySlots >= 0, reassemblyTimeoutMillis >= 1");
        require(reassemblySlots == 0 || reassemblyBuffers >= 2, "reassemblyBuffers >= 2 when reassembling");
        require(ipv6AddressesPerInterface >= 1 && ipv6MulticastGroups >= 1, "ipv6AddressesPerInterface, ipv6MulticastGroups >= 1");
        require(neighborCacheEntries >= 1 && ipv6DefaultRouters >= 0 && ipv6Prefixes >= 0 && ipv6Redirects >= 0,
                "neighborCacheEntries >= 1; ipv6DefaultRouters, ipv6Prefixes, ipv6Redirects >= 0");
        require(ipv6PathMtuEntries >= 0 && ipv6PathMtuAgeMillis >= 300000,
                "ipv6PathMtuEntries >= 0, ipv6PathMtuAgeMillis >= 300000 (RFC 8201 §4: no less than 5 minutes)");
        require(ipv6DadTransmits >= 0 && ipv6HopLimit >= 1 && ipv6HopLimit <= 255, "ipv6DadTransmits >= 0, 1 <= ipv6HopLimit <= 255");
        require(ipv6RouterSolicitations >= 0 && ipv6RsIntervalMillis >= 1 && ipv6RsIntervalMillis <= ipv6RsMaxIntervalMillis,
                "ipv6RouterSolicitations >= 0, 1 <= ipv6RsIntervalMillis <= ipv6RsMaxIntervalMillis");
        require(ipv6StableSecret == null || ipv6StableSecret.length >= 16, "ipv6StableSecret null or at least 16 bytes");
        require(hostname != null && hostname.length() < ZsockConstants.NI_MAXHOST, "hostname shorter than NI_MAXHOST");
    }

    /** As {@link #require}, the message also naming the value and the least it may be. */
    private static void requireValue(boolean ok, String rule, String name, int value, int least) {
        if (!ok) {
            throw new IllegalArgumentException("NetConfig: " + rule + "; " + name + " is " + value + ", needs " + least);
        }
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("NetConfig: " + rule);
        }
    }
}
