package io.jzsock.net.ip;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Ipv6Address;

/**
 * RFC 6724 §5 source address selection among the usable addresses of the outgoing interface (rule 5 then
 * holds by construction; tentative and duplicate addresses are never candidates, RFC 4862 §5.4). Rules 4
 * (home addresses) has nothing to decide here: the stack has none. Rule 6 uses the default policy table's
 * labels (RFC 6724 §2.1). Rule 7 prefers RFC 8981 temporary addresses, or public ones for a socket that sets
 * IPV6_PREFER_SRC_PUBLIC (RFC 5014 §2).
 */
final class SourceSelection {
    private SourceSelection() {
    }

    static int select(Ipv6 ip, IpRoute r) {
        NetInterface ifc = r.ifc;
        if (ifc.loopback) {
            // Our own address or ::1: the destination is its own best source (rule 1).
            if (!Ipv6Address.isMulticast(r.dstHi)) {
                r.srcHi = r.dstHi;
                r.srcLo = r.dstLo;
            } else {
                r.srcHi = 0;
                r.srcLo = 1;
            }
            return 0;
        }
        Ipv6InterfaceState v6 = ifc.v6;
        boolean preferPublic = (r.addrPreferences & ZsockConstants.IPV6_PREFER_SRC_PUBLIC) != 0;
        int best = -1;
        for (int i = 0; i < v6.addressSlots(); i++) {
            if ((v6.state[i] == Ipv6InterfaceState.PREFERRED || v6.state[i] == Ipv6InterfaceState.DEPRECATED)
                    && (best < 0 || better(v6, i, best, r.dstHi, r.dstLo, preferPublic))) {
                best = i;
            }
        }
        if (best < 0) {
            return -Errno.EADDRNOTAVAIL;
        }
        r.srcHi = v6.addrHi[best];
        r.srcLo = v6.addrLo[best];
        return 0;
    }

    /** True when slot a is the better source than slot b for dst (RFC 6724 §5, rules in order). */
    static boolean better(Ipv6InterfaceState v6, int a, int b, long dHi, long dLo, boolean preferPublic) {
        long aHi = v6.addrHi[a];
        long aLo = v6.addrLo[a];
        long bHi = v6.addrHi[b];
        long bLo = v6.addrLo[b];
        if (aHi == dHi && aLo == dLo) {
            return true;
        }
        if (bHi == dHi && bLo == dLo) {
            return false;
        }
        int sa = scope(aHi, aLo);
        int sb = scope(bHi, bLo);
        int sd = scope(dHi, dLo);
        if (sa < sb) {
            return sa >= sd;
        }
        if (sb < sa) {
            return sb < sd;
        }
        boolean aDep = v6.state[a] == Ipv6InterfaceState.DEPRECATED;
        boolean bDep = v6.state[b] == Ipv6InterfaceState.DEPRECATED;
        if (aDep != bDep) {
            return bDep;
        }
        int ld = label(dHi, dLo);
        boolean aLabel = label(aHi, aLo) == ld;
        boolean bLabel = label(bHi, bLo) == ld;
        if (aLabel != bLabel) {
            return aLabel;
        }
        boolean aTemp = v6.origin[a] == Ipv6InterfaceState.ORIGIN_TEMPORARY;
        boolean bTemp = v6.origin[b] == Ipv6InterfaceState.ORIGIN_TEMPORARY;
        if (aTemp != bTemp) {
            return preferPublic ? bTemp : aTemp;
        }
        int ca = Math.min(Ipv6Address.commonPrefixLen(aHi, aLo, dHi, dLo), v6.prefixLen[a]);
        int cb = Math.min(Ipv6Address.commonPrefixLen(bHi, bLo, dHi, dLo), v6.prefixLen[b]);
        return ca > cb;
    }

    /** RFC 6724 §3.1: multicast scope as encoded; link-local unicast and loopback 2; everything else global. */
    static int scope(long hi, long lo) {
        if (Ipv6Address.isMulticast(hi)) {
            return Ipv6Address.multicastScope(hi);
        }
        if (Ipv6Address.isLinkLocal(hi) || Ipv6Address.isLoopback6(hi, lo)) {
            return 2;
        }
        return 0xe;
    }

    /** The default policy table's labels (RFC 6724 §2.1), longest matching prefix first. */
    static int label(long hi, long lo) {
        if (Ipv6Address.isLoopback6(hi, lo)) {
            return 0;
        }
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            return 4;
        }
        if (hi == 0 && (lo >>> 32) == 0) {
            return 3;
        }
        if ((hi >>> 32) == 0x20010000L) {
            return 5;
        }
        if ((hi >>> 48) == 0x2002L) {
            return 2;
        }
        if ((hi >>> 54) == (0xfec0L >>> 6)) {
            return 11;
        }
        if ((hi >>> 57) == (0xfc00L >>> 9)) {
            return 13;
        }
        if ((hi >>> 48) == 0x3ffeL) {
            return 12;
        }
        return 1;
    }
}
