package io.jzsock.tls;

import static io.jzsock.tls.TestPki.cert;
import static io.jzsock.tls.TestPki.p256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.tls.TestPki.Cert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6125 §6.4 matching, as a table of (presented, reference, match). */
class HostnameMatchTest {
    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
        // §6.4.1: exact, ASCII case-insensitive; one trailing dot on either side is the same name
        "example.com,            example.com,          true",
        "Example.COM,            eXample.com,          true",
        "example.com.,           example.com,          true",
        "example.com,            example.com.,         true",
        "example.com,            www.example.com,      false",
        "www.example.com,        example.com,          false",
        "example.com,            example.co,           false",
        "example.co,             example.com,          false",
        "example.com..,          example.com,          false",
        // §6.4.3: one left-most whole-label wildcard, for exactly one non-empty label
        "*.example.com,          a.example.com,        true",
        "*.example.com,          A.EXAMPLE.com,        true",
        "*.example.com,          xn--bcher-kva.example.com, true",
        "*.example.com,          a.example.com.,       true",
        "*.example.com,          a.b.example.com,      false",
        "*.example.com,          example.com,          false",
        "*.example.com,          .example.com,         false",
        "*.example.com,          aexample.com,         false",
        "*.example.com,          a.example.org,        false",
        // no partial-label, non-left-most, double or bare wildcards, and not over a public suffix
        "f*.example.com,         foo.example.com,      false",
        "*o.example.com,         foo.example.com,      false",
        "f*o.example.com,        foo.example.com,      false",
        "a.*.example.com,        a.b.example.com,      false",
        "*.*.example.com,        a.b.example.com,      false",
        "**.example.com,         a.example.com,        false",
        "*,                      com,                  false",
        "*.com,                  example.com,          false",
        "*.com.,                 example.com,          false",
        "*.,                     example,              false",
        // a wildcard in the reference identifier is just a character, never a pattern
        "*.example.com,          *.example.com,        false",
        "a.example.com,          *.example.com,        false",
        // empty labels, spaces and non-ASCII never match (IDNA is out of scope: pass A-labels)
        "a..example.com,         a..example.com,       false",
        ".example.com,           .example.com,         false",
        "exa mple.com,           exa mple.com,         false",
        "bücher.example,         bücher.example,       false",
        "xn--bcher-kva.example,  XN--BCHER-KVA.example, true",
    })
    void dnsTable(String presented, String reference, boolean match) {
        assertEquals(match, HostnameMatch.dnsMatches(presented, reference));
    }

    @Test
    void emptyNamesNeverMatch() {
        assertEquals(false, HostnameMatch.dnsMatches("", ""));
        assertEquals(false, HostnameMatch.dnsMatches(".", "."));
        assertEquals(false, HostnameMatch.dnsMatches("example.com", ""));
    }

    @Test
    void ipLiterals() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 7}, HostnameMatch.ipLiteral("192.0.2.7"));
        assertEquals(16, HostnameMatch.ipLiteral("::1").length);
        assertEquals(16, HostnameMatch.ipLiteral("::ffff:192.0.2.7").length);
        assertNull(HostnameMatch.ipLiteral("192.0.2"));
        assertNull(HostnameMatch.ipLiteral("192.0.2.256"));
        assertNull(HostnameMatch.ipLiteral("example.com"));
        assertNull(HostnameMatch.ipLiteral("[::1]"));
        assertNull(HostnameMatch.ipLiteral("1:2:3"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "www.example.com,   true",
        "WWW.Example.Com,   true",
        "a.wild.example,    true",
        "wild.example,      false",
        "cn.example.com,    false",
        "192.0.2.1,         true",
        "192.0.2.2,         false",
        "2001:db8::5,       true",
        "2001:0db8:0:0:0:0:0:5, true",
        "2001:db8::6,       false",
        "10.0.0.1,          false",
    })
    void subjectAltNamesDecideWhenPresent(String host, boolean match) {
        Cert c = cert("cn.example.com").keys(p256(0)).dns("www.example.com", "*.wild.example", "10.0.0.1")
                .ip("192.0.2.1", "2001:db8::5").build();
        assertEquals(match, HostnameMatch.matches(c.holder(), host));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "cn.example.com,    true",
        "CN.EXAMPLE.COM,    true",
        "other.example.com, false",
        "192.0.2.1,         false",
    })
    void commonNameOnlyWithoutSubjectAltName(String host, boolean match) {
        Cert c = cert("cn.example.com").keys(p256(0)).build();
        assertEquals(match, HostnameMatch.matches(c.holder(), host));
        Cert ipCn = cert("192.0.2.1").keys(p256(0)).build();
        assertEquals(false, HostnameMatch.matches(ipCn.holder(), "192.0.2.1"));
    }

    @Test
    void wildcardCommonNameFollowsTheSameRules() {
        Cert c = cert("*.example.com").keys(p256(0)).build();
        assertEquals(true, HostnameMatch.matches(c.holder(), "a.example.com"));
        assertEquals(false, HostnameMatch.matches(c.holder(), "a.b.example.com"));
    }

    @Test
    void everyCommonNameIsTried() {
        Cert c = cert("x").subject("CN=first.example,CN=second.example,O=jzsock test").keys(p256(0)).build();
        assertEquals(true, HostnameMatch.matches(c.holder(), "first.example"));
        assertEquals(true, HostnameMatch.matches(c.holder(), "second.example"));
    }

    @Test
    void aSubjectAltNameWithoutDnsNamesHidesTheCommonName() {
        Cert c = cert("cn.example.com").keys(p256(0)).email("ops@example.com").build();
        assertEquals(false, HostnameMatch.matches(c.holder(), "cn.example.com"));
    }
}
