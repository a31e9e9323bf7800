package io.jzsock.net.dhcp;

import io.jzsock.net.wire.DhcpRepr;

/**
 * One lease's values (RFC 2131 §3.1 step 5) and its three times (RFC 2131 §4.4.5): T1, when renewing
 * starts; T2, when rebinding starts; expiry, when the address must go. Plain fields, copied, never shared.
 */
final class DhcpLease {
    /** What RFC 2131 §3.3 writes as 0xffffffff: the lease never ends. */
    static final int INFINITE = -1;

    int address;
    int netmask;
    int router;
    int server;
    final int[] dns = new int[DhcpRepr.MAX_DNS];
    int dnsCount;
    /** Option 26, 0 when the server sent none. */
    int mtu;
    /** Unsigned seconds; {@link #INFINITE} for ever. */
    int leaseSecs;
    /** T1 and T2 in seconds from the request, as take() worked them out. */
    long t1Secs;
    long t2Secs;
    long t1At;
    long t2At;
    long expiresAt;

    /** Copies what an OFFER or ACK says; the server id falls back to the one already held when absent. */
    void take(DhcpRepr r) {
        address = r.yiaddr;
        netmask = r.has(DhcpRepr.HAS_MASK) ? r.subnetMask : classfulMask(r.yiaddr);
        router = r.has(DhcpRepr.HAS_ROUTER) ? r.router : 0;
        if (r.has(DhcpRepr.HAS_SERVER_ID)) {
            server = r.serverId;
        }
        dnsCount = r.dnsCount;
        for (int i = 0; i < dnsCount; i++) {
            dns[i] = r.dns[i];
        }
        mtu = r.has(DhcpRepr.HAS_MTU) ? r.mtu : 0;
        leaseSecs = r.leaseSecs;
        long lease = seconds(r.leaseSecs);
        t1Secs = r.has(DhcpRepr.HAS_T1) ? seconds(r.t1Secs) : lease / 2;
        t2Secs = r.has(DhcpRepr.HAS_T2) ? seconds(r.t2Secs) : lease * 7 / 8;
        if (t1Secs > t2Secs || t2Secs > lease) {
            // RFC 2131 §4.4.5: T1 defaults to 0.5 and T2 to 0.875 of the lease; a server whose T1 and T2
            // are not in that order gets the defaults instead.
            t1Secs = lease / 2;
            t2Secs = lease * 7 / 8;
        }
    }

    /** Sets the three times: RFC 2131 §4.4.1 counts them from when the request the ACK answers was sent. */
    void schedule(long requestSentAt) {
        if (leaseSecs == INFINITE) {
            t1At = Long.MAX_VALUE;
            t2At = Long.MAX_VALUE;
            expiresAt = Long.MAX_VALUE;
            return;
        }
        t1At = requestSentAt + t1Secs * 1000;
        t2At = requestSentAt + t2Secs * 1000;
        expiresAt = requestSentAt + seconds(leaseSecs) * 1000;
    }

    void copyFrom(DhcpLease o) {
        address = o.address;
        netmask = o.netmask;
        router = o.router;
        server = o.server;
        dnsCount = o.dnsCount;
        for (int i = 0; i < dnsCount; i++) {
            dns[i] = o.dns[i];
        }
        mtu = o.mtu;
        leaseSecs = o.leaseSecs;
        t1Secs = o.t1Secs;
        t2Secs = o.t2Secs;
        t1At = o.t1At;
        t2At = o.t2At;
        expiresAt = o.expiresAt;
    }

    private static long seconds(int unsigned) {
        return unsigned & 0xffffffffL;
    }

    /** No subnet mask option: the mask of the address's historical class A, B or C, as ISC dhclient assumes. */
    static int classfulMask(int ip) {
        int top = ip >>> 24;
        return top < 128 ? 0xff000000 : top < 192 ? 0xffff0000 : 0xffffff00;
    }

    /** True for an address a lease may give: one host, not 0/8, loopback, multicast or class E. */
    static boolean usable(int ip) {
        int top = ip >>> 24;
        return top != 0 && top != 127 && top < 224;
    }
}
