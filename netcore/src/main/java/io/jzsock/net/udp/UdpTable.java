package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.DualStack;
import io.jzsock.net.sock.EphemeralPorts;
import io.jzsock.net.sock.SocketOptionValues;
import io.jzsock.net.buf.HandleRing;
import io.jzsock.net.ip.IpAddress;

/**
 * State of every UDP socket, one slot per socket in parallel arrays (no object per socket), and the
 * port rules: bind conflicts with SO_REUSEADDR/SO_REUSEPORT as Zephyr applies them, and RFC 6056
 * ephemeral ports (Algorithm 1: random start, linear probe) inside IP_LOCAL_PORT_RANGE.
 */
final class UdpTable implements EphemeralPorts.Owners {
    static final int F_NONBLOCK = 1;
    static final int F_PKTINFO = 8;
    static final int F_RECVTTL = 16;
    static final int F_TXTIME = 32;
    static final int F_SHUT_RD = 64;
    static final int F_SHUT_WR = 128;
    static final int F_CONNECTED = 256;
    static final int F_MCAST_LOOP = 512;
    static final int F_RECVPKTINFO6 = 1024;
    static final int F_RECVHOPLIMIT6 = 2048;
    static final int F_MCAST_LOOP6 = 4096;
    static final int F_KEEPALIVE = 16384;

    final boolean[] inUse;
    /** Bumped on close and open: a thread blocked on the slot sees the change and returns -EINTR. */
    final int[] gen;
    final int[] flags;
    /** Addresses in the two-long form of {@link IpAddress}: {@code ::} while unbound / unconnected. */
    final long[] localHi;
    final long[] localLo;
    final int[] localPort;
    final long[] remoteHi;
    final long[] remoteLo;
    final int[] remotePort;
    final int[] mcastTtl;
    final int[] mcastIf;
    /** IPV6_MULTICAST_HOPS and IPV6_MULTICAST_IF (an interface index, 0 = default). */
    final int[] mcastHops6;
    final int[] mcastIf6;
    final int[] timestamping;
    /** SOL_SOCKET/IPPROTO_IP options shared with the other kinds (TTL, TOS, timeouts, buffers, ...). */
    final SocketOptionValues[] opts;
    final int[] rxBytes;
    final int[] error;
    final HandleRing[] rx;
    /** Joined groups: slot s uses entries [s * groupsPerSocket, (s + 1) * groupsPerSocket). */
    final int[] memberGroup;
    final int[] memberIf;
    /** IPv6 groups joined (IPV6_ADD_MEMBERSHIP), the same layout: two-long group address and interface. */
    final long[] memberHi6;
    final long[] memberLo6;
    final int[] memberIf6;
    final int groupsPerSocket;
    final int defaultRcvBuf;
    final int defaultSndBuf;

    private final EphemeralPorts ports;

    UdpTable(int sockets, int queueLen, int groupsPerSocket, EphemeralPorts ports, int maxDatagram) {
        inUse = new boolean[sockets];
        gen = new int[sockets];
        flags = new int[sockets];
        localHi = new long[sockets];
        localLo = new long[sockets];
        localPort = new int[sockets];
        remoteHi = new long[sockets];
        remoteLo = new long[sockets];
        remotePort = new int[sockets];
        mcastTtl = new int[sockets];
        mcastIf = new int[sockets];
        mcastHops6 = new int[sockets];
        mcastIf6 = new int[sockets];
        timestamping = new int[sockets];
        opts = new SocketOptionValues[sockets];
        rxBytes = new int[sockets];
        error = new int[sockets];
        rx = new HandleRing[sockets];
        for (int s = 0; s < sockets; s++) {
            rx[s] = new HandleRing(queueLen);
            opts[s] = new SocketOptionValues();
        }
        this.groupsPerSocket = groupsPerSocket;
        memberGroup = new int[sockets * groupsPerSocket];
        memberIf = new int[sockets * groupsPerSocket];
        memberHi6 = new long[sockets * groupsPerSocket];
        memberLo6 = new long[sockets * groupsPerSocket];
        memberIf6 = new int[sockets * groupsPerSocket];
        this.ports = ports;
        this.defaultRcvBuf = queueLen * maxDatagram;
        this.defaultSndBuf = maxDatagram;
    }

