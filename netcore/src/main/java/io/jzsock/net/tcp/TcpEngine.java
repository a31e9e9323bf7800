package io.jzsock.net.tcp;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.AddressListener;
import io.jzsock.net.iface.Ipv6AddressRemoval;
import io.jzsock.net.iface.Ipv6AddressUsers;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.ip.Ipv6;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.StackService;
import io.jzsock.net.sock.EphemeralPorts;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.wire.Ipv4Header;

/**
 * TCP as a whole: owns the connection table, input and output, and runs the timers (RFC 6298
 * retransmission, delayed ACK, persist, keepalive, TIME_WAIT, connect timeout) from the stack's
 * poll. Sockets use it through {@link TcpSockets}.
 */
public final class TcpEngine implements StackService, AddressListener, Ipv6AddressUsers {
    /** SYN-ACK retransmissions before a half-open passive connection is dropped (Linux's tcp_synack_retries). */
    static final int SYNACK_RETRIES = 5;
    /**
     * The same with the SYN queue full: a half-open entry that has gone unanswered this long (1 + 2 + 4 s at
     * the initial RTO) is given up, as Linux's reqsk_timer_handler prunes old entries when the queue fills,
     * so spoofed SYNs hold a slot for seconds, not a minute. New SYNs meanwhile get cookies.
     */
    static final int SYNACK_RETRIES_QUEUE_FULL = 2;
    /** How long an orphaned FIN_WAIT_2 waits for the peer's FIN (Linux's tcp_fin_timeout). */
    static final int FIN_WAIT_2_TIMEOUT_MS = 60000;

    final TcpTable table;
    final TcpOutput out;
    private final Ipv4 ip;
    private final IsnGenerator isn;
    private final NetConfig cfg;
    private boolean synQueueFull;
    private final TcpInput input;
    private ServiceHandle timer = ServiceHandle.DETACHED;

    public TcpEngine(NetConfig cfg, PacketPool pool, Ipv4 ip, Entropy entropy, EphemeralPorts ports) {
        this.cfg = cfg;
        this.ip = ip;
        int backlogMax = Math.max(1, cfg.maxTcpConnections);
        this.table = new TcpTable(cfg.maxTcpConnections, cfg.tcpRxBuffer, cfg.tcpTxBuffer, backlogMax, ports);
        this.out = new TcpOutput(pool, ip, cfg.defaultTtl, cfg.tcpMss, cfg.tcpDelayedAckMillis);
        this.isn = new IsnGenerator(entropy);
        this.input = new TcpInput(table, out, this, pool, new SynCookies(isn));
        ip.register(Ipv4Header.PROTO_TCP, input);
    }

    /** Setup-time: the registration through which TCP tells the registry it armed a timer outside poll. */
    public void attachTimer(ServiceHandle h) {
        timer = h;
    }

    /**
     * A segment arrived or a socket call is about to run: either may arm any of a connection's timers
     * (or leave a detached connection in FIN_WAIT_2, whose timer poll starts), so the next pass visits TCP.
     * The call runs with the monitor held, before that pass can look.
     */
    void armTimers() {
        timer.armed();
    }

    /**
     * waiter.await for a TCP call: the monitor was free meanwhile, so a pass may already have asked TCP's
     * deadline, and what the caller does from here until it next lets go of the monitor (its next wait or
     * its return: a send's flush, a read's window update, a SOCKS5 step) may arm any timer. Arming after
     * the wait, as on entry, has the next pass visit TCP; without it that timer waited for a pollAt.
     */
    boolean await(Waiter waiter, long deadline) {
        boolean woken = waiter.await(deadline);
        timer.armed();
        return woken;
    }

    /** Setup-time: connections that end let go of their IPv6 address through r (UDP-19). */
    public void attachAddressRemoval(Ipv6AddressRemoval r) {
        table.removal = r;
    }

