package io.jzsock.net.resolve;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.AF_INET6;
import static io.jzsock.net.ZsockConstants.AF_PACKET;
import static io.jzsock.net.ZsockConstants.AF_UNSPEC;
import static io.jzsock.net.ZsockConstants.AI_NUMERICHOST;
import static io.jzsock.net.ZsockConstants.AI_NUMERICSERV;
import static io.jzsock.net.ZsockConstants.AI_PASSIVE;
import static io.jzsock.net.ZsockConstants.EAI_ADDRFAMILY;
import static io.jzsock.net.ZsockConstants.EAI_FAIL;
import static io.jzsock.net.ZsockConstants.EAI_FAMILY;
import static io.jzsock.net.ZsockConstants.EAI_MEMORY;
import static io.jzsock.net.ZsockConstants.EAI_NONAME;
import static io.jzsock.net.ZsockConstants.EAI_OVERFLOW;
import static io.jzsock.net.ZsockConstants.EAI_SERVICE;
import static io.jzsock.net.ZsockConstants.EAI_SOCKTYPE;
import static io.jzsock.net.ZsockConstants.IPPROTO_ICMP;
import static io.jzsock.net.ZsockConstants.IPPROTO_TCP;
import static io.jzsock.net.ZsockConstants.IPPROTO_UDP;
import static io.jzsock.net.ZsockConstants.NI_NAMEREQD;
import static io.jzsock.net.ZsockConstants.NI_NUMERICHOST;
import static io.jzsock.net.ZsockConstants.NI_NUMERICSERV;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static io.jzsock.net.ZsockConstants.SOCK_RAW;
import static io.jzsock.net.ZsockConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumericResolverTest {
    private final NumericResolver resolver = new NumericResolver();
    private final AddrInfo[] out = new AddrInfo[1];

    private static AddrInfo hints(int family, int socktype, int flags) {
        return new AddrInfo().hints(family, socktype, 0, flags);
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static byte[] addr16(AddrInfo ai) {
        return Arrays.copyOf(ai.addr.addressBytes(), 16);
    }

    private static void assertEntry(AddrInfo ai, int family, int socktype, int protocol, int port, byte[] address) {
        assertEquals(family, ai.family);
        assertEquals(socktype, ai.socktype);
        assertEquals(protocol, ai.protocol);
        assertEquals(family, ai.addr.family());
        assertEquals(port, ai.addr.port());
        assertEquals(0, ai.addr.scopeId());
        assertEquals(0, ai.flags);
        assertNull(ai.canonname);
        assertArrayEquals(Arrays.copyOf(address, 16), addr16(ai));
    }

    // GAI-03
    @Test
    void nullHostAndNullServiceGiveEaiNoname() {
        assertEquals(EAI_NONAME, resolver.getaddrinfo(null, null, null, out));
        assertEquals(EAI_NONAME, resolver.getaddrinfo(null, null, hints(AF_INET, SOCK_STREAM, AI_PASSIVE), out));
        assertNull(out[0]);
    }

    // GAI-04
    @Test
    void numericIpv4WithoutHintsIsOneStreamTcpEntry() {
        assertEquals(1, resolver.getaddrinfo("1.2.3.255", "65534", null, out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 65534, hex("010203ff"));
        assertEquals(0x010203ff, out[0].addr.ipv4());
    }

    @Test
    void numericIpv4WithStreamHintsIsStreamTcp() {
        assertEquals(1, resolver.getaddrinfo("1.2.3.255", "65534", hints(AF_INET, SOCK_STREAM, 0), out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 65534, hex("010203ff"));
    }

    @Test
    void numericIpv4WithDgramHintsIsDgramUdp() {
        assertEquals(1, resolver.getaddrinfo("1.2.3.255", "65534", hints(AF_INET, SOCK_DGRAM, 0), out));
        assertEntry(out[0], AF_INET, SOCK_DGRAM, IPPROTO_UDP, 65534, hex("010203ff"));
    }

    @Test
    void numericIpv4WithUnspecHintsAndZeroSocktypeDefaultsToStream() {
        assertEquals(1, resolver.getaddrinfo("192.0.2.1", "80", hints(AF_UNSPEC, 0, 0), out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 80, hex("c0000201"));
    }

    @Test
    void nullServiceGivesPortZero() {
        assertEquals(1, resolver.getaddrinfo("192.0.2.1", null, null, out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 0, hex("c0000201"));
    }

    @Test
    void nonNumericHostGivesEaiNonameSinceDnsIsNotImplemented() {
        assertEquals(EAI_NONAME, resolver.getaddrinfo("www.zephyrproject.org", "80", null, out));
        assertEquals(EAI_NONAME, resolver.getaddrinfo("", "80", null, out));
        assertEquals(EAI_NONAME, resolver.getaddrinfo("1.2.3.4x", "80", null, out));
        assertNull(out[0]);
    }

    // GAI-05: Zephyr's test_getaddrinfo_num_ipv6 cases
    @ParameterizedTest
    @CsvSource({
        "[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210], 0, fedcba9876543210fedcba9876543210",
        "[1080:0:0:0:8:800:200C:417A], 1, 108000000000000000080800200c417a",
        "[3ffe:2a00:100:7031::1], 2, 3ffe2a00010070310000000000000001",
        "[1080::8:800:200C:417A], 2, 108000000000000000080800200c417a",
        "[::192.9.5.5], 2, 000000000000000000000000c0090505",
        "[::FFFF:129.144.52.38], 2, 00000000000000000000ffff81903426",
        "[2010:836B:4179::836B:4179], 2, 2010836b4179000000000000836b4179",
    })
    void bracketedIpv6LiteralsResolveToOneInet6Entry(String host, int hintKind, String bytes) {
        AddrInfo h = hintKind == 0 ? null : hints(AF_INET6, hintKind == 1 ? SOCK_STREAM : SOCK_DGRAM, 0);
        assertEquals(1, resolver.getaddrinfo(host, "65534", h, out));
        int socktype = hintKind == 2 ? SOCK_DGRAM : SOCK_STREAM;
        int protocol = hintKind == 2 ? IPPROTO_UDP : IPPROTO_TCP;
        assertEntry(out[0], AF_INET6, socktype, protocol, 65534, hex(bytes));
    }

    @Test
    void unbracketedIpv6LiteralResolvesToo() {
        assertEquals(1, resolver.getaddrinfo("2001:db8::1", "443", null, out));
        assertEntry(out[0], AF_INET6, SOCK_STREAM, IPPROTO_TCP, 443, hex("20010db8000000000000000000000001"));
        assertEquals(1, resolver.getaddrinfo("[::1]", "7", null, out));
        assertEntry(out[0], AF_INET6, SOCK_STREAM, IPPROTO_TCP, 7, hex("00000000000000000000000000000001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1.2.3.4]", "[::1", "::1]", "[]", "[[::1]]", "[::1]:80", "[::1%1]"})
    void malformedBracketsAreNotLiterals(String host) {
        assertEquals(EAI_NONAME, resolver.getaddrinfo(host, "80", null, out));
        assertNull(out[0]);
    }

    // GAI-06
    @Test
    void numericHostFlagWithANameGivesEaiFail() {
        assertEquals(EAI_FAIL, resolver.getaddrinfo("foo.bar", "65534", hints(AF_UNSPEC, 0, AI_NUMERICHOST), out));
        assertNull(out[0]);
        assertEquals(EAI_FAIL, resolver.getaddrinfo("foo.bar", "70000", hints(AF_UNSPEC, 0, AI_NUMERICHOST), out));
    }

    @Test
    void numericHostFlagWithAnAddressSucceeds() {
        assertEquals(1, resolver.getaddrinfo("1.2.3.4", "65534", hints(AF_UNSPEC, 0, AI_NUMERICHOST), out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 65534, hex("01020304"));
    }

    // GAI-07
    @Test
    void ipv4LiteralWithInet6HintGivesEaiAddrfamily() {
        assertEquals(EAI_ADDRFAMILY, resolver.getaddrinfo("192.0.2.1", null, hints(AF_INET6, 0, 0), out));
        assertNull(out[0]);
    }

    @Test
    void ipv6LiteralWithInetHintGivesEaiAddrfamily() {
        assertEquals(EAI_ADDRFAMILY, resolver.getaddrinfo("2001:db8::1", null, hints(AF_INET, 0, 0), out));
        assertEquals(EAI_ADDRFAMILY, resolver.getaddrinfo("[2001:db8::1]", "80", hints(AF_INET, 0, 0), out));
        assertNull(out[0]);
    }

    // GAI-08
    @Test
    void serviceAbove65535GivesEaiNoname() {
        assertEquals(EAI_NONAME, resolver.getaddrinfo("192.0.2.1", "70000", null, out));
        assertEquals(EAI_NONAME, resolver.getaddrinfo("192.0.2.1", "65536", null, out));
        assertEquals(EAI_NONAME, resolver.getaddrinfo("192.0.2.1", "99999999999999999999", null, out));
        assertNull(out[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http", "-1", "+80", " 80", "80 ", "80x", "0x50", "８０"})
    void nonDecimalServiceGivesEaiNoname(String service) {
        assertEquals(EAI_NONAME, resolver.getaddrinfo("192.0.2.1", service, null, out));
        assertEquals(EAI_NONAME, resolver.getaddrinfo("192.0.2.1", service, hints(AF_UNSPEC, 0, AI_NUMERICSERV), out));
        assertNull(out[0]);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "65535, 65535", "00080, 80", "1, 1"})
    void decimalServiceInRangeIsThePort(String service, int port) {
        assertEquals(1, resolver.getaddrinfo("192.0.2.1", service, null, out));
        assertEquals(port, out[0].addr.port());
    }

    // GAI-09: Zephyr's test_getaddrinfo_null_host
    @Test
    void nullHostPassiveInetStreamIsInaddrAny() {
        assertEquals(1, resolver.getaddrinfo(null, "80", hints(AF_INET, SOCK_STREAM, AI_PASSIVE), out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 80, new byte[4]);
        assertEquals(0, out[0].addr.ipv4());
    }

    @Test
    void nullHostPassiveInet6StreamIsIn6addrAny() {
        assertEquals(1, resolver.getaddrinfo(null, "80", hints(AF_INET6, SOCK_STREAM, AI_PASSIVE), out));
        assertEntry(out[0], AF_INET6, SOCK_STREAM, IPPROTO_TCP, 80, new byte[16]);
    }

    @Test
    void nullHostPassiveInet6DgramIsIn6addrAnyUdp() {
        assertEquals(1, resolver.getaddrinfo(null, "80", hints(AF_INET6, SOCK_DGRAM, AI_PASSIVE), out));
        assertEntry(out[0], AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 80, new byte[16]);
    }

    @Test
    void nullHostPassiveInetDgramIsInaddrAnyUdp() {
        assertEquals(1, resolver.getaddrinfo(null, "80", hints(AF_INET, SOCK_DGRAM, AI_PASSIVE), out));
        assertEntry(out[0], AF_INET, SOCK_DGRAM, IPPROTO_UDP, 80, new byte[4]);
    }

    @Test
    void nullHostPassiveUnspecPicksInaddrAnyAsZephyrDoes() {
        assertEquals(1, resolver.getaddrinfo(null, "8080", hints(AF_UNSPEC, 0, AI_PASSIVE), out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 8080, new byte[4]);
    }

    @Test
    void nullHostWithoutPassiveIsLoopback() {
        assertEquals(1, resolver.getaddrinfo(null, "80", null, out));
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 80, hex("7f000001"));
        assertEquals(1, resolver.getaddrinfo(null, "80", hints(AF_INET, SOCK_DGRAM, 0), out));
        assertEntry(out[0], AF_INET, SOCK_DGRAM, IPPROTO_UDP, 80, hex("7f000001"));
        assertEquals(1, resolver.getaddrinfo(null, "53", hints(AF_INET6, SOCK_DGRAM, 0), out));
        assertEntry(out[0], AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 53, hex("00000000000000000000000000000001"));
    }

    @Test
    void unknownHintsFamilyGivesEaiFamily() {
        assertEquals(EAI_FAMILY, resolver.getaddrinfo("192.0.2.1", "80", hints(AF_PACKET, 0, 0), out));
        assertEquals(EAI_FAMILY, resolver.getaddrinfo(null, "80", hints(99, 0, AI_PASSIVE), out));
        assertNull(out[0]);
    }

    @Test
    void unknownHintsSocktypeGivesEaiSocktype() {
        assertEquals(EAI_SOCKTYPE, resolver.getaddrinfo("192.0.2.1", "80", hints(AF_INET, 4, 0), out));
        assertEquals(EAI_SOCKTYPE, resolver.getaddrinfo("192.0.2.1", "80", hints(AF_INET, -1, 0), out));
        assertNull(out[0]);
    }

    @Test
    void rawSocktypeKeepsHintsProtocolAndRejectsAService() {
        AddrInfo h = new AddrInfo().hints(AF_INET, SOCK_RAW, IPPROTO_ICMP, 0);
        assertEquals(1, resolver.getaddrinfo("192.0.2.1", null, h, out));
        assertEntry(out[0], AF_INET, SOCK_RAW, IPPROTO_ICMP, 0, hex("c0000201"));
        out[0] = null;
        assertEquals(EAI_SERVICE, resolver.getaddrinfo("192.0.2.1", "80", h, out));
        assertNull(out[0]);
    }

    @Test
    void nullOrEmptyResultArrayGivesEaiMemory() {
        assertEquals(EAI_MEMORY, resolver.getaddrinfo("192.0.2.1", "80", null, null));
        assertEquals(EAI_MEMORY, resolver.getaddrinfo("192.0.2.1", "80", null, new AddrInfo[0]));
    }

    @Test
    void existingEntryIsReusedAndClearedFirst() {
        AddrInfo stale = new AddrInfo().hints(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, AI_PASSIVE);
        stale.canonname = "old";
        stale.addr.setIpv6(hex("20010db8000000000000000000000001"), 0, 9, 3);
        out[0] = stale;
        assertEquals(1, resolver.getaddrinfo("10.0.0.1", "5000", null, out));
        assertSame(stale, out[0]);
        assertEntry(stale, AF_INET, SOCK_STREAM, IPPROTO_TCP, 5000, hex("0a000001"));
    }

    @Test
    void failedCallLeavesExistingEntryUnchanged() {
        assertEquals(1, resolver.getaddrinfo("10.0.0.1", "5000", null, out));
        AddrInfo before = out[0];
        assertEquals(EAI_NONAME, resolver.getaddrinfo("10.0.0.2", "70000", null, out));
        assertSame(before, out[0]);
        assertEntry(out[0], AF_INET, SOCK_STREAM, IPPROTO_TCP, 5000, hex("0a000001"));
    }

    @Test
    void largerResultArrayGetsOneEntryAndTheRestIsUntouched() {
        AddrInfo[] many = new AddrInfo[3];
        assertEquals(1, resolver.getaddrinfo("::1", "1", null, many));
        assertNotNull(many[0]);
        assertNull(many[1]);
        assertNull(many[2]);
    }

    @Test
    void freeaddrinfoClearsEntriesAndToleratesNulls() {
        AddrInfo[] res = new AddrInfo[2];
        assertEquals(1, resolver.getaddrinfo("192.0.2.1", "80", hints(AF_INET, SOCK_DGRAM, 0), res));
        resolver.freeaddrinfo(res);
        AddrInfo ai = res[0];
        assertEquals(0, ai.family);
        assertEquals(0, ai.socktype);
        assertEquals(0, ai.protocol);
        assertEquals(AF_UNSPEC, ai.addr.family());
        assertEquals(0, ai.addr.port());
        assertArrayEquals(new byte[16], addr16(ai));
        assertNull(res[1]);
        resolver.freeaddrinfo(null);
    }

    @Test
    void gaiStrerrorNamesCodesAsZephyrDoes() {
        assertEquals("EAI_NONAME", NumericResolver.gai_strerror(EAI_NONAME));
        assertEquals("EAI_FAIL", NumericResolver.gai_strerror(EAI_FAIL));
        assertEquals("EAI_ADDRFAMILY", NumericResolver.gai_strerror(EAI_ADDRFAMILY));
        assertEquals("EAI_FAMILY", NumericResolver.gai_strerror(EAI_FAMILY));
        assertEquals("EAI_SOCKTYPE", NumericResolver.gai_strerror(EAI_SOCKTYPE));
        assertEquals("EAI_SERVICE", NumericResolver.gai_strerror(EAI_SERVICE));
        assertEquals("EAI_MEMORY", NumericResolver.gai_strerror(EAI_MEMORY));
        assertEquals("EAI_OVERFLOW", NumericResolver.gai_strerror(EAI_OVERFLOW));
        assertEquals("EAI_SYSTEM", NumericResolver.gai_strerror(ZsockConstants.EAI_SYSTEM));
        assertEquals("EAI_CANCELED", NumericResolver.gai_strerror(ZsockConstants.EAI_CANCELED));
        assertEquals("EAI_IDN_ENCODE", NumericResolver.gai_strerror(ZsockConstants.EAI_IDN_ENCODE));
        assertEquals("EAI_UNKNOWN", NumericResolver.gai_strerror(0));
        assertEquals("EAI_UNKNOWN", NumericResolver.gai_strerror(-104));
    }

    // GNI-01: Zephyr's tests/net/socket/getnameinfo cases, flags 0 and numeric flags
    private static String cString(byte[] b) {
        int n = 0;
        while (b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void getnameinfoRendersIpv4AddressAndPort() {
        byte[] host = new byte[80];
        byte[] serv = new byte[10];
        SockAddr a = SockAddr.ipv4(0, 0);
        assertEquals(0, resolver.getnameinfo(a, host, host.length, serv, serv.length, 0));
        assertEquals("0.0.0.0", cString(host));
        assertEquals("0", cString(serv));

        a.setIpv4(0x7f000001, 1234);
        assertEquals(0, resolver.getnameinfo(a, host, host.length, serv, serv.length, 0));
        assertEquals("127.0.0.1", cString(host));
        assertEquals("1234", cString(serv));
    }

    @Test
    void getnameinfoRendersIpv6AddressAndPort() {
        byte[] host = new byte[80];
        byte[] serv = new byte[10];
        SockAddr a = new SockAddr().setIpv6(new byte[16], 0, 0, 0);
        assertEquals(0, resolver.getnameinfo(a, host, host.length, serv, serv.length, 0));
        assertEquals("::", cString(host));
        assertEquals("0", cString(serv));

        a.setIpv6(hex("ff550000000000000000000000000011"), 0, 4321, 0);
        assertEquals(0, resolver.getnameinfo(a, host, host.length, serv, serv.length, NI_NUMERICHOST | NI_NUMERICSERV));
        assertEquals("ff55::11", cString(host));
        assertEquals("4321", cString(serv));

        a.setIpv6(hex("00000000000000000000ffffc0000201"), 0, 65535, 0);
        assertEquals(0, resolver.getnameinfo(a, host, host.length, serv, serv.length, NI_NUMERICHOST));
        assertEquals("::ffff:192.0.2.1", cString(host));
        assertEquals("65535", cString(serv));
    }

    @Test
    void getnameinfoFitsExactlyAndOverflowsWhenOneShort() {
        SockAddr a = SockAddr.ipv4(0x7f000001, 1234);
        byte[] host = new byte[10];
        byte[] serv = new byte[5];
        assertEquals(0, resolver.getnameinfo(a, host, 10, serv, 5, 0));
        assertEquals("127.0.0.1", cString(host));
        assertEquals("1234", cString(serv));
        assertEquals(EAI_OVERFLOW, resolver.getnameinfo(a, host, 9, serv, 5, 0));
        assertEquals(EAI_OVERFLOW, resolver.getnameinfo(a, host, 10, serv, 4, 0));
        // a length beyond the array is clamped to the array
        assertEquals(0, resolver.getnameinfo(a, host, 100, serv, 5, 0));
        assertEquals(EAI_OVERFLOW, resolver.getnameinfo(SockAddr.ipv4(0x7f000001, 12345), host, 10, serv, 100, 0));
    }

    @Test
    void getnameinfoSkipsTheBufferThatIsNotWanted() {
        SockAddr a = SockAddr.ipv4(0xc0000201, 80);
        byte[] serv = new byte[6];
        assertEquals(0, resolver.getnameinfo(a, null, 0, serv, serv.length, 0));
        assertEquals("80", cString(serv));
        byte[] host = new byte[16];
        assertEquals(0, resolver.getnameinfo(a, host, host.length, null, 0, 0));
        assertEquals("192.0.2.1", cString(host));
        assertEquals(EAI_NONAME, resolver.getnameinfo(a, null, 0, null, 0, 0));
    }

    @Test
    void getnameinfoOfUnknownFamilyGivesEaiFamily() {
        byte[] host = new byte[64];
        byte[] serv = new byte[8];
        assertEquals(EAI_FAMILY, resolver.getnameinfo(new SockAddr(), host, host.length, serv, serv.length, 0));
        assertEquals(EAI_FAMILY, resolver.getnameinfo(new SockAddr().setFamily(AF_PACKET), host, 64, serv, 8, 0));
        assertEquals(EAI_FAMILY, resolver.getnameinfo(null, host, host.length, serv, serv.length, 0));
    }

    @Test
    void getnameinfoWithNameRequiredGivesEaiNonameWithoutReverseDns() {
        byte[] host = new byte[64];
        byte[] serv = new byte[8];
        assertEquals(EAI_NONAME, resolver.getnameinfo(SockAddr.ipv4(0x7f000001, 80), host, 64, serv, 8, NI_NAMEREQD));
    }
}
