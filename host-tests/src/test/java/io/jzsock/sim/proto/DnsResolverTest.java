package io.jzsock.sim.proto;

import static io.jzsock.sim.testkit.DnsBuilder.answering;
import static io.jzsock.sim.testkit.DnsBuilder.ipv4;
import static io.jzsock.sim.testkit.DnsBuilder.name;
import static io.jzsock.sim.testkit.DnsBuilder.ptr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.testkit.DnsBuilder;
import io.jzsock.sim.testkit.DnsRig;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * getaddrinfo with names against literal DNS answers on virtual time: results and their order,
 * every rcode's EAI code, retries, timeouts and server failover, and RFC 5452's matching (id,
 * question, source address and port).
 */
class DnsResolverTest {
    private static final int TTL = 300;

    @Test
    void severalARecordsBecomeSeveralEntriesInTheServersOrder() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "443",
                    new AddrInfo().hints(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0, 0), 4);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsRig.SERVER_1, q.server());
            assertEquals("www.example.com", q.name());
            assertEquals(DnsMessage.TYPE_A, q.qtype());
            assertEquals(DnsMessage.FLAG_RD, DnsMessage.flags(q.dns(), 0), "a standard recursive query");
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.10").a(TTL, "192.0.2.11").a(TTL, "192.0.2.12").build());
            assertEquals(3, l.result());
            assertEquals("192.0.2.10:443", l.out[0].addr.toString());
            assertEquals("192.0.2.11:443", l.out[1].addr.toString());
            assertEquals("192.0.2.12:443", l.out[2].addr.toString());
            assertEquals(Zsock.SOCK_DGRAM, l.out[0].socktype);
            assertEquals(Zsock.IPPROTO_UDP, l.out[0].protocol);
            assertNull(l.out[3], "unused slot left alone");
            assertEquals(1, rig.counter(NetCounters.DNS_QUERY_TX));
            assertEquals(1, rig.counter(NetCounters.DNS_ANSWER_RX));
        }
    }

    @Test
    void moreRecordsThanSlotsKeepsTheFirstOutLength() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80", null, 2);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.1").a(TTL, "192.0.2.2").a(TTL, "192.0.2.3").build());
            assertEquals(2, l.result());
            assertEquals("192.0.2.2:80", l.out[1].addr.toString());
            assertEquals(Zsock.SOCK_STREAM, l.out[1].socktype);
        }
    }

    @Test
    void nxdomainIsEaiNoname() {
        assertEquals(Zsock.EAI_NONAME, answerWith(b -> b.rcode(DnsMessage.RCODE_NXDOMAIN)));
    }

    @Test
    void noRecordsOfTheTypeIsEaiNodataAsZephyrSays() {
        assertEquals(Zsock.EAI_NODATA, answerWith(b -> b));
    }

    @Test
    void refusedAndFormerrAndNotimpFromTheOnlyServerAreEaiFail() {
        for (int rcode : new int[] {DnsMessage.RCODE_REFUSED, DnsMessage.RCODE_FORMERR, DnsMessage.RCODE_NOTIMP}) {
            NetConfig cfg = NetConfig.defaults();
            cfg.dnsAttempts = 1;
            try (DnsRig rig = new DnsRig(cfg, "198.18.0.2")) {
                DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
                DnsRig.Query q = rig.awaitQuery();
                rig.reply(q, answering(q.dns()).rcode(rcode).build());
                assertEquals(Zsock.EAI_FAIL, l.result(), "rcode " + rcode);
            }
        }
    }

    @Test
    void servfailMovesToTheNextServerAndEndsInEaiAgain() {
        NetConfig cfg = NetConfig.defaults();
        cfg.dnsAttempts = 1;
        try (DnsRig rig = new DnsRig(cfg, "198.18.0.2", "198.18.0.3")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q1 = rig.awaitQuery();
            assertEquals(DnsRig.SERVER_1, q1.server());
            rig.reply(q1, answering(q1.dns()).rcode(DnsMessage.RCODE_SERVFAIL).build());
            DnsRig.Query q2 = rig.awaitQuery();
            assertEquals(DnsRig.SERVER_2, q2.server(), "the next server is asked at once");
            rig.reply(q2, answering(q2.dns()).rcode(DnsMessage.RCODE_SERVFAIL).build());
            assertEquals(Zsock.EAI_AGAIN, l.result());
        }
    }

    @Test
    void theSecondServerAnswersAfterTheFirstRefuses() {
        try (DnsRig rig = new DnsRig("198.18.0.2", "198.18.0.3")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q1 = rig.awaitQuery();
            rig.reply(q1, answering(q1.dns()).rcode(DnsMessage.RCODE_REFUSED).build());
            DnsRig.Query q2 = rig.awaitQuery();
            assertEquals(DnsRig.SERVER_2, q2.server());
            rig.reply(q2, answering(q2.dns()).a(TTL, "192.0.2.5").build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.5:80", l.out[0].addr.toString());
        }
    }

    @Test
    void timeoutsRetryEveryServerInTurnWithFreshIdsAndPortsThenEaiAgain() {
        try (DnsRig rig = new DnsRig("198.18.0.2", "198.18.0.3")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            Set<Integer> ids = new HashSet<>();
            Set<Integer> ports = new HashSet<>();
            int[] expected = {DnsRig.SERVER_1, DnsRig.SERVER_2, DnsRig.SERVER_1, DnsRig.SERVER_2};
            for (int i = 0; i < expected.length; i++) {
                DnsRig.Query q = rig.awaitQuery();
                assertEquals(expected[i], q.server(), "try " + i);
                ids.add(q.id());
                ports.add(q.srcPort());
                rig.advance(999);
                rig.assertNoQuery();
                rig.advance(1);
            }
            assertEquals(Zsock.EAI_AGAIN, l.result());
            assertEquals(4, ids.size(), "a random id per try (RFC 5452 §10)");
            assertEquals(4, ports.size(), "a random source port per try");
            assertEquals(4, rig.counter(NetCounters.DNS_TIMEOUT));
            assertEquals(4, rig.counter(NetCounters.DNS_QUERY_TX));
            rig.assertNoQuery();
            assertAllUdpSocketsFree(rig);
        }
    }

    @Test
    void aLateAnswerToAnEarlierTryIsNotTaken() {
        try (DnsRig rig = new DnsRig("198.18.0.2", "198.18.0.3")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q1 = rig.awaitQuery();
            rig.advance(1000);
            DnsRig.Query q2 = rig.awaitQuery();
            rig.reply(q1, answering(q1.dns()).a(TTL, "192.0.2.66").build());
            rig.reply(q2, answering(q2.dns()).a(TTL, "192.0.2.7").build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.7:80", l.out[0].addr.toString());
        }
    }

    @Test
    void spoofedAnswersAreDroppedAndCountedAndTheRealOneIsTaken() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            byte[] evil = answering(q.dns()).a(3600, "203.0.113.66").build();
            rig.replyFrom(DnsRig.SERVER_2, DnsMessage.PORT, q.srcPort(), evil);
            rig.replyFrom(q.server(), 5353, q.srcPort(), evil);
            rig.reply(q, answering(q.dns()).id(q.id() ^ 1).a(3600, "203.0.113.66").build());
            rig.reply(q, DnsBuilder.response(q.id(), "www.example.org", DnsMessage.TYPE_A).a(3600, "203.0.113.66").build());
            rig.reply(q, DnsBuilder.response(q.id(), "www.example.com", DnsMessage.TYPE_AAAA).a(3600, "203.0.113.66").build());
            rig.reply(q, answering(q.dns()).flags(0).a(3600, "203.0.113.66").build());
            rig.reply(q, answering(q.dns()).noQuestion().build());
            assertEquals(7, rig.counter(NetCounters.DNS_DROP_MISMATCH));
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.1").build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.1:80", l.out[0].addr.toString());
        }
    }

    @Test
    void theQuestionMatchesWithoutCaseAsRfc4343Says() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("WWW.Example.COM");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, DnsBuilder.response(q.id(), "www.example.com", DnsMessage.TYPE_A).a(TTL, "192.0.2.1").build());
            assertEquals(1, l.result());
        }
    }

    @Test
    void truncatedBitIsEaiFailWithoutTcpRetry() {
        assertEquals(Zsock.EAI_FAIL, answerWith(b -> b.flags(DnsMessage.FLAG_QR | DnsMessage.FLAG_TC).a(TTL, "192.0.2.1")));
    }

    @Test
    void aRecordWithAWrongLengthIsEaiFail() {
        assertEquals(Zsock.EAI_FAIL, answerWith(b -> b.answer(ptr(12), DnsMessage.TYPE_A, TTL, new byte[] {1, 2, 3})));
    }

    @Test
    void aCompressionLoopIsEaiFailNotAHang() {
        // The answer's owner is a pointer to itself (offset 12 + question length).
        assertEquals(Zsock.EAI_FAIL, answerWith(b -> b.answer(ptr(12 + 17 + 4), DnsMessage.TYPE_A, TTL, ipv4("192.0.2.1"))));
    }

    @Test
    void aMessageCutInsideTheAnswersIsEaiFail() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            byte[] full = answering(q.dns()).a(TTL, "192.0.2.1").build();
            rig.reply(q, java.util.Arrays.copyOf(full, full.length - 2));
            assertEquals(Zsock.EAI_FAIL, l.result());
            assertEquals(1, rig.counter(NetCounters.DNS_DROP_MALFORMED));
        }
    }

    @Test
    void anOversizedDatagramIsDroppedAndTheLookupGoesOn() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            DnsBuilder big = answering(q.dns());
            for (int i = 0; i < 40; i++) {
                big.a(TTL, "192.0.2." + i);
            }
            byte[] oversized = big.build();
            assertEquals(true, oversized.length > DnsMessage.UDP_MAX);
            rig.reply(q, oversized);
            assertEquals(1, rig.counter(NetCounters.DNS_DROP_MALFORMED));
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.200").build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.200:80", l.out[0].addr.toString());
        }
    }

    @Test
    void noServerKnownIsEaiAgainAtOnce() {
        try (DnsRig rig = new DnsRig()) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            assertEquals(Zsock.EAI_AGAIN, l.result());
            rig.assertNoQuery();
        }
    }

    @Test
    void theNetConfigDefaultServerIsAskedAfterTheInterfacesOwn() {
        NetConfig cfg = NetConfig.defaults();
        cfg.dnsServer = "198.18.0.3";
        try (DnsRig rig = new DnsRig(cfg, "198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            assertEquals(DnsRig.SERVER_1, rig.awaitQuery().server());
            rig.advance(1000);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsRig.SERVER_2, q.server());
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.9").build());
            assertEquals(1, l.result());
        }
    }

    @Test
    void noFreeUdpSocketIsEaiMemory() {
        NetConfig cfg = NetConfig.defaults();
        cfg.maxSockets = 2;
        try (DnsRig rig = new DnsRig(cfg, "198.18.0.2")) {
            rig.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            rig.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(Zsock.EAI_MEMORY, rig.getaddrinfo("www.example.com").result());
            rig.assertNoQuery();
        }
    }

    @Test
    void flagsAndArgumentErrorsHaveTheirCodes() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            AddrInfo[] out = new AddrInfo[2];
            assertEquals(Zsock.EAI_BADFLAGS, rig.z.getaddrinfo(null, "80",
                    new AddrInfo().hints(Zsock.AF_INET, 0, 0, Zsock.AI_CANONNAME), out), "AI_CANONNAME without a host");
            assertEquals(Zsock.EAI_FAMILY, rig.z.getaddrinfo("www.example.com", "80",
                    new AddrInfo().hints(Zsock.AF_UNIX, 0, 0, 0), out));
            assertEquals(Zsock.EAI_FAIL, rig.z.getaddrinfo("www.example.com", "80",
                    new AddrInfo().hints(0, 0, 0, Zsock.AI_NUMERICHOST), out));
            assertEquals(Zsock.EAI_NONAME, rig.z.getaddrinfo("www.example.com", "http",
                    new AddrInfo().hints(0, 0, 0, Zsock.AI_NUMERICSERV), out));
            assertEquals(Zsock.EAI_NONAME, rig.z.getaddrinfo("bad..name", "80", null, out), "an empty label");
            assertEquals(Zsock.EAI_NONAME, rig.z.getaddrinfo("x".repeat(64) + ".com", "80", null, out), "a 64-byte label");
            assertEquals(Zsock.EAI_MEMORY, rig.z.getaddrinfo("www.example.com", "80", null, new AddrInfo[0]));
            rig.assertNoQuery();
            for (int code : new int[] {Zsock.EAI_BADFLAGS, Zsock.EAI_NONAME, Zsock.EAI_AGAIN, Zsock.EAI_FAIL,
                Zsock.EAI_NODATA, Zsock.EAI_FAMILY, Zsock.EAI_MEMORY, Zsock.EAI_OVERFLOW}) {
                assertNotEquals("EAI_UNKNOWN", rig.z.gai_strerror(code));
            }
        }
    }

    @Test
    void addrconfigWithoutAnIpv4AddressBesidesLoopbackIsEaiNoname() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            AddrInfo[] out = new AddrInfo[1];
            assertEquals(Zsock.EAI_NONAME, rig.z.getaddrinfo("www.example.com", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, 0, 0, Zsock.AI_ADDRCONFIG), out), "no IPv6 address");
            rig.assertNoQuery();
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80",
                    new AddrInfo().hints(Zsock.AF_INET, 0, 0, Zsock.AI_ADDRCONFIG), 1);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.1").build());
            assertEquals(1, l.result(), "eth0 has 198.18.0.1");
        }
        io.jzsock.net.NetStack lo = io.jzsock.net.NetStack.create(NetConfig.defaults(),
                new io.jzsock.bsp.VirtualClock(0), new io.jzsock.bsp.SeededEntropy(1));
        assertEquals(Zsock.EAI_NONAME, lo.zsock().getaddrinfo("www.example.com", "80",
                new AddrInfo().hints(Zsock.AF_INET, 0, 0, Zsock.AI_ADDRCONFIG), new AddrInfo[1]), "only loopback");
        lo.stop();
    }

    @Test
    void localhostIsLoopbackWithoutAQuery() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            AddrInfo[] out = new AddrInfo[1];
            assertEquals(1, rig.z.getaddrinfo("LocalHost.", "8080", null, out));
            assertEquals("127.0.0.1:8080", out[0].addr.toString());
            assertEquals(1, rig.z.getaddrinfo("db.localhost", "5432", new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), out));
            assertEquals("[::1]:5432", out[0].addr.toString());
            rig.assertNoQuery();
        }
    }

    @Test
    void af6HintsAskForAaaa() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("v6.example.com", "80", new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), 2);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_AAAA, q.qtype());
            byte[] v6 = new byte[16];
            v6[0] = 0x20;
            v6[1] = 0x01;
            v6[2] = 0x0d;
            v6[3] = (byte) 0xb8;
            v6[15] = 5;
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_AAAA, TTL, v6).build());
            assertEquals(1, l.result());
            assertEquals(Zsock.AF_INET6, l.out[0].family);
            assertEquals("[2001:db8::5]:80", l.out[0].addr.toString());
        }
    }

    @Test
    void concurrentCallersTakeTurnsAndTheSecondForTheSameNameUsesTheFirstsAnswer() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup first = rig.getaddrinfo("a.example.com");
            DnsRig.Query qa = rig.awaitQuery();
            DnsRig.Lookup sameName = rig.getaddrinfo("a.example.com");
            DnsRig.Lookup otherName = rig.getaddrinfo("b.example.com");
            rig.assertNoQuery();
            rig.reply(qa, answering(qa.dns()).a(TTL, "192.0.2.1").build());
            assertEquals(1, first.result());
            DnsRig.Query qb = rig.awaitQuery();
            assertEquals("b.example.com", qb.name(), "the other name is asked next, the same name is not asked again");
            rig.reply(qb, answering(qb.dns()).a(TTL, "192.0.2.2").build());
            assertEquals(1, sameName.result());
            assertEquals(1, otherName.result());
            assertEquals("192.0.2.1:80", sameName.out[0].addr.toString());
            assertEquals("192.0.2.2:80", otherName.out[0].addr.toString());
            rig.assertNoQuery();
        }
    }

    @Test
    void getaddrinfoDoesNotLeakTheResolversSocket() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            for (int i = 0; i < 20; i++) {
                DnsRig.Lookup l = rig.getaddrinfo("n" + i + ".example.com");
                DnsRig.Query q = rig.awaitQuery();
                rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.1").build());
                assertEquals(1, l.result());
            }
            assertAllUdpSocketsFree(rig);
            assertEquals(rig.stack.packetBuffers(), rig.stack.freePacketBuffers());
        }
    }

    /** Every UDP socket of NetConfig.maxSockets can still be opened. */
    static void assertAllUdpSocketsFree(DnsRig rig) {
        int max = rig.stack.config().maxSockets;
        int[] fds = new int[max];
        for (int i = 0; i < max; i++) {
            fds[i] = rig.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(true, fds[i] >= 0, "UDP socket " + i + " of " + max + ": " + fds[i]);
        }
        for (int fd : fds) {
            rig.z.close(fd);
        }
    }

    /** The result of one lookup of www.example.com answered by change applied to a response. */
    private static int answerWith(java.util.function.UnaryOperator<DnsBuilder> change) {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(17, name("www.example.com").length);
            rig.reply(q, change.apply(answering(q.dns())).build());
            return l.result();
        }
    }
}
