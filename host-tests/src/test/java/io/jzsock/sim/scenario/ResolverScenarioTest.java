package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * getaddrinfo through the Zsock facade (zsock-scenarios GAI-03..09, Zephyr
 * tests/net/socket/getaddrinfo); the resolver's own unit tests live in netcore.
 */
class ResolverScenarioTest extends LoopbackScenario {
    private final AddrInfo[] res = new AddrInfo[2];

    private static AddrInfo hints(int family, int socktype, int flags) {
        return new AddrInfo().hints(family, socktype, 0, flags);
    }

    private static byte[] v6(int... words) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (words[i] >>> 8);
            b[2 * i + 1] = (byte) words[i];
        }
        return b;
    }

    @Test
    @DisplayName("GAI-03 NULL host and NULL service is an error (EAI_NONAME)")
    void nullHostAndServiceIsError() {
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo(null, null, null, res));
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo(null, null, hints(Zsock.AF_INET, 0, Zsock.AI_PASSIVE), res));
    }

    @Test
    @DisplayName("GAI-04 numeric IPv4: one AF_INET result, STREAM/TCP by default, DGRAM gives UDP, port and bytes right")
    void numericIpv4() {
        assertEquals(1, z.getaddrinfo("192.0.2.1", "80", null, res));
        AddrInfo ai = res[0];
        assertEquals(Zsock.AF_INET, ai.family);
        assertEquals(Zsock.SOCK_STREAM, ai.socktype);
        assertEquals(Zsock.IPPROTO_TCP, ai.protocol);
        assertEquals(SockAddr.parse("192.0.2.1", 80), ai.addr);
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, Arrays.copyOf(ai.addr.addressBytes(), 4));

        assertEquals(1, z.getaddrinfo("192.0.2.1", "53", hints(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0), res));
        assertEquals(Zsock.AF_INET, res[0].family);
        assertEquals(Zsock.SOCK_DGRAM, res[0].socktype);
        assertEquals(Zsock.IPPROTO_UDP, res[0].protocol);
        assertEquals(53, res[0].addr.port());
        assertEquals(0xC0000201, res[0].addr.ipv4());

        assertEquals(1, z.getaddrinfo("198.18.0.9", null, hints(Zsock.AF_UNSPEC, 0, 0), res));
        assertEquals(0, res[0].addr.port());
        z.freeaddrinfo(res);
    }

    @Test
    @DisplayName("GAI-05 numeric IPv6 in brackets: full, compressed, v4-compatible and v4-mapped")
    void numericIpv6InBrackets() {
        assertEquals(1, z.getaddrinfo("[2001:db8:0:0:0:0:0:1]", "80", null, res));
        assertEquals(Zsock.AF_INET6, res[0].family);
        assertArrayEquals(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), res[0].addr.addressBytes());
        assertEquals(80, res[0].addr.port());
        assertEquals(1, z.getaddrinfo("[2001:db8::1]", "80", null, res));
        assertArrayEquals(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), res[0].addr.addressBytes());
        assertEquals(1, z.getaddrinfo("[::192.9.5.5]", null, null, res));
        assertArrayEquals(v6(0, 0, 0, 0, 0, 0, 0xc009, 0x0505), res[0].addr.addressBytes());
        assertEquals(1, z.getaddrinfo("[::FFFF:129.144.52.38]", "8080", null, res));
        assertArrayEquals(v6(0, 0, 0, 0, 0, 0xffff, 0x8190, 0x3426), res[0].addr.addressBytes());
        assertEquals(Zsock.AF_INET6, res[0].family);
        assertEquals(Zsock.SIZEOF_SOCKADDR_IN6, res[0].addr.length());
    }

    @Test
    @DisplayName("GAI-06 AI_NUMERICHOST with a name is EAI_FAIL; with an address it resolves")
    void numericHostFlag() {
        assertEquals(Zsock.EAI_FAIL, z.getaddrinfo("www.example.com", "80", hints(0, 0, Zsock.AI_NUMERICHOST), res));
        assertEquals(1, z.getaddrinfo("192.0.2.7", "80", hints(0, 0, Zsock.AI_NUMERICHOST), res));
        assertEquals(0xC0000207, res[0].addr.ipv4());
    }

    @Test
    @DisplayName("GAI-07 a literal of the other family than the hint is EAI_ADDRFAMILY")
    void familyMismatchIsEaiAddrfamily() {
        assertEquals(Zsock.EAI_ADDRFAMILY, z.getaddrinfo("192.0.2.1", "80", hints(Zsock.AF_INET6, 0, 0), res));
        assertEquals(Zsock.EAI_ADDRFAMILY, z.getaddrinfo("[2001:db8::1]", "80", hints(Zsock.AF_INET, 0, 0), res));
        assertEquals(Zsock.EAI_ADDRFAMILY, z.getaddrinfo("::1", null, hints(Zsock.AF_INET, 0, 0), res));
    }

    @Test
    @DisplayName("GAI-08 service 70000 is EAI_NONAME")
    void portOutOfRangeIsEaiNoname() {
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo("192.0.2.1", "70000", null, res));
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo(null, "70000", hints(Zsock.AF_INET, 0, Zsock.AI_PASSIVE), res));
        assertEquals(1, z.getaddrinfo("192.0.2.1", "65535", null, res));
        assertEquals(65535, res[0].addr.port());
    }

    @Test
    @DisplayName("GAI-09 NULL host with AI_PASSIVE gives INADDR_ANY / in6addr_any for TCP and UDP")
    void passiveNullHostIsAny() {
        for (int type : new int[] {Zsock.SOCK_STREAM, Zsock.SOCK_DGRAM}) {
            int proto = type == Zsock.SOCK_STREAM ? Zsock.IPPROTO_TCP : Zsock.IPPROTO_UDP;
            assertEquals(1, z.getaddrinfo(null, "4242", hints(Zsock.AF_INET, type, Zsock.AI_PASSIVE), res));
            assertEquals(Zsock.AF_INET, res[0].family);
            assertEquals(type, res[0].socktype);
            assertEquals(proto, res[0].protocol);
            assertEquals(SockAddr.parse("0.0.0.0", 4242), res[0].addr);

            assertEquals(1, z.getaddrinfo(null, "4242", hints(Zsock.AF_INET6, type, Zsock.AI_PASSIVE), res));
            assertEquals(Zsock.AF_INET6, res[0].family);
            assertEquals(proto, res[0].protocol);
            assertArrayEquals(new byte[16], res[0].addr.addressBytes());
            assertEquals(4242, res[0].addr.port());
        }
        assertEquals(1, z.getaddrinfo(null, "7", hints(Zsock.AF_UNSPEC, Zsock.SOCK_DGRAM, Zsock.AI_PASSIVE), res));
        assertEquals(Zsock.AF_INET, res[0].family, "AF_UNSPEC picks IPv4 as Zephyr does");

        int s = z.socket(res[0].family, res[0].socktype, res[0].protocol);
        assertEquals(0, z.bind(s, res[0].addr), "the passive result is bindable");
        assertEquals(0, z.close(s));
        for (int type : new int[] {Zsock.SOCK_STREAM, Zsock.SOCK_DGRAM}) {
            assertEquals(1, z.getaddrinfo(null, "4243", hints(Zsock.AF_INET6, type, Zsock.AI_PASSIVE), res));
            int s6 = z.socket(res[0].family, res[0].socktype, res[0].protocol);
            assertEquals(0, z.bind(s6, res[0].addr), "the v6 passive result is bindable: [::]:4243");
            SockAddr name = new SockAddr();
            assertEquals(0, z.getsockname(s6, name));
            assertEquals("[::]:4243", name.toString());
            assertEquals(0, z.close(s6));
        }
    }
}
