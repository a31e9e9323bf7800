package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.Bytes;

/**
 * IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP ({@code struct ipv6_mreq}, RFC 3493 §5.2) for UDP sockets: the
 * per-socket membership over the interface's reference-counted groups ({@link NetInterface#joinIpv6Group},
 * which programs the device filter with the group's 33:33 MAC). MLD listener reports (RFC 3810) are the
 * MLD module's.
 */
final class UdpGroups6 {
    /** {@code struct ipv6_mreq}: ipv6mr_multiaddr (16 bytes), ipv6mr_interface (an index). */
    static final int MREQ6_LEN = 20;

    private final UdpTable t;
    private final Ipv4 ip;

    UdpGroups6(UdpTable t, Ipv4 ip) {
        this.t = t;
        this.ip = ip;
    }

    /**
     * -EINVAL for a bad length or a group outside ff00::/8, -ENODEV for an unknown interface index (0
     * is the default interface), -EADDRINUSE for a group already joined there, -ENOBUFS when the socket's
     * group slots are full; leaving a group not joined is -EADDRNOTAVAIL (the IPv4 rows' errnos).
     */
    int setMembership(int s, boolean join, byte[] v, int off, int len) {
        if (len != MREQ6_LEN) {
            return -Errno.EINVAL;
        }
        long hi = be64(v, off);
        long lo = be64(v, off + 8);
        if ((hi >>> 56) != 0xffL) {
            return -Errno.EINVAL;
        }
        int index = OptionCodec.getInt(v, off + 16);
        NetInterface ifc = index != 0 ? ip.byIndex(index) : ip.defaultInterface();
        if (ifc == null) {
            return -Errno.ENODEV;
        }
        return join ? join(s, hi, lo, ifc) : leave(s, hi, lo, ifc);
    }

    private int join(int s, long hi, long lo, NetInterface ifc) {
        int base = s * t.groupsPerSocket;
        int free = -1;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int at = base + i;
            if (t.memberIf6[at] == ifc.index && t.memberHi6[at] == hi && t.memberLo6[at] == lo) {
                return -Errno.EADDRINUSE;
            }
            if (t.memberIf6[at] == 0 && free < 0) {
                free = at;
            }
        }
        if (free < 0) {
            return -Errno.ENOBUFS;
        }
        if (ifc.joinIpv6Group(hi, lo) < 0) {
            return -Errno.ENOBUFS;
        }
        t.memberHi6[free] = hi;
        t.memberLo6[free] = lo;
        t.memberIf6[free] = ifc.index;
        return 0;
    }

    private int leave(int s, long hi, long lo, NetInterface ifc) {
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int at = base + i;
            if (t.memberIf6[at] == ifc.index && t.memberHi6[at] == hi && t.memberLo6[at] == lo) {
                t.memberIf6[at] = 0;
                ifc.leaveIpv6Group(hi, lo);
                return 0;
            }
        }
        return -Errno.EADDRNOTAVAIL;
    }

    void leaveAll(int s) {
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int at = base + i;
            if (t.memberIf6[at] != 0) {
                leave(s, t.memberHi6[at], t.memberLo6[at], ip.byIndex(t.memberIf6[at]));
            }
        }
    }

    private static long be64(byte[] b, int at) {
        return ((long) Bytes.i32(b, at) << 32) | (Bytes.i32(b, at + 4) & 0xffffffffL);
    }
}
