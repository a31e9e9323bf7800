package io.jzsock.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.path.CertPath;
import org.bouncycastle.cert.path.CertPathValidation;
import org.bouncycastle.cert.path.CertPathValidationResult;
import org.bouncycastle.cert.path.validations.BasicConstraintsValidation;

/**
 * Builds the path from the peer's leaf to a trust anchor and flags what is wrong with it, following
 * mbedTLS's {@code x509_crt_verify_chain} ({@code library/x509_crt.c}) so that the flags are the ones
 * Zephyr's TLS_CERT_VERIFY_RESULT reports for the same chain.
 *
 * <p>From the leaf, each certificate's issuer is looked for first among the trust anchors, then among
 * the certificates the peer sent after it, in the order sent (so an extra root at the end is harmless,
 * and a chain cannot loop). A candidate must carry the child's issuer name as its subject and be allowed
 * to issue ({@link CertificateRules#mayIssue}); an anchor must also verify the child's signature (two
 * anchors may share a name across a key rollover); of the candidates, the first valid at this time
 * wins, else the first. A child without an issuer is NOT_TRUSTED: an unknown CA, a missing
 * intermediate, a CA:false or non-keyCertSign issuer and a bad signature all end there, as in mbedTLS.
 * Every certificate on the path, the anchor included, is checked for validity; each non-anchor for its
 * signature algorithm and critical extensions; each issuer's key against {@link SignatureProfile}.
 *
 * <p>Path length constraints (RFC 5280 §4.2.1.9, §6.1.4 (l)(m)) are then checked over the whole path
 * by Bouncy Castle's {@link BasicConstraintsValidation}; a violation is NOT_TRUSTED, as mbedTLS finds
 * no issuer in that case. Unlike mbedTLS, no other candidate is tried then (only a trust store holding
 * two anchors of one name with different path lengths could tell). A leaf that is itself an anchor
 * (self-issued and byte for byte equal) is trusted as it is, as mbedTLS trusts a locally trusted EE.
 *
 * <p>One instance per verification; not thread-safe.
 */
final class ChainBuilder {
    /** mbedTLS's MBEDTLS_X509_MAX_INTERMEDIATE_CA: more is a fatal error there, NOT_TRUSTED|OTHER here. */
    static final int MAX_INTERMEDIATES = 8;

    private final X509CertificateHolder[] peer;
    private final int peerCount;
    private final X509CertificateHolder[] anchors;
    private final long now;
    private final StringBuilder detail;

    /** Set by {@link #findIssuer}: index of the issuer found in its list, and whether it signed the child. */
    private int issuerIndex;
    private boolean issuerSigned;
    /** Why the last candidate of the right name was passed over, for the detail; null when none was. */
    private String passedOver;

    ChainBuilder(X509CertificateHolder[] peer, int peerCount, X509CertificateHolder[] anchors, long now,
                 StringBuilder detail) {
        this.peer = peer;
        this.peerCount = peerCount;
        this.anchors = anchors;
        this.now = now;
        this.detail = detail;
    }

