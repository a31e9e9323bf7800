package io.jzsock.tls.bc;

import io.jzsock.bsp.Entropy;

import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The one place that creates Bouncy Castle's crypto for TLS and DTLS: every protocol object of
 * tls-lite gets its {@link TlsCrypto} from here, so a device build swaps the implementation in one line.
 * It is {@link LeanTlsCrypto}: Bouncy Castle's, with the AEAD record ciphers keyed once per direction
 * and run in kept buffers (about 32 bytes allocated per record instead of 0.9 to 5 KB).
 */
public final class BcCrypto {
    private BcCrypto() {
    }

    /** A crypto provider whose randomness comes from entropy. Called once per installed kind, not per handshake. */
    public static TlsCrypto create(Entropy entropy) {
        return new LeanTlsCrypto(new EntropySecureRandom(entropy));
    }
}
