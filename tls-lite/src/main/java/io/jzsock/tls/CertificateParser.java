package io.jzsock.tls;

import java.io.IOException;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Certificates from DER, by Bouncy Castle, accepted only when every part the verifier reads decodes.
 * BC's {@link X509CertificateHolder} decodes names, times and extension values lazily, and throws
 * (IllegalArgumentException, IllegalStateException) when one is malformed; decoding them all here, once,
 * turns a malformed certificate into "does not parse", as mbedTLS's parser rejects it, instead of an
 * exception in the middle of a verification.
 */
final class CertificateParser {
    private CertificateParser() {
    }

    /** The certificate {@code b[off, off+len)}, or null when BC cannot decode it or a part of it. */
    static X509CertificateHolder parse(byte[] b, int off, int len) {
        byte[] der = b;
        if (off != 0 || len != b.length) {
            der = new byte[len];
            System.arraycopy(b, off, der, 0, len);
        }
        try {
            X509CertificateHolder c = new X509CertificateHolder(der);
            c.getNotBefore().getTime();
            c.getNotAfter().getTime();
            decodeName(c.getSubject());
            decodeName(c.getIssuer());
            c.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm();
            Extensions extensions = c.getExtensions();
            if (extensions != null) {
                BasicConstraints.fromExtensions(extensions);
                KeyUsage.fromExtensions(extensions);
                ExtendedKeyUsage.fromExtensions(extensions);
                extensions.getCriticalExtensionOIDs();
                Extension san = extensions.getExtension(Extension.subjectAlternativeName);
                if (san != null) {
                    GeneralNames.getInstance(san.getParsedValue()).getNames();
                }
            }
            return c;
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void decodeName(X500Name name) {
        RDN[] rdns = name.getRDNs();
        for (int i = 0; i < rdns.length; i++) {
            AttributeTypeAndValue[] values = rdns[i].getTypesAndValues();
            for (int j = 0; j < values.length; j++) {
                values[j].getType();
                values[j].getValue();
            }
        }
        name.toString();
    }
}
