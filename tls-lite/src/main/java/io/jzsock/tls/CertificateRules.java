package io.jzsock.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The per-certificate rules of RFC 5280 that {@link PeerVerifier} applies, read through Bouncy Castle's
 * extension classes: may a certificate issue others, is it valid now, may the leaf be used for TLS,
 * does it carry a critical extension nobody here processes.
 */
final class CertificateRules {
    /** Critical extensions processed here or in {@link HostnameMatch}; the key identifiers only inform. */
    private static final ASN1ObjectIdentifier[] UNDERSTOOD = {
        Extension.basicConstraints,
        Extension.keyUsage,
        Extension.extendedKeyUsage,
        Extension.subjectAlternativeName,
        Extension.subjectKeyIdentifier,
        Extension.authorityKeyIdentifier,
    };

    private CertificateRules() {
    }

    /**
     * May {@code issuer} sign certificates (RFC 5280 §4.2.1.9 cA, §4.2.1.3 keyCertSign when keyUsage is
     * present)? A v1/v2 trust anchor, which cannot carry extensions, may: mbedTLS's
     * {@code x509_crt_check_parent} makes the same exception for locally trusted roots.
     */
    static boolean mayIssue(X509CertificateHolder issuer, boolean trusted) {
        if (trusted && issuer.getVersionNumber() < 3) {
            return true;
        }
        Extensions extensions = issuer.getExtensions();
        BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
        if (constraints == null || !constraints.isCA()) {
            return false;
        }
        KeyUsage usage = KeyUsage.fromExtensions(extensions);
        return usage == null || usage.hasUsages(KeyUsage.keyCertSign);
    }

    /** The issuer name is the subject name (RFC 5280 §6.1: self-issued, not necessarily self-signed). */
    static boolean selfIssued(X509CertificateHolder c) {
        return c.getSubject().equals(c.getIssuer());
    }

    /**
     * BADCERT_EXPIRED and/or BADCERT_FUTURE for {@code c} at {@code now} (ms since 1970; both bounds
     * inclusive, RFC 5280 §4.1.2.5); 0 when {@code now} is negative (the time is unknown).
     */
    static int timeFlags(X509CertificateHolder c, long now) {
        if (now < 0) {
            return 0;
        }
        int flags = 0;
        if (c.getNotAfter().getTime() < now) {
            flags |= PeerVerifier.BADCERT_EXPIRED;
        }
        if (c.getNotBefore().getTime() > now) {
            flags |= PeerVerifier.BADCERT_FUTURE;
        }
        return flags;
    }

    /**
     * BADCERT_KEY_USAGE and/or BADCERT_EXT_KEY_USAGE for a TLS peer's leaf, as mbedTLS's
     * {@code mbedtls_ssl_check_cert_usage}: keyUsage, when present, must allow digitalSignature (TLS 1.3,
     * ECDHE and client authentication sign), or keyEncipherment under {@link PeerVerifier#PURPOSE_KEY_TRANSPORT}
     * (TLS 1.2 RSA key transport, RFC 5246 §7.4.2); extendedKeyUsage, when present, must hold
     * serverAuth for a server, clientAuth for a client, or anyExtendedKeyUsage (RFC 5280 §4.2.1.12).
     */
    static int leafUsageFlags(X509CertificateHolder leaf, int purpose) {
        Extensions extensions = leaf.getExtensions();
        int flags = 0;
        KeyUsage usage = KeyUsage.fromExtensions(extensions);
        int needed = (purpose & PeerVerifier.PURPOSE_KEY_TRANSPORT) != 0 ? KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
        if (usage != null && !usage.hasUsages(needed)) {
            flags |= PeerVerifier.BADCERT_KEY_USAGE;
        }
        ExtendedKeyUsage purposes = ExtendedKeyUsage.fromExtensions(extensions);
        KeyPurposeId wanted = (purpose & PeerVerifier.PURPOSE_CLIENT) != 0 ? KeyPurposeId.id_kp_clientAuth
                : KeyPurposeId.id_kp_serverAuth;
        if (purposes != null && !purposes.hasKeyPurposeId(wanted)
                && !purposes.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
            flags |= PeerVerifier.BADCERT_EXT_KEY_USAGE;
        }
        return flags;
    }

    /**
     * The OID of a critical extension of {@code c} that is not processed here, or null. RFC 5280 §4.2:
     * such a certificate must be rejected (name constraints and policies are among them: this verifier
     * enforces neither, and mbedTLS refuses them too).
     */
    static ASN1ObjectIdentifier unhandledCritical(X509CertificateHolder c) {
        Extensions extensions = c.getExtensions();
        if (extensions == null) {
            return null;
        }
        ASN1ObjectIdentifier[] critical = extensions.getCriticalExtensionOIDs();
        for (int i = 0; i < critical.length; i++) {
            if (!understood(critical[i])) {
                return critical[i];
            }
        }
        return null;
    }

    private static boolean understood(ASN1ObjectIdentifier oid) {
        for (int i = 0; i < UNDERSTOOD.length; i++) {
            if (UNDERSTOOD[i].equals(oid)) {
                return true;
            }
        }
        return false;
    }
}
