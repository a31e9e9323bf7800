package io.jzsock.tls.bc;

import io.jzsock.bsp.Entropy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Date;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * A P-256 key and a self-signed certificate for it, made with Bouncy Castle (a board's first boot:
 * its HTTPS identity). The certificate names the host in CN and as a dNSName, and each given IPv4
 * address as an iPAddress (RFC 6125 §6.4); basicConstraints CA:TRUE so that a client can trust it
 * directly (curl --cacert), ECDSA with SHA-256.
 */
public final class SelfSignedIdentity {
    /** The certificate's DER and the key's PKCS#8 DER. */
    public final byte[] certificate;
    public final byte[] privateKey;

    private SelfSignedIdentity(byte[] certificate, byte[] privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** notBefore..notAfter in ms since 1970; addresses as host-order ints. Throws IOException when BC fails. */
    public static SelfSignedIdentity create(Entropy entropy, String host, int[] addresses, long notBefore, long notAfter)
            throws IOException {
        EntropySecureRandom random = new EntropySecureRandom(entropy);
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByName("P-256")), random));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + host);
        byte[] serial = new byte[8];
        random.nextBytes(serial);
        serial[0] &= 0x7f;
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, new BigInteger(1, serial),
                new Date(notBefore), new Date(notAfter), name,
                SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic()));
        GeneralName[] names = new GeneralName[1 + addresses.length];
        names[0] = new GeneralName(GeneralName.dNSName, host);
        for (int i = 0; i < addresses.length; i++) {
            int a = addresses[i];
            names[i + 1] = new GeneralName(GeneralName.iPAddress,
                    (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        try {
            AlgorithmIdentifier sig = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            AlgorithmIdentifier digest = new AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256);
            byte[] cert = b.build(new BcECContentSignerBuilder(sig, digest).build(kp.getPrivate())).getEncoded();
            byte[] key = PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate()).getEncoded();
            return new SelfSignedIdentity(cert, key);
        } catch (OperatorCreationException e) {
            throw new IOException("self-signed certificate: " + e.getMessage());
        }
    }
}
