package io.jzsock.net.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.InetText;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

/** RFC 6724 §5 source selection, the RFC 4291 address facts, RFC 8200 §8.1's pseudo-header. */
class SourceSelectionTest {
    final NetInterface eth = new NetInterface(2, "eth0", new StubDevice(),
            InterfaceConfig.ipv4("eth0", "198.18.0.2", 24, null), 1500, 1, 1, 1);

    private static long hi(String a) {
        byte[] b = new byte[16];
        InetText.pton(ZsockConstants.AF_INET6, a, b);
        return Bytes.i64(b, 0);
    }

    private static long lo(String a) {
        byte[] b = new byte[16];
        InetText.pton(ZsockConstants.AF_INET6, a, b);
        return Bytes.i64(b, 8);
    }

    private void add(String a, int prefix, int state) {
        eth.addIpv6(hi(a), lo(a), prefix, state, Ipv6InterfaceState.ORIGIN_STATIC, Ipv6InterfaceState.FOREVER,
                Ipv6InterfaceState.FOREVER);
    }

    private String select(String dst) {
        IpRoute r = new IpRoute();
        r.family = ZsockConstants.AF_INET6;
        r.ifc = eth;
        r.dstHi = hi(dst);
        r.dstLo = lo(dst);
        int rc = SourceSelection.select(null, r);
        if (rc < 0) {
            return "errno " + -rc;
        }
        byte[] b = new byte[16];
        Bytes.putI64(b, 0, r.srcHi);
        Bytes.putI64(b, 8, r.srcLo);
        return InetText.ntop(ZsockConstants.AF_INET6, b);
    }

    @Test
    void scopeDeprecationAndLongestPrefixDecideInRfcOrder() {
        add("fe80::1", 64, Ipv6InterfaceState.PREFERRED);
        add("2001:db8:1::1", 64, Ipv6InterfaceState.DEPRECATED);
        add("2001:db8:2::1", 64, Ipv6InterfaceState.PREFERRED);
        add("2001:db8:3::1", 64, Ipv6InterfaceState.TENTATIVE);
        // Rule 2: a link-local destination takes the link-local source, a global one a global source.
        assertEquals("fe80::1", select("fe80::99"));
        assertEquals("fe80::1", select("ff02::1"));
        // Rule 3 beats rule 8: the deprecated address shares the longer prefix but loses.
        assertEquals("2001:db8:2::1", select("2001:db8:1::99"));
        // Rule 1: the destination itself, even deprecated.
        assertEquals("2001:db8:1::1", select("2001:db8:1::1"));
        // Rule 8 among preferred ones; a tentative address is never a candidate (RFC 4862 §5.4).
        assertEquals("2001:db8:2::1", select("2001:db8:3::99"));
        assertEquals("2001:db8:2::1", select("2001:db8:2::99"));
    }

    @Test
    void rule6PrefersTheMatchingLabel() {
        add("2002:c000:201::1", 48, Ipv6InterfaceState.PREFERRED);
        add("fd00::1", 64, Ipv6InterfaceState.PREFERRED);
        add("2a01::1", 64, Ipv6InterfaceState.PREFERRED);
        assertEquals("fd00::1", select("fd12::1"));
        assertEquals("2002:c000:201::1", select("2002:c633:6401::1"));
        // Label 1 (::/0) for the global unicast address, though 2002::/16 shares as many leading bits.
        assertEquals("2a01::1", select("2a00::1"));
    }

    @Test
    void anInterfaceWithoutUsableAddressesHasNoSource() {
        add("fe80::1", 64, Ipv6InterfaceState.TENTATIVE);
        add("2001:db8::1", 64, Ipv6InterfaceState.DUPLICATE);
        assertEquals("errno " + Errno.EADDRNOTAVAIL, select("2001:db8::2"));
    }

    @Test
    void addressFactsAndPrefixArithmetic() {
        assertTrue(Ipv6Address.isLinkLocal(hi("fe80::1")));
        assertTrue(Ipv6Address.isLinkLocal(hi("febf::1")));
        assertFalse(Ipv6Address.isLinkLocal(hi("fec0::1")));
        assertEquals(2, Ipv6Address.multicastScope(hi("ff02::1")));
        assertEquals(0xe, Ipv6Address.multicastScope(hi("ff0e::1")));
        assertEquals(lo("ff02::1:ffab:cdef"), Ipv6Address.solicitedNodeLo(lo("2001:db8::12ab:cdef")));
        assertTrue(Ipv6Address.isSolicitedNode(hi("ff02::1:ff00:1"), lo("ff02::1:ff00:1")));
        assertTrue(Ipv6Address.samePrefix(hi("2001:db8:1::"), lo("2001:db8:1::"), hi("2001:db8:1:0:ffff::"),
                lo("2001:db8:1:0:ffff::"), 64));
        assertFalse(Ipv6Address.samePrefix(hi("2001:db8:1::"), 0, hi("2001:db8:2::"), 0, 47));
        assertTrue(Ipv6Address.samePrefix(hi("2001:db8:1::"), 0, hi("2001:db8:0::"), 0, 46));
        assertEquals(126, Ipv6Address.commonPrefixLen(hi("2001:db8::1"), lo("2001:db8::1"), hi("2001:db8::2"),
                lo("2001:db8::2")));
        assertEquals(0, Ipv6Address.commonPrefixLen(hi("8000::"), 0, 0, 0));
        assertEquals(128, Ipv6Address.commonPrefixLen(5, 6, 5, 6));
    }

    @Test
    void pseudoHeaderSumsTheAddressesLengthAndNextHeaderAsRfc8200Says() {
        byte[] ph = new byte[40];
        InetText.pton(ZsockConstants.AF_INET6, "2001:db8::1", ph);
        byte[] d = new byte[16];
        InetText.pton(ZsockConstants.AF_INET6, "fe80::abcd:1234", d);
        System.arraycopy(d, 0, ph, 16, 16);
        Bytes.putI32(ph, 32, 70000);
        ph[39] = 58;
        assertEquals(Checksum.sum(ph, 0, 40, 0), Checksum.pseudoHeaderV6(Bytes.i64(ph, 0), Bytes.i64(ph, 8),
                Bytes.i64(ph, 16), Bytes.i64(ph, 24), 58, 70000));
    }

    @Test
    void pathMtuTableIsBoundedAndReplacesTheOldest() {
        PathMtuTable t = new PathMtuTable(2, 600000);
        assertTrue(t.lower(1, 1, 1400, 1500, 10));
        assertTrue(t.lower(1, 2, 1300, 1500, 20));
        assertTrue(t.lower(1, 3, 1350, 1500, 30));
        assertEquals(2, t.size());
        assertEquals(1500, t.mtu(1, 1, 1500), "the oldest entry made room");
        assertEquals(1300, t.mtu(1, 2, 1500));
        assertEquals(1280, t.mtu(1, 2, 1280), "never above the link's");
        assertEquals(20 + 600000, t.nextDeadline());
    }

    @Test
    void reservedInterfaceIdentifiersAreNeverFormed() {
        assertTrue(StableIid.reserved(0));
        assertTrue(StableIid.reserved(0xfdffffffffffff80L));
        assertTrue(StableIid.reserved(0xfdffffffffffffffL));
        assertFalse(StableIid.reserved(0xfdffffffffffff7fL));
    }
}
