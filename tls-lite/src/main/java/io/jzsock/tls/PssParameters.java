package io.jzsock.tls;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * RSASSA-PSS-params of a certificate signature (RFC 4055 §3.1, RFC 8017 A.2.3), decoded through BC's
 * ASN.1 objects without BC's {@code RSASSAPSSparams}, whose salt length is a BigInteger (not on the
 * device). Defaults: SHA-1, MGF1 with SHA-1, 20 bytes of salt, trailer 1.
 */
final class PssParameters {
    private static final AlgorithmIdentifier SHA1 = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1);

    final AlgorithmIdentifier hash;
    final AlgorithmIdentifier mgfHash;
    final int saltLength;

    private PssParameters(AlgorithmIdentifier hash, AlgorithmIdentifier mgfHash, int saltLength) {
        this.hash = hash;
        this.mgfHash = mgfHash;
        this.saltLength = saltLength;
    }

    /** The parameters of a PSS signature algorithm, or null when they are malformed or not MGF1, trailer 1. */
    static PssParameters of(AlgorithmIdentifier signature) {
        try {
            AlgorithmIdentifier hash = SHA1;
            AlgorithmIdentifier mgfHash = SHA1;
            int salt = 20;
            ASN1Encodable params = signature.getParameters();
            ASN1Sequence fields = params == null ? new DERSequence()
                    : ASN1Sequence.getInstance(params);
            for (int i = 0; i < fields.size(); i++) {
                ASN1TaggedObject field = ASN1TaggedObject.getInstance(fields.getObjectAt(i));
                switch (field.getTagNo()) {
                    case 0:
                        hash = AlgorithmIdentifier.getInstance(field.getExplicitBaseObject());
                        break;
                    case 1:
                        AlgorithmIdentifier mgf = AlgorithmIdentifier.getInstance(field.getExplicitBaseObject());
                        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
                            return null;
                        }
                        mgfHash = AlgorithmIdentifier.getInstance(mgf.getParameters());
                        break;
                    case 2:
                        salt = ASN1Integer.getInstance(field.getExplicitBaseObject()).intValueExact();
                        break;
                    case 3:
                        if (ASN1Integer.getInstance(field.getExplicitBaseObject()).intValueExact() != 1) {
                            return null;
                        }
                        break;
                    default:
                        return null;
                }
            }
            return salt >= 0 && mgfHash != null ? new PssParameters(hash, mgfHash, salt) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
