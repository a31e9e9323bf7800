package io.jzsock.sim.interop;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hand-built DNS A query (RFC 1035 §4.1) sent over a board's UDP socket, and the few fields of the
 * answer the gateway tests check: id, RCODE and the first A record, with compression pointers
 * followed (§4.1.4). The DNS resolver of netcore takes the same path once it is merged; this proves
 * the path, not the resolver.
 */
public final class DnsQuery {
    public static final int PORT = 53;
    public static final int RCODE_OK = 0;
    public static final int RCODE_NXDOMAIN = 3;
    static final int TYPE_A = 1;
    static final int CLASS_IN = 1;
    private static final int HEADER = 12;

    private DnsQuery() {
    }

    /** What came back: RCODE, the first A record's address (null if none), the sender. */
    public record Answer(int rcode, String firstA, int answers, SockAddr from) {
    }

    /** ID, RD set (passt forwards to a recursive server), one question: NAME A IN. */
    static byte[] build(int id, String name) {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        q.write(id >> 8);
        q.write(id);
        q.write(0x01); // RD
        q.write(0x00);
        q.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0}); // QDCOUNT 1, AN/NS/AR 0
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            q.write(b.length);
            q.writeBytes(b);
        }
        q.writeBytes(new byte[] {0, 0, TYPE_A, 0, CLASS_IN});
        return q.toByteArray();
    }

    /** Sends the query for {@code name} to {@code server} on {@code fd} and parses the answer carrying {@code id}. */
    public static Answer ask(Zsock z, int fd, SockAddr server, int id, String name) {
        byte[] q = build(id, name);
        Streams.check(z.sendto(fd, q, 0, q.length, 0, server), "sendto");
        byte[] r = new byte[1500];
        SockAddr from = new SockAddr();
        int n = z.recvfrom(fd, r, 0, r.length, 0, from);
        if (n < 0) {
            throw new AssertionError("no DNS answer from " + server + ": " + Errno.name(n));
        }
        return parse(r, n, id, from);
    }

    static Answer parse(byte[] r, int n, int id, SockAddr from) {
        if (n < HEADER || u16(r, 0) != id || (r[2] & 0x80) == 0) {
            throw new AssertionError("not an answer to query " + id + " (" + n + " bytes)");
        }
        int rcode = r[3] & 0x0f;
        int qd = u16(r, 4);
        int an = u16(r, 6);
        int at = HEADER;
        for (int i = 0; i < qd; i++) {
            at = skipName(r, at, n) + 4;
        }
        String a = null;
        for (int i = 0; i < an && a == null; i++) {
            at = skipName(r, at, n);
            int type = u16(r, at);
            int rdlen = u16(r, at + 8);
            int data = at + 10;
            if (data + rdlen > n) {
                throw new AssertionError("answer record past the message");
            }
            if (type == TYPE_A && rdlen == 4) {
                a = (r[data] & 0xff) + "." + (r[data + 1] & 0xff) + "." + (r[data + 2] & 0xff) + "." + (r[data + 3] & 0xff);
            }
            at = data + rdlen;
        }
        return new Answer(rcode, a, an, from);
    }

    /** Past a name at {@code at}: labels up to the root, or up to and including a pointer. */
    private static int skipName(byte[] r, int at, int n) {
        while (at < n) {
            int len = r[at] & 0xff;
            if ((len & 0xc0) == 0xc0) {
                return at + 2;
            }
            at += 1 + len;
            if (len == 0) {
                return at;
            }
        }
        throw new AssertionError("name past the message");
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
