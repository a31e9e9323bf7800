package io.jzsock.net.resolve;

import io.jzsock.net.ip.IpAddress;
import io.jzsock.net.wire.DnsMessage;

/**
 * Host names between their text form and the flat DNS wire form (length-prefixed labels, a zero
 * byte at the end; see {@link DnsMessage}). Nothing here allocates except {@link #toString}.
 */
final class DnsNames {
    static final int TOO_LONG = -1;
    static final int NOT_TEXT = -2;
    private static final String IN_ADDR_ARPA = "in-addr.arpa";
    private static final String IP6_ARPA = "ip6.arpa";
    private static final String HEX = "0123456789abcdef";
    private static final String LOCALHOST = "localhost";

    private DnsNames() {
    }

    /**
     * Encodes the dotted {@code host} (an optional trailing dot marks it fully qualified) into
     * {@code dst[0, MAX_NAME)}; returns the wire length, or -1 for an empty name or label, a label
     * over 63 bytes, a name over 255 (RFC 1035 §2.3.4), or a character outside printable ASCII
     * (there is no IDN encoding, RFC 5891, and a control byte in a label is never a host name).
     */
    static int encode(String host, byte[] dst) {
        int len = host.length();
        if (len > 0 && host.charAt(len - 1) == '.') {
            len--;
        }
        if (len == 0 || len + 2 > DnsMessage.MAX_NAME) {
            return -1;
        }
        int labelAt = 0;
        int n = 1;
        for (int i = 0; i <= len; i++) {
            char c = i < len ? host.charAt(i) : '.';
            if (c == '.') {
                int label = n - labelAt - 1;
                if (label == 0 || label > DnsMessage.MAX_LABEL) {
                    return -1;
                }
                dst[labelAt] = (byte) label;
                labelAt = n;
                n++;
            } else if (c <= ' ' || c > '~') {
                return -1;
            } else {
                dst[n++] = (byte) c;
            }
        }
        dst[labelAt] = 0;
        return n;
    }

    /**
     * Writes the flat wire name {@code name[0, nameLen)} as dotted text (no trailing dot, the root
     * as ".") into {@code dst[0, room)}; returns the text length, {@link #TOO_LONG} when it does not
     * fit, or {@link #NOT_TEXT} when a label holds a dot or a byte outside printable ASCII: such a
     * name (from a hostile PTR record) would read as another name, or end a C string early.
     */
    static int toText(byte[] name, int nameLen, byte[] dst, int room) {
        if (nameLen == 1) {
            if (room < 1) {
                return TOO_LONG;
            }
            dst[0] = '.';
            return 1;
        }
        int n = 0;
        int p = 0;
        while (p < nameLen && name[p] != 0) {
            int len = name[p] & 0xff;
            if (n > 0) {
                if (n >= room) {
                    return TOO_LONG;
                }
                dst[n++] = '.';
            }
            for (int i = 1; i <= len; i++) {
                byte c = name[p + i];
                if (c <= ' ' || c > '~' || c == '.') {
                    return NOT_TEXT;
                }
                if (n >= room) {
                    return TOO_LONG;
                }
                dst[n++] = c;
            }
            p += 1 + len;
        }
        return n;
    }

    /** The dotted text of a flat wire name as a String; allocates (AI_CANONNAME only). */
    static String toString(byte[] name, int nameLen) {
        byte[] text = new byte[DnsMessage.MAX_NAME];
        int n = toText(name, nameLen, text, text.length);
        if (n < 0) {
            return null;
        }
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) text[i];
        }
        return new String(c);
    }

    /**
     * The PTR question name of an address in netcore's two-long form, in wire form into dst; returns its length:
     * {@code d.c.b.a.in-addr.arpa} (RFC 1035 §3.5) for an IPv4 address and for a v4-mapped IPv6 one
     * ({@code ::ffff:a.b.c.d}, as glibc's getnameinfo asks), otherwise the 32 nibbles of the address lowest
     * first under {@code ip6.arpa} (RFC 3596 §2.5).
     */
    static int reverse(long hi, long lo, byte[] dst) {
        return IpAddress.isV4Mapped(hi, lo) ? reverseIpv4((int) lo, dst) : reverseIpv6(hi, lo, dst);
    }

    /** RFC 1035 §3.5: d.c.b.a.in-addr.arpa for a.b.c.d, in wire form into dst; returns its length. */
    static int reverseIpv4(int ip, byte[] dst) {
        int n = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int v = (ip >>> shift) & 0xff;
            int digits = v >= 100 ? 3 : v >= 10 ? 2 : 1;
            dst[n++] = (byte) digits;
            for (int i = digits - 1; i >= 0; i--) {
                dst[n + i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            n += digits;
        }
        return appendSuffix(IN_ADDR_ARPA, dst, n);
    }

    /** RFC 3596 §2.5: b.a.9.8. ... .ip6.arpa, one label per nibble, the lowest-order nibble first. */
    static int reverseIpv6(long hi, long lo, byte[] dst) {
        int n = 0;
        for (int i = 0; i < 32; i++) {
            long half = i < 16 ? lo : hi;
            int nibble = (int) (half >>> ((i & 15) * 4)) & 0xf;
            dst[n++] = 1;
            dst[n++] = (byte) HEX.charAt(nibble);
        }
        return appendSuffix(IP6_ARPA, dst, n);
    }

    /** Appends the dotted {@code suffix} as labels and the root label at dst[n]; returns the new length. */
    private static int appendSuffix(String suffix, byte[] dst, int n) {
        int labelAt = n++;
        for (int i = 0; i < suffix.length(); i++) {
            char c = suffix.charAt(i);
            if (c == '.') {
                dst[labelAt] = (byte) (n - labelAt - 1);
                labelAt = n++;
            } else {
                dst[n++] = (byte) c;
            }
        }
        dst[labelAt] = (byte) (n - labelAt - 1);
        dst[n++] = 0;
        return n;
    }

    /**
     * RFC 6761 §6.3: "localhost" and names below it are loopback, answered without a query.
     * Case-insensitive, trailing dot allowed.
     */
    static boolean isLocalhost(String host) {
        int len = host.length();
        if (len > 0 && host.charAt(len - 1) == '.') {
            len--;
        }
        int from = len - LOCALHOST.length();
        if (from < 0 || (from > 0 && host.charAt(from - 1) != '.')) {
            return false;
        }
        for (int i = 0; i < LOCALHOST.length(); i++) {
            char c = host.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != LOCALHOST.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