    /** The flags of the path from {@code peer[0]}; 0 when it leads to an anchor with nothing wrong. */
    int verify() {
        X509CertificateHolder[] path = new X509CertificateHolder[peerCount + 1];
        int length = 0;
        int flags = 0;
        X509CertificateHolder child = peer[0];
        int childIndex = 0;
        boolean childTrusted = false;
        while (true) {
            path[length++] = child;
            int time = CertificateRules.timeFlags(child, now);
            if (time != 0) {
                note(child, childTrusted, (time & PeerVerifier.BADCERT_EXPIRED) != 0 ? "expired" : "not yet valid");
                flags |= time;
            }
            if (childTrusted) {
                break;
            }
            ASN1ObjectIdentifier critical = CertificateRules.unhandledCritical(child);
            if (critical != null) {
                note(child, false, "unsupported critical extension " + critical.getId());
                flags |= PeerVerifier.BADCERT_OTHER;
            }
            int algorithm = SignatureProfile.signatureFlags(child.getSignatureAlgorithm());
            if (algorithm != 0) {
                note(child, false, "signature algorithm " + child.getSignatureAlgorithm().getAlgorithm().getId()
                        + " outside the profile");
                flags |= algorithm;
            }
            if (length == 1 && CertificateRules.selfIssued(child) && isAnchor(child)) {
                break;
            }
            passedOver = null;
            boolean parentTrusted = findIssuer(child, anchors, 0, anchors.length, true);
            if (!parentTrusted && !findIssuer(child, peer, childIndex + 1, peerCount, false)) {
                note(child, false, "no trusted issuer " + child.getIssuer()
                        + (passedOver != null ? ": " + passedOver : " (unknown CA or missing intermediate)"));
                return flags | PeerVerifier.BADCERT_NOT_TRUSTED;
            }
            X509CertificateHolder parent = parentTrusted ? anchors[issuerIndex] : peer[issuerIndex];
            if (!parentTrusted && length > MAX_INTERMEDIATES) {
                note(child, false, "more than " + MAX_INTERMEDIATES + " intermediate certificates");
                return flags | PeerVerifier.BADCERT_NOT_TRUSTED | PeerVerifier.BADCERT_OTHER;
            }
            if (!issuerSigned) {
                note(child, false, "signature does not verify with the key of " + parent.getSubject());
                flags |= PeerVerifier.BADCERT_NOT_TRUSTED;
            }
            if (SignatureProfile.keyFlags(parent.getSubjectPublicKeyInfo()) != 0) {
                note(parent, parentTrusted, "issuer key outside the profile");
                flags |= PeerVerifier.BADCERT_BAD_KEY;
            }
            child = parent;
            childIndex = issuerIndex;
            childTrusted = parentTrusted;
        }
        return flags | pathLengthFlags(path, length);
    }

    /**
     * Looks for {@code child}'s issuer in {@code list[from, to)} as the class comment says; true with
     * {@link #issuerIndex} and {@link #issuerSigned} set when one is found.
     */
    private boolean findIssuer(X509CertificateHolder child, X509CertificateHolder[] list, int from, int to,
                               boolean trusted) {
        int fallback = -1;
        boolean fallbackSigned = false;
        for (int i = from; i < to; i++) {
            X509CertificateHolder candidate = list[i];
            if (!candidate.getSubject().equals(child.getIssuer())) {
                continue;
            }
            if (!CertificateRules.mayIssue(candidate, trusted)) {
                passedOver = (trusted ? "trust anchor " : "") + candidate.getSubject()
                        + " may not issue certificates (basicConstraints cA false or absent, or keyUsage without keyCertSign)";
                continue;
            }
            boolean signed = SignatureCheck.signedBy(child, candidate);
            if (trusted && !signed) {
                passedOver = "trust anchor " + candidate.getSubject() + " did not sign it";
                continue;
            }
            if (CertificateRules.timeFlags(candidate, now) == 0) {
                issuerIndex = i;
                issuerSigned = signed;
                return true;
            }
            if (fallback < 0) {
                fallback = i;
                fallbackSigned = signed;
            }
        }
        issuerIndex = fallback;
        issuerSigned = fallbackSigned;
        return fallback >= 0;
    }

    private boolean isAnchor(X509CertificateHolder leaf) {
        for (int i = 0; i < anchors.length; i++) {
            if (anchors[i].equals(leaf)) {
                return true;
            }
        }
        return false;
    }

    /** BC's path is leaf first, anchor last, the order built here. */
    private int pathLengthFlags(X509CertificateHolder[] path, int length) {
        X509CertificateHolder[] exact = new X509CertificateHolder[length];
        System.arraycopy(path, 0, exact, 0, length);
        // Not mandatory: the cA bit is enforced while building (v1 anchors have no extensions at all).
        CertPathValidationResult result = new CertPath(exact).validate(new CertPathValidation[] {
            new BasicConstraintsValidation(false),
        });
        // No failing certificate: only BC's list of critical extensions no rule here claimed, which
        // CertificateRules.unhandledCritical judges instead (BC's would also count the anchor's).
        if (result.isValid() || result.getFailingCertIndex() < 0) {
            return 0;
        }
        note(exact[result.getFailingCertIndex()], false, result.getCause().getMessage());
        return PeerVerifier.BADCERT_NOT_TRUSTED;
    }

    private void note(X509CertificateHolder c, boolean anchor, String what) {
        if (detail == null) {
            return;
        }
        if (detail.length() > 0) {
            detail.append("; ");
        }
        detail.append(anchor ? "trust anchor " : "certificate ").append(c.getSubject()).append(": ").append(what);
    }
}
