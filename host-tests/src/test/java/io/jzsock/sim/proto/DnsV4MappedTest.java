package io.jzsock.sim.proto;

import static io.jzsock.sim.testkit.DnsBuilder.answering;
import static io.jzsock.sim.testkit.DnsBuilder.ptr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.testkit.DnsRig;
import org.junit.jupiter.api.Test;

/** getaddrinfo with AF_INET6 and AI_V4MAPPED / AI_ALL / AI_ADDRCONFIG (RFC 3493 §6.1) against a scripted server. */
class DnsV4MappedTest {
    private static final int TTL = 300;

    private static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    @Test
    void v4MappedReturnsTheARecordsAsMappedWhenTheNameHasNoAaaa() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("v4only.example.com", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, 0, 0, Zsock.AI_V4MAPPED), 2);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_AAAA, q.qtype());
            rig.reply(q, answering(q.dns()).build());
            DnsRig.Query qa = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_A, qa.qtype());
            rig.reply(qa, answering(qa.dns()).a(TTL, "192.0.2.7").a(TTL, "192.0.2.8").build());
            assertEquals(2, l.result());
            assertEquals(Zsock.AF_INET6, l.out[0].family);
            assertEquals("[::ffff:192.0.2.7]:80", l.out[0].addr.toString());
            assertEquals("[::ffff:192.0.2.8]:80", l.out[1].addr.toString());
        }
    }

    @Test
    void v4MappedWithAaaaRecordsAsksNothingMore() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("both.example.com", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, 0, 0, Zsock.AI_V4MAPPED), 2);
            DnsRig.Query q = rig.awaitQuery();
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_AAAA, TTL, v6(5)).build());
            assertEquals(1, l.result());
            assertEquals("[2001:db8::5]:80", l.out[0].addr.toString());
            rig.assertNoQuery();
        }
    }

    @Test
    void v4MappedWithAllReturnsAaaaFirstThenMappedA() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("both.example.com", "443",
                    new AddrInfo().hints(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0, Zsock.AI_V4MAPPED | Zsock.AI_ALL), 3);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_AAAA, q.qtype());
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_AAAA, TTL, v6(9)).build());
            DnsRig.Query qa = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_A, qa.qtype());
            rig.reply(qa, answering(qa.dns()).a(TTL, "192.0.2.9").build());
            assertEquals(2, l.result());
            assertEquals("[2001:db8::9]:443", l.out[0].addr.toString());
            assertEquals("[::ffff:192.0.2.9]:443", l.out[1].addr.toString());
            assertEquals(Zsock.AF_INET6, l.out[1].family);
        }
    }

    @Test
    void addrconfigWithV4MappedAsksOnlyAWhenTheStackHasNoIpv6() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80", new AddrInfo().hints(Zsock.AF_INET6, 0, 0,
                    Zsock.AI_V4MAPPED | Zsock.AI_ADDRCONFIG), 1);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_A, q.qtype(), "no IPv6 address of ours: AAAA not asked");
            rig.reply(q, answering(q.dns()).a(TTL, "192.0.2.1").build());
            assertEquals(1, l.result());
            assertEquals("[::ffff:192.0.2.1]:80", l.out[0].addr.toString());
        }
    }

    /** A stack with a global IPv6 address too (DAD off, so it is preferred at once). */
    private static DnsRig dualStackRig() {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6DadTransmits = 0;
        return new DnsRig(cfg, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6("2001:db8:9::1", 64),
                "198.18.0.2");
    }

    @Test
    void afUnspecWithAGlobalIpv6AddressAsksAaaaThenAAndSortsIpv6First() {
        try (DnsRig rig = dualStackRig()) {
            DnsRig.Lookup l = rig.getaddrinfo("both.example.com", "80", new AddrInfo().hints(Zsock.AF_UNSPEC, 0, 0, 0), 3);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_AAAA, q.qtype());
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_AAAA, TTL, v6(3)).build());
            DnsRig.Query qa = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_A, qa.qtype());
            rig.reply(qa, answering(qa.dns()).a(TTL, "192.0.2.3").build());
            assertEquals(2, l.result());
            assertEquals("[2001:db8::3]:80", l.out[0].addr.toString(), "RFC 6724 §6 Rule 6: IPv6 first");
            assertEquals("192.0.2.3:80", l.out[1].addr.toString());
            assertEquals(Zsock.AF_INET, l.out[1].family);
        }
    }

    @Test
    void addrconfigWithAGlobalIpv6AddressAsksAaaa() {
        try (DnsRig rig = dualStackRig()) {
            DnsRig.Lookup l = rig.getaddrinfo("v6.example.com", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, 0, 0, Zsock.AI_ADDRCONFIG), 1);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_AAAA, q.qtype());
            rig.reply(q, answering(q.dns()).answer(ptr(12), DnsMessage.TYPE_AAAA, TTL, v6(4)).build());
            assertEquals(1, l.result());
            assertEquals("[2001:db8::4]:80", l.out[0].addr.toString());
        }
    }

    @Test
    void anIpv4LiteralWithAfInet6IsMappedOnlyWithV4Mapped() {
        try (DnsRig rig = new DnsRig("198.18.0.2")) {
            AddrInfo[] out = new AddrInfo[1];
            assertEquals(Zsock.EAI_ADDRFAMILY, rig.z.getaddrinfo("192.0.2.1", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), out));
            assertEquals(1, rig.z.getaddrinfo("192.0.2.1", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0, Zsock.AI_V4MAPPED), out));
            assertEquals(Zsock.AF_INET6, out[0].family);
            assertEquals(Zsock.IPPROTO_UDP, out[0].protocol);
            assertEquals("[::ffff:192.0.2.1]:80", out[0].addr.toString());
            rig.assertNoQuery();
        }
    }
}
