package io.jzsock.net.resolve;

import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DnsMessage;

/**
 * Checks a response against the question it should answer and extracts what the question asked
 * for, nothing else (RFC 5452 §9.1: id and question must match; RFC 2181 §5.4.1: only data about
 * the question's name is trusted). The answer section is read by following the CNAME chain from the
 * question's name (at most {@link #MAX_CHAIN} links, in any record order); addresses or a PTR
 * target count only when their owner is the end of that chain, so unrelated and out-of-bailiwick
 * records, and the authority and additional sections, never reach the cache. A negative answer's
 * TTL comes from the SOA of an enclosing zone in the authority section (RFC 2308 §5); without one
 * it is not cached. Holds only scratch names; one instance per resolver, allocated at start-up.
 */
final class DnsResponseParser {
    /** Not a response to our query (id, flags or question differ): drop it and keep waiting. */
    static final int NOT_OURS = -1;
    static final int ANSWERED = 0;
    static final int NXDOMAIN = 1;
    static final int NODATA = 2;
    /** SERVFAIL (RFC 1035 §4.1.1): a temporary failure of that server, ask the next. */
    static final int SERVFAIL = 3;
    /** FORMERR, NOTIMP, REFUSED and unknown codes: that server will not answer, ask the next. */
    static final int REJECTED = 4;
    /** TC set (RFC 1035 §4.1.1): nothing of the answer is used (RFC 2181 §9). */
    static final int TRUNCATED = 5;
    /** Our question, but the records are malformed, or the CNAME chain is too long or loops. */
    static final int MALFORMED = 6;

    /** CNAME links followed within one answer (glibc and Zephyr stop at a handful as well). */
    static final int MAX_CHAIN = 8;

    private final byte[] owner = new byte[DnsMessage.MAX_NAME];
    private final byte[] current = new byte[DnsMessage.MAX_NAME];
    private final byte[] zone = new byte[DnsMessage.MAX_NAME];
    private int currentLen;
    /** Set by the last {@link #parse}: the negative TTL in seconds, or -1 when there was no SOA. */
    long negativeTtl;
    /** Set by the last {@link #parse}: CNAME links spent in all, those before included. */
    int links;
    /** Set by the last {@link #parse}: the smallest TTL of the CNAMEs it followed (MAX_VALUE: none). */
    long chainTtl;

    /**
     * Parses {@code b[off, off + len)} as the answer to query {@code id}, which asked for the name
     * {@code asked[0, askedLen)} and {@code q}'s type: {@code q}'s own name, or the end of a CNAME
     * chain an earlier answer stopped at (then {@code linksBefore} links are spent already). Fills
     * {@code q}'s answer fields (cleared first) on ANSWERED; returns one of the outcomes.
     */
    int parse(byte[] b, int off, int len, int id, byte[] asked, int askedLen, int linksBefore, DnsRecordSet q) {
        int end = off + len;
        negativeTtl = -1;
        links = linksBefore;
        chainTtl = Long.MAX_VALUE;
        if (len < DnsMessage.HEADER_LEN || DnsMessage.id(b, off) != id) {
            return NOT_OURS;
        }
        int flags = DnsMessage.flags(b, off);
        if ((flags & DnsMessage.FLAG_QR) == 0 || (flags & DnsMessage.OPCODE_MASK) != 0
                || DnsMessage.count(b, off, DnsMessage.QDCOUNT) != 1) {
            return NOT_OURS;
        }
        int p = off + DnsMessage.HEADER_LEN;
        int n = DnsMessage.expandName(b, off, end, p, owner, 0);
        p = DnsMessage.skipName(b, p, end);
        if (n != askedLen || p < 0 || p + DnsMessage.Q_FIXED_LEN > end
                || !DnsMessage.namesEqual(owner, 0, asked, 0, n)
                || Bytes.u16(b, p + DnsMessage.Q_TYPE) != q.qtype
                || Bytes.u16(b, p + DnsMessage.Q_CLASS) != DnsMessage.CLASS_IN) {
            return NOT_OURS;
        }
        p += DnsMessage.Q_FIXED_LEN;
        q.clearAnswer();
        if ((flags & DnsMessage.FLAG_TC) != 0) {
            return TRUNCATED;
        }
        int rcode = flags & DnsMessage.RCODE_MASK;
        if (rcode == DnsMessage.RCODE_SERVFAIL) {
            return SERVFAIL;
        }
        if (rcode != DnsMessage.RCODE_NOERROR && rcode != DnsMessage.RCODE_NXDOMAIN) {
            return REJECTED;
        }
        System.arraycopy(asked, 0, current, 0, askedLen);
        currentLen = askedLen;
        int answers = DnsMessage.count(b, off, DnsMessage.ANCOUNT);
        int authority = skipRecords(b, end, p, answers);
        if (authority < 0) {
            return MALFORMED;
        }
        if (rcode == DnsMessage.RCODE_NOERROR) {
            int r = followChain(b, off, end, p, answers, q);
            if (r != NODATA) {
                return r;
            }
        }
        negativeTtl = soaMinimum(b, off, end, authority, DnsMessage.count(b, off, DnsMessage.NSCOUNT));
        return rcode == DnsMessage.RCODE_NXDOMAIN ? NXDOMAIN : NODATA;
    }

