package io.jzsock.tls;

import io.jzsock.net.InetText;
import io.jzsock.net.ZsockConstants;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * RFC 6125 §6 matching of the name the application asked for ({@code TLS_HOSTNAME}, the "reference
 * identifier") against the leaf certificate's names (the "presented identifiers").
 *
 * <ul>
 * <li>A DNS name is compared with each subjectAltName dNSName (§6.4.1), ASCII case-insensitively; one
 *     trailing dot on either side is ignored (an absolute name is the same name).</li>
 * <li>Wildcards (§6.4.3): only a whole left-most label {@code *}, followed by at least two labels;
 *     it stands for exactly one non-empty label: {@code *.example.com} matches {@code a.example.com},
 *     not {@code a.b.example.com} nor {@code example.com}. Partial-label wildcards ({@code f*.example.com},
 *     {@code *o.example.com}), wildcards in other labels and {@code *.com} match nothing.</li>
 * <li>An IP literal (IPv4 dotted quad, or IPv6 text, {@link InetText}) is compared only with iPAddress
 *     SANs, byte for byte (RFC 5280 §4.2.1.6), never with a dNSName or the CN.</li>
 * <li>The subject's CN is consulted only when the certificate has no subjectAltName extension at all
 *     (§6.4.4; mbedTLS's {@code x509_crt_verify_name} draws the same line), with the DNS rules above.</li>
 * <li>Internationalised names are out of scope: no IDNA conversion is done, so the application passes
 *     the A-label ({@code xn--...}) form, which is compared as ASCII; a name with non-ASCII characters
 *     matches nothing.</li>
 * </ul>
 */
final class HostnameMatch {
    private HostnameMatch() {
    }

    /** True when {@code leaf} is a certificate for {@code host}. */
    static boolean matches(X509CertificateHolder leaf, String host) {
        byte[] ip = ipLiteral(host);
        Extension sanExtension = leaf.getExtension(Extension.subjectAlternativeName);
        if (sanExtension != null) {
            GeneralName[] names = GeneralNames.getInstance(sanExtension.getParsedValue()).getNames();
            for (int i = 0; i < names.length; i++) {
                if (ip != null ? ipMatches(names[i], ip) : dnsNameMatches(names[i], host)) {
                    return true;
                }
            }
            return false;
        }
        if (ip != null) {
            return false;
        }
        RDN[] cns = leaf.getSubject().getRDNs(BCStyle.CN);
        for (int i = 0; i < cns.length; i++) {
            AttributeTypeAndValue[] values = cns[i].getTypesAndValues();
            for (int j = 0; j < values.length; j++) {
                if (BCStyle.CN.equals(values[j].getType()) && stringMatches(values[j].getValue(), host)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in HostName" (no SNI for them). */
    static boolean isIpLiteral(String host) {
        return ipLiteral(host) != null;
    }

    /**
     * The 4 or 16 address bytes when {@code host} is an IPv4 or IPv6 literal, else null. Text with a
     * colon is IPv6 or nothing (a colon is never part of a DNS name).
     */
    static byte[] ipLiteral(String host) {
        byte[] v4 = new byte[4];
        if (InetText.pton(ZsockConstants.AF_INET, host, v4) == 1) {
            return v4;
        }
        byte[] v6 = new byte[16];
        return host.indexOf(':') >= 0 && InetText.pton(ZsockConstants.AF_INET6, host, v6) == 1 ? v6 : null;
    }

    /**
     * RFC 6125 §6.4: does the presented DNS identifier {@code pattern} (from a dNSName or the CN) match
     * the reference identifier {@code host}? Neither may be an IP literal for a match to be meaningful;
     * {@link #matches} keeps IP literals away from here.
     */
    static boolean dnsMatches(String pattern, String host) {
        int pEnd = withoutTrailingDot(pattern);
        int hEnd = withoutTrailingDot(host);
        if (!wellFormed(pattern, pEnd, true) || !wellFormed(host, hEnd, false)) {
            return false;
        }
        if (pattern.charAt(0) != '*') {
            return pEnd == hEnd && host.regionMatches(true, 0, pattern, 0, pEnd);
        }
        // "*." + at least two labels: the rest of the pattern has a dot of its own (no "*.com").
        if (pEnd < 2 || pattern.charAt(1) != '.' || pattern.indexOf('.', 2) < 0
                || pattern.indexOf('.', 2) >= pEnd) {
            return false;
        }
        int hostDot = host.indexOf('.');
        if (hostDot <= 0 || hostDot >= hEnd) {
            return false;
        }
        int suffix = pEnd - 1;
        return hEnd - hostDot == suffix && host.regionMatches(true, hostDot, pattern, 1, suffix);
    }

    private static boolean ipMatches(GeneralName name, byte[] ip) {
        if (name.getTagNo() != GeneralName.iPAddress) {
            return false;
        }
        byte[] presented = ASN1OctetString.getInstance(name.getName()).getOctets();
        if (presented.length != ip.length) {
            return false;
        }
        for (int i = 0; i < ip.length; i++) {
            if (presented[i] != ip[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean dnsNameMatches(GeneralName name, String host) {
        return name.getTagNo() == GeneralName.dNSName && stringMatches(name.getName(), host);
    }

    private static boolean stringMatches(ASN1Encodable value, String host) {
        return value instanceof ASN1String && dnsMatches(((ASN1String) value).getString(), host);
    }

    /** The length of {@code s} without one trailing dot. */
    private static int withoutTrailingDot(String s) {
        int n = s.length();
        return n > 0 && s.charAt(n - 1) == '.' ? n - 1 : n;
    }

    /**
     * {@code s[0, end)} is non-empty printable ASCII with no empty label; a {@code *} only where
     * {@code wildcardAllowed} and only as the whole first label (anything else is a partial or
     * misplaced wildcard, which matches nothing).
     */
    private static boolean wellFormed(String s, int end, boolean wildcardAllowed) {
        if (end == 0) {
            return false;
        }
        char previous = '.';
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~' || (c == '.' && previous == '.')) {
                return false;
            }
            if (c == '*' && !(wildcardAllowed && i == 0 && (end == 1 || s.charAt(1) == '.'))) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }
}
