package io.jzsock.tls.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.util.Pack;

/**
 * ChaCha20-Poly1305 (RFC 8439 §2.8) over Bouncy Castle's engine and MAC. BC's {@code BcChaCha20Poly1305}
 * allocates per record a parameters object, a 64-byte one-time-key block and a 16-byte length block; here one
 * {@link ParametersWithIV} and one {@link KeyParameter} are kept and rewritten in place: BC's getters hand out
 * the arrays they hold ({@code ParametersWithIV.getIV()}, {@code KeyParameter.getKey()}), and the engine and the
 * MAC read them at init.
 */
final class LeanChaCha20Poly1305 extends LeanAead {
    private static final int ONE_TIME_KEY = 32;
    private static final int MAC_BLOCK = 16;

    private final ChaCha7539Engine chacha = new ChaCha7539Engine();
    private final Poly1305 poly = new Poly1305();
    private final ParametersWithIV renonce = new ParametersWithIV(null, new byte[NONCE_LENGTH]);
    private final KeyParameter polyKey = new KeyParameter(new byte[ONE_TIME_KEY]);
    private final byte[] block0 = new byte[64];
    private final byte[] zeros = new byte[MAC_BLOCK];
    private final byte[] expected = new byte[TAG_LENGTH];

    @Override
    void setKey(byte[] key, int off, int len) {
        chacha.init(true, new ParametersWithIV(new KeyParameter(key, off, len), new byte[NONCE_LENGTH]));
    }

    @Override
    int seal(byte[] nonce, byte[] aad, int aadLen, byte[] buf, int off, int len) {
        start(nonce, aad, aadLen);
        chacha.processBytes(buf, off, len, buf, off);
        mac(buf, off, len, aadLen);
        poly.doFinal(buf, off + len);
        return len + TAG_LENGTH;
    }

    @Override
    int open(byte[] nonce, byte[] aad, int aadLen, byte[] buf, int off, int len) {
        int plain = len - TAG_LENGTH;
        if (plain < 0) {
            return -1;
        }
        start(nonce, aad, aadLen);
        mac(buf, off, plain, aadLen);
        poly.doFinal(expected, 0);
        if (!TlsUtils.constantTimeAreEqual(TAG_LENGTH, expected, 0, buf, off + plain)) {
            return -1;
        }
        chacha.processBytes(buf, off, plain, buf, off);
        return plain;
    }

    /** §2.6: the Poly1305 one-time key is the first 32 bytes of block 0; the data starts at block 1. */
    private void start(byte[] nonce, byte[] aad, int aadLen) {
        System.arraycopy(nonce, 0, renonce.getIV(), 0, NONCE_LENGTH);
        chacha.init(true, renonce);
        Arrays.fill(block0, (byte) 0);
        chacha.processBytes(block0, 0, block0.length, block0, 0);
        System.arraycopy(block0, 0, polyKey.getKey(), 0, ONE_TIME_KEY);
        Arrays.fill(block0, (byte) 0);
        poly.init(polyKey);
        Arrays.fill(polyKey.getKey(), (byte) 0);
        update(aad, 0, aadLen);
    }

    /** §2.8: ciphertext padded to 16, then the two lengths as 64-bit little-endian. */
    private void mac(byte[] ciphertext, int off, int len, int aadLen) {
        update(ciphertext, off, len);
        Pack.longToLittleEndian(aadLen & 0xFFFFFFFFL, block0, 0);
        Pack.longToLittleEndian(len & 0xFFFFFFFFL, block0, 8);
        poly.update(block0, 0, MAC_BLOCK);
        Arrays.fill(block0, 0, MAC_BLOCK, (byte) 0);
    }

    private void update(byte[] b, int off, int len) {
        poly.update(b, off, len);
        int partial = len % MAC_BLOCK;
        if (partial != 0) {
            poly.update(zeros, 0, MAC_BLOCK - partial);
        }
    }
}
