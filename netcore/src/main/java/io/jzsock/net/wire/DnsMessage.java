package io.jzsock.net.wire;

/**
 * A DNS message (RFC 1035 §4.1), static accessors over {@code byte[]} like the other codecs. The
 * message is {@code b[off, off + len)}; positions passed around are absolute indexes into {@code b},
 * and compression pointers count from {@code off}.
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-------------------------------+
 * |              ID               |  0
 * |QR| Opcode |AA|TC|RD|RA| Z|RCODE  2
 * |            QDCOUNT            |  4
 * |            ANCOUNT            |  6
 * |            NSCOUNT            |  8
 * |            ARCOUNT            | 10
 * +-------------------------------+ 12: question (QNAME QTYPE QCLASS), then resource records
 *                                       (NAME TYPE CLASS TTL RDLENGTH RDATA)
 * </pre>
 *
 * Names are handled in their flat wire form (length-prefixed labels ending in a zero byte, at most
 * {@link #MAX_NAME} bytes): {@link #expandName} follows compression pointers into such a buffer.
 * Nothing here throws on hostile input: every read is bounds-checked and every failure is -1.
 */
public final class DnsMessage {
    public static final int ID = 0;
    public static final int FLAGS = 2;
    public static final int QDCOUNT = 4;
    public static final int ANCOUNT = 6;
    public static final int NSCOUNT = 8;
    public static final int ARCOUNT = 10;
    public static final int HEADER_LEN = 12;

    public static final int FLAG_QR = 0x8000;
    public static final int OPCODE_MASK = 0x7800;
    public static final int FLAG_AA = 0x0400;
    public static final int FLAG_TC = 0x0200;
    public static final int FLAG_RD = 0x0100;
    public static final int FLAG_RA = 0x0080;
    public static final int RCODE_MASK = 0x000f;

    public static final int RCODE_NOERROR = 0;
    public static final int RCODE_FORMERR = 1;
    public static final int RCODE_SERVFAIL = 2;
    public static final int RCODE_NXDOMAIN = 3;
    public static final int RCODE_NOTIMP = 4;
    public static final int RCODE_REFUSED = 5;

    public static final int TYPE_A = 1;
    public static final int TYPE_NS = 2;
    public static final int TYPE_CNAME = 5;
    public static final int TYPE_SOA = 6;
    public static final int TYPE_PTR = 12;
    public static final int TYPE_AAAA = 28;
    public static final int CLASS_IN = 1;

    /** Question fields after QNAME. */
    public static final int Q_TYPE = 0;
    public static final int Q_CLASS = 2;
    public static final int Q_FIXED_LEN = 4;
    /** Resource record fields after the owner NAME. */
    public static final int RR_TYPE = 0;
    public static final int RR_CLASS = 2;
    public static final int RR_TTL = 4;
    public static final int RR_RDLENGTH = 8;
    public static final int RR_FIXED_LEN = 10;

    /** RFC 1035 §2.3.4: a name is at most 255 bytes in wire form, a label at most 63. */
    public static final int MAX_NAME = 255;
    public static final int MAX_LABEL = 63;
    /** RFC 1035 §2.3.4 / §4.2.1: a UDP message without EDNS(0) is at most 512 bytes. */
    public static final int UDP_MAX = 512;
    /** The well-known port (RFC 1035 §4.2). */
    public static final int PORT = 53;
    /** Top two bits of a length byte: 11 is a compression pointer (RFC 1035 §4.1.4). */
    private static final int POINTER = 0xc0;

    private DnsMessage() {
    }

    public static int id(byte[] b, int off) {
        return Bytes.u16(b, off + ID);
    }

    public static int flags(byte[] b, int off) {
        return Bytes.u16(b, off + FLAGS);
    }

    /** One of the four section counts: field is QDCOUNT, ANCOUNT, NSCOUNT or ARCOUNT. */
    public static int count(byte[] b, int off, int field) {
        return Bytes.u16(b, off + field);
    }

