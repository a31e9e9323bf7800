package io.jzsock.tls;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * StreamPki's certificates with P-256 keys encoded by curve name (namedCurve secp256r1, as openssl
 * writes them): PeerVerifier's mbedTLS profile rejects explicit curve parameters.
 */
final class DtlsPki {
    final AsymmetricCipherKeyPair caKey = ec();
    final byte[] caDer;

    DtlsPki() throws Exception {
        caDer = StreamPki.cert("CN=jzsock DTLS test CA", caKey, "CN=jzsock DTLS test CA", caKey, true, null, -1, 3650);
    }

    /** A leaf for "localhost" and 127.0.0.1 signed by the CA: {DER certificate, PKCS#8 key}. */
    byte[][] leaf(boolean rsa, int eku) throws Exception {
        AsymmetricCipherKeyPair k = rsa ? StreamPki.rsa() : ec();
        byte[] der = StreamPki.cert("CN=localhost", k, "CN=jzsock DTLS test CA", caKey, false, "localhost", eku, 365);
        return new byte[][] {der, PrivateKeyInfoFactory.createPrivateKeyInfo(k.getPrivate()).getEncoded()};
    }

    static AsymmetricCipherKeyPair ec() {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByName("P-256")), StreamPki.RANDOM));
        return g.generateKeyPair();
    }
}
