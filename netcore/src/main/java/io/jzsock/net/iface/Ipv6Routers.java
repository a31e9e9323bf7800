package io.jzsock.net.iface;

import io.jzsock.net.buf.TableArrays;

import io.jzsock.net.wire.Ipv6Address;

/**
 * What router advertisements and redirects taught one interface (RFC 4861 §5.1 conceptual data
 * structures): the Default Router List, the Prefix List (on-link prefixes, §6.3.4) and, for redirects,
 * the part of the Destination Cache whose first hop differs from the default (§8.3). Fixed tables sized
 * from NetConfig; a full table ignores new entries (counted by the caller). Pure state.
 */
public final class Ipv6Routers {
    public final long[] routerHi;
    public final long[] routerLo;
    /** 0: slot free; else when the router's lifetime ends. */
    public final long[] routerUntil;

    public final long[] prefixHi;
    public final long[] prefixLo;
    public final int[] prefixLen;
    /** 0: slot free; else when the on-link prefix's valid lifetime ends (FOREVER: never). */
    public final long[] prefixUntil;

    public final long[] redirectDstHi;
    public final long[] redirectDstLo;
    public final long[] redirectToHi;
    public final long[] redirectToLo;
    /** 0: free; else when the redirect was learned (the oldest is replaced when full). */
    public final long[] redirectAt;

    Ipv6Routers(int routers, int prefixes, int redirects) {
        routerHi = TableArrays.longs(routers);
        routerLo = TableArrays.longs(routers);
        routerUntil = TableArrays.longs(routers);
        prefixHi = TableArrays.longs(prefixes);
        prefixLo = TableArrays.longs(prefixes);
        prefixLen = TableArrays.ints(prefixes);
        prefixUntil = TableArrays.longs(prefixes);
        redirectDstHi = TableArrays.longs(redirects);
        redirectDstLo = TableArrays.longs(redirects);
        redirectToHi = TableArrays.longs(redirects);
        redirectToLo = TableArrays.longs(redirects);
        redirectAt = TableArrays.longs(redirects);
    }

    public int findRouter(long hi, long lo) {
        for (int i = 0; i < routerUntil.length; i++) {
            if (routerUntil[i] != 0 && routerHi[i] == hi && routerLo[i] == lo) {
                return i;
            }
        }
        return -1;
    }

    /** Adds or refreshes a router; a lifetime of 0 removes it (RFC 4861 §6.3.4). False when the list is full. */
    public boolean setRouter(long hi, long lo, long until) {
        int i = findRouter(hi, lo);
        if (until == 0) {
            if (i >= 0) {
                routerUntil[i] = 0;
            }
            return true;
        }
        for (int k = 0; k < routerUntil.length && i < 0; k++) {
            if (routerUntil[k] == 0) {
                i = k;
            }
        }
        if (i < 0) {
            return false;
        }
        routerHi[i] = hi;
        routerLo[i] = lo;
        routerUntil[i] = until;
        return true;
    }

    public int findPrefix(long hi, long lo, int len) {
        for (int i = 0; i < prefixUntil.length; i++) {
            if (prefixUntil[i] != 0 && prefixLen[i] == len && prefixHi[i] == hi && prefixLo[i] == lo) {
                return i;
            }
        }
        return -1;
    }

    /** Adds or refreshes an on-link prefix; valid lifetime 0 removes it (RFC 4861 §6.3.4). False when full. */
    public boolean setPrefix(long hi, long lo, int len, long until) {
        int i = findPrefix(hi, lo, len);
        if (until == 0) {
            if (i >= 0) {
                prefixUntil[i] = 0;
            }
            return true;
        }
        for (int k = 0; k < prefixUntil.length && i < 0; k++) {
            if (prefixUntil[k] == 0) {
                i = k;
            }
        }
        if (i < 0) {
            return false;
        }
        prefixHi[i] = hi;
        prefixLo[i] = lo;
        prefixLen[i] = len;
        prefixUntil[i] = until;
        return true;
    }

    /** RFC 4861 §5.2: on-link when it falls in a Prefix List entry (link-local addresses always are). */
    public boolean onLink(long hi, long lo) {
        if (Ipv6Address.isLinkLocal(hi)) {
            return true;
        }
        for (int i = 0; i < prefixUntil.length; i++) {
            if (prefixUntil[i] != 0 && Ipv6Address.samePrefix(hi, lo, prefixHi[i], prefixLo[i], prefixLen[i])) {
                return true;
            }
        }
        return false;
    }

    /** The redirect slot for this destination, or -1. */
    public int findRedirect(long dstHi, long dstLo) {
        for (int i = 0; i < redirectAt.length; i++) {
            if (redirectAt[i] != 0 && redirectDstHi[i] == dstHi && redirectDstLo[i] == dstLo) {
                return i;
            }
        }
        return -1;
    }

    /** Records that dst is reached through target (which may be dst itself: on-link). Replaces the oldest when full. */
    public void setRedirect(long dstHi, long dstLo, long toHi, long toLo, long now) {
        if (redirectAt.length == 0) {
            return;
        }
        int i = findRedirect(dstHi, dstLo);
        for (int k = 0; k < redirectAt.length && i < 0; k++) {
            if (redirectAt[k] == 0) {
                i = k;
            }
        }
        if (i < 0) {
            i = 0;
            for (int k = 1; k < redirectAt.length; k++) {
                if (redirectAt[k] < redirectAt[i]) {
                    i = k;
                }
            }
        }
        redirectDstHi[i] = dstHi;
        redirectDstLo[i] = dstLo;
        redirectToHi[i] = toHi;
        redirectToLo[i] = toLo;
        redirectAt[i] = Math.max(now, 1);
    }

    /** Forgets redirects through a router (it left the Default Router List, RFC 4861 §6.3.5). */
    public void dropRedirectsVia(long hi, long lo) {
        for (int i = 0; i < redirectAt.length; i++) {
            if (redirectAt[i] != 0 && redirectToHi[i] == hi && redirectToLo[i] == lo) {
                redirectAt[i] = 0;
            }
        }
    }

    /** The first router whose lifetime has not ended, or -1 (RFC 4861 §6.3.6: prefer reachable ones; the caller does). */
    public int anyRouter() {
        for (int i = 0; i < routerUntil.length; i++) {
            if (routerUntil[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
