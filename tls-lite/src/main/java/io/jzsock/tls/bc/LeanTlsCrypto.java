package io.jzsock.tls.bc;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BC's lightweight crypto with the record protection of the AEAD suites (AES-128/256-GCM, ChaCha20-Poly1305)
 * replaced by {@link LeanAeadCipher}: keyed once per direction, no allocation per record beyond BC's result
 * object, no GCM tables. Everything else (handshake, key exchange, signatures, other ciphers, connection IDs)
 * is BC's. Constructed as {@code new BcTlsCrypto(random)} is.
 */
public class LeanTlsCrypto extends BcTlsCrypto {
    public LeanTlsCrypto(SecureRandom entropySource) {
        super(entropySource);
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        byte[] cidLocal = cryptoParams.getSecurityParametersHandshake().getConnectionIDLocal();
        byte[] cidPeer = cryptoParams.getSecurityParametersHandshake().getConnectionIDPeer();
        if ((cidLocal != null && cidLocal.length > 0) || (cidPeer != null && cidPeer.length > 0)) {
            return super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
        }
        switch (encryptionAlgorithm) {
            case EncryptionAlgorithm.AES_128_GCM:
                return new LeanAeadCipher(cryptoParams, new LeanGcm(), new LeanGcm(), 16,
                        LeanAeadCipher.NONCE_EXPLICIT);
            case EncryptionAlgorithm.AES_256_GCM:
                return new LeanAeadCipher(cryptoParams, new LeanGcm(), new LeanGcm(), 32,
                        LeanAeadCipher.NONCE_EXPLICIT);
            case EncryptionAlgorithm.CHACHA20_POLY1305:
                return new LeanAeadCipher(cryptoParams, new LeanChaCha20Poly1305(), new LeanChaCha20Poly1305(), 32,
                        LeanAeadCipher.NONCE_XOR_SEQUENCE);
            default:
                return super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
        }
    }
}
