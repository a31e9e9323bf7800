package io.jzsock.tls;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.bc.BcRSAContentSignerBuilder;

/** Self-signed test certificates made with Bouncy Castle's lightweight API: {certificate DER, PKCS#8 key DER}. */
final class TestCerts {
    private TestCerts() {
    }

    static byte[][] ecdsa(String cn, long seed) throws Exception {
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(seed);
        X9ECParameters x9 = ECNamedCurveTable.getByName("P-256");
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, x9), rnd));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        AlgorithmIdentifier sig = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        AlgorithmIdentifier dig = new DefaultDigestAlgorithmIdentifierFinder().find(sig);
        return build(cn, kp, new BcECContentSignerBuilder(sig, dig).build(kp.getPrivate()));
    }

    static byte[][] rsa(String cn, long seed) throws Exception {
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(seed);
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), rnd, 2048, 80));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        AlgorithmIdentifier sig = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
        AlgorithmIdentifier dig = new DefaultDigestAlgorithmIdentifierFinder().find(sig);
        return build(cn, kp, new BcRSAContentSignerBuilder(sig, dig).build(kp.getPrivate()));
    }

    private static byte[][] build(String cn, AsymmetricCipherKeyPair kp, org.bouncycastle.operator.ContentSigner signer)
            throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        long now = System.currentTimeMillis();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3600_000L),
                new Date(now + 86_400_000L), name, spki);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        byte[] cert = b.build(signer).getEncoded();
        byte[] key = PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate()).getEncoded();
        return new byte[][] {cert, key};
    }
}
