package io.jzsock.net.udp;

import io.jzsock.net.Errno;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.Bytes;

/**
 * IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP ({@code struct ipv6_mreq}, RFC 3493 §5.2) for UDP sockets: the
 * per-socket membership, and the device's multicast filter for the group's MAC {@code 33:33:} + the
 * group's last 32 bits (RFC 2464 §7), opened by the first socket on an interface and closed by the last.
 * The MLD listener reports (RFC 3810) are the MLD module's; a socket join does not send them yet.
 */
final class UdpGroups6 {
    /** {@code struct ipv6_mreq}: ipv6mr_multiaddr (16 bytes), ipv6mr_interface (an index). */
    static final int MREQ6_LEN = 20;

    private final UdpTable t;
    private final Ipv4 ip;
    private final byte[] mac = new byte[6];

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
        boolean first = !joinedElsewhere(hi, lo, ifc.index);
        t.memberHi6[free] = hi;
        t.memberLo6[free] = lo;
        t.memberIf6[free] = ifc.index;
        if (first) {
            filter(ifc, lo, true);
        }
        return 0;
    }

    private int leave(int s, long hi, long lo, NetInterface ifc) {
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int at = base + i;
            if (t.memberIf6[at] == ifc.index && t.memberHi6[at] == hi && t.memberLo6[at] == lo) {
                t.memberIf6[at] = 0;
                if (!joinedElsewhere(hi, lo, ifc.index)) {
                    filter(ifc, lo, false);
                }
                return 0;
            }
        }
        return -Errno.EADDRNOTAVAIL;
    }

    /** True when socket s joined (hi, lo) on any interface; the receive path's group check. */
    boolean member(int s, long hi, long lo, int ifindex) {
        int base = s * t.groupsPerSocket;
        for (int i = 0; i < t.groupsPerSocket; i++) {
            int at = base + i;
            if (t.memberIf6[at] == ifindex && t.memberHi6[at] == hi && t.memberLo6[at] == lo) {
                return true;
            }
        }
        return false;
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

    private boolean joinedElsewhere(long hi, long lo, int ifindex) {
        for (int at = 0; at < t.memberIf6.length; at++) {
            if (t.memberIf6[at] == ifindex && t.memberHi6[at] == hi && t.memberLo6[at] == lo) {
                return true;
            }
        }
        return false;
    }

    private static long be64(byte[] b, int at) {
        return ((long) Bytes.i32(b, at) << 32) | (Bytes.i32(b, at + 4) & 0xffffffffL);
    }

    private void filter(NetInterface ifc, long lo, boolean on) {
        if (ifc == null || ifc.device == null) {
            return;
        }
        mac[0] = 0x33;
        mac[1] = 0x33;
        mac[2] = (byte) (lo >>> 24);
        mac[3] = (byte) (lo >>> 16);
        mac[4] = (byte) (lo >>> 8);
        mac[5] = (byte) lo;
        ifc.device.multicastFilter(mac, 0, on);
    }
}
