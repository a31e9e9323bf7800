package io.jzsock.net.resolve;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.NetCounters;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.service.StackService;
import io.jzsock.net.udp.UdpSockets;
import io.jzsock.net.wire.DnsMessage;

/**
 * One DNS question in flight over UDP (RFC 1035 §4.2.1), run on the net thread as a
 * {@link StackService}: the servers of every interface (static or from DHCP, in interface order)
 * and then the stack's default server are asked in turn, each for {@code timeoutMillis}, the whole
 * list {@code attempts} times (glibc's {@code timeout}/{@code attempts}). Every transmission uses a
 * fresh random id and a fresh random source port (RFC 5452 §9.2, §10) on a UDP socket taken from
 * the table for this question and closed when it ends, so no slot or fd stays held. A datagram
 * counts only if it comes from the server and port just asked and answers our id and question;
 * anything else is dropped and counted, and the wait goes on.
 *
 * <p>An answer that ends in a CNAME without the target's records, and without an SOA saying the
 * target has none, is followed by a query for the target to the same server (Zephyr does the same),
 * the links of all answers counted against {@link DnsResponseParser#MAX_CHAIN}.
 *
 * <p>Outcomes (as EAI codes in {@link #status}): an address or PTR answer, NXDOMAIN (EAI_NONAME)
 * and NODATA (EAI_NODATA, Zephyr's code; POSIX would say EAI_NONAME) end the question. SERVFAIL,
 * FORMERR, NOTIMP and REFUSED move on to the next server; when every try has failed the result is
 * EAI_AGAIN if any try timed out or got SERVFAIL (asking later may work), else EAI_FAIL. A set TC
 * bit is EAI_FAIL: there is no TCP retry, and a truncated answer is not used (RFC 2181 §9). A
 * malformed answer to our question, or a CNAME chain over {@link DnsResponseParser#MAX_CHAIN}, is
 * EAI_FAIL as well.
 *
 * <p>Counters go to interface 1 (lo): the resolver is one client for the whole stack, and
 * {@code NetStack.counter(id)} sums all interfaces anyway. Guarded by the stack's monitor.
 */
final class DnsClient implements StackService {
    static final int IDLE = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;

    private final UdpSockets udp;
    private final Ipv4 ip;
    private final Entropy entropy;
    private final DnsResponseParser parser = new DnsResponseParser();
    private final int timeoutMillis;
    private final int attempts;
    private final int defaultServer;
    /** The name the current query asks: the question's, or the CNAME target a chain stopped at. */
    private final byte[] asked = new byte[DnsMessage.MAX_NAME];
    private int askedLen;
    /** CNAME links followed so far, over every answer of this question. */
    private int links;
    /** The smallest CNAME TTL on the way, so the final answer is not kept longer than its aliases. */
    private long chainTtl;
    /**
     * The message buffer, RFC 1035 §4.2.1's 512 bytes (we send no EDNS(0)): each try writes its query here
     * (at most HEADER_LEN + MAX_NAME + Q_FIXED_LEN = 271 bytes), sendto copies it out, and the answer is read
     * into it; a retransmission writes the query again from {@link #asked}.
     */
    private final byte[] msg = new byte[DnsMessage.UDP_MAX];
    private final SockAddr to = new SockAddr();
    private final SockAddr from = new SockAddr();
    private final SockAddr any = SockAddr.ipv4(0, 0);
    private final int[] servers;
    private final int[] one = new int[1];
    private int serverCount;
    private int serverIndex;
    private int round;
    private int sock = -1;
    private int id;
    private long deadline;
    private boolean temporaryFailure;
    /** False when the current try could not even be sent: its end is then no timeout. */
    private boolean sent;
    private int state = IDLE;
    /** The question and, once DONE with status 0, its answer. */
    final DnsRecordSet answer;
    /** 0 (answered) or an EAI_* code, valid when DONE. */
    int status;

    /** widest: the longest address a record set keeps, see {@link DnsRecordSet}. */
    DnsClient(UdpSockets udp, Ipv4 ip, Entropy entropy, int maxInterfaces, int maxAddrs, int widest, int timeoutMillis,
              int attempts, int defaultServer) {
        this.udp = udp;
        this.ip = ip;
        this.entropy = entropy;
        this.timeoutMillis = timeoutMillis;
        this.attempts = attempts;
        this.defaultServer = defaultServer;
        this.servers = new int[maxInterfaces * NetInterface.MAX_DNS_SERVERS + 1];
        this.answer = new DnsRecordSet(maxAddrs, widest);
    }

    int state() {
        return state;
    }

    /**
     * Starts asking the question already set in {@link #answer}; IDLE before, RUNNING or (no server,
     * no socket) DONE after. EAI_AGAIN when no server is known (DHCP may bring one), EAI_MEMORY when
     * every UDP socket is in use.
     */
    void start(long now) {
        collectServers();
        temporaryFailure = false;
        System.arraycopy(answer.qname, 0, asked, 0, answer.qnameLen);
        askedLen = answer.qnameLen;
        links = 0;
        chainTtl = Long.MAX_VALUE;
        serverIndex = 0;
        round = 0;
        if (serverCount == 0) {
            finish(ZsockConstants.EAI_AGAIN);
            return;
        }
        int s = udp.open();
        if (s < 0) {
            finish(ZsockConstants.EAI_MEMORY);
            return;
        }
        sock = s;
        one[0] = 1;
        udp.ioctl(s, ZsockConstants.FIONBIO, one);
        state = RUNNING;
        transmit(now);
    }

