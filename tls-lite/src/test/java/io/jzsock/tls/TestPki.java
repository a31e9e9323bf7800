package io.jzsock.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time with Bouncy Castle (its JCA provider, test code only): a builder per
 * certificate, with every knob the bad-certificate matrix turns. Validity defaults to 2026 around
 * {@link #NOW}; keys are generated once per JVM and shared.
 */
final class TestPki {
    static final Provider BC = new BouncyCastleProvider();
    static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
    static final Date FROM = Date.from(Instant.parse("2026-01-01T00:00:00Z"));
    static final Date TO = Date.from(Instant.parse("2027-01-01T00:00:00Z"));
    static final int CA_USAGE = KeyUsage.keyCertSign | KeyUsage.cRLSign;
    static final int TLS_USAGE = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;

    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static final List<KeyPair> RSA2048 = new ArrayList<>();
    private static final List<KeyPair> P256 = new ArrayList<>();

    private TestPki() {
    }

    /** The i-th shared RSA 2048 key pair (made on first use). */
    static synchronized KeyPair rsa(int i) {
        while (RSA2048.size() <= i) {
            RSA2048.add(generate("RSA", 2048, null));
        }
        return RSA2048.get(i);
    }

    /** The i-th shared P-256 key pair (made on first use). */
    static synchronized KeyPair p256(int i) {
        while (P256.size() <= i) {
            P256.add(generate("EC", 0, "secp256r1"));
        }
        return P256.get(i);
    }

    static KeyPair rsaOfBits(int bits) {
        return generate("RSA", bits, null);
    }

    static KeyPair ec(String curve) {
        return generate("EC", 0, curve);
    }

    static KeyPair ed25519() {
        return generate("Ed25519", 0, null);
    }

    private static KeyPair generate(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, BC);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and its key pair. */
    record Cert(X509CertificateHolder holder, KeyPair keys, byte[] der) {
        X500Name subject() {
            return holder.getSubject();
        }
    }

    static Spec cert(String cn) {
        return new Spec(cn);
    }

    /** Every field has the usual TLS default: a leaf, 2026 validity, TLS key usage, SHA-256. */
    static final class Spec {
        private X500Name subject;
        private KeyPair keys;
        private Cert issuer;
        private boolean ca;
        private Integer pathLen;
        private Integer keyUsage = TLS_USAGE;
        private KeyPurposeId[] eku;
        private final List<GeneralName> sans = new ArrayList<>();
        private Date from = FROM;
        private Date to = TO;
        private String signatureAlgorithm;
        private boolean flipSignature;
        private boolean v1;
        private boolean noBasicConstraints;
        private ASN1ObjectIdentifier criticalExtension;

        private Spec(String cn) {
            subject = new X500Name("CN=" + cn + ",O=jzsock test");
        }

        Spec subject(String dn) {
            subject = new X500Name(dn);
            return this;
        }

        Spec keys(KeyPair k) {
            keys = k;
            return this;
        }

        /** Signed by {@code c}'s key, with {@code c}'s subject as issuer; self-signed without. */
        Spec issuer(Cert c) {
            issuer = c;
            return this;
        }

        Spec ca() {
            ca = true;
            keyUsage = CA_USAGE;
            return this;
        }

        Spec pathLen(int n) {
            pathLen = n;
            return this;
        }

        /** A CA that says CA:false but is used as one. */
        Spec notCa() {
            ca = false;
            keyUsage = CA_USAGE;
            return this;
        }

        Spec keyUsage(Integer bits) {
            keyUsage = bits;
            return this;
        }

        Spec eku(KeyPurposeId... purposes) {
            eku = purposes;
            return this;
        }

        Spec dns(String... names) {
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        Spec ip(String... addresses) {
            for (String a : addresses) {
                sans.add(new GeneralName(GeneralName.iPAddress, a));
            }
            return this;
        }

        Spec email(String address) {
            sans.add(new GeneralName(GeneralName.rfc822Name, address));
            return this;
        }

        Spec validity(Date notBefore, Date notAfter) {
            from = notBefore;
            to = notAfter;
            return this;
        }

        Spec signature(String jcaAlgorithm) {
            signatureAlgorithm = jcaAlgorithm;
            return this;
        }

        /** The last byte of the encoding (inside the signature value) flipped. */
        Spec badSignature() {
            flipSignature = true;
            return this;
        }

        /** An X.509 v1 certificate: no extensions at all. */
        Spec v1() {
            v1 = true;
            return this;
        }

        Spec withoutBasicConstraints() {
            noBasicConstraints = true;
            return this;
        }

        /** Adds {@code oid} as a critical extension with an empty SEQUENCE (nameConstraints, say). */
        Spec critical(ASN1ObjectIdentifier oid) {
            criticalExtension = oid;
            return this;
        }

        Cert build() {
            if (keys == null) {
                keys = rsa(0);
            }
            KeyPair signer = issuer == null ? keys : issuer.keys();
            X500Name issuerName = issuer == null ? subject : issuer.subject();
            BigInteger serial = BigInteger.valueOf(SERIAL.getAndIncrement());
            try {
                ContentSigner contentSigner = new JcaContentSignerBuilder(algorithmFor(signer))
                        .setProvider(BC).build(signer.getPrivate());
                X509CertificateHolder holder;
                if (v1) {
                    X509v1CertificateBuilder b = new JcaX509v1CertificateBuilder(issuerName, serial, from, to,
                            subject, keys.getPublic());
                    holder = b.build(contentSigner);
                } else {
                    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial, from, to,
                            subject, keys.getPublic());
                    if (!noBasicConstraints) {
                        b.addExtension(Extension.basicConstraints, true,
                                ca && pathLen != null ? new BasicConstraints(pathLen) : new BasicConstraints(ca));
                    }
                    if (keyUsage != null) {
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                    }
                    if (eku != null) {
                        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
                    }
                    if (!sans.isEmpty()) {
                        b.addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(sans.toArray(new GeneralName[0])));
                    }
                    if (criticalExtension != null) {
                        b.addExtension(criticalExtension, true, new DERSequence());
                    }
                    holder = b.build(contentSigner);
                }
                byte[] der = holder.getEncoded();
                if (flipSignature) {
                    der[der.length - 1] ^= 0x01;
                    holder = new X509CertificateHolder(der);
                }
                return new Cert(holder, keys, der);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        private String algorithmFor(KeyPair signer) {
            if (signatureAlgorithm != null) {
                return signatureAlgorithm;
            }
            String a = signer.getPublic().getAlgorithm();
            if (a.equals("RSA")) {
                return "SHA256withRSA";
            }
            return a.startsWith("EC") ? "SHA256withECDSA" : "Ed25519";
        }
    }

    /** The DER of each certificate, in order, as a peer's Certificate message lists them. */
    static byte[][] chain(Cert... certs) {
        byte[][] out = new byte[certs.length][];
        for (int i = 0; i < certs.length; i++) {
            out[i] = certs[i].der();
        }
        return out;
    }

    /** The DER of several certificates back to back, as a CA_CERTIFICATE bundle is stored. */
    static byte[] bundle(Cert... certs) {
        int n = 0;
        for (Cert c : certs) {
            n += c.der().length;
        }
        byte[] out = new byte[n];
        int p = 0;
        for (Cert c : certs) {
            System.arraycopy(c.der(), 0, out, p, c.der().length);
            p += c.der().length;
        }
        return out;
    }
}
