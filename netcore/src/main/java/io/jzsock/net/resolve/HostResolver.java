package io.jzsock.net.resolve;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetConfig;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.udp.UdpSockets;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.net.wire.Ipv6Address;

/**
 * {@code getaddrinfo}/{@code getnameinfo} with names: literals go to {@link NumericResolver}
 * unchanged; a name is answered by RFC 6761 §6.3 ({@code localhost}), the {@link DnsCache}, or a
 * {@link DnsClient} question. The calls block the calling thread, as Zephyr's do, on the stack's
 * monitor while the net thread runs the question. On the thread inside {@code NetStack.poll} (the
 * net thread: a device driver, anything a pass runs) the answer could never be read, since that
 * thread reads the devices, so a name (cached or not, with any server, even one on loopback) is
 * {@code EAI_FAIL} at once instead of a stall of every socket until the timeouts run out and an
 * {@code EAI_AGAIN} that no retry there would cure; literals and {@code localhost} still work. One
 * question is in flight at a time: concurrent callers wait for the client, then look in the cache
 * again (the question before may have been theirs).
 *
 * <p>getaddrinfo asks A for AF_UNSPEC and AF_INET hints and AAAA for AF_INET6; with AF_INET6,
 * {@code AI_V4MAPPED} adds the A records as {@code ::ffff:a.b.c.d} when the name has no AAAA records,
 * {@code AI_V4MAPPED|AI_ALL} after the AAAA ones (RFC 3493 §6.1). AF_UNSPEC asks A only while the stack has
 * no global IPv6 address (RFC 6724 §6 Rule 1 would sort every AAAA answer last as unusable), and with one
 * AAAA first, then A (Rule 6, the default policy table's precedences). Flags: {@code AI_NUMERICHOST}/{@code AI_NUMERICSERV}/{@code AI_PASSIVE} as
 * {@link NumericResolver}; {@code AI_CANONNAME} fills {@code ai_canonname} of the first entry with
 * the end of the CNAME chain (one String: the only allocation besides null {@code out} slots) and
 * is {@code EAI_BADFLAGS} without a host (POSIX); {@code AI_ADDRCONFIG} makes a name
 * {@code EAI_NONAME} (glibc's code) when no non-loopback interface has an address of the family
 * asked (IPv4 too for AF_INET6 with AI_V4MAPPED): always for plain AF_INET6 while there is no IPv6 (literals are not checked, as in Zephyr, which
 * ignores the flag). Codes: {@code EAI_NONAME} for NXDOMAIN and an invalid name, {@code EAI_NODATA} for a
 * name without records of the type (Zephyr; POSIX says EAI_NONAME), {@code EAI_AGAIN} for no
 * server known, timeouts and SERVFAIL, {@code EAI_FAIL} for refusals, truncated and malformed
 * answers, {@code EAI_MEMORY} when no UDP socket is free for the question. Several records give
 * several entries, up to {@code out.length}, in the server's order. A stack without IPv6 (NetConfig.ipv6
 * off) never asks AAAA: a name with AF_INET6 hints is {@code EAI_ADDRFAMILY}, localhost included, as Zephyr
 * without CONFIG_NET_IPV6 answers; literals still parse as {@link NumericResolver} does.
 */
public final class HostResolver {
    private final Object monitor;
    private final Waiter waiter;
    private final Ipv4 ip;
    private final Runnable wakeNetThread;
    private final NumericResolver numeric = new NumericResolver();
    private final DnsClient client;
    private final DnsCache cache;
    private final byte[] scratch = new byte[DnsMessage.MAX_NAME];
    private final long maxWaitMillis;
    /** NetConfig.ipv6: without IPv6 no AAAA question is asked. */
    private final boolean ipv6;
    private DnsRecordSet result;
    /** The caller whose question the client runs (the monitor is released while it waits). */
    private Thread holder;
    private ServiceHandle timer = ServiceHandle.DETACHED;

    public HostResolver(Object monitor, Waiter waiter, Ipv4 ip, UdpSockets udp, Entropy entropy, NetConfig cfg,
                        Runnable wakeNetThread) {
        this.monitor = monitor;
        this.waiter = waiter;
        this.ip = ip;
        this.wakeNetThread = wakeNetThread;
        this.ipv6 = cfg.ipv6;
        int defaultServer = cfg.dnsServer == null ? 0 : SockAddr.parse(cfg.dnsServer, 0).ipv4();
        // Record sets keep A records only (4 bytes each, not AAAA's 16) when no AAAA question is ever asked.
        int widest = DnsResponseParser.addressLength(ipv6 ? DnsMessage.TYPE_AAAA : DnsMessage.TYPE_A);
        client = new DnsClient(udp, ip, entropy, cfg.maxInterfaces, cfg.dnsMaxAddresses, widest, cfg.dnsTimeoutMillis,
                cfg.dnsAttempts, defaultServer);
        cache = new DnsCache(cfg.dnsCacheEntries, cfg.dnsMaxAddresses, widest, cfg.dnsMaxTtlSeconds);
        maxWaitMillis = (long) cfg.dnsAttempts * (cfg.maxInterfaces * NetInterface.MAX_DNS_SERVERS + 1)
                * cfg.dnsTimeoutMillis + 1000;
    }