    /** The position after count records from p, or -1 when one runs past end. */
    /** The end of the CNAME chain the last parse followed, into dst; its length. */
    int chainEnd(byte[] dst) {
        System.arraycopy(current, 0, dst, 0, currentLen);
        return currentLen;
    }

    private static int skipRecords(byte[] b, int end, int p, int count) {
        for (int i = 0; i < count && p >= 0; i++) {
            p = next(b, end, p);
        }
        return p;
    }

    /** The position after the record at p, or -1. */
    private static int next(byte[] b, int end, int p) {
        int f = DnsMessage.skipName(b, p, end);
        if (f < 0 || f + DnsMessage.RR_FIXED_LEN > end) {
            return -1;
        }
        int rdEnd = f + DnsMessage.RR_FIXED_LEN + Bytes.u16(b, f + DnsMessage.RR_RDLENGTH);
        return rdEnd <= end ? rdEnd : -1;
    }

    /**
     * Passes over the answer records: a CNAME owned by the current chain end moves the end to its
     * target and starts again (records may come in any order); otherwise the records of the asked
     * type owned by the chain end are the answer. ANSWERED, NODATA (the chain ends without them) or
     * MALFORMED.
     */
    private int followChain(byte[] b, int off, int end, int first, int answers, DnsRecordSet q) {
        boolean restart = true;
        while (restart) {
            restart = false;
            q.count = 0;
            q.nameLen = 0;
            long setTtl = Long.MAX_VALUE;
            int p = first;
            for (int i = 0; i < answers; i++) {
                int f = DnsMessage.skipName(b, p, end);
                int rdata = f + DnsMessage.RR_FIXED_LEN;
                int rdEnd = rdata + Bytes.u16(b, f + DnsMessage.RR_RDLENGTH);
                int type = Bytes.u16(b, f + DnsMessage.RR_TYPE);
                long rrTtl = ttl(b, f);
                int owned = ownedByChainEnd(b, off, end, p);
                if (owned < 0) {
                    return MALFORMED;
                }
                if (owned > 0 && Bytes.u16(b, f + DnsMessage.RR_CLASS) == DnsMessage.CLASS_IN) {
                    if (type == DnsMessage.TYPE_CNAME && q.qtype != DnsMessage.TYPE_CNAME) {
                        int t = rdataName(b, off, end, rdata, rdEnd, current);
                        if (t < 0 || ++links > MAX_CHAIN) {
                            return MALFORMED;
                        }
                        currentLen = t;
                        chainTtl = Math.min(chainTtl, rrTtl);
                        restart = true;
                        break;
                    }
                    if (type == q.qtype) {
                        int r = take(b, off, end, rdata, rdEnd, q);
                        if (r < 0) {
                            return MALFORMED;
                        }
                        setTtl = Math.min(setTtl, rrTtl);
                    }
                }
                p = rdEnd;
            }
            if (!restart && (q.count > 0 || q.nameLen > 0)) {
                if (q.qtype != DnsMessage.TYPE_PTR) {
                    System.arraycopy(current, 0, q.name, 0, currentLen);
                    q.nameLen = currentLen;
                }
                q.ttlSeconds = Math.min(chainTtl, setTtl);
                return ANSWERED;
            }
        }
        return NODATA;
    }

