package io.jzsock.tls.bc;

import io.jzsock.bsp.Entropy;

import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The one place that creates Bouncy Castle's crypto for TLS and DTLS: every protocol object of
 * tls-lite gets its {@link TlsCrypto} from here, so a device build (or tlsmem's allocation-lean
 * adapter) swaps the implementation in one line.
 */
public final class BcCrypto {
    private BcCrypto() {
    }

    /** A crypto provider whose randomness comes from entropy. Called once per installed kind, not per handshake. */
    public static TlsCrypto create(Entropy entropy) {
        return new BcTlsCrypto(new EntropySecureRandom(entropy));
    }
}