    /** The net-thread half (retries, timeouts, answers): NetStack registers it at start-up. */
    public StackService service() {
        return client;
    }

    /** Setup-time: the client's registration, armed when a question starts (its answers arrive as input). */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    /** See the class comment and {@link NumericResolver#getaddrinfo}. */
    public int getaddrinfo(String host, String service, AddrInfo hints, AddrInfo[] out) {
        int flags = hints == null ? 0 : hints.flags;
        if (host == null && (flags & ZsockConstants.AI_CANONNAME) != 0 && out != null && out.length > 0) {
            return ZsockConstants.EAI_BADFLAGS;
        }
        int r = numeric.lookup(host, service, hints, out);
        if (r != NumericResolver.NAME) {
            if (r > 0 && (flags & ZsockConstants.AI_CANONNAME) != 0) {
                out[0].canonname = host;
            }
            return r;
        }
        int family = hints == null ? ZsockConstants.AF_UNSPEC : hints.family;
        boolean v6 = family == ZsockConstants.AF_INET6;
        if (v6 && !ipv6) {
            // Zephyr's family_is_queried: no AAAA question without CONFIG_NET_IPV6 and, for AF_INET6 hints, no A
            // one either (AI_V4MAPPED too), so both families fail with their initial DNS_EAI_ADDRFAMILY.
            return ZsockConstants.EAI_ADDRFAMILY;
        }
        boolean mapped = v6 && (flags & ZsockConstants.AI_V4MAPPED) != 0;
        boolean all = mapped && (flags & ZsockConstants.AI_ALL) != 0;
        boolean unspec = family == ZsockConstants.AF_UNSPEC;
        // RFC 6724 §6 with the stack's addresses: without a global IPv6 source every AAAA answer is an
        // unusable destination (Rule 1), so AF_UNSPEC asks A alone; with one, AAAA answers sort first (Rule 6:
        // the default policy table gives 2000::/3 precedence 40, ::ffff:0:0/96 35) and A follows.
        boolean haveV6 = hasIpv6Address();
        boolean askAaaa = v6 || (unspec && haveV6);
        boolean askA = !v6 || mapped;
        if ((flags & ZsockConstants.AI_ADDRCONFIG) != 0) {
            // RFC 3493 §6.1: ask only for families the stack has a non-loopback address of.
            askAaaa = askAaaa && haveV6;
            askA = askA && hasIpv4Address();
            if (!askAaaa && !askA) {
                return ZsockConstants.EAI_NONAME;
            }
        }
        int socktype = hints == null ? 0 : hints.socktype;
        int protocol = hints == null ? 0 : hints.protocol;
        int port = NumericResolver.parsePort(service);
        int resultFamily = v6 ? ZsockConstants.AF_INET6 : ZsockConstants.AF_INET;
        if (DnsNames.isLocalhost(host)) {
            AddrInfo ai = NumericResolver.entry(out, 0, resultFamily, socktype, protocol);
            if (v6) {
                ai.addr.addressBytes()[15] = 1;
                ai.addr.setFamily(ZsockConstants.AF_INET6).setPort(port);
            } else {
                ai.addr.setIpv4(NumericResolver.LOOPBACK_V4, port);
            }
            if ((flags & ZsockConstants.AI_CANONNAME) != 0) {
                ai.canonname = host;
            }
            return 1;
        }
        synchronized (monitor) {
            if (waiter.onPollingThread()) {
                return ZsockConstants.EAI_FAIL;
            }
            if (unspec && askAaaa) {
                return bothFamilies(host, out, askA, socktype, protocol, port, flags);
            }
            int n = 0;
            int status = ZsockConstants.EAI_NODATA;
            if (askAaaa || !v6) {
                try {
                    status = resolve(host, 0, 0, v6 ? DnsMessage.TYPE_AAAA : DnsMessage.TYPE_A);
                    if (status == 0) {
                        n = fill(out, 0, v6, false, socktype, protocol, port, flags);
                    }
                } finally {
                    endResolve();
                }
            }
            // RFC 3493 §6.1: AI_V4MAPPED adds the A records as ::ffff:a.b.c.d when there are no AAAA
            // ones, and with AI_ALL in any case (after the IPv6 addresses).
            if (mapped && (all || n == 0) && (status == 0 || status == ZsockConstants.EAI_NODATA) && n < out.length) {
                try {
                    int s4 = resolve(host, 0, 0, DnsMessage.TYPE_A);
                    if (s4 == 0) {
                        n += fill(out, n, false, true, socktype, protocol, port, n == 0 ? flags : 0);
                    }
                    if (n == 0) {
                        status = s4;
                    }
                } finally {
                    endResolve();
                }
            }
            return n > 0 ? n : status;
        }
    }