    /**
     * A fresh slot of the family (AF_INET, or AF_INET6 with IPV6_V6ONLY on) with default options, or
     * -ENOENT when all are used (Zephyr's net_context_get).
     */
    int open(int family) {
        for (int s = 0; s < inUse.length; s++) {
            if (!inUse[s]) {
                inUse[s] = true;
                gen[s]++;
                flags[s] = F_MCAST_LOOP | F_MCAST_LOOP6;
                localHi[s] = 0;
                localLo[s] = 0;
                localPort[s] = 0;
                remoteHi[s] = 0;
                remoteLo[s] = 0;
                remotePort[s] = 0;
                mcastTtl[s] = -1;
                opts[s].reset(family, ZsockConstants.SOCK_DGRAM, ZsockConstants.IPPROTO_UDP, -1,
                        defaultRcvBuf, defaultSndBuf);
                mcastIf[s] = 0;
                timestamping[s] = 0;
                rxBytes[s] = 0;
                error[s] = 0;
                for (int g = 0; g < groupsPerSocket; g++) {
                    memberGroup[s * groupsPerSocket + g] = 0;
                    memberIf6[s * groupsPerSocket + g] = 0;
                }
                return s;
            }
        }
        return -Errno.ENOENT;
    }

    boolean localUnspecified(int s) {
        return IpAddress.isUnspecified(localHi[s], localLo[s]);
    }

    boolean v6(int s) {
        return opts[s].family == ZsockConstants.AF_INET6;
    }

    /** The bound address as IPv4 (v4-mapped for a dual-stack socket); 0 while unbound. */
    int localIp4(int s) {
        return IpAddress.v4(localLo[s]);
    }

    int remoteIp4(int s) {
        return IpAddress.v4(remoteLo[s]);
    }

    void setLocal(int s, long hi, long lo) {
        localHi[s] = hi;
        localLo[s] = lo;
    }

    void setRemote(int s, long hi, long lo) {
        remoteHi[s] = hi;
        remoteLo[s] = lo;
    }

    boolean has(int s, int flag) {
        return (flags[s] & flag) != 0;
    }

    void set(int s, int flag, boolean on) {
        flags[s] = on ? flags[s] | flag : flags[s] & ~flag;
    }

    /**
     * -EADDRINUSE if (ip, port) clashes with another socket. Overlapping addresses (equal, or either a
     * wildcard, in a family both cover: {@link DualStack}) clash unless both sockets set SO_REUSEPORT, or
     * the binding socket set SO_REUSEADDR and exactly one of the two is a wildcard (never ANY+ANY, never
     * the same address). A V6ONLY AF_INET6 socket and an AF_INET one never overlap (MISC-06).
     */
    int checkBind(int s, long hi, long lo, int port) {
        for (int t = 0; t < inUse.length; t++) {
            if (t == s || !inUse[t] || localPort[t] != port) {
                continue;
            }
            int overlap = DualStack.overlap(opts[s].family, opts[s].v6only(), hi, lo,
                    opts[t].family, opts[t].v6only(), localHi[t], localLo[t]);
            if (overlap == DualStack.DISJOINT) {
                continue;
            }
            if (opts[s].reusePort() && opts[t].reusePort()) {
                continue;
            }
            if (opts[s].reuseAddr() && overlap == DualStack.ONE_WILDCARD) {
                continue;
            }
            return -Errno.EADDRINUSE;
        }
        return 0;
    }

    /** An ephemeral port inside the socket's IP_LOCAL_PORT_RANGE, or -EADDRINUSE. */
    int ephemeralPort(int s, int ip) {
        return ports.pick(opts[s].portLow, opts[s].portHigh, this);
    }

    @Override
    public boolean portTaken(int port) {
        for (int t = 0; t < inUse.length; t++) {
            if (inUse[t] && localPort[t] == port) {
                return true;
            }
        }
        return false;
    }

    int sockets() {
        return inUse.length;
    }

    int openCount() {
        int n = 0;
        for (int s = 0; s < inUse.length; s++) {
            if (inUse[s]) {
                n++;
            }
        }
        return n;
    }

    /** Binds an unbound socket to an ephemeral port (send and connect do this implicitly). */
    int autobind(int s) {
        if (localPort[s] != 0) {
            return 0;
        }
        int port = ephemeralPort(s, 0);
        if (port < 0) {
            return port;
        }
        localPort[s] = port;
        return 0;
    }
}