    @Override
    public boolean usesIpv6Address(long hi, long lo) {
        TcpConnection[] conns = table.conns;
        for (int i = 0; i < conns.length; i++) {
            if (conns[i].inUse && conns[i].localHi == hi && conns[i].localLo == lo) {
                return true;
            }
        }
        return false;
    }

    /** Setup-time: TCP over IPv6, registered as next header 6. */
    public void attachIpv6(Ipv6 ipv6) {
        out.attachIpv6(ipv6);
        ipv6.register(Ipv4Header.PROTO_TCP, input);
    }

    /** The MSS we offer a peer at (hi, lo): the configured one for IPv4, 20 less for IPv6's longer header. */
    int ourMss(long hi, long lo) {
        return mssFor(cfg.tcpMss, hi, lo);
    }

    /**
     * RFC 8200 §8.3 / RFC 9293 §3.7.1: the MSS is the MTU less the IP and TCP headers, so an IPv6 peer gets the
     * configured (IPv4) MSS less the 20 bytes by which IPv6's fixed header is longer.
     */
    static int mssFor(int configured, long hi, long lo) {
        return IpAddress.isV4Mapped(hi, lo) ? configured : configured - (Ipv6Header.LEN - Ipv4Header.MIN_LEN);
    }

    int defaultTtl() {
        return cfg.defaultTtl;
    }

    int congestionControl() {
        return cfg.tcpCongestionControl;
    }

    int initialRto() {
        return cfg.tcpInitialRtoMillis;
    }

    int minRto() {
        return cfg.tcpMinRtoMillis;
    }

    int maxRto() {
        return cfg.tcpMaxRtoMillis;
    }

    int timeWaitMillis() {
        return cfg.tcpTimeWaitMillis;
    }

    /** True while the stack-wide SYN queue (half-open passive connections) has room. */
    boolean synQueueHasRoom() {
        int halfOpen = 0;
        TcpConnection[] conns = table.conns;
        for (int i = 0; i < conns.length; i++) {
            if (conns[i].inUse && conns[i].state == TcpConnection.SYN_RECEIVED && conns[i].parent >= 0) {
                halfOpen++;
            }
        }
        return halfOpen < cfg.tcpSynQueue;
    }

    int isn(TcpConnection c, long now) {
        return isn.isn(c.localHi, c.localLo, c.localPort, c.remoteHi, c.remoteLo, c.remotePort, now);
    }

    /** A passive child starts with its listener's socket options. */
    void inheritOptions(TcpConnection l, TcpConnection c) {
        c.nodelay = l.nodelay;
        c.keepalive = l.keepalive;
        c.keepIdle = l.keepIdle;
        c.keepIntvl = l.keepIntvl;
        c.keepCnt = l.keepCnt;
        c.rx.setLimit(l.rx.limit());
        c.tx.setLimit(l.tx.limit());
        c.opts.inherit(l.opts);
    }

    void startTimers(TcpConnection c, long now) {
        c.rttStart = now;
        c.retries = 0;
    }

    /** Any segment from the peer restarts the keepalive idle time (RFC 1122 §4.2.3.6). */
    void touchKeepalive(TcpConnection c, long now) {
        c.keepaliveProbes = 0;
        c.keepaliveDeadline = c.keepalive && c.state == TcpConnection.ESTABLISHED ? now + c.keepIdle * 1000L : 0;
    }