    /** Adds one record of the asked type to q: an address of the type's length, or a PTR target. */
    private static int take(byte[] b, int off, int end, int rdata, int rdEnd, DnsRecordSet q) {
        if (q.qtype == DnsMessage.TYPE_PTR) {
            if (q.nameLen == 0) {
                int t = rdataName(b, off, end, rdata, rdEnd, q.name);
                if (t < 0) {
                    return -1;
                }
                q.nameLen = t;
            }
            return 0;
        }
        int alen = addressLength(q.qtype);
        if (rdEnd - rdata != alen) {
            return -1;
        }
        if (q.count < q.maxAddrs && (q.count + 1) * alen <= q.addrs.length) {
            System.arraycopy(b, rdata, q.addrs, q.count * alen, alen);
            q.addrLen = alen;
            q.count++;
        }
        return 0;
    }

    /** The address length of a record type: 4 for A, 16 for AAAA, -1 for others. */
    static int addressLength(int qtype) {
        return qtype == DnsMessage.TYPE_A ? 4 : qtype == DnsMessage.TYPE_AAAA ? 16 : -1;
    }

    /** 1 if the record at p is owned by the chain end, 0 if not, -1 if its owner is malformed. */
    private int ownedByChainEnd(byte[] b, int off, int end, int p) {
        int n = DnsMessage.expandName(b, off, end, p, owner, 0);
        if (n < 0) {
            return -1;
        }
        return n == currentLen && DnsMessage.namesEqual(owner, 0, current, 0, n) ? 1 : 0;
    }

    /** A name that fills rdata exactly, expanded into dst; its length or -1. */
    private static int rdataName(byte[] b, int off, int end, int rdata, int rdEnd, byte[] dst) {
        if (DnsMessage.skipName(b, rdata, rdEnd) != rdEnd) {
            return -1;
        }
        return DnsMessage.expandName(b, off, end, rdata, dst, 0);
    }

    /** RFC 2181 §8: a TTL with the top bit set is treated as zero. */
    private static long ttl(byte[] b, int f) {
        int t = Bytes.i32(b, f + DnsMessage.RR_TTL);
        return t < 0 ? 0 : t;
    }

    /**
     * RFC 2308 §5: min(SOA TTL, SOA MINIMUM) of an SOA in the authority section whose owner
     * encloses the chain end, or -1 when there is none (or the section is malformed).
     */
    private long soaMinimum(byte[] b, int off, int end, int p, int count) {
        for (int i = 0; i < count && p >= 0; i++) {
            int nextP = next(b, end, p);
            if (nextP < 0) {
                return -1;
            }
            int f = DnsMessage.skipName(b, p, end);
            int rdata = f + DnsMessage.RR_FIXED_LEN;
            if (Bytes.u16(b, f + DnsMessage.RR_TYPE) == DnsMessage.TYPE_SOA
                    && Bytes.u16(b, f + DnsMessage.RR_CLASS) == DnsMessage.CLASS_IN && nextP - rdata >= 22) {
                int z = DnsMessage.expandName(b, off, end, p, zone, 0);
                if (z > 0 && DnsMessage.isWithin(current, currentLen, zone, z)) {
                    long minimum = Bytes.i32(b, nextP - 4) & 0xffffffffL;
                    return Math.min(ttl(b, f), minimum > Integer.MAX_VALUE ? 0 : minimum);
                }
            }
            p = nextP;
        }
        return -1;
    }
}