    /**
     * Writes a standard query (opcode 0, RD set, RFC 1035 §4.1.1) for the flat wire name
     * {@code name[nameOff, nameOff + nameLen)}, class IN, at {@code b[off]}; returns its length.
     * The caller sizes {@code b} for {@code HEADER_LEN + MAX_NAME + Q_FIXED_LEN}.
     */
    public static int writeQuery(byte[] b, int off, int id, byte[] name, int nameOff, int nameLen, int qtype) {
        Bytes.putU16(b, off + ID, id);
        Bytes.putU16(b, off + FLAGS, FLAG_RD);
        Bytes.putU16(b, off + QDCOUNT, 1);
        Bytes.putU16(b, off + ANCOUNT, 0);
        Bytes.putU16(b, off + NSCOUNT, 0);
        Bytes.putU16(b, off + ARCOUNT, 0);
        System.arraycopy(name, nameOff, b, off + HEADER_LEN, nameLen);
        int p = off + HEADER_LEN + nameLen;
        Bytes.putU16(b, p + Q_TYPE, qtype);
        Bytes.putU16(b, p + Q_CLASS, CLASS_IN);
        return HEADER_LEN + nameLen + Q_FIXED_LEN;
    }

    /**
     * The position just past the (possibly compressed) name at {@code pos}, or -1 when it runs past
     * {@code end} or holds a reserved label type. Only the name's own bytes are checked; a pointer's
     * target is checked when the name is expanded.
     */
    public static int skipName(byte[] b, int pos, int end) {
        int p = pos;
        while (p < end) {
            int len = b[p] & 0xff;
            if ((len & POINTER) == POINTER) {
                return p + 2 <= end ? p + 2 : -1;
            }
            if ((len & POINTER) != 0) {
                return -1;
            }
            if (len == 0) {
                return p + 1;
            }
            p += 1 + len;
        }
        return -1;
    }

    /**
     * Expands the name at {@code pos} of the message {@code b[off, end)} into flat wire form at
     * {@code dst[dstOff]} (room for {@link #MAX_NAME} bytes); returns its length, or -1 when it is
     * malformed: out of bounds, a reserved label type (RFC 6891 §5 retired 01 and 10), a result
     * over 255 bytes, or a pointer that does not point strictly before every position this name
     * has visited so far. RFC 1035 §4.1.4 allows pointers only to a prior occurrence, and
     * the strictly falling rule makes every loop (a pointer to itself, two pointers to each other,
     * a pointer back into a run of labels that ends in it) an error after at most one pass.
     */
    public static int expandName(byte[] b, int off, int end, int pos, byte[] dst, int dstOff) {
        int p = pos;
        int floor = pos;
        int n = 0;
        while (p >= off && p < end) {
            int len = b[p] & 0xff;
            if ((len & POINTER) == POINTER) {
                if (p + 1 >= end) {
                    return -1;
                }
                int target = off + (((len & ~POINTER) << 8) | (b[p + 1] & 0xff));
                if (target >= floor) {
                    return -1;
                }
                floor = target;
                p = target;
                continue;
            }
            if ((len & POINTER) != 0) {
                return -1;
            }
            if (n + 1 + len > MAX_NAME || p + 1 + len > end) {
                return -1;
            }
            dst[dstOff + n] = (byte) len;
            if (len == 0) {
                return n + 1;
            }
            System.arraycopy(b, p + 1, dst, dstOff + n + 1, len);
            n += 1 + len;
            p += 1 + len;
        }
        return -1;
    }

    /**
     * True if two flat wire names of the same length are equal, ASCII letters compared without case
     * (RFC 4343 §3). Length bytes are below 64 and never letters, so one loop compares both.
     */
    public static boolean namesEqual(byte[] a, int aOff, byte[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) {
            if (lower(a[aOff + i]) != lower(b[bOff + i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * True if the flat wire name {@code name[0, nameLen)} is {@code zone[0, zoneLen)} or below it
     * (ends with it at a label boundary); the bailiwick test for records that speak about a zone.
     */
    public static boolean isWithin(byte[] name, int nameLen, byte[] zone, int zoneLen) {
        int p = 0;
        while (p < nameLen) {
            if (nameLen - p == zoneLen) {
                return namesEqual(name, p, zone, 0, zoneLen);
            }
            int len = name[p] & 0xff;
            if (len == 0) {
                return false;
            }
            p += 1 + len;
        }
        return false;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
