package io.jzsock.net.resolve;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.InetText;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;

/**
 * {@code getaddrinfo} / {@code getnameinfo} for numeric hosts and services, the part of Zephyr's
 * {@code subsys/net/lib/sockets/getaddrinfo.c} that needs no DNS ({@code try_resolve_literal_addr}).
 * One instance per stack; it keeps no state, so concurrent calls are safe.
 *
 * <p>Names are not its job: {@link HostResolver} sends them to DNS (here a name is
 * {@code EAI_NONAME}, or {@code EAI_FAIL} under {@code AI_NUMERICHOST} as in Zephyr). There are no
 * service names ({@code "http"} is {@code EAI_NONAME}, with or without {@code AI_NUMERICSERV}, as
 * Zephyr's {@code strtol} check and POSIX for AI_NUMERICSERV give), no {@code AI_V4MAPPED}/
 * {@code AI_ALL} processing; other flags are ignored, as Zephyr ignores them.
 *
 * <p>Results go into a caller array instead of an {@code ai_next} chain: a call fills
 * {@code out[0..count)} and returns count, allocating an {@link AddrInfo} only for a null slot. A
 * numeric lookup always has exactly one result, as in Zephyr (one entry, stream by default); should
 * a future lookup have more results than {@code out} holds, the first {@code out.length} are kept and
 * counted. On error, {@code out} is left unchanged.
 */
public final class NumericResolver {
    private static final int MAX_PORT = 65535;
    static final int LOOPBACK_V4 = 0x7f000001;
    /** {@link #lookup}'s answer for a host name: not an error code, not a count. */
    static final int NAME = Integer.MIN_VALUE;

    /** {@link #lookup}'s internal family for an IPv4 literal returned v4-mapped. */
    private static final int V4_MAPPED = -2;
    private final byte[] scratch4 = new byte[4];

    public NumericResolver() {
    }

    /** a becomes AF_INET6 {@code ::ffff:} + the four bytes at v4[at] (RFC 4291 §2.5.5.2). */
    static void setMapped(SockAddr a, byte[] v4, int at, int port) {
        long lo = 0x0000ffff00000000L | ((v4[at] & 0xffL) << 24) | ((v4[at + 1] & 0xffL) << 16)
                | ((v4[at + 2] & 0xffL) << 8) | (v4[at + 3] & 0xffL);
        a.setAddress(ZsockConstants.AF_INET6, 0L, lo, port, 0);
    }

    /**
     * The number of entries filled in {@code out}, or a negative {@code EAI_*} code:
     * <ul>
     * <li>{@code EAI_MEMORY}: out is null or empty (Zephyr's code when it cannot allocate results);</li>
     * <li>{@code EAI_FAMILY}: hints family not AF_UNSPEC/AF_INET/AF_INET6 (POSIX; Zephyr's DNS path
     *     returns EAI_ADDRFAMILY there);</li>
     * <li>{@code EAI_SOCKTYPE}: hints socktype not 0/SOCK_STREAM/SOCK_DGRAM/SOCK_RAW;</li>
     * <li>{@code EAI_NONAME}: host and service both null (Zephyr's older code returned EAI_SYSTEM with
     *     errno EINVAL), a host that is not a literal, or a service not a decimal 0..65535 ({@code "70000"});</li>
     * <li>{@code EAI_FAIL}: a non-literal host with {@code AI_NUMERICHOST} (Zephyr);</li>
     * <li>{@code EAI_ADDRFAMILY}: the literal's family differs from a hints family (Zephyr);</li>
     * <li>{@code EAI_SERVICE}: a service with SOCK_RAW (POSIX: no port for raw sockets).</li>
     * </ul>
     * An IPv6 literal may be bracketed ({@code "[::1]"}). Socktype defaults to SOCK_STREAM with
     * IPPROTO_TCP; SOCK_DGRAM gives IPPROTO_UDP; SOCK_RAW keeps the hints protocol; any other hints
     * protocol is ignored, as Zephyr ignores it. A null host gives, for AF_INET or AF_UNSPEC hints,
     * 0.0.0.0 with {@code AI_PASSIVE} (Zephyr picks IPv4 for AF_UNSPEC) or 127.0.0.1 without, and
     * for AF_INET6 {@code ::} or {@code ::1}; Zephyr returns EAI_FAIL there without AI_PASSIVE, we
     * give loopback as POSIX does. Service {@code "0"} is port 0 (Zephyr rejects it, POSIX allows it).
     */
    public int getaddrinfo(String host, String service, AddrInfo hints, AddrInfo[] out) {
        int r = lookup(host, service, hints, out);
        return r == NAME ? ZsockConstants.EAI_NONAME : r;
    }

