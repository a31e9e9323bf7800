package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv6AddressRemoval;
import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.sock.DualStack;
import io.jzsock.net.sock.EphemeralPorts;

/**
 * The pool of TCP connection objects (listeners, connections, TIME_WAIT), the 4-tuple and listener
 * lookup, and the port rules: bind conflicts (a listener is never shared, SO_REUSEADDR may take a
 * port from TIME_WAIT, SO_REUSEPORT on both shares it) and RFC 6056 ephemeral ports.
 */
final class TcpTable implements EphemeralPorts.Owners {
    final TcpConnection[] conns;
    private final EphemeralPorts ports;

    /** Told when a connection that held an IPv6 address goes (UDP-19's rule for TCP too); null before setup ends. */
    Ipv6AddressRemoval removal;

    TcpTable(int count, int rxBytes, int txBytes, int backlogMax, EphemeralPorts ports) {
        conns = new TcpConnection[count];
        for (int i = 0; i < count; i++) {
            conns[i] = new TcpConnection(i, rxBytes, txBytes, backlogMax);
        }
        this.ports = ports;
    }

    /**
     * A fresh CLOSED connection, or -ENOMEM when every object is taken. When only TIME_WAIT holds
     * them, the oldest TIME_WAIT is recycled (its 2 MSL cut short, lwIP pain point 13): a server
     * under connection churn must keep accepting.
     */
    int allocate() {
        TcpConnection oldest = null;
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (!c.inUse) {
                return i;
            }
            if (c.state == TcpConnection.TIME_WAIT && (oldest == null || c.timeWaitDeadline < oldest.timeWaitDeadline)) {
                oldest = c;
            }
        }
        if (oldest != null) {
            release(oldest);
            return oldest.index;
        }
        return -Errno.ENOMEM;
    }

    /** Marks a slot used with default state for the family; the caller fills addresses and options. */
    TcpConnection open(int i, long now, int family) {
        TcpConnection c = conns[i];
        c.inUse = true;
        c.gen++;
        c.state = TcpConnection.CLOSED;
        c.attached = false;
        c.parent = -1;
        c.backlog = 0;
        c.acceptCount = 0;
        c.localHi = 0;
        c.localLo = 0;
        c.localPort = 0;
        c.remoteHi = 0;
        c.remoteLo = 0;
        c.remotePort = 0;
        c.rx.clear();
        c.rx.setLimit(c.rx.capacity());
        c.tx.clear();
        c.tx.setLimit(c.tx.capacity());
        c.ooo.clear();
        c.finQueued = false;
        c.finSent = false;
        c.finReceived = false;
        c.shutRd = false;
        c.wsOk = false;
        c.sackOk = false;
        c.tsOk = false;
        c.tsClock = Long.MIN_VALUE;
        c.sndShift = 0;
        c.rcvShift = 0;
        c.sacks.clear();
        c.dsackPending = false;
        c.peerDsack = false;
        c.tlpDeadline = 0;
        c.tlpOut = false;
        c.rxtFenceSet = false;
        c.recoverSet = false;
        c.retries = 0;
        c.rtoDeadline = 0;
        c.ndHintDue = 0;
        c.ackDeadline = 0;
        c.ackNow = false;
        c.unackedSegments = 0;
        c.persistDeadline = 0;
        c.persistBackoff = 0;
        c.keepaliveDeadline = 0;
        c.keepaliveProbes = 0;
        c.timeWaitDeadline = 0;
        c.finWait2Deadline = 0;
        c.smallSentValid = false;
        c.shortWrite = false;
        c.swsOverride = false;
        c.cookieSentAt = 0;
        c.connectDeadline = 0;
        c.rttTiming = false;
        c.dupAcks = 0;
        c.inRecovery = false;
        c.error = 0;
        c.reset = false;
        c.nodelay = false;
        c.keepalive = false;
        c.keepIdle = 7200;
        c.keepIntvl = 75;
        c.keepCnt = 9;
        c.lingerOn = false;
        c.lingerSeconds = 0;
        c.nonblock = false;
        c.opts.reset(family, ZsockConstants.SOCK_STREAM, ZsockConstants.IPPROTO_TCP, -1,
                c.rx.capacity(), c.tx.capacity());
        c.nowAtOpen = now;
        return c;
    }

    void release(TcpConnection c) {
        boolean held = c.inUse && !IpAddress.isUnspecified(c.localHi, c.localLo) && !IpAddress.isV4Mapped(c.localHi, c.localLo);
        c.inUse = false;
        if (held && removal != null) {
            removal.released(c.localHi, c.localLo);
        }
        c.gen++;
        c.state = TcpConnection.CLOSED;
        c.attached = false;
        c.localPort = 0;
        c.rx.clear();
        c.tx.clear();
        c.ooo.clear();
    }

    /** The connection for this 4-tuple (not a listener), or null; addresses in the form of {@link IpAddress}. */
    TcpConnection find(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (c.inUse && c.state > TcpConnection.LISTEN && c.localPort == localPort && c.remotePort == remotePort
                    && c.remoteLo == remoteLo && c.remoteHi == remoteHi
                    && ((c.localLo == localLo && c.localHi == localHi) || c.localUnspecified())) {
                return c;
            }
        }
        return null;
    }

    /**
     * The listener for (address, port): one bound to the address beats a wildcard one. An AF_INET6
     * listener takes IPv4 connections only with IPV6_V6ONLY off ({@link DualStack}, MISC-08).
     */
    TcpConnection findListener(long hi, long lo, int port, int ifindex) {
        TcpConnection wildcard = null;
        for (int i = 0; i < conns.length; i++) {
            TcpConnection c = conns[i];
            if (!c.inUse || c.state != TcpConnection.LISTEN || c.localPort != port
                    || (c.opts.boundIf != 0 && c.opts.boundIf != ifindex)) {
                continue;
            }
            int takes = DualStack.takes(c.opts.family, c.opts.v6only(), c.localHi, c.localLo, hi, lo);
            if (takes == DualStack.ONE) {
                return c;
            }
            if (takes == DualStack.ANY) {
                wildcard = c;
            }
        }
        return wildcard;
    }

    /** How two bindings on one port overlap ({@link DualStack#overlap}). */
    static int overlap(TcpConnection c, long hi, long lo, TcpConnection o) {
        return DualStack.overlap(c.opts.family, c.opts.v6only(), hi, lo, o.opts.family, o.opts.v6only(),
                o.localHi, o.localLo);
    }

    /**
     * -EADDRINUSE if binding c to (ip, port) clashes. A listener on an overlapping address always
     * clashes (RA-03); a TIME_WAIT connection yields to SO_REUSEADDR (RA-04); SO_REUSEPORT set on
     * both sockets shares the port (RA-05); SO_REUSEADDR allows ANY next to a specific address.
     */
    int checkBind(TcpConnection c, long hi, long lo, int port) {
        for (int i = 0; i < conns.length; i++) {
            TcpConnection o = conns[i];
            if (o == c || !o.inUse || o.localPort != port) {
                continue;
            }
            int overlap = overlap(c, hi, lo, o);
            if (overlap == DualStack.DISJOINT) {
                continue;
            }
            if (c.opts.reusePort() && o.opts.reusePort()) {
                continue;
            }
            if (o.state == TcpConnection.LISTEN) {
                return -Errno.EADDRINUSE;
            }
            if (c.opts.reuseAddr() && (o.state == TcpConnection.TIME_WAIT || overlap == DualStack.ONE_WILDCARD)) {
                continue;
            }
            return -Errno.EADDRINUSE;
        }
        return 0;
    }

    /** An ephemeral port inside the connection's IP_LOCAL_PORT_RANGE, or -EADDRINUSE. */
    int ephemeralPort(TcpConnection c) {
        return ports.pick(c.opts.portLow, c.opts.portHigh, this);
    }

    @Override
    public boolean portTaken(int port) {
        for (int i = 0; i < conns.length; i++) {
            if (conns[i].inUse && conns[i].localPort == port) {
                return true;
            }
        }
        return false;
    }

    int inUseCount() {
        int n = 0;
        for (int i = 0; i < conns.length; i++) {
            if (conns[i].inUse) {
                n++;
            }
        }
        return n;
    }

    /**
     * The connection ended abnormally (RST, timeout): the socket sees errno on its next call and
     * in SO_ERROR. A connection no socket owns any more is freed at once.
     */
    void fail(TcpConnection c, int errno) {
        c.error = errno;
        c.reset = true;
        finish(c);
    }

    /**
     * Normal end (LAST_ACK acknowledged, TIME_WAIT over): free it unless a socket still holds it. Every
     * timer and a pending immediate ACK are cleared: a CLOSED connection that a socket still holds must not
     * report a past deadline (or ackNow, which nextDeadline reads as due now), or the net thread, told to poll
     * at once, spins until the socket is closed.
     */
    void finish(TcpConnection c) {
        c.state = TcpConnection.CLOSED;
        c.rtoDeadline = 0;
        c.persistDeadline = 0;
        c.ackDeadline = 0;
        c.keepaliveDeadline = 0;
        c.timeWaitDeadline = 0;
        c.connectDeadline = 0;
        c.finWait2Deadline = 0;
        c.tlpDeadline = 0;
        c.ackNow = false;
        if (c.parent >= 0) {
            removeFromAcceptQueue(c);
        }
        if (!c.attached && c.parent < 0) {
            release(c);
        }
    }

    void enterTimeWait(TcpConnection c, long now, int timeWaitMillis) {
        c.state = TcpConnection.TIME_WAIT;
        c.timeWaitDeadline = now + timeWaitMillis;
        c.rtoDeadline = 0;
        c.persistDeadline = 0;
        c.keepaliveDeadline = 0;
        c.tlpDeadline = 0;
    }

    /** An embryonic or unaccepted child leaves its listener's queue (and is freed: no socket owns it). */
    void removeFromAcceptQueue(TcpConnection c) {
        TcpConnection l = conns[c.parent];
        for (int i = 0; i < l.acceptCount; i++) {
            if (l.acceptQueue[i] == c.index) {
                for (int k = i + 1; k < l.acceptCount; k++) {
                    l.acceptQueue[k - 1] = l.acceptQueue[k];
                }
                l.acceptCount--;
                break;
            }
        }
        c.parent = -1;
        if (!c.attached) {
            release(c);
        }
    }
}