    /** Runs every due timer; true if one fired. Called by the stack's poll with its monitor held. */
    @Override
    public boolean poll(long now) {
        boolean fired = false;
        // Judged once per pass: entries timing out together all see the queue as it was.
        synQueueFull = !synQueueHasRoom();
        TcpConnection[] conns = table.conns;
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (!c.inUse || c.state == TcpConnection.CLOSED || c.state == TcpConnection.LISTEN) {
                continue;
            }
            if (c.timeWaitDeadline != 0 && c.state == TcpConnection.TIME_WAIT && now >= c.timeWaitDeadline) {
                table.finish(c);
                fired = true;
                continue;
            }
            if (c.state == TcpConnection.FIN_WAIT_2 && !c.attached) {
                if (c.finWait2Deadline == 0) {
                    c.finWait2Deadline = now + FIN_WAIT_2_TIMEOUT_MS;
                } else if (now >= c.finWait2Deadline) {
                    out.count(c, NetCounters.TCP_TIMEOUT);
                    table.finish(c);
                    fired = true;
                    continue;
                }
            }
            if (c.connectDeadline != 0 && now >= c.connectDeadline && c.state == TcpConnection.SYN_SENT) {
                out.count(c, NetCounters.TCP_TIMEOUT);
                table.fail(c, Errno.ETIMEDOUT);
                fired = true;
                continue;
            }
            if (c.tlpDeadline != 0 && now >= c.tlpDeadline) {
                fired = true;
                TcpLossProbe.fire(out, c, now);
            }
            if (c.rtoDeadline != 0 && now >= c.rtoDeadline) {
                fired = true;
                onRetransmitTimeout(c, now);
                if (!c.inUse || c.state == TcpConnection.CLOSED) {
                    continue;
                }
            }
            if (c.persistDeadline != 0 && now >= c.persistDeadline) {
                fired = true;
                onPersist(c, now);
            }
            if (c.keepaliveDeadline != 0 && now >= c.keepaliveDeadline) {
                fired = true;
                onKeepalive(c, now);
                if (!c.inUse || c.state == TcpConnection.CLOSED) {
                    continue;
                }
            }
            if (c.ackDeadline != 0 && now >= c.ackDeadline) {
                c.ackNow = true;
            }
            if (c.ackNow) {
                out.flush(c, now);
            }
        }
        return fired;
    }

    /** RFC 6298 §5.4–5.7: back off, retransmit the earliest segment, give up after the retry limit. */
    private void onRetransmitTimeout(TcpConnection c, long now) {
        boolean halfOpen = c.state == TcpConnection.SYN_RECEIVED && c.parent >= 0;
        int limit = !halfOpen ? cfg.tcpMaxRetries : synQueueFull ? SYNACK_RETRIES_QUEUE_FULL : SYNACK_RETRIES;
        if (c.retries >= limit) {
            out.count(c, NetCounters.TCP_TIMEOUT);
            if (c.state == TcpConnection.SYN_RECEIVED && c.parent >= 0) {
                table.finish(c);
            } else {
                table.fail(c, Errno.ETIMEDOUT);
            }
            return;
        }
        c.retries++;
        out.count(c, NetCounters.TCP_RETRANSMIT);
        if (c.state == TcpConnection.SYN_SENT || c.state == TcpConnection.SYN_RECEIVED) {
            // The SYN keeps its sequence number: back off only (RFC 6298 §5.5), no go-back-N.
            c.rto = Math.min(cfg.tcpMaxRtoMillis, c.rto * 2);
            c.rtoDeadline = now + c.rto;
            out.retransmitFirst(c, now);
            return;
        }
        TcpCongestion.onTimeout(c, cfg.tcpMaxRtoMillis);
        c.rtoDeadline = now + c.rto;
        if (out.flush(c, now) == 0) {
            out.retransmitFirst(c, now);
        }
    }

    /**
     * RFC 9293 §3.8.6.1: probe a zero window with backed-off intervals; the connection never times
     * out on it. As Zephyr does, probing goes on while the window is zero even with nothing queued,
     * so a lost window update cannot stall a writer. With an open window too small for sender SWS
     * avoidance to use, this is the override timeout of §3.8.6.2.1: the sliver goes out now.
     */
    private void onPersist(TcpConnection c, long now) {
        if (c.sndWnd > 0 || c.finSent) {
            c.persistDeadline = 0;
            c.persistBackoff = 0;
            if (c.sndWnd > 0 && !c.finSent) {
                c.swsOverride = true;
                out.flush(c, now);
                c.swsOverride = false;
            }
            return;
        }
        out.count(c, NetCounters.TCP_WINDOW_PROBE);
        out.sendProbe(c, now, false);
        c.persistBackoff = Math.min(c.persistBackoff + 1, 6);
        c.persistDeadline = now + Math.min((long) Math.max(c.rto, 200) << c.persistBackoff, cfg.tcpMaxRtoMillis);
    }

    private void onKeepalive(TcpConnection c, long now) {
        if (c.keepaliveProbes >= c.keepCnt) {
            out.count(c, NetCounters.TCP_TIMEOUT);
            table.fail(c, Errno.ETIMEDOUT);
            return;
        }
        c.keepaliveProbes++;
        out.count(c, NetCounters.TCP_KEEPALIVE_PROBE);
        out.sendProbe(c, now, true);
        c.keepaliveDeadline = now + c.keepIntvl * 1000L;
    }

    /** The earliest TCP timer, or Long.MAX_VALUE. */
    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        TcpConnection[] conns = table.conns;
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (!c.inUse) {
                continue;
            }
            if (c.ackNow) {
                return 0;
            }
            next = min(next, c.rtoDeadline);
            next = min(next, c.ackDeadline);
            next = min(next, c.persistDeadline);
            next = min(next, c.tlpDeadline);
            next = min(next, c.keepaliveDeadline);
            next = min(next, c.timeWaitDeadline);
            next = min(next, c.connectDeadline);
            next = min(next, c.finWait2Deadline);
            if (c.state == TcpConnection.FIN_WAIT_2 && !c.attached && c.finWait2Deadline == 0) {
                // poll starts the orphan's FIN_WAIT_2 timer: it is due to do so at once.
                return 0;
            }
        }
        return next;
    }

    private static long min(long a, long deadline) {
        return deadline != 0 && deadline < a ? deadline : a;
    }

    /**
     * The address left its interface: every connection on it is aborted and its socket's next call
     * answers ECONNABORTED. Linux leaves such connections to time out; ending them at once tells the
     * application now rather than minutes later (no RST: the address to send it from is gone). A
     * listener bound to the address stays, accepting nothing until the address is back.
     */
    @Override
    public void addressRemoved(NetInterface ifc, int addr) {
        timer.armed();
        TcpConnection[] conns = table.conns;
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (c.inUse && !c.localUnspecified() && c.localIp4() == addr && c.state != TcpConnection.CLOSED
                    && c.state != TcpConnection.LISTEN) {
                table.fail(c, Errno.ECONNABORTED);
            }
        }
    }

    /** Connection objects in use (listeners, connections, TIME_WAIT): the leak gate's number. */
    public int connectionsInUse() {
        return table.inUseCount();
    }

    private static final String[] STATE_NAMES = {
        "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
        "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
    };

    /** One line per connection object in use, for status pages and failing tests (allocates). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        TcpConnection[] conns = table.conns;
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (!c.inUse) {
                continue;
            }
            sb.append('#').append(i).append(' ').append(STATE_NAMES[c.state]).append(" :").append(c.localPort)
                    .append(" -> :").append(c.remotePort).append(" una=").append(c.sndUna - c.iss)
                    .append(" nxt=").append(c.sndNxt - c.iss).append(" max=").append(c.sndMax - c.iss)
                    .append(" wnd=").append(c.sndWnd).append(" cwnd=").append(c.cwnd).append(" ssthresh=")
                    .append(c.ssthresh).append(" rto=").append(c.rto).append(" rtoAt=").append(c.rtoDeadline)
                    .append(" persistAt=").append(c.persistDeadline).append(" tlpAt=").append(c.tlpDeadline)
                    .append(" srtt=").append(c.srtt >> 3).append(" retries=").append(c.retries)
                    .append(" tx=").append(c.tx.size()).append(" rcvNxt=").append(c.rcvNxt - c.irs)
                    .append(" rx=").append(c.rx.size()).append(" ooo=").append(c.ooo.count())
                    .append(" adv=").append(c.rcvAdvertised - c.rcvNxt).append(" recovery=").append(c.inRecovery)
                    .append(" sacks=").append(c.sacks.count()).append(" attached=").append(c.attached).append('\n');
        }
        return sb.toString();
    }
}
