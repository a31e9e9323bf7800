package io.jzsock.net.ip;

import io.jzsock.net.iface.NetInterface;

/** Hears of ICMPv6 errors about packets we sent (RFC 4443 §2.4(d): passed to the upper layer), e.g. UDP sockets, TCP. */
public interface Icmpv6ErrorListener {
    /**
     * type and code of the error, word its 32-bit field (MTU, pointer); {@code quotedOff} is where the quoted
     * IPv6 header starts in {@code data[h]} (at least its 40 bytes are there). h stays owned by the caller.
     */
    void icmpv6Error(NetInterface ifc, int h, int type, int code, int word, int quotedOff, long now);
}