    /**
     * {@link #getaddrinfo}, except that a host that is not an address literal, with every other
     * argument valid, gives {@link #NAME}: {@link HostResolver} then asks DNS.
     */
    int lookup(String host, String service, AddrInfo hints, AddrInfo[] out) {
        if (out == null || out.length == 0) {
            return ZsockConstants.EAI_MEMORY;
        }
        int family = ZsockConstants.AF_UNSPEC;
        int socktype = 0;
        int protocol = 0;
        int flags = 0;
        if (hints != null) {
            family = hints.family;
            socktype = hints.socktype;
            protocol = hints.protocol;
            flags = hints.flags;
        }
        if (family != ZsockConstants.AF_UNSPEC && family != ZsockConstants.AF_INET
                && family != ZsockConstants.AF_INET6) {
            return ZsockConstants.EAI_FAMILY;
        }
        if (socktype != 0 && socktype != ZsockConstants.SOCK_STREAM && socktype != ZsockConstants.SOCK_DGRAM
                && socktype != ZsockConstants.SOCK_RAW) {
            return ZsockConstants.EAI_SOCKTYPE;
        }
        if (host == null && service == null) {
            return ZsockConstants.EAI_NONAME;
        }
        int from = 0;
        int to = 0;
        int resolved;
        if (host == null) {
            resolved = family == ZsockConstants.AF_INET6 ? ZsockConstants.AF_INET6 : ZsockConstants.AF_INET;
        } else {
            to = host.length();
            boolean bracketed = to >= 2 && host.charAt(0) == '[' && host.charAt(to - 1) == ']';
            if (bracketed) {
                from = 1;
                to--;
            }
            if (!bracketed && InetText.pton(ZsockConstants.AF_INET, host, from, to, null, 0) == 1) {
                resolved = ZsockConstants.AF_INET;
            } else if (InetText.pton(ZsockConstants.AF_INET6, host, from, to, null, 0) == 1) {
                resolved = ZsockConstants.AF_INET6;
            } else if ((flags & ZsockConstants.AI_NUMERICHOST) != 0) {
                return ZsockConstants.EAI_FAIL;
            } else {
                resolved = NAME;
            }
            if (resolved == ZsockConstants.AF_INET && family == ZsockConstants.AF_INET6
                    && (flags & ZsockConstants.AI_V4MAPPED) != 0) {
                resolved = V4_MAPPED;
            } else if (resolved != NAME && family != ZsockConstants.AF_UNSPEC && family != resolved) {
                return ZsockConstants.EAI_ADDRFAMILY;
            }
        }
        int port = 0;
        if (service != null) {
            if (socktype == ZsockConstants.SOCK_RAW) {
                return ZsockConstants.EAI_SERVICE;
            }
            port = parsePort(service);
            if (port < 0) {
                return ZsockConstants.EAI_NONAME;
            }
        }
        if (resolved == NAME) {
            return NAME;
        }
        if (resolved == V4_MAPPED) {
            // RFC 3493 §6.1: AI_V4MAPPED with AF_INET6 returns an IPv4 address as ::ffff:a.b.c.d (glibc does
            // so for literals too).
            AddrInfo ai = entry(out, 0, ZsockConstants.AF_INET6, socktype, protocol);
            InetText.pton(ZsockConstants.AF_INET, host, from, to, scratch4, 0);
            setMapped(ai.addr, scratch4, 0, port);
            return 1;
        }
        AddrInfo ai = entry(out, 0, resolved, socktype, protocol);
        SockAddr a = ai.addr;
        byte[] bytes = a.addressBytes();
        if (host != null) {
            InetText.pton(resolved, host, from, to, bytes, 0);
        } else if ((flags & ZsockConstants.AI_PASSIVE) == 0) {
            if (resolved == ZsockConstants.AF_INET) {
                a.setIpv4(LOOPBACK_V4, port);
            } else {
                bytes[15] = 1;
            }
        }
        a.setFamily(resolved).setPort(port);
        return 1;
    }

    /** Clears the entries of a getaddrinfo result so the array can be reused; null is ignored. */
    public void freeaddrinfo(AddrInfo[] res) {
        if (res == null) {
            return;
        }
        for (int i = 0; i < res.length; i++) {
            if (res[i] != null) {
                res[i].clear();
            }
        }
    }

