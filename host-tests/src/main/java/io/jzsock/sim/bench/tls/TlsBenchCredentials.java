package io.jzsock.sim.bench.tls;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.bc.BcRSAContentSignerBuilder;

/**
 * A self-signed server key and certificate per key type, made once with BC's lightweight generators (seeded, so
 * every run signs with the same keys), in BC's form for the BC peers and as a JDK key store for SSLEngine.
 */
public final class TlsBenchCredentials {
    public static final int ECDSA_P256 = 1;
    public static final int RSA_2048 = 2;
    static final char[] STORE_PASSWORD = "bench".toCharArray();

    public final int keyType;
    public final AsymmetricKeyParameter privateKey;
    public final byte[] certificateDer;

    private TlsBenchCredentials(int keyType, AsymmetricKeyParameter privateKey, byte[] certificateDer) {
        this.keyType = keyType;
        this.privateKey = privateKey;
        this.certificateDer = certificateDer;
    }

    public static TlsBenchCredentials generate(int keyType, long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            AsymmetricCipherKeyPair pair;
            String sigAlg;
            if (keyType == ECDSA_P256) {
                X9ECParameters p = ECNamedCurveTable.getByName("P-256");
                ECKeyPairGenerator g = new ECKeyPairGenerator();
                g.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p), random));
                pair = g.generateKeyPair();
                sigAlg = "SHA256withECDSA";
            } else {
                RSAKeyPairGenerator g = new RSAKeyPairGenerator();
                g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 2048, 80));
                pair = g.generateKeyPair();
                sigAlg = "SHA256withRSA";
            }
            AlgorithmIdentifier sig = new DefaultSignatureAlgorithmIdentifierFinder().find(sigAlg);
            AlgorithmIdentifier dig = new DefaultDigestAlgorithmIdentifierFinder().find(sig);
            X500Name name = new X500Name("CN=localhost");
            long now = System.currentTimeMillis();
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(seed & 0x7fffffff),
                    new Date(now - 86_400_000L), new Date(now + 365 * 86_400_000L), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()));
            X509CertificateHolder holder = b.build(keyType == ECDSA_P256
                    ? new BcECContentSignerBuilder(sig, dig).build(pair.getPrivate())
                    : new BcRSAContentSignerBuilder(sig, dig).build(pair.getPrivate()));
            return new TlsBenchCredentials(keyType, pair.getPrivate(), holder.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make bench credentials", e);
        }
    }

    /** Writes the PKCS#8 key and the certificate, DER, as {@code <name>.key} and {@code <name>.crt} in {@code dir}. */
    public void write(java.nio.file.Path dir, String name) throws java.io.IOException {
        java.nio.file.Files.write(dir.resolve(name + ".key"),
                PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded());
        java.nio.file.Files.write(dir.resolve(name + ".crt"), certificateDer);
    }

    /** Reads what {@link #write} wrote, parsing the key with BC as a device parses a stored key. */
    public static TlsBenchCredentials read(java.nio.file.Path dir, String name, int keyType)
            throws java.io.IOException {
        AsymmetricKeyParameter key = org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(
                java.nio.file.Files.readAllBytes(dir.resolve(name + ".key")));
        return new TlsBenchCredentials(keyType, key, java.nio.file.Files.readAllBytes(dir.resolve(name + ".crt")));
    }

    /** The same key and certificate for the JDK's SunJSSE (key alias "server", password {@link #STORE_PASSWORD}). */
    public KeyStore jdkKeyStore() {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
            byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded();
            PrivateKey key = KeyFactory.getInstance(keyType == ECDSA_P256 ? "EC" : "RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, STORE_PASSWORD, new java.security.cert.Certificate[] {cert});
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot convert bench credentials for the JDK", e);
        }
    }
}
