package io.jzsock.net.resolve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DnsNamesTest {
    private final byte[] dst = new byte[255];

    @Test
    void encodesLabelsWithAnOptionalTrailingDot() {
        byte[] want = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
        assertEquals(want.length, DnsNames.encode("www.example", dst));
        assertArrayEquals(want, Arrays.copyOf(dst, want.length));
        assertEquals(want.length, DnsNames.encode("www.example.", dst));
    }

    @Test
    void rejectsWhatIsNoHostName() {
        for (String bad : new String[] {"", ".", "a..b", ".a", "a b", "caf\u00e9", "x\u0000y", "a".repeat(64)}) {
            assertEquals(-1, DnsNames.encode(bad, dst), bad);
        }
        assertEquals(63 + 2, DnsNames.encode("a".repeat(63), dst));
    }

    @Test
    void the253CharacterNameIsTheLongest() {
        String l = "a".repeat(62);
        String name = l + "." + l + "." + l + "." + l + ".a";
        assertEquals(253, name.length());
        assertEquals(255, DnsNames.encode(name, dst));
        assertEquals(-1, DnsNames.encode(name + "a", dst));
    }

    @Test
    void textRoundTripsAndRejectsDotsInsideLabels() {
        int n = DnsNames.encode("printer.example.com", dst);
        byte[] text = new byte[64];
        assertEquals(19, DnsNames.toText(dst, n, text, text.length));
        assertEquals("printer.example.com", new String(text, 0, 19, StandardCharsets.US_ASCII));
        assertEquals(DnsNames.TOO_LONG, DnsNames.toText(dst, n, text, 18));
        assertEquals(DnsNames.NOT_TEXT, DnsNames.toText(new byte[] {3, 'a', '.', 'b', 0}, 5, text, 64));
        assertEquals(DnsNames.NOT_TEXT, DnsNames.toText(new byte[] {1, 0, 0}, 3, text, 64));
    }

    @Test
    void reverseNameIsInAddrArpa() {
        int n = DnsNames.reverseIpv4(0xC0000221, dst);
        byte[] text = new byte[64];
        int t = DnsNames.toText(dst, n, text, 64);
        assertEquals("33.2.0.192.in-addr.arpa", new String(text, 0, t, StandardCharsets.US_ASCII));
        assertEquals(DnsNames.encode("33.2.0.192.in-addr.arpa", new byte[255]), n);
    }

    @Test
    void reverseIpv6NameIsTheNibblesUnderIp6ArpaAndAMappedAddressIsInAddrArpa() {
        byte[] text = new byte[128];
        int n = DnsNames.reverse(0x20010db800000000L, 0x00000000056789abL, dst);
        int t = DnsNames.toText(dst, n, text, text.length);
        String want = "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
        assertEquals(want, new String(text, 0, t, StandardCharsets.US_ASCII), "RFC 3596 §2.5");
        assertEquals(DnsNames.encode(want, new byte[255]), n);
        n = DnsNames.reverse(0L, 0x0000ffffC0000221L, dst);
        t = DnsNames.toText(dst, n, text, text.length);
        assertEquals("33.2.0.192.in-addr.arpa", new String(text, 0, t, StandardCharsets.US_ASCII));
        n = DnsNames.reverse(0xfe80000000000000L, 0xffffffffffffffffL, dst);
        t = DnsNames.toText(dst, n, text, text.length);
        assertEquals("f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa",
                new String(text, 0, t, StandardCharsets.US_ASCII));
    }

    @Test
    void localhostAndNamesBelowIt() {
        assertTrue(DnsNames.isLocalhost("localhost"));
        assertTrue(DnsNames.isLocalhost("LOCALHOST."));
        assertTrue(DnsNames.isLocalhost("a.localhost"));
        assertFalse(DnsNames.isLocalhost("notlocalhost"));
        assertFalse(DnsNames.isLocalhost("localhost.example.com"));
    }
}