    /**
     * AF_UNSPEC with a global IPv6 address of ours: the AAAA answers, then (askA) the A ones; the count, or the
     * A question's code when neither gave an address (the AAAA one's when A was not asked). Monitor held.
     */
    private int bothFamilies(String host, AddrInfo[] out, boolean askA, int socktype, int protocol, int port,
                             int flags) {
        int n = 0;
        int status;
        try {
            status = resolve(host, 0, 0, DnsMessage.TYPE_AAAA);
            if (status == 0) {
                n = fill(out, 0, true, false, socktype, protocol, port, flags);
            }
        } finally {
            endResolve();
        }
        if (askA && n < out.length && status != ZsockConstants.EAI_NONAME) {
            try {
                int s4 = resolve(host, 0, 0, DnsMessage.TYPE_A);
                if (s4 == 0) {
                    n += fill(out, n, false, false, socktype, protocol, port, n == 0 ? flags : 0);
                } else if (n == 0) {
                    status = s4;
                }
            } finally {
                endResolve();
            }
        }
        return n > 0 ? n : status;
    }

    /**
     * Copies the result's addresses into out from entry at on: IPv6 ones, IPv4 ones, or IPv4 ones as
     * v4-mapped AF_INET6 addresses. The count copied; AI_CANONNAME fills the first entry's name.
     */
    private int fill(AddrInfo[] out, int at, boolean v6, boolean mapped, int socktype, int protocol, int port,
                     int flags) {
        DnsRecordSet rs = result;
        int n = Math.min(rs.count, out.length - at);
        for (int i = 0; i < n; i++) {
            AddrInfo ai = NumericResolver.entry(out, at + i, v6 || mapped ? ZsockConstants.AF_INET6
                    : ZsockConstants.AF_INET, socktype, protocol);
            if (v6) {
                ai.addr.setIpv6(rs.addrs, i * rs.addrLen, port, 0);
            } else if (mapped) {
                NumericResolver.setMapped(ai.addr, rs.addrs, i * rs.addrLen, port);
            } else {
                ai.addr.setIpv4(rs.ipv4(i), port);
            }
        }
        if (n > 0 && (flags & ZsockConstants.AI_CANONNAME) != 0) {
            out[at].canonname = DnsNames.toString(rs.name, rs.nameLen);
        }
        return n;
    }

    public void freeaddrinfo(AddrInfo[] res) {
        numeric.freeaddrinfo(res);
    }

    /**
     * {@link NumericResolver#getnameinfo}, except that without {@code NI_NUMERICHOST} the address is
     * looked up as a PTR record: {@code d.c.b.a.in-addr.arpa} for IPv4 and v4-mapped IPv6 addresses
     * (RFC 1035 §3.5), the nibble name under {@code ip6.arpa} for other IPv6 ones (RFC 3596 §2.5), CNAMEs
     * followed as RFC 2317 delegations need. No name found: the numeric form, or with
     * {@code NI_NAMEREQD} {@code EAI_NONAME} (EAI_AGAIN when no server answered). A name that does
     * not fit is {@code EAI_OVERFLOW}. {@code NI_NOFQDN} is ignored; a scope id plays no part in the question.
     */
    public int getnameinfo(SockAddr a, byte[] host, int hostLen, byte[] serv, int servLen, int flags) {
        boolean wantHost = host != null && hostLen > 0;
        if (!wantHost || (flags & ZsockConstants.NI_NUMERICHOST) != 0 || a == null
                || (a.family() != ZsockConstants.AF_INET && a.family() != ZsockConstants.AF_INET6)) {
            return numeric.getnameinfo(a, host, hostLen, serv, servLen, flags);
        }
        int room = Math.min(hostLen, host.length) - 1;
        int written;
        int status;
        synchronized (monitor) {
            if (waiter.onPollingThread()) {
                return ZsockConstants.EAI_FAIL;
            }
            try {
                status = resolve(null, a.addrHi(), a.addrLo(), DnsMessage.TYPE_PTR);
                written = status == 0 ? DnsNames.toText(result.name, result.nameLen, host, Math.max(room, 0)) : -1;
            } finally {
                endResolve();
            }
        }
        if (status == 0 && written == DnsNames.TOO_LONG) {
            return ZsockConstants.EAI_OVERFLOW;
        }
        if (status == 0 && written < 0) {
            status = ZsockConstants.EAI_NONAME;
        }
        if (status != 0) {
            if ((flags & ZsockConstants.NI_NAMEREQD) != 0) {
                return status == ZsockConstants.EAI_AGAIN ? ZsockConstants.EAI_AGAIN : ZsockConstants.EAI_NONAME;
            }
            return numeric.getnameinfo(a, host, hostLen, serv, servLen, flags);
        }
        host[written] = 0;
        if (serv != null && servLen > 0
                && NumericResolver.putPort(a.port(), serv, Math.min(servLen, serv.length)) < 0) {
            return ZsockConstants.EAI_OVERFLOW;
        }
        return 0;
    }

