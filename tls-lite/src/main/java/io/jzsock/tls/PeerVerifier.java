package io.jzsock.tls;

import io.jzsock.net.Errno;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Verifies the certificate chain a TLS peer sent, with Zephyr's result: 0, or the mbedTLS
 * {@code MBEDTLS_X509_BADCERT_*} flags ({@code include/mbedtls/x509.h}) that
 * {@code TLS_CERT_VERIFY_RESULT} returns, with their values. Every problem found is flagged, not only
 * the first, as mbedTLS's {@code mbedtls_x509_crt_verify_with_profile} and
 * {@code mbedtls_ssl_check_cert_usage} do between them:
 *
 * <ul>
 * <li>the path to a trust anchor, its signatures, basic constraints and issuer key usage
 *     ({@link ChainBuilder}): an unknown CA, a missing intermediate, a bad signature, a CA:false or
 *     non-keyCertSign issuer, an exceeded pathLen are all {@link #BADCERT_NOT_TRUSTED};</li>
 * <li>validity of every certificate on the path, trust anchor included, against the {@link WallClock}:
 *     {@link #BADCERT_EXPIRED}, {@link #BADCERT_FUTURE} (see "Time" below);</li>
 * <li>the hostname ({@link HostnameMatch}, RFC 6125): {@link #BADCERT_CN_MISMATCH};</li>
 * <li>the leaf's keyUsage and extendedKeyUsage for the peer's role: {@link #BADCERT_KEY_USAGE},
 *     {@link #BADCERT_EXT_KEY_USAGE};</li>
 * <li>mbedTLS's default profile ({@link SignatureProfile}): {@link #BADCERT_BAD_MD},
 *     {@link #BADCERT_BAD_PK}, {@link #BADCERT_BAD_KEY};</li>
 * <li>{@link #BADCERT_OTHER}: a certificate that does not parse (then nothing else is checked, with
 *     NOT_TRUSTED), an unsupported critical extension, a path longer than mbedTLS allows, and an
 *     unknown time under {@link #UNKNOWN_TIME_REJECT}; {@link #BADCERT_MISSING}: an empty chain.</li>
 * </ul>
 *
 * <p>Trust anchors are the CA_CERTIFICATE entries of the sec tags given, each possibly several DER
 * certificates back to back ({@link TrustAnchors}), read at each call. Revocation is not checked
 * (no CRL or OCSP: {@link #BADCERT_REVOKED} is never set).
 *
 * <p>Time: {@link WallClock#currentTimeMillis} is read once per call. When it is negative (the board
 * has no date), validity is not checked under the default {@link #UNKNOWN_TIME_ACCEPT}, which is what
 * mbedTLS does when built without {@code MBEDTLS_HAVE_TIME_DATE}; {@link #UNKNOWN_TIME_REJECT} flags
 * every such verification {@link #BADCERT_OTHER} instead.
 *
 * <p>Runs at handshake time and allocates (BC parses and verifies); keeps no state between calls, so
 * one instance may serve every socket and thread at once. Must not be called under the stack monitor
 * (signature checks take milliseconds).
 */
public final class PeerVerifier {
    /** The peer is a TLS server: its leaf needs extendedKeyUsage serverAuth when it has the extension. */
    public static final int PURPOSE_SERVER = 1;
    /** The peer is a TLS client: its leaf needs extendedKeyUsage clientAuth when it has the extension. */
    public static final int PURPOSE_CLIENT = 2;
    /**
     * Or'ed into the purpose when the negotiated suite is TLS 1.2 RSA key transport: the leaf's
     * keyUsage must allow keyEncipherment rather than digitalSignature (RFC 5246 §7.4.2).
     */
    public static final int PURPOSE_KEY_TRANSPORT = 0x10;

    public static final int BADCERT_EXPIRED = 0x01;
    public static final int BADCERT_REVOKED = 0x02;
    public static final int BADCERT_CN_MISMATCH = 0x04;
    public static final int BADCERT_NOT_TRUSTED = 0x08;
    public static final int BADCERT_MISSING = 0x40;
    /** Not set here: Zephyr's socket layer reports it when TLS_PEER_VERIFY is NONE. */
    public static final int BADCERT_SKIP_VERIFY = 0x80;
    public static final int BADCERT_OTHER = 0x0100;
    public static final int BADCERT_FUTURE = 0x0200;
    public static final int BADCERT_KEY_USAGE = 0x0800;
    public static final int BADCERT_EXT_KEY_USAGE = 0x1000;
    public static final int BADCERT_NS_CERT_TYPE = 0x2000;
    public static final int BADCERT_BAD_MD = 0x4000;
    public static final int BADCERT_BAD_PK = 0x8000;
    public static final int BADCERT_BAD_KEY = 0x010000;

    /** Without a wall clock, certificates are not checked for validity (the default). */
    public static final int UNKNOWN_TIME_ACCEPT = 0;
    /** Without a wall clock, every verification fails with {@link #BADCERT_OTHER}. */
    public static final int UNKNOWN_TIME_REJECT = 1;

    private static final int[] FLAG_BITS = {
        BADCERT_EXPIRED, BADCERT_REVOKED, BADCERT_CN_MISMATCH, BADCERT_NOT_TRUSTED, BADCERT_MISSING,
        BADCERT_SKIP_VERIFY, BADCERT_OTHER, BADCERT_FUTURE, BADCERT_KEY_USAGE, BADCERT_EXT_KEY_USAGE,
        BADCERT_NS_CERT_TYPE, BADCERT_BAD_MD, BADCERT_BAD_PK, BADCERT_BAD_KEY,
    };
    /** mbedTLS's own texts for the flags ({@code x509_crt_verify_strings} in x509_crt.c), same order. */
    private static final String[] FLAG_TEXTS = {
        "the certificate validity has expired",
        "the certificate has been revoked (is on a CRL)",
        "the certificate Common Name (CN) does not match with the expected CN",
        "the certificate is not correctly signed by the trusted CA",
        "certificate was missing",
        "certificate verification was skipped",
        "other reason (can be used by verify callback)",
        "the certificate validity starts in the future",
        "usage does not match the keyUsage extension",
        "usage does not match the extendedKeyUsage extension",
        "usage does not match the nsCertType extension",
        "the certificate is signed with an unacceptable hash",
        "the certificate is signed with an unacceptable PK alg (eg RSA vs ECDSA)",
        "the certificate is signed with an unacceptable key (eg bad curve, RSA too short)",
    };

    private final TlsCredentials creds;
    private final WallClock clock;
    private final int unknownTime;

    /** With {@link #UNKNOWN_TIME_ACCEPT}. */
    public PeerVerifier(TlsCredentials creds, WallClock clock) {
        this(creds, clock, UNKNOWN_TIME_ACCEPT);
    }

    /** {@code unknownTime}: {@link #UNKNOWN_TIME_ACCEPT} or {@link #UNKNOWN_TIME_REJECT}. */
    public PeerVerifier(TlsCredentials creds, WallClock clock, int unknownTime) {
        if (creds == null || clock == null) {
            throw new IllegalArgumentException("PeerVerifier: credentials or clock is null");
        }
        if (unknownTime != UNKNOWN_TIME_ACCEPT && unknownTime != UNKNOWN_TIME_REJECT) {
            throw new IllegalArgumentException("PeerVerifier: unknown-time policy " + unknownTime);
        }
        this.creds = creds;
        this.clock = clock;
        this.unknownTime = unknownTime;
    }

    /**
     * 0 when the chain (DER, leaf first) verifies against the CA_CERTIFICATE entries of
     * {@code caTags[0..caTagCount)}; else mbedTLS-style X509_BADCERT_* flags (what Zephyr's
     * TLS_CERT_VERIFY_RESULT returns); hostname null = no name check. {@code purpose} is
     * {@link #PURPOSE_SERVER} or {@link #PURPOSE_CLIENT}, optionally with {@link #PURPOSE_KEY_TRANSPORT}.
     * {@code -EINVAL} (negative, never a flag set) for arguments out of range or null.
     */
    public int verify(byte[][] chain, int chainLength, int[] caTags, int caTagCount, String hostname, int purpose) {
        return verify(chain, chainLength, caTags, caTagCount, hostname, purpose, null);
    }

    /**
     * As {@link #verify(byte[][], int, int[], int, String, int)}, and when {@code detail} is not null,
     * appends what was found, certificate by certificate, for a log ("certificate CN=x: expired; ...").
     */
    public int verify(byte[][] chain, int chainLength, int[] caTags, int caTagCount, String hostname, int purpose,
                      StringBuilder detail) {
        int role = purpose & ~PURPOSE_KEY_TRANSPORT;
        if (chain == null || chainLength < 0 || chainLength > chain.length || caTagCount < 0
                || (caTagCount > 0 && (caTags == null || caTagCount > caTags.length))
                || (role != PURPOSE_SERVER && role != PURPOSE_CLIENT)) {
            return -Errno.EINVAL;
        }
        if (chainLength == 0) {
            append(detail, "the peer sent no certificate");
            return BADCERT_MISSING;
        }
        X509CertificateHolder[] peer = new X509CertificateHolder[chainLength];
        for (int i = 0; i < chainLength; i++) {
            byte[] der = chain[i];
            peer[i] = der == null || DerChain.elementLength(der, 0, der.length) != der.length ? null
                    : CertificateParser.parse(der, 0, der.length);
            if (peer[i] == null) {
                append(detail, "certificate " + i + " of the chain is not a DER X.509 certificate");
                return BADCERT_NOT_TRUSTED | BADCERT_OTHER;
            }
        }
        try {
            return verifyParsed(peer, chainLength, caTags, caTagCount, hostname, purpose, detail);
        } catch (RuntimeException e) {
            // Fail closed: whatever BC met that CertificateParser did not decode ahead, the peer is not trusted.
            append(detail, "verification stopped: " + e);
            return BADCERT_NOT_TRUSTED | BADCERT_OTHER;
        }
    }

    private int verifyParsed(X509CertificateHolder[] peer, int chainLength, int[] caTags, int caTagCount,
                             String hostname, int purpose, StringBuilder detail) {
        int role = purpose & ~PURPOSE_KEY_TRANSPORT;
        X509CertificateHolder leaf = peer[0];
        long now = clock.currentTimeMillis();
        int flags = 0;
        if (now < 0 && unknownTime == UNKNOWN_TIME_REJECT) {
            append(detail, "the date is unknown, validity cannot be checked");
            flags |= BADCERT_OTHER;
        }
        if (hostname != null && !HostnameMatch.matches(leaf, hostname)) {
            append(detail, "certificate " + leaf.getSubject() + ": not a name for " + hostname);
            flags |= BADCERT_CN_MISMATCH;
        }
        int key = SignatureProfile.keyFlags(leaf.getSubjectPublicKeyInfo());
        if (key != 0) {
            append(detail, "certificate " + leaf.getSubject() + ": key outside the profile");
            flags |= key;
        }
        int usage = CertificateRules.leafUsageFlags(leaf, purpose);
        if (usage != 0) {
            append(detail, "certificate " + leaf.getSubject() + ": "
                    + ((usage & BADCERT_KEY_USAGE) != 0 ? "keyUsage " : "")
                    + ((usage & BADCERT_EXT_KEY_USAGE) != 0 ? "extendedKeyUsage " : "")
                    + "does not allow a TLS " + (role == PURPOSE_SERVER ? "server" : "client"));
            flags |= usage;
        }
        X509CertificateHolder[] anchors = TrustAnchors.load(creds, caTags, caTagCount);
        return flags | new ChainBuilder(peer, chainLength, anchors, now, detail).verify();
    }

    /** Human-readable reasons for flags, for logs and test messages: mbedTLS's texts, joined by "; ". */
    public static String reason(int flags) {
        if (flags == 0) {
            return "verified";
        }
        if (flags < 0) {
            return "not verified: error " + flags;
        }
        StringBuilder b = new StringBuilder();
        int rest = flags;
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) {
                append(b, FLAG_TEXTS[i]);
                rest &= ~FLAG_BITS[i];
            }
        }
        if (rest != 0) {
            append(b, "unknown flags 0x" + Integer.toHexString(rest));
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String s) {
        if (b == null) {
            return;
        }
        if (b.length() > 0) {
            b.append("; ");
        }
        b.append(s);
    }
}
