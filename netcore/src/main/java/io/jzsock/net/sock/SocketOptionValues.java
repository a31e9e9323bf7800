package io.jzsock.net.sock;

import io.jzsock.net.ZsockConstants;

/**
 * The option values every socket kind shares, one instance per socket object allocated with the
 * kind's table at start-up (UDP slot, TCP connection, later a TLS socket) and reset when the object
 * is opened. {@link SocketOptions} reads and writes them; the protocols read them on their data
 * paths (TTL, TOS, priority, bound interface, timeouts, buffer sizes, port range, reuse flags).
 */
public final class SocketOptionValues {
    public static final int F_REUSEADDR = 1;
    public static final int F_REUSEPORT = 2;
    /** Kept "for compatibility" as Zephyr does: stored and read back, no effect. */
    public static final int F_BROADCAST = 4;
    public static final int F_DEBUG = 8;
    public static final int F_DONTROUTE = 16;
    public static final int F_OOBINLINE = 32;
    /** IPV6_V6ONLY: on by default for AF_INET6 sockets (Zephyr: separate IPv4 and IPv6 port spaces). */
    public static final int F_V6ONLY = 64;

    /** SO_DOMAIN, SO_TYPE, SO_PROTOCOL: fixed when the kind resets the values. */
    public int family;
    public int type;
    public int protocol;
    public int flags;
    /** SO_RCVTIMEO / SO_SNDTIMEO in ms, 0 = none. */
    public int rcvTimeout;
    public int sndTimeout;
    /** SO_RCVBUF / SO_SNDBUF as set, reported back as given (Zephyr); the kind applies them. */
    public int rcvBuf;
    public int sndBuf;
    public int priority;
    /** IP_TTL; -1 (a new TCP connection) reads as, and sends with, the stack's default. */
    public int ttl;
    public int tos;
    /** IPV6_UNICAST_HOPS; -1 reads as, and sends with, the interface's hop limit. */
    public int hopLimit;
    /** IPV6_TCLASS: the traffic class byte (DSCP and ECN) of IPv6 packets. */
    public int tclass;
    /** IPV6_ADDR_PREFERENCES (RFC 5014) flags for source selection, 0 = the stack's defaults. */
    public int addrPreferences;
    /** SO_BINDTODEVICE interface index, 0 = none. */
    public int boundIf;
    /** IP_LOCAL_PORT_RANGE bounds, 0 = the stack's range. */
    public int portLow;
    public int portHigh;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean reuseAddr() {
        return has(F_REUSEADDR);
    }

    public boolean reusePort() {
        return has(F_REUSEPORT);
    }

    public boolean v6only() {
        return has(F_V6ONLY);
    }

    /** Defaults of a new socket. */
    public void reset(int fam, int typ, int proto, int defaultTtl, int defaultRcvBuf, int defaultSndBuf) {
        family = fam;
        type = typ;
        protocol = proto;
        flags = fam == ZsockConstants.AF_INET6 ? F_V6ONLY : 0;
        rcvTimeout = 0;
        sndTimeout = 0;
        rcvBuf = defaultRcvBuf;
        sndBuf = defaultSndBuf;
        priority = 0;
        ttl = defaultTtl;
        tos = 0;
        hopLimit = -1;
        tclass = 0;
        addrPreferences = 0;
        boundIf = 0;
        portLow = 0;
        portHigh = 0;
    }

    /**
     * What an accepted connection inherits from its listener (as Zephyr's and Linux's accept do):
     * everything but the reuse flags and the port range, which only concern binding.
     */
    public void inherit(SocketOptionValues listener) {
        flags = listener.flags & ~(F_REUSEADDR | F_REUSEPORT);
        rcvTimeout = listener.rcvTimeout;
        sndTimeout = listener.sndTimeout;
        rcvBuf = listener.rcvBuf;
        sndBuf = listener.sndBuf;
        priority = listener.priority;
        ttl = listener.ttl;
        tos = listener.tos;
        hopLimit = listener.hopLimit;
        tclass = listener.tclass;
        addrPreferences = listener.addrPreferences;
        boundIf = listener.boundIf;
    }
}
