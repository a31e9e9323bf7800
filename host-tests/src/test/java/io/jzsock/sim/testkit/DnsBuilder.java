package io.jzsock.sim.testkit;

import io.jzsock.net.wire.DnsMessage;
import java.io.ByteArrayOutputStream;

/**
 * Hand-built DNS messages for tests: a response to a captured query (its id and question copied,
 * or changed on purpose), with answer, authority and additional records written byte by byte.
 * Names are given dotted ({@link #name}) or as raw bytes (a compression pointer: {@link #ptr}).
 */
public final class DnsBuilder {
    /** The question's position in a message: right after the header. */
    public static final int QUESTION = DnsMessage.HEADER_LEN;

    private int id;
    private int flags = DnsMessage.FLAG_QR | DnsMessage.FLAG_RD | DnsMessage.FLAG_RA;
    private byte[] question;
    private int qdcount = 1;
    private final ByteArrayOutputStream[] sections = {
        new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    private final int[] counts = new int[3];

    /** A response to query (the DNS payload): same id, same question, NOERROR, RD and RA set. */
    public static DnsBuilder answering(byte[] query) {
        DnsBuilder b = new DnsBuilder();
        b.id = DnsMessage.id(query, 0);
        int end = DnsMessage.skipName(query, QUESTION, query.length) + DnsMessage.Q_FIXED_LEN;
        b.question = java.util.Arrays.copyOfRange(query, QUESTION, end);
        return b;
    }

    /** A response with the given id and the question for name/type (class IN). */
    public static DnsBuilder response(int id, String name, int type) {
        DnsBuilder b = new DnsBuilder();
        b.id = id;
        byte[] n = name(name);
        b.question = new byte[n.length + 4];
        System.arraycopy(n, 0, b.question, 0, n.length);
        b.question[n.length + 1] = (byte) type;
        b.question[n.length + 3] = DnsMessage.CLASS_IN;
        return b;
    }

    /** The wire form of a dotted name ("" is the root). */
    public static byte[] name(String dotted) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (!dotted.isEmpty()) {
            for (String label : dotted.split("\\.")) {
                o.write(label.length());
                o.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        o.write(0);
        return o.toByteArray();
    }

    /** A compression pointer to a message offset (RFC 1035 §4.1.4). */
    public static byte[] ptr(int offset) {
        return new byte[] {(byte) (0xc0 | offset >> 8), (byte) offset};
    }

    public static byte[] ipv4(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]),
            (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    public DnsBuilder id(int newId) {
        id = newId;
        return this;
    }

    public DnsBuilder rcode(int rcode) {
        flags = (flags & ~DnsMessage.RCODE_MASK) | rcode;
        return this;
    }

    public DnsBuilder flags(int newFlags) {
        flags = newFlags;
        return this;
    }

    /** Drops the question section (QDCOUNT 0). */
    public DnsBuilder noQuestion() {
        qdcount = 0;
        return this;
    }

    /** An answer record: owner (wire bytes), type, TTL, rdata. */
    public DnsBuilder answer(byte[] owner, int type, long ttl, byte[] rdata) {
        return record(0, owner, type, ttl, rdata);
    }

    /** An A record owned by the question's name (a pointer to it). */
    public DnsBuilder a(long ttl, String address) {
        return answer(ptr(QUESTION), DnsMessage.TYPE_A, ttl, ipv4(address));
    }

    public DnsBuilder authority(byte[] owner, int type, long ttl, byte[] rdata) {
        return record(1, owner, type, ttl, rdata);
    }

    public DnsBuilder additional(byte[] owner, int type, long ttl, byte[] rdata) {
        return record(2, owner, type, ttl, rdata);
    }

    /** An SOA in the authority section for zone with the given TTL and MINIMUM (RFC 2308 §5). */
    public DnsBuilder soa(String zone, long ttl, long minimum) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(name("ns." + zone));
        r.writeBytes(name("hostmaster." + zone));
        for (long v : new long[] {1, 3600, 600, 86400, minimum}) {
            r.writeBytes(u32(v));
        }
        return authority(name(zone), DnsMessage.TYPE_SOA, ttl, r.toByteArray());
    }

    private DnsBuilder record(int section, byte[] owner, int type, long ttl, byte[] rdata) {
        ByteArrayOutputStream o = sections[section];
        o.writeBytes(owner);
        o.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, 0, DnsMessage.CLASS_IN});
        o.writeBytes(u32(ttl));
        o.writeBytes(new byte[] {(byte) (rdata.length >> 8), (byte) rdata.length});
        o.writeBytes(rdata);
        counts[section]++;
        return this;
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    public byte[] build() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, (byte) qdcount,
            (byte) (counts[0] >> 8), (byte) counts[0], 0, (byte) counts[1], 0, (byte) counts[2]});
        if (qdcount > 0) {
            o.writeBytes(question);
        }
        for (ByteArrayOutputStream s : sections) {
            o.writeBytes(s.toByteArray());
        }
        return o.toByteArray();
    }
}
