package io.jzsock.tls.bc;

import java.io.IOException;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * A private key credential, DER as openssl writes it, parsed by Bouncy Castle: PKCS#8
 * ({@code genpkey}), PKCS#1 RSAPrivateKey ({@code genrsa -traditional}) or SEC1 ECPrivateKey
 * ({@code ecparam -genkey}). PEM labels are gone by the time a key is stored, so the forms are tried
 * in turn.
 */
final class BcKeys {
    private BcKeys() {
    }

    /** The key, or null when the bytes are none of the three forms. */
    static AsymmetricKeyParameter privateKey(byte[] der) {
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
        try {
            return PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(seq));
        } catch (IOException e) {
            // not PKCS#8: try the traditional forms
        } catch (RuntimeException e) {
            // not PKCS#8: try the traditional forms
        }
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(seq);
            return PrivateKeyFactory.createKey(new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa));
        } catch (IOException e) {
            // not PKCS#1
        } catch (RuntimeException e) {
            // not PKCS#1
        }
        try {
            ECPrivateKey ec = ECPrivateKey.getInstance(seq);
            if (ec.getParametersObject() == null) {
                return null;
            }
            return PrivateKeyFactory.createKey(new PrivateKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec));
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isEc(AsymmetricKeyParameter key) {
        return key instanceof ECPrivateKeyParameters;
    }
}
