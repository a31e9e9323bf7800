package io.jzsock.net.resolve;

import io.jzsock.net.wire.DnsMessage;

/**
 * What one question resolved to: the question (wire name and type), then either addresses (A: 4
 * bytes each, AAAA: 16) with the canonical name at the end of the CNAME chain, a PTR target, or a
 * negative answer. Used for a lookup's answer and for each cache slot, allocated at start-up.
 */
final class DnsRecordSet {
    /** The answer is positive; otherwise {@link #status} is an EAI_* code (EAI_NONAME, EAI_NODATA). */
    static final int POSITIVE = 0;

    final byte[] qname = new byte[DnsMessage.MAX_NAME];
    int qnameLen;
    int qtype;
    int status;
    /** Address records, addrLen bytes each, count of them. */
    final byte[] addrs;
    final int maxAddrs;
    int addrLen;
    int count;
    /** For A/AAAA: the canonical name (the owner of the addresses); for PTR: the host name it names. */
    final byte[] name = new byte[DnsMessage.MAX_NAME];
    int nameLen;
    /** Seconds the answer may be kept (0: use once, RFC 1035 §3.2.1). */
    long ttlSeconds;
    /** Clock time (ms) after which a cached copy is stale. */
    long expiresAt;

    /** widest: the longest address asked for, 16 (AAAA) or, in a stack without IPv6, 4 (A). */
    DnsRecordSet(int maxAddrs, int widest) {
        this.maxAddrs = maxAddrs;
        this.addrs = new byte[maxAddrs * widest];
    }

    void setQuestion(byte[] wireName, int len, int type) {
        System.arraycopy(wireName, 0, qname, 0, len);
        qnameLen = len;
        qtype = type;
        clearAnswer();
    }

    void clearAnswer() {
        status = POSITIVE;
        count = 0;
        addrLen = 0;
        nameLen = 0;
        ttlSeconds = 0;
        expiresAt = 0;
    }

    boolean isQuestion(byte[] wireName, int len, int type) {
        return qtype == type && qnameLen == len && DnsMessage.namesEqual(qname, 0, wireName, 0, len);
    }

    void copyFrom(DnsRecordSet o) {
        System.arraycopy(o.qname, 0, qname, 0, o.qnameLen);
        qnameLen = o.qnameLen;
        qtype = o.qtype;
        status = o.status;
        count = Math.min(o.count, maxAddrs);
        addrLen = o.addrLen;
        System.arraycopy(o.addrs, 0, addrs, 0, count * addrLen);
        System.arraycopy(o.name, 0, name, 0, o.nameLen);
        nameLen = o.nameLen;
        ttlSeconds = o.ttlSeconds;
        expiresAt = o.expiresAt;
    }

    /** The 32-bit IPv4 address of record i (A records). */
    int ipv4(int i) {
        int o = i * addrLen;
        return (addrs[o] & 0xff) << 24 | (addrs[o + 1] & 0xff) << 16 | (addrs[o + 2] & 0xff) << 8 | (addrs[o + 3] & 0xff);
    }
}