    /**
     * True if an interface other than loopback has a usable IPv6 address beyond link-local scope (AI_ADDRCONFIG,
     * RFC 3493 §6.1; a link-local source reaches no global destination, RFC 6724 §5 Rule 2).
     */
    private boolean hasIpv6Address() {
        synchronized (monitor) {
            for (int i = 1; i <= ip.interfaceCount(); i++) {
                NetInterface ifc = ip.byIndex(i);
                if (ifc.loopback) {
                    continue;
                }
                Ipv6InterfaceState v6 = ifc.v6;
                for (int k = 0; k < v6.addressSlots(); k++) {
                    boolean usable = v6.state[k] == Ipv6InterfaceState.PREFERRED
                            || v6.state[k] == Ipv6InterfaceState.DEPRECATED;
                    if (usable && !Ipv6Address.isLinkLocal(v6.addrHi[k])) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** True if an interface other than loopback has an IPv4 address (AI_ADDRCONFIG, RFC 3493 §6.1). */
    private boolean hasIpv4Address() {
        synchronized (monitor) {
            for (int i = 1; i <= ip.interfaceCount(); i++) {
                NetInterface ifc = ip.byIndex(i);
                if (!ifc.loopback && ifc.v4.address != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The question's wire name into dst: host's, or the PTR name of the address ptrHi:ptrLo when host is null. */
    private static int question(String host, long ptrHi, long ptrLo, byte[] dst) {
        return host != null ? DnsNames.encode(host, dst) : DnsNames.reverse(ptrHi, ptrLo, dst);
    }

    /**
     * Answers the question from the cache or the network, with the monitor held: 0 with
     * {@link #result} set (valid until {@link #endResolve}), or an EAI code.
     */
    private int resolve(String host, long ptrHi, long ptrLo, int qtype) {
        int len = question(host, ptrHi, ptrLo, scratch);
        if (len < 0) {
            return ZsockConstants.EAI_NONAME;
        }
        if (fromCache(len, qtype)) {
            return result.status;
        }
        long giveUp = waiter.now() + maxWaitMillis;
        while (client.state() != DnsClient.IDLE) {
            if (!waiter.await(giveUp)) {
                return ZsockConstants.EAI_AGAIN;
            }
        }
        // The monitor was free while we waited: the scratch name may be another caller's now.
        len = question(host, ptrHi, ptrLo, scratch);
        if (fromCache(len, qtype)) {
            return result.status;
        }
        holder = Thread.currentThread();
        client.answer.setQuestion(scratch, len, qtype);
        client.start(waiter.now());
        timer.armed();
        wakeNetThread.run();
        while (client.state() == DnsClient.RUNNING) {
            // The client runs here too: an answer that loopback delivered on another thread's send,
            // or a timeout, is then handled without waiting for the net thread's next pass.
            long now = waiter.now();
            client.poll(now);
            if (client.state() != DnsClient.RUNNING) {
                break;
            }
            if (now >= giveUp) {
                client.abort();
                break;
            }
            waiter.await(Math.min(giveUp, client.nextDeadline()));
        }
        int status = client.status;
        if (status == 0 || status == ZsockConstants.EAI_NONAME || status == ZsockConstants.EAI_NODATA) {
            cache.put(client.answer, waiter.now());
        }
        result = client.answer;
        return status;
    }

    private boolean fromCache(int len, int qtype) {
        DnsRecordSet c = cache.find(scratch, len, qtype, waiter.now());
        if (c == null) {
            return false;
        }
        ip.byIndex(1).count(NetCounters.DNS_CACHE_HIT);
        result = c;
        return true;
    }

    private void endResolve() {
        result = null;
        if (holder == Thread.currentThread()) {
            holder = null;
            client.release();
            waiter.wakeAll();
        }
    }
}
