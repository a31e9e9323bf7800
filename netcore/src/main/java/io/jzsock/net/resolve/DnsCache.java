package io.jzsock.net.resolve;

/**
 * A fixed number of answers kept for their TTL (RFC 1035 §3.2.1), positive and negative (RFC 2308
 * §5), keyed by question (name without case, type). A TTL of 0 is not cached (use once); TTLs are
 * capped at {@code maxTtlSeconds}. When full, the slot that expires first makes room. Slots are
 * allocated at start-up; lookups and inserts copy, and allocate nothing. Guarded by the stack's
 * monitor.
 */
final class DnsCache {
    private final DnsRecordSet[] slots;
    private final long maxTtlSeconds;

    DnsCache(int entries, int maxAddrs, int widest, int maxTtlSeconds) {
        slots = new DnsRecordSet[entries];
        for (int i = 0; i < entries; i++) {
            slots[i] = new DnsRecordSet(maxAddrs, widest);
        }
        this.maxTtlSeconds = maxTtlSeconds;
    }

    /** The live answer to the question, or null. */
    DnsRecordSet find(byte[] name, int len, int type, long now) {
        for (int i = 0; i < slots.length; i++) {
            DnsRecordSet s = slots[i];
            if (s.qnameLen > 0 && s.expiresAt > now && s.isQuestion(name, len, type)) {
                return s;
            }
        }
        return null;
    }

    /** Keeps a copy of the answer until now + its TTL (capped); a TTL of 0 keeps nothing. */
    void put(DnsRecordSet answer, long now) {
        long ttl = Math.min(answer.ttlSeconds, maxTtlSeconds);
        if (ttl <= 0 || slots.length == 0) {
            return;
        }
        DnsRecordSet victim = slots[0];
        for (int i = 0; i < slots.length; i++) {
            DnsRecordSet s = slots[i];
            if (s.qnameLen > 0 && s.isQuestion(answer.qname, answer.qnameLen, answer.qtype)) {
                victim = s;
                break;
            }
            if (s.qnameLen == 0 || s.expiresAt < victim.expiresAt) {
                victim = s;
            }
        }
        victim.copyFrom(answer);
        victim.expiresAt = now + ttl * 1000;
    }

    /** Forgets every answer (the servers changed, or a test wants a cold cache). */
    void clear() {
        for (int i = 0; i < slots.length; i++) {
            slots[i].qnameLen = 0;
            slots[i].expiresAt = 0;
        }
    }
}