    /** Ends a running question from outside (the caller gave up): EAI_AGAIN. */
    void abort() {
        if (state == RUNNING) {
            finish(ZsockConstants.EAI_AGAIN);
        }
    }

    /** Hands the client back after the caller has read the result. */
    void release() {
        state = IDLE;
    }

    private void collectServers() {
        serverCount = 0;
        for (int i = 1; i <= ip.interfaceCount(); i++) {
            NetInterface ifc = ip.byIndex(i);
            for (int k = 0; k < ifc.dnsServerCount; k++) {
                addServer(ifc.dnsServers[k]);
            }
        }
        if (defaultServer != 0) {
            addServer(defaultServer);
        }
    }

    private void addServer(int server) {
        for (int i = 0; i < serverCount; i++) {
            if (servers[i] == server) {
                return;
            }
        }
        if (serverCount < servers.length) {
            servers[serverCount++] = server;
        }
    }

    private void transmit(long now) {
        drain();
        id = entropy.nextInt() & 0xffff;
        int queryLen = DnsMessage.writeQuery(msg, 0, id, asked, 0, askedLen, answer.qtype);
        deadline = now + timeoutMillis;
        sent = false;
        // A new random port per transmission (RFC 5452 §10); rebinding port 0 picks an unused one.
        if (udp.bind(sock, any) < 0) {
            temporaryFailure = true;
            deadline = now;
            return;
        }
        to.setIpv4(servers[serverIndex], DnsMessage.PORT);
        int r = udp.sendto(sock, msg, 0, queryLen, ZsockConstants.MSG_DONTWAIT, to);
        if (r < 0) {
            // No route or no buffer: this try has failed now, not at its timeout.
            temporaryFailure = true;
            deadline = now;
            return;
        }
        sent = true;
        count(NetCounters.DNS_QUERY_TX);
    }

    /** Datagrams left from an earlier try: no longer ours. */
    private void drain() {
        while (udp.recvfrom(sock, msg, 0, msg.length, ZsockConstants.MSG_DONTWAIT, null) >= 0) {
            count(NetCounters.DNS_DROP_MISMATCH);
        }
    }

    @Override
    public boolean poll(long now) {
        if (state != RUNNING) {
            return false;
        }
        boolean worked = false;
        int n;
        while (state == RUNNING
                && (n = udp.recvfrom(sock, msg, 0, msg.length, ZsockConstants.MSG_DONTWAIT | ZsockConstants.MSG_TRUNC, from)) >= 0) {
            receive(n, now);
            worked = true;
        }
        if (state == RUNNING && now >= deadline) {
            if (sent) {
                count(NetCounters.DNS_TIMEOUT);
            }
            temporaryFailure = true;
            nextTry(now);
            worked = true;
        }
        return worked;
    }

    private void receive(int n, long now) {
        if (from.ipv4() != servers[serverIndex] || from.port() != DnsMessage.PORT) {
            count(NetCounters.DNS_DROP_MISMATCH);
            return;
        }
        if (n > msg.length) {
            // We send no EDNS(0), so a conforming server never sends more than 512 bytes.
            count(NetCounters.DNS_DROP_MALFORMED);
            return;
        }
        int r = parser.parse(msg, 0, n, id, asked, askedLen, links, answer);
        if (r == DnsResponseParser.NOT_OURS) {
            count(NetCounters.DNS_DROP_MISMATCH);
            return;
        }
        count(NetCounters.DNS_ANSWER_RX);
        switch (r) {
            case DnsResponseParser.ANSWERED:
                answer.ttlSeconds = Math.min(answer.ttlSeconds, chainTtl);
                finish(0);
                break;
            case DnsResponseParser.NXDOMAIN:
                finishNegative(ZsockConstants.EAI_NONAME);
                break;
            case DnsResponseParser.NODATA:
                if (parser.links > links && parser.negativeTtl < 0) {
                    followAlias(now);
                } else {
                    finishNegative(ZsockConstants.EAI_NODATA);
                }
                break;
            case DnsResponseParser.SERVFAIL:
                temporaryFailure = true;
                nextTry(now);
                break;
            case DnsResponseParser.REJECTED:
                nextTry(now);
                break;
            default:
                count(NetCounters.DNS_DROP_MALFORMED);
                finish(ZsockConstants.EAI_FAIL);
                break;
        }
    }

    /**
     * The answer stopped at a CNAME whose target it did not resolve (and said nothing about the
     * target's zone): ask the same server for the target, as Zephyr does for
     * DNS_RESPONSE_CNAME_NO_IP, within the same {@link DnsResponseParser#MAX_CHAIN} links.
     */
    private void followAlias(long now) {
        links = parser.links;
        chainTtl = Math.min(chainTtl, parser.chainTtl);
        askedLen = parser.chainEnd(asked);
        transmit(now);
    }

    private void finishNegative(int code) {
        answer.status = code;
        answer.ttlSeconds = Math.min(Math.max(0, parser.negativeTtl), chainTtl);
        finish(code);
    }

    private void nextTry(long now) {
        if (++serverIndex == serverCount) {
            serverIndex = 0;
            round++;
        }
        if (round == attempts) {
            finish(temporaryFailure ? ZsockConstants.EAI_AGAIN : ZsockConstants.EAI_FAIL);
        } else {
            transmit(now);
        }
    }

    private void finish(int code) {
        status = code;
        if (sock >= 0) {
            udp.close(sock);
            sock = -1;
        }
        state = DONE;
    }

    private void count(int counter) {
        ip.byIndex(1).count(counter);
    }

    @Override
    public long nextDeadline() {
        return state == RUNNING ? deadline : Long.MAX_VALUE;
    }
}
