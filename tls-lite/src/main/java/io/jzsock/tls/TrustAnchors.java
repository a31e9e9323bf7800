package io.jzsock.tls;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The trust anchors of one verification: every certificate of the CA_CERTIFICATE entries of the given
 * sec tags, read with {@link TlsCredentials#readForTls} and parsed by Bouncy Castle.
 *
 * <p>Read again for every handshake, nothing is cached: parsing is cheap next to one signature check,
 * a cache would keep BC's objects on a small heap between handshakes, and no credential change can be
 * missed. A tag without a CA entry adds nothing; so does an entry whose DER does not tile (it cannot be
 * added through {@link TlsCredentials}, but a flash store could hold one) or a certificate that does
 * not parse, or an entry that changes size between its length and its read: fewer anchors only ever
 * trust less.
 */
final class TrustAnchors {
    private static final X509CertificateHolder[] NONE = new X509CertificateHolder[0];

    private TrustAnchors() {
    }

    static X509CertificateHolder[] load(TlsCredentials creds, int[] tags, int tagCount) {
        byte[][] entries = new byte[tagCount][];
        int[] counts = new int[tagCount];
        int total = 0;
        for (int i = 0; i < tagCount; i++) {
            int len = creds.lengthForTls(tags[i], TlsCredentials.CA_CERTIFICATE);
            if (len <= 0) {
                continue;
            }
            byte[] entry = new byte[len];
            int n = creds.readForTls(tags[i], TlsCredentials.CA_CERTIFICATE, entry, 0, len) == len
                    ? DerChain.count(entry, 0, len) : -1;
            if (n > 0) {
                entries[i] = entry;
                counts[i] = n;
                total += n;
            }
        }
        if (total == 0) {
            return NONE;
        }
        X509CertificateHolder[] anchors = new X509CertificateHolder[total];
        int k = 0;
        for (int i = 0; i < tagCount; i++) {
            byte[] entry = entries[i];
            for (int p = 0, c = 0; c < counts[i]; c++) {
                int e = DerChain.elementLength(entry, p, entry.length);
                X509CertificateHolder anchor = CertificateParser.parse(entry, p, e);
                if (anchor != null) {
                    anchors[k++] = anchor;
                }
                p += e;
            }
        }
        if (k == total) {
            return anchors;
        }
        X509CertificateHolder[] parsed = new X509CertificateHolder[k];
        System.arraycopy(anchors, 0, parsed, 0, k);
        return parsed;
    }
}
