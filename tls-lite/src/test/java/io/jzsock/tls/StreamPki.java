package io.jzsock.tls;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.bc.BcRSAContentSignerBuilder;

/** Certificates made at test time with Bouncy Castle's lightweight API: a P-256 CA and leaves (P-256 or RSA 2048). */
final class StreamPki {
    static final SecureRandom RANDOM = new SecureRandom();

    final AsymmetricCipherKeyPair caKey = ec();
    final byte[] caDer;

    StreamPki() throws Exception {
        caDer = cert("CN=jzsock test CA", caKey, "CN=jzsock test CA", caKey, true, null, -1, 3650);
    }

    /** A leaf for "localhost" and 127.0.0.1, signed by this CA: {DER certificate, PKCS#8 key}. */
    byte[][] leaf(boolean rsa, boolean serverAuth) throws Exception {
        AsymmetricCipherKeyPair k = rsa ? rsa() : ec();
        byte[] der = cert("CN=localhost", k, "CN=jzsock test CA", caKey, false, "localhost",
                serverAuth ? 1 : 2, 365);
        return new byte[][] {der, PrivateKeyInfoFactory.createPrivateKeyInfo(k.getPrivate()).getEncoded()};
    }

    static AsymmetricCipherKeyPair ec() {
        X9ECParameters x9 = ECNamedCurveTable.getByName("P-256");
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new org.bouncycastle.crypto.params.ECNamedDomainParameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1, x9), RANDOM));
        return g.generateKeyPair();
    }

    private static AsymmetricCipherKeyPair rsaCached;

    static synchronized AsymmetricCipherKeyPair rsa() {
        if (rsaCached == null) {
            RSAKeyPairGenerator g = new RSAKeyPairGenerator();
            g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, 2048, 100));
            rsaCached = g.generateKeyPair();
        }
        return rsaCached;
    }

    static byte[] cert(String subject, AsymmetricCipherKeyPair subjectKey, String issuer, AsymmetricCipherKeyPair issuerKey,
            boolean ca, String dns, int eku, int days) throws Exception {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(subjectKey.getPublic());
        long now = System.currentTimeMillis();
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(RANDOM.nextInt() & 0x7fffffff),
                new Date(now - 3600_000L), new Date(now + days * 86400_000L), new X500Name(subject), spki);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dns), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
            if (eku > 0) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(eku == 1 ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            }
        }
        X509CertificateHolder h = b.build(signer(issuerKey.getPrivate()));
        return h.getEncoded();
    }

    static ContentSigner signer(AsymmetricKeyParameter key) throws Exception {
        if (key instanceof org.bouncycastle.crypto.params.RSAKeyParameters) {
            var sig = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
            return new BcRSAContentSignerBuilder(sig, new DefaultDigestAlgorithmIdentifierFinder().find(sig)).build(key);
        }
        var sig = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        return new BcECContentSignerBuilder(sig, new DefaultDigestAlgorithmIdentifierFinder().find(sig)).build(key);
    }
}
