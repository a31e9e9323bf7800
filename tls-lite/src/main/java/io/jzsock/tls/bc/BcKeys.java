package io.jzsock.tls.bc;

import io.jzsock.net.Errno;

import java.io.IOException;
import java.util.Vector;

import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Certificates and private keys from the DER that TlsCredentials stores, parsed by Bouncy Castle
 * (no ASN.1 of our own): a certificate entry is one or more back-to-back DER certificates (leaf
 * first for an own chain), a key is PKCS#8, or SEC1 (EC) / PKCS#1 (RSA) as openssl writes them.
 * RSA and ECDSA keys are taken; anything else is -EINVAL.
 */
public final class BcKeys {
    /** Longest chain read from one credential. */
    public static final int MAX_CHAIN = 8;

    private BcKeys() {
    }

    /** 0 when a certificate entry parses (at least one certificate), else -EINVAL. */
    public static int checkCertificates(byte[] b, int off, int len) {
        try {
            return splitCertificates(b, off, len, null) > 0 ? 0 : -Errno.EINVAL;
        } catch (IOException e) {
            return -Errno.EINVAL;
        } catch (RuntimeException e) {
            return -Errno.EINVAL;
        }
    }

    /** 0 when a key entry parses as an RSA or EC private key, else -EINVAL. */
    public static int checkPrivateKey(byte[] b, int off, int len) {
        return privateKey(b, off, len) != null ? 0 : -Errno.EINVAL;
    }

    /**
     * The certificates of one entry, each its DER: appended to out (null: only counted). Returns the
     * count; throws IOException for bytes that are not DER certificates.
     */
    public static int splitCertificates(byte[] b, int off, int len, Vector out) throws IOException {
        ASN1InputStream in = new ASN1InputStream(exact(b, off, len));
        int n = 0;
        try {
            ASN1Primitive p;
            while ((p = in.readObject()) != null) {
                org.bouncycastle.asn1.x509.Certificate c = org.bouncycastle.asn1.x509.Certificate.getInstance(p);
                if (out != null) {
                    out.addElement(c.getEncoded("DER"));
                }
                n++;
                if (n > MAX_CHAIN) {
                    throw new IOException("too many certificates in one credential");
                }
            }
        } finally {
            in.close();
        }
        return n;
    }

    /**
     * The TLS Certificate message content for an own chain entry (leaf first). tls13Context: null for
     * TLS 1.2; for TLS 1.3 the certificate_request_context (RFC 8446 §4.4.2: empty for a server).
     */
    public static Certificate chain(TlsCrypto crypto, byte[] b, int off, int len, byte[] tls13Context) throws IOException {
        Vector ders = new Vector();
        splitCertificates(b, off, len, ders);
        TlsCertificate[] certs = new TlsCertificate[ders.size()];
        for (int i = 0; i < certs.length; i++) {
            certs[i] = crypto.createCertificate((byte[]) ders.elementAt(i));
        }
        if (tls13Context == null) {
            return new Certificate(certs);
        }
        CertificateEntry[] entries = new CertificateEntry[certs.length];
        for (int i = 0; i < certs.length; i++) {
            entries[i] = new CertificateEntry(certs[i], null);
        }
        return new Certificate(tls13Context, entries);
    }

    /** An RSA or EC private key, or null when the bytes are neither. */
    public static AsymmetricKeyParameter privateKey(byte[] b, int off, int len) {
        try {
            ASN1Primitive p = readOne(b, off, len);
            if (p == null) {
                return null;
            }
            AsymmetricKeyParameter k = fromPkcs8(p);
            if (k == null) {
                k = fromSec1(p);
            }
            if (k == null) {
                k = fromPkcs1(p);
            }
            return k instanceof RSAPrivateCrtKeyParameters || k instanceof ECPrivateKeyParameters ? k : null;
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] exact(byte[] b, int off, int len) {
        byte[] c = new byte[len];
        System.arraycopy(b, off, c, 0, len);
        return c;
    }

    private static ASN1Primitive readOne(byte[] b, int off, int len) throws IOException {
        ASN1InputStream in = new ASN1InputStream(exact(b, off, len));
        try {
            return in.readObject();
        } finally {
            in.close();
        }
    }

    private static AsymmetricKeyParameter fromPkcs8(ASN1Primitive p) {
        try {
            return PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(p));
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** RFC 5915 ECPrivateKey, with its curve in the parameters field (openssl's "EC PRIVATE KEY"). */
    private static AsymmetricKeyParameter fromSec1(ASN1Primitive p) {
        try {
            ECPrivateKey ec = ECPrivateKey.getInstance(ASN1Sequence.getInstance(p));
            if (ec.getParametersObject() == null) {
                return null;
            }
            AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject());
            return PrivateKeyFactory.createKey(new PrivateKeyInfo(alg, ec));
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** RFC 8017 RSAPrivateKey (openssl's "RSA PRIVATE KEY"). */
    private static AsymmetricKeyParameter fromPkcs1(ASN1Primitive p) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(p);
            AlgorithmIdentifier alg = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
            return PrivateKeyFactory.createKey(new PrivateKeyInfo(alg, rsa));
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
