package io.jzsock.net;

/**
 * Text forms of IPv4 and IPv6 addresses ({@code inet_pton} / {@code inet_ntop}), the single source of
 * truth for every address rendered or parsed by the stack.
 *
 * <p>Parsing is stricter than Zephyr's {@code net_addr_pton}, which skips validation of part counts
 * and ranges: IPv4 must be exactly four dot-separated decimal parts of 1 to 3 digits, each 0..255
 * (leading zeros are read as decimal, {@code "01.2.3.4"} is 1.2.3.4, never octal); IPv6 follows
 * RFC 4291 §2.2. Nothing else is accepted: no brackets, no zone ({@code %eth0}), no whitespace.
 *
 * <p>Rendering follows RFC 5952 for IPv6. The byte[] forms allocate nothing.
 */
public final class InetText {
    /** Room for the longest IPv4 text and a NUL, as {@code netinet/in.h} defines it. */
    public static final int INET_ADDRSTRLEN = 16;
    /** Room for the longest IPv6 text and a NUL, as {@code netinet/in.h} defines it. */
    public static final int INET6_ADDRSTRLEN = 46;

    private static final byte[] HEX_DIGITS = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
    };

    private InetText() {
    }

    /**
     * {@code inet_pton}: 1 if {@code src} is a valid address of {@code family} (4 or 16 bytes written to
     * {@code dst} in network order), 0 if the text is not valid (dst untouched), {@code -EAFNOSUPPORT}
     * for a family other than AF_INET/AF_INET6, {@code -EINVAL} if dst is too short. A null
     * {@code dst} only validates.
     */
    public static int pton(int family, String src, byte[] dst) {
        return pton(family, src, 0, src == null ? 0 : src.length(), dst, 0);
    }

    /**
     * As {@link #pton(int, String, byte[])} on the characters {@code src[from, to)}, writing at
     * {@code dst[dstOff]}; lets a caller parse inside a longer string ({@code "[::1]"}) without a
     * substring.
     */
    public static int pton(int family, String src, int from, int to, byte[] dst, int dstOff) {
        int size = addressSize(family);
        if (size < 0) {
            return size;
        }
        if (dst != null && (dstOff < 0 || dstOff > dst.length - size)) {
            return -Errno.EINVAL;
        }
        if (src == null || from < 0 || to > src.length() || from > to) {
            return 0;
        }
        if (size == 4) {
            long v = ipv4Value(src, from, to);
            if (v < 0) {
                return 0;
            }
            if (dst != null) {
                putInt(dst, dstOff, (int) v);
            }
            return 1;
        }
        return parseIpv6(src, from, to, dst, dstOff) ? 1 : 0;
    }

    /**
     * {@code inet_ntop}: the text form of the 4 (AF_INET) or 16 (AF_INET6) bytes of {@code src}, or
     * null for another family or a source too short. Allocates; for logs, tests and setup code.
     */
    public static String ntop(int family, byte[] src) {
        if (src == null || !(family == ZsockConstants.AF_INET && src.length >= 4
                || family == ZsockConstants.AF_INET6 && src.length >= 16)) {
            return null;
        }
        byte[] text = new byte[INET6_ADDRSTRLEN];
        int n = ntop(family, src, 0, text, 0, text.length);
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) text[i];
        }
        return new String(chars);
    }

    /**
     * Allocation-free {@code inet_ntop}: writes the ASCII text of the address at {@code src[srcOff]}
     * into {@code dst[dstOff, dstOff + dstLen)}, without a terminating NUL, and returns the number
     * of characters written; {@code -ENOSPC} if it does not fit (dst then holds a partial text),
     * {@code -EAFNOSUPPORT} for a family other than AF_INET/AF_INET6, {@code -EINVAL} for bad bounds.
     * {@link #INET6_ADDRSTRLEN} bytes always suffice.
     */
    public static int ntop(int family, byte[] src, int srcOff, byte[] dst, int dstOff, int dstLen) {
        int size = addressSize(family);
        if (size < 0) {
            return size;
        }
        if (src == null || srcOff < 0 || srcOff > src.length - size
                || dst == null || dstOff < 0 || dstLen < 0 || dstOff > dst.length - dstLen) {
            return -Errno.EINVAL;
        }
        int end = dstOff + dstLen;
        int p = size == 4 ? putIpv4(src, srcOff, dst, dstOff, end) : putIpv6(src, srcOff, dst, dstOff, end);
        return p < 0 ? -Errno.ENOSPC : p - dstOff;
    }

    /** The dotted-quad {@code s[from, to)} as an unsigned 32-bit value, or -1 if it is not one. */
    private static long ipv4Value(String s, int from, int to) {
        long addr = 0;
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && parts < 3) {
                addr = (addr << 8) | value;
                parts++;
                value = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (digits == 0 || parts != 3) {
            return -1;
        }
        return (addr << 8) | value;
    }

    /**
     * RFC 4291 §2.2: eight groups of 1-4 hex digits, one {@code "::"} standing for one or more zero
     * groups, and optionally a dotted IPv4 tail in place of the last two groups. Groups are kept in
     * two longs (0-3 in {@code hi}, 4-7 in {@code lo}) so that dst is written only once the whole text
     * is known to be valid, without a scratch array.
     */
    private static boolean parseIpv6(String s, int from, int to, byte[] dst, int off) {
        long hi = 0;
        long lo = 0;
        int n = 0;
        int gap = -1;
        int i = from;
        if (i < to && s.charAt(i) == ':') {
            if (i + 1 >= to || s.charAt(i + 1) != ':') {
                return false;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int value = 0;
            int h;
            while (i < to && (h = hexValue(s.charAt(i))) >= 0) {
                if (i - start == 4) {
                    return false;
                }
                value = (value << 4) | h;
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // RFC 4291 §2.2 (3): the digits just read start a dotted IPv4 tail, which must end the text.
                long v4 = ipv4Value(s, start, to);
                if (v4 < 0 || n > 6) {
                    return false;
                }
                for (int shift = 16; shift >= 0; shift -= 16, n++) {
                    if (n < 4) {
                        hi = withGroup(hi, n, (int) (v4 >>> shift));
                    } else {
                        lo = withGroup(lo, n, (int) (v4 >>> shift));
                    }
                }
                break;
            }
            if (i == start || n == 8) {
                return false;
            }
            if (n < 4) {
                hi = withGroup(hi, n, value);
            } else {
                lo = withGroup(lo, n, value);
            }
            n++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        // "::" stands for at least one zero group, so with it there are at most seven explicit ones.
        if (gap < 0 ? n != 8 : n > 7) {
            return false;
        }
        if (dst != null) {
            for (int k = 0; k < 16; k++) {
                dst[off + k] = 0;
            }
            for (int k = 0; k < n; k++) {
                int slot = gap >= 0 && k >= gap ? k + 8 - n : k;
                int g = (int) ((k < 4 ? hi : lo) >>> (48 - 16 * (k & 3))) & 0xffff;
                dst[off + 2 * slot] = (byte) (g >>> 8);
                dst[off + 2 * slot + 1] = (byte) g;
            }
        }
        return true;
    }

    private static long withGroup(long word, int index, int value) {
        return word | ((long) (value & 0xffff) << (48 - 16 * (index & 3)));
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void putInt(byte[] dst, int off, int v) {
        dst[off] = (byte) (v >>> 24);
        dst[off + 1] = (byte) (v >>> 16);
        dst[off + 2] = (byte) (v >>> 8);
        dst[off + 3] = (byte) v;
    }

    private static int group(byte[] src, int off, int index) {
        return ((src[off + 2 * index] & 0xff) << 8) | (src[off + 2 * index + 1] & 0xff);
    }

    /** Each put* returns the position after what it wrote, or -1 when {@code end} was reached first. */
    private static int putIpv4(byte[] src, int srcOff, byte[] dst, int p, int end) {
        for (int i = 0; i < 4 && p >= 0; i++) {
            if (i > 0) {
                p = putChar(dst, p, end, '.');
            }
            p = putDecimal(dst, p, end, src[srcOff + i] & 0xff);
        }
        return p;
    }

    /**
     * RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero groups replaced
     * by {@code "::"} (the first run on a tie, §4.2.3); §5: an IPv4-mapped address keeps its dotted tail.
     */
    private static int putIpv6(byte[] src, int srcOff, byte[] dst, int p, int end) {
        if (isV4Mapped(src, srcOff)) {
            p = putChar(dst, p, end, ':');
            p = putChar(dst, p, end, ':');
            p = putHex(dst, p, end, 0xffff);
            p = putChar(dst, p, end, ':');
            return putIpv4(src, srcOff + 12, dst, p, end);
        }
        int bestStart = -1;
        int bestLen = 1;
        int runStart = -1;
        for (int g = 0; g < 8; g++) {
            if (group(src, srcOff, g) != 0) {
                runStart = -1;
            } else {
                if (runStart < 0) {
                    runStart = g;
                }
                if (g - runStart + 1 > bestLen) {
                    bestStart = runStart;
                    bestLen = g - runStart + 1;
                }
            }
        }
        for (int g = 0; g < 8 && p >= 0; g++) {
            if (g == bestStart) {
                p = putChar(dst, p, end, ':');
                p = putChar(dst, p, end, ':');
                g += bestLen - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLen) {
                p = putChar(dst, p, end, ':');
            }
            p = putHex(dst, p, end, group(src, srcOff, g));
        }
        return p;
    }

    /** {@code ::ffff:0:0/96}, RFC 4291 §2.5.5.2. */
    private static boolean isV4Mapped(byte[] src, int off) {
        for (int i = 0; i < 10; i++) {
            if (src[off + i] != 0) {
                return false;
            }
        }
        return src[off + 10] == (byte) 0xff && src[off + 11] == (byte) 0xff;
    }

    private static int putChar(byte[] dst, int p, int end, char c) {
        if (p < 0 || p >= end) {
            return -1;
        }
        dst[p] = (byte) c;
        return p + 1;
    }

    private static int putDecimal(byte[] dst, int p, int end, int v) {
        int div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        for (; div > 0 && p >= 0; div /= 10) {
            p = putChar(dst, p, end, (char) ('0' + v / div % 10));
        }
        return p;
    }

    private static int putHex(byte[] dst, int p, int end, int v) {
        int shift = 12;
        while (shift > 0 && (v >>> shift) == 0) {
            shift -= 4;
        }
        for (; shift >= 0 && p >= 0; shift -= 4) {
            p = putChar(dst, p, end, (char) HEX_DIGITS[(v >>> shift) & 0xf]);
        }
        return p;
    }

    /** 4 for AF_INET, 16 for AF_INET6, else -EAFNOSUPPORT. */
    private static int addressSize(int family) {
        return family == ZsockConstants.AF_INET ? 4 : family == ZsockConstants.AF_INET6 ? 16 : -Errno.EAFNOSUPPORT;
    }
}
