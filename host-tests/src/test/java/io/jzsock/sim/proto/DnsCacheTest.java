package io.jzsock.sim.proto;

import static io.jzsock.sim.testkit.DnsBuilder.answering;
import static io.jzsock.sim.testkit.DnsBuilder.ipv4;
import static io.jzsock.sim.testkit.DnsBuilder.name;
import static io.jzsock.sim.testkit.DnsBuilder.ptr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.testkit.DnsBuilder;
import io.jzsock.sim.testkit.DnsRig;
import org.junit.jupiter.api.Test;

/**
 * CNAME chains inside one answer and the answer cache: TTLs honoured (RFC 1035 §3.2.1, RFC 2181
 * §8), negative answers kept for the SOA's time (RFC 2308 §5), and nothing but the asked-for chain
 * ever cached (RFC 2181 §5.4.1).
 */
class DnsCacheTest {
    private static final AddrInfo CANON = new AddrInfo().hints(Zsock.AF_INET, 0, 0, Zsock.AI_CANONNAME);

    @Test
    void aCnameChainIsFollowedInAnyOrderAndItsEndIsTheCanonicalName() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80", CANON, 2);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns())
                    .answer(name("edge.cdn.example.net"), DnsMessage.TYPE_A, 60, ipv4("192.0.2.77"))
                    .answer(name("cdn.example.net"), DnsMessage.TYPE_CNAME, 60, name("edge.cdn.example.net"))
                    .answer(ptr(12), DnsMessage.TYPE_CNAME, 60, name("cdn.example.net"))
                    .build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.77:80", l.out[0].addr.toString());
            assertEquals("edge.cdn.example.net", l.out[0].canonname);
        }
    }

    @Test
    void canonnameIsTheNameItselfWithoutACname() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("Host.Example.com", "80", CANON, 2);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(60, "192.0.2.1").a(60, "192.0.2.2").build());
            assertEquals(2, l.result());
            assertEquals("Host.Example.com", l.out[0].canonname);
            assertNull(l.out[1].canonname, "POSIX: the first entry only");
        }
    }

    @Test
    void aChainOfEightLinksResolvesAndNineIsEaiFail() {
        assertEquals(1, chainOf(8));
        assertEquals(Zsock.EAI_FAIL, chainOf(9));
    }

    @Test
    void aCnameWithoutTheTargetsRecordsMakesTheResolverAskForTheTarget() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80", CANON, 2);
            DnsRig.Query q1 = rig.awaitQuery();
            rig.reply(q1, answering(q1.dns()).answer(ptr(12), DnsMessage.TYPE_CNAME, 30, name("cdn.example.net")).build());
            DnsRig.Query q2 = rig.awaitQuery();
            assertEquals("cdn.example.net", q2.name());
            assertEquals(DnsRig.SERVER_1, q2.server());
            rig.reply(q2, answering(q2.dns()).a(600, "192.0.2.44").build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.44:80", l.out[0].addr.toString());
            assertEquals("cdn.example.net", l.out[0].canonname);
            assertEquals(1, rig.z.getaddrinfo("www.example.com", "80", null, new AddrInfo[1]), "cached under the alias");
            rig.assertNoQuery();
            rig.advance(30_000);
            DnsRig.Lookup again = rig.getaddrinfo("www.example.com");
            assertEquals("www.example.com", rig.awaitQuery().name(), "kept for the CNAME's 30 s, not the A's 600 s");
            rig.advance(1000);
            rig.awaitQuery();
            rig.advance(1000);
            assertEquals(Zsock.EAI_AGAIN, again.result());
        }
    }

    @Test
    void cnameOnlyAnswersEndAfterEightLinksInAll() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            for (int i = 1; i <= 9; i++) {
                DnsRig.Query q = rig.awaitQuery();
                assertEquals(i == 1 ? "www.example.com" : "c" + (i - 1) + ".example.com", q.name());
                rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_CNAME, 60, name("c" + i + ".example.com")).build());
            }
            assertEquals(Zsock.EAI_FAIL, l.result());
            rig.assertNoQuery();
        }
    }

    @Test
    void aCnameToATargetWithoutRecordsAndAnSoaIsNodataWithoutAnotherQuery() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_CNAME, 60, name("cdn.example.net"))
                    .soa("example.net", 60, 60).build());
            assertEquals(Zsock.EAI_NODATA, l.result());
            rig.assertNoQuery();
        }
    }

    @Test
    void aCnameLoopIsEaiFail() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns())
                    .answer(ptr(12), DnsMessage.TYPE_CNAME, 60, name("b.example.com"))
                    .answer(name("b.example.com"), DnsMessage.TYPE_CNAME, 60, name("www.example.com"))
                    .build());
            assertEquals(Zsock.EAI_FAIL, l.result());
        }
    }

    @Test
    void aCachedAnswerIsUsedUntilItsTtlEnds() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            resolveOnce(rig, "www.example.com", 30, "192.0.2.1");
            for (int i = 0; i < 3; i++) {
                AddrInfo[] out = new AddrInfo[1];
                assertEquals(1, rig.z.getaddrinfo("WWW.example.com", "22", null, out), "cached, any case");
                assertEquals("192.0.2.1:22", out[0].addr.toString());
                rig.assertNoQuery();
            }
            assertEquals(3, rig.counter(NetCounters.DNS_CACHE_HIT));
            rig.advance(29_999);
            assertEquals(1, rig.z.getaddrinfo("www.example.com", "22", null, new AddrInfo[1]));
            rig.assertNoQuery();
            rig.advance(1);
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(30, "192.0.2.2").build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.2:80", l.out[0].addr.toString(), "expired: asked again");
        }
    }

    @Test
    void aZeroTtlIsUsedOnceAndNotCached() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            resolveOnce(rig, "www.example.com", 0, "192.0.2.1");
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(0, "192.0.2.1").build());
            assertEquals(1, l.result());
            assertEquals(0, rig.counter(NetCounters.DNS_CACHE_HIT));
        }
    }

    @Test
    void aTtlWithTheTopBitSetCountsAsZero() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            resolveOnce(rig, "www.example.com", 0x80000000L, "192.0.2.1");
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(60, "192.0.2.1").build());
            assertEquals(1, l.result(), "RFC 2181 §8: not cached, asked again");
        }
    }

    @Test
    void unrelatedAndOutOfBailiwickRecordsNeverReachTheCache() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns())
                    .a(3600, "192.0.2.1")
                    .answer(name("bank.example"), DnsMessage.TYPE_A, 3600, ipv4("203.0.113.66"))
                    .authority(name("bank.example"), DnsMessage.TYPE_NS, 3600, name("ns.evil.example"))
                    .additional(name("ns.evil.example"), DnsMessage.TYPE_A, 3600, ipv4("203.0.113.67"))
                    .additional(name("mail.example.com"), DnsMessage.TYPE_A, 3600, ipv4("203.0.113.68"))
                    .build());
            assertEquals(1, l.result());
            assertEquals("192.0.2.1:80", l.out[0].addr.toString(), "only the record the question asked for");
            for (String other : new String[] {"bank.example", "ns.evil.example", "mail.example.com"}) {
                DnsRig.Lookup o = rig.getaddrinfo(other);
                DnsRig.Query oq = rig.awaitQuery();
                assertEquals(other, oq.name(), other + " was not cached: a query goes out");
                rig.reply(oq, answering(oq.dns()).rcode(DnsMessage.RCODE_NXDOMAIN).build());
                assertEquals(Zsock.EAI_NONAME, o.result());
            }
        }
    }

    @Test
    void aCnameTargetsRecordsAreNotCachedUnderTheTargetsName() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns())
                    .answer(ptr(12), DnsMessage.TYPE_CNAME, 3600, name("victim.example.org"))
                    .answer(name("victim.example.org"), DnsMessage.TYPE_A, 3600, ipv4("192.0.2.9"))
                    .build());
            assertEquals(1, l.result());
            DnsRig.Lookup v = rig.getaddrinfo("victim.example.org");
            DnsRig.Query vq = rig.awaitQuery();
            assertEquals("victim.example.org", vq.name(), "the alias's answer is cached under the alias only");
            rig.reply(vq, answering(vq.dns()).a(60, "192.0.2.10").build());
            assertEquals(1, v.result());
            assertEquals("192.0.2.10:80", v.out[0].addr.toString());
        }
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimumAndWithoutSoaNotAtAll() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("gone.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).rcode(DnsMessage.RCODE_NXDOMAIN).soa("example.com", 3600, 20).build());
            assertEquals(Zsock.EAI_NONAME, l.result());
            assertEquals(Zsock.EAI_NONAME, rig.z.getaddrinfo("gone.example.com", "80", null, new AddrInfo[1]));
            rig.assertNoQuery();
            assertEquals(1, rig.counter(NetCounters.DNS_CACHE_HIT));
            rig.advance(20_000);
            DnsRig.Lookup again = rig.getaddrinfo("gone.example.com");
            DnsRig.Query q2 = rig.awaitQuery();
            rig.reply(q2, answering(q2.dns()).rcode(DnsMessage.RCODE_NXDOMAIN).build());
            assertEquals(Zsock.EAI_NONAME, again.result());
            DnsRig.Lookup third = rig.getaddrinfo("gone.example.com");
            DnsRig.Query q3 = rig.awaitQuery();
            rig.reply(q3, answering(q3.dns()).a(60, "192.0.2.3").build());
            assertEquals(1, third.result(), "no SOA, nothing cached");
        }
    }

    @Test
    void anSoaOfAnotherZoneGivesNoNegativeCaching() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("gone.example.com");
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).soa("evil.example", 3600, 3600).build());
            assertEquals(Zsock.EAI_NODATA, l.result());
            DnsRig.Lookup again = rig.getaddrinfo("gone.example.com");
            DnsRig.Query q2 = rig.awaitQuery();
            rig.reply(q2, answering(q2.dns()).a(60, "192.0.2.3").build());
            assertEquals(1, again.result());
        }
    }

    @Test
    void aFullCacheMakesRoomWithTheEntryExpiringFirst() {
        NetConfig cfg = NetConfig.defaults();
        cfg.dnsCacheEntries = 2;
        try (DnsRig rig = new DnsRig(cfg, "198.18.0.2")) {
            resolveOnce(rig, "a.example.com", 100, "192.0.2.1");
            resolveOnce(rig, "b.example.com", 50, "192.0.2.2");
            resolveOnce(rig, "c.example.com", 200, "192.0.2.3");
            assertEquals(1, rig.z.getaddrinfo("a.example.com", "80", null, new AddrInfo[1]));
            assertEquals(1, rig.z.getaddrinfo("c.example.com", "80", null, new AddrInfo[1]));
            rig.assertNoQuery();
            DnsRig.Lookup b = rig.getaddrinfo("b.example.com");
            assertEquals("b.example.com", rig.awaitQuery().name(), "b expired first, so it went");
            rig.advance(1000);
            assertEquals("b.example.com", rig.awaitQuery().name(), "second attempt");
            rig.advance(1000);
            assertEquals(Zsock.EAI_AGAIN, b.result());
        }
    }

    @Test
    void theCacheHoldsNoMoreAddressesThanNetConfigSays() {
        NetConfig cfg = NetConfig.defaults();
        cfg.dnsMaxAddresses = 2;
        try (DnsRig rig = new DnsRig(cfg, "198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80", null, 4);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).a(60, "192.0.2.1").a(60, "192.0.2.2").a(60, "192.0.2.3").build());
            assertEquals(2, l.result());
            assertEquals(2, rig.z.getaddrinfo("www.example.com", "80", null, new AddrInfo[4]));
        }
    }

    /** Resolves name once over the network with one A record of the given TTL. */
    private static void resolveOnce(DnsRig rig, String host, long ttl, String address) {
        DnsRig.Lookup l = rig.getaddrinfo(host);
        DnsRig.Query q = rig.awaitQuery();
        assertEquals(host, q.name());
        rig.reply(q, answering(q.dns()).a(ttl, address).build());
        assertEquals(1, l.result());
    }

    private static int chainOf(int links) {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            DnsBuilder b = answering(q.dns());
            byte[] owner = ptr(12);
            for (int i = 1; i <= links; i++) {
                byte[] target = name("c" + i + ".example.com");
                b.answer(owner, DnsMessage.TYPE_CNAME, 60, target);
                owner = target;
            }
            b.answer(owner, DnsMessage.TYPE_A, 60, ipv4("192.0.2.8"));
            rig.reply(q, b.build());
            return l.result();
        }
    }
}