    /** The name of an {@code EAI_*} code, {@code "EAI_UNKNOWN"} otherwise, as Zephyr's zsock_gai_strerror. */
    public static String gai_strerror(int code) {
        switch (code) {
            case ZsockConstants.EAI_BADFLAGS:
                return "EAI_BADFLAGS";
            case ZsockConstants.EAI_NONAME:
                return "EAI_NONAME";
            case ZsockConstants.EAI_AGAIN:
                return "EAI_AGAIN";
            case ZsockConstants.EAI_FAIL:
                return "EAI_FAIL";
            case ZsockConstants.EAI_NODATA:
                return "EAI_NODATA";
            case ZsockConstants.EAI_FAMILY:
                return "EAI_FAMILY";
            case ZsockConstants.EAI_SOCKTYPE:
                return "EAI_SOCKTYPE";
            case ZsockConstants.EAI_SERVICE:
                return "EAI_SERVICE";
            case ZsockConstants.EAI_ADDRFAMILY:
                return "EAI_ADDRFAMILY";
            case ZsockConstants.EAI_MEMORY:
                return "EAI_MEMORY";
            case ZsockConstants.EAI_SYSTEM:
                return "EAI_SYSTEM";
            case ZsockConstants.EAI_OVERFLOW:
                return "EAI_OVERFLOW";
            case ZsockConstants.EAI_INPROGRESS:
                return "EAI_INPROGRESS";
            case ZsockConstants.EAI_CANCELED:
                return "EAI_CANCELED";
            case ZsockConstants.EAI_NOTCANCELED:
                return "EAI_NOTCANCELED";
            case ZsockConstants.EAI_ALLDONE:
                return "EAI_ALLDONE";
            case ZsockConstants.EAI_IDN_ENCODE:
                return "EAI_IDN_ENCODE";
            default:
                return "EAI_UNKNOWN";
        }
    }

    /**
     * Numeric {@code getnameinfo}: the address text (as {@link InetText#ntop}) into
     * {@code host[0, hostLen)} and the decimal port into {@code serv[0, servLen)}, each followed by
     * a NUL; allocates nothing. A null buffer or zero length means "not wanted". Returns 0, or
     * {@code EAI_FAMILY} for a null address or a family other than AF_INET/AF_INET6,
     * {@code EAI_NONAME} when neither text is wanted or with {@code NI_NAMEREQD} (there is no reverse
     * DNS, so no name can be found), {@code EAI_OVERFLOW} when a buffer is too small. Without
     * NI_NUMERICHOST the numeric form is returned too, as POSIX allows when no name is known. The
     * IPv6 scope id is not appended (Zephyr does not either).
     */
    public int getnameinfo(SockAddr a, byte[] host, int hostLen, byte[] serv, int servLen, int flags) {
        if (a == null || (a.family() != ZsockConstants.AF_INET && a.family() != ZsockConstants.AF_INET6)) {
            return ZsockConstants.EAI_FAMILY;
        }
        boolean wantHost = host != null && hostLen > 0;
        boolean wantServ = serv != null && servLen > 0;
        if (!wantHost && !wantServ) {
            return ZsockConstants.EAI_NONAME;
        }
        if (wantHost) {
            if ((flags & ZsockConstants.NI_NAMEREQD) != 0) {
                return ZsockConstants.EAI_NONAME;
            }
            int room = Math.min(hostLen, host.length) - 1;
            int n = room < 0 ? -1 : InetText.ntop(a.family(), a.addressBytes(), 0, host, 0, room);
            if (n < 0) {
                return ZsockConstants.EAI_OVERFLOW;
            }
            host[n] = 0;
        }
        if (wantServ) {
            int n = putPort(a.port(), serv, Math.min(servLen, serv.length));
            if (n < 0) {
                return ZsockConstants.EAI_OVERFLOW;
            }
        }
        return 0;
    }

    /**
     * {@code out[i]} cleared (allocated if null: the only allocation of a lookup) with the family
     * and the socket type and protocol that hints give: SOCK_STREAM/IPPROTO_TCP by default,
     * SOCK_DGRAM/IPPROTO_UDP, SOCK_RAW with the hints protocol.
     */
    static AddrInfo entry(AddrInfo[] out, int i, int family, int socktype, int protocol) {
        AddrInfo ai = out[i];
        if (ai == null) {
            ai = new AddrInfo();
            out[i] = ai;
        } else {
            ai.clear();
        }
        ai.family = family;
        if (socktype == ZsockConstants.SOCK_DGRAM) {
            ai.socktype = ZsockConstants.SOCK_DGRAM;
            ai.protocol = ZsockConstants.IPPROTO_UDP;
        } else if (socktype == ZsockConstants.SOCK_RAW) {
            ai.socktype = ZsockConstants.SOCK_RAW;
            ai.protocol = protocol;
        } else {
            ai.socktype = ZsockConstants.SOCK_STREAM;
            ai.protocol = ZsockConstants.IPPROTO_TCP;
        }
        return ai;
    }

    /** A decimal port 0..65535 of one or more digits and nothing else, or -1 (null: port 0). */
    static int parsePort(String s) {
        if (s == null) {
            return 0;
        }
        int len = s.length();
        if (len == 0) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
            if (port > MAX_PORT) {
                return -1;
            }
        }
        return port;
    }

    /** Writes the decimal port and a NUL into {@code dst[0, len)}; the digit count, or -1 if it does not fit. */
    static int putPort(int port, byte[] dst, int len) {
        int digits = 1;
        for (int v = port; v >= 10; v /= 10) {
            digits++;
        }
        if (digits + 1 > len) {
            return -1;
        }
        int v = port;
        for (int i = digits - 1; i >= 0; i--) {
            dst[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        dst[digits] = 0;
        return digits;
    }
}
