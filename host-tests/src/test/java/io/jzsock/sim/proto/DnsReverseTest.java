package io.jzsock.sim.proto;

import static io.jzsock.sim.testkit.DnsBuilder.answering;
import static io.jzsock.sim.testkit.DnsBuilder.name;
import static io.jzsock.sim.testkit.DnsBuilder.ptr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetCounters;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.testkit.DnsRig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * getnameinfo without NI_NUMERICHOST: a PTR lookup in in-addr.arpa (RFC 1035 §3.5), for IPv6 addresses in
 * ip6.arpa (RFC 3596 §2.5), v4-mapped ones in in-addr.arpa.
 */
class DnsReverseTest {
    @Test
    void aPtrRecordNamesTheHost() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("192.0.2.33", host, 0);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals("33.2.0.192.in-addr.arpa", q.name());
            assertEquals(DnsMessage.TYPE_PTR, q.qtype());
            answerPtr(rig, q, "printer.example.com");
            assertNamed("printer.example.com", l, host);
            assertEquals(0, nameinfoNow(rig, "192.0.2.33", host, Zsock.NI_NAMEREQD), "cached");
            rig.assertNoQuery();
            assertEquals(1, rig.counter(NetCounters.DNS_CACHE_HIT));
        }
    }

    @Test
    void anRfc2317CnameDelegationIsFollowed() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("192.0.2.33", host, Zsock.NI_NAMEREQD);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns())
                    .answer(ptr(12), DnsMessage.TYPE_CNAME, 300, name("33.32/27.2.0.192.in-addr.arpa"))
                    .answer(name("33.32/27.2.0.192.in-addr.arpa"), DnsMessage.TYPE_PTR, 300, name("h33.example.com"))
                    .build());
            assertNamed("h33.example.com", l, host);
        }
    }

    @Test
    void noNameGivesTheNumericFormOrWithNamereqdEaiNoname() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("192.0.2.34", host, 0);
            DnsRig.Query q = rig.awaitQuery();
            answerNxdomain(rig, q);
            assertNamed("192.0.2.34", l, host);
            DnsRig.Lookup required = rig.getnameinfo("192.0.2.34", host, Zsock.NI_NAMEREQD);
            DnsRig.Query q2 = rig.awaitQuery();
            rig.reply(q2, answering(q2.dns()).build());
            assertEquals(Zsock.EAI_NONAME, required.result(), "NODATA");
        }
    }

    @Test
    void noAnswerWithNamereqdIsEaiAgain() {
        try (DnsRig rig = new DnsRig()) {
            assertEquals(Zsock.EAI_AGAIN, rig.getnameinfo("192.0.2.34", new byte[64], Zsock.NI_NAMEREQD).result());
        }
    }

    @Test
    void aPtrNameThatWouldReadAsAnotherNameIsNotUsed() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("192.0.2.35", host, 0);
            DnsRig.Query q = rig.awaitQuery();
            byte[] dotted = {8, 'b', 'a', 'n', 'k', '.', 'c', 'o', 'm', 0};
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_PTR, 300, dotted).build());
            assertEquals(0, l.result());
            assertEquals("192.0.2.35", text(host), "a dot inside a label: the numeric form instead");
            DnsRig.Lookup required = rig.getnameinfo("192.0.2.35", host, Zsock.NI_NAMEREQD);
            assertEquals(Zsock.EAI_NONAME, required.result(), "from the cache, still no usable name");
        }
    }

    @Test
    void aNameLongerThanTheBufferIsEaiOverflow() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[10];
            DnsRig.Lookup l = rig.getnameinfo("192.0.2.36", host, 0);
            DnsRig.Query q = rig.awaitQuery();
            answerPtr(rig, q, "long-name.example.com");
            assertEquals(Zsock.EAI_OVERFLOW, l.result());
        }
    }

    @Test
    void anIpv6AddressIsLookedUpByItsNibbleNameInIp6Arpa() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("2001:db8::567:89ab", host, Zsock.NI_NAMEREQD);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals("b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", q.name(),
                    "RFC 3596 §2.5's example");
            assertEquals(DnsMessage.TYPE_PTR, q.qtype());
            answerPtr(rig, q, "v6host.example.com");
            assertNamed("v6host.example.com", l, host);
            assertEquals(0, nameinfoNow(rig, "2001:db8::567:89ab", host, Zsock.NI_NAMEREQD), "cached");
            rig.assertNoQuery();
        }
    }

    @Test
    void aV4MappedAddressIsLookedUpInInAddrArpa() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("::ffff:192.0.2.33", host, Zsock.NI_NAMEREQD);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals("33.2.0.192.in-addr.arpa", q.name(), "as glibc asks for a mapped address");
            answerPtr(rig, q, "printer.example.com");
            assertNamed("printer.example.com", l, host);
        }
    }

    @Test
    void noIpv6NameGivesTheNumericFormOrWithNamereqdEaiNonameOrEaiAgain() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            DnsRig.Lookup l = rig.getnameinfo("2001:db8::1", host, 0);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", q.name());
            answerNxdomain(rig, q);
            assertNamed("2001:db8::1", l, host);
            DnsRig.Lookup required = rig.getnameinfo("2001:db8::1", host, Zsock.NI_NAMEREQD);
            DnsRig.Query q2 = rig.awaitQuery();
            answerNxdomain(rig, q2);
            assertEquals(Zsock.EAI_NONAME, required.result(), "NXDOMAIN (no SOA, so not cached: asked again)");
        }
        try (DnsRig rig = new DnsRig()) {
            assertEquals(Zsock.EAI_AGAIN, rig.getnameinfo("2001:db8::2", new byte[64], Zsock.NI_NAMEREQD).result(),
                    "no server");
        }
    }

    @Test
    void anIpv6NameLongerThanTheBufferIsEaiOverflowAndNumericIpv6AsksNothing() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[10];
            DnsRig.Lookup l = rig.getnameinfo("2001:db8::3", host, 0);
            DnsRig.Query q = rig.awaitQuery();
            answerPtr(rig, q, "long-name.example.com");
            assertEquals(Zsock.EAI_OVERFLOW, l.result());
            byte[] wide = new byte[64];
            assertEquals(0, nameinfoNow(rig, "2001:db8::4", wide, Zsock.NI_NUMERICHOST));
            assertEquals("2001:db8::4", text(wide));
            rig.assertNoQuery();
        }
    }

    @Test
    void numericHostAsksNothing() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            byte[] host = new byte[64];
            assertEquals(0, nameinfoNow(rig, "192.0.2.1", host, Zsock.NI_NUMERICHOST));
            assertEquals("192.0.2.1", text(host));
            rig.assertNoQuery();
        }
    }

    /** Answers q from its server with one PTR record, at the question's name, naming target. */
    private static void answerPtr(DnsRig rig, DnsRig.Query q, String target) {
        rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_PTR, 300, name(target)).build());
    }

    private static void answerNxdomain(DnsRig rig, DnsRig.Query q) {
        rig.reply(q, answering(q.dns()).rcode(DnsMessage.RCODE_NXDOMAIN).build());
    }

    /** getnameinfo on the test thread, which polls nobody: only for answers from the cache or the numeric form. */
    private static int nameinfoNow(DnsRig rig, String address, byte[] host, int flags) {
        return rig.z.getnameinfo(SockAddr.parse(address, 80), host, host.length, null, 0, flags);
    }

    /** The lookup succeeded and wrote expected, NUL-terminated, into host. */
    private static void assertNamed(String expected, DnsRig.Lookup l, byte[] host) {
        assertEquals(0, l.result());
        assertEquals(expected, text(host));
    }

    private static String text(byte[] host) {
        int n = 0;
        while (host[n] != 0) {
            n++;
        }
        return new String(host, 0, n, StandardCharsets.US_ASCII);
    }
}
