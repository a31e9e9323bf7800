package io.jzsock.net.ip;

import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;

/**
 * The option-carrying extension headers of RFC 8200 §4.2-§4.4 as a host processes them: Hop-by-Hop and
 * Destination Options (TLV options, the unrecognised ones acted on by their two high-order bits) and
 * Routing (ignored with Segments Left 0; otherwise, type 0 included (RFC 5095 §3), a host cannot act on it).
 * A check answers {@link #OK}, {@link #DROP} or {@link #PROBLEM}, the last with the Parameter Problem
 * {@link #code} and {@link #pointer} (offset from the IPv6 header) that {@link Icmpv6} should send.
 */
final class Ipv6Extensions {
    static final int OK = 0;
    static final int DROP = -1;
    static final int PROBLEM = -2;

    static final int OPT_PAD1 = 0;
    static final int OPT_PADN = 1;
    /** RFC 2711 Router Alert (MLD's, RFC 3810 §5); value 0 is MLD. */
    static final int OPT_ROUTER_ALERT = 5;

    /** Set with PROBLEM: the Parameter Problem code (RFC 4443 §3.4). */
    int code;
    /** Set with PROBLEM: the offending octet's offset from the start of the IPv6 header. */
    int pointer;
    /** Set by {@link #options}: a Router Alert option was present. */
    boolean routerAlert;

    /** The length of an extension header with the RFC 8200 §4.3 length field (8-octet units past the first 8). */
    static int length(byte[] b, int off) {
        return ((b[off + 1] & 0xff) + 1) << 3;
    }

    /**
     * RFC 8200 §4.2: walks the options of the header at off ({@code len} bytes, already checked to lie in the
     * packet); ip is the offset of the IPv6 header, multicastDst whether the packet went to a group.
     */
    int options(byte[] b, int off, int len, int ip, boolean multicastDst) {
        routerAlert = false;
        int end = off + len;
        int i = off + 2;
        while (i < end) {
            int type = b[i] & 0xff;
            if (type == OPT_PAD1) {
                i++;
                continue;
            }
            if (i + 2 > end || i + 2 + (b[i + 1] & 0xff) > end) {
                return problem(Icmpv6Header.CODE_ERRONEOUS_HEADER, i + 1 - ip);
            }
            int optLen = b[i + 1] & 0xff;
            if (type == OPT_ROUTER_ALERT && optLen == 2) {
                routerAlert = true;
            } else if (type != OPT_PADN) {
                int action = type >>> 6;
                if (action == 1) {
                    return DROP;
                }
                if (action == 2 || (action == 3 && !multicastDst)) {
                    return problem(Icmpv6Header.CODE_UNKNOWN_OPTION, i - ip);
                }
                if (action == 3) {
                    return DROP;
                }
            }
            i += 2 + optLen;
        }
        return OK;
    }

    /**
     * RFC 8200 §4.4: Segments Left 0 means the header is skipped; any other value with a Routing Type the node
     * does not recognise means discard and Parameter Problem code 0 pointing at the type. A host recognises
     * none, and RFC 5095 §3 makes type 0 one of the unrecognised.
     */
    int routing(byte[] b, int off, int ip) {
        int segmentsLeft = b[off + 3] & 0xff;
        if (segmentsLeft == 0) {
            return OK;
        }
        return problem(Icmpv6Header.CODE_ERRONEOUS_HEADER, off + 2 - ip);
    }

    private int problem(int c, int p) {
        code = c;
        pointer = p;
        return PROBLEM;
    }

    /**
     * The upper-layer header of the packet whose IPv6 header is at ip (ending at end): {@code type << 16 |
     * offset from ip}, or -1 when the chain runs past the end or reaches a non-first fragment.
     */
    static int upperLayer(byte[] b, int ip, int end) {
        int nh = b[ip + Ipv6Header.NEXT_HEADER] & 0xff;
        int off = ip + Ipv6Header.LEN;
        while (nh == Ipv6Header.NH_HOP_BY_HOP || nh == Ipv6Header.NH_DEST_OPTIONS || nh == Ipv6Header.NH_ROUTING
                || nh == Ipv6Header.NH_FRAGMENT) {
            if (off + 8 > end) {
                return -1;
            }
            if (nh == Ipv6Header.NH_FRAGMENT && (Bytes.u16(b, off + 2) & 0xfff8) != 0) {
                return -1;
            }
            int len = nh == Ipv6Header.NH_FRAGMENT ? 8 : length(b, off);
            nh = b[off] & 0xff;
            off += len;
        }
        return off - ip > 0xffff ? -1 : (nh << 16) | (off - ip);
    }
}
