package io.jzsock.tls.bc;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.util.Pack;

/**
 * AES-GCM (NIST SP 800-38D) for 96-bit nonces over Bouncy Castle's AES engine and GHASH multiply
 * ({@link GCMUtil#multiply(long[], long[])}, no multiplier tables: BC's default Tables4kGCMMultiplier keeps
 * 256 x 16 bytes per key, 9 KB on HotSpot, per direction). BC's own {@code GCMBlockCipher} cannot
 * serve a record without allocating: its init allocates seven 16-byte blocks, its encrypt and decrypt allocate a
 * counter block per 16 bytes and copy the input when it is processed in place.
 */
final class LeanGcm extends LeanAead {
    private static final int BLOCK = 16;

    private final BlockCipher aes = AESEngine.newInstance();
    private final long[] h = new long[2];
    private final long[] s = new long[2];
    private final byte[] counter = new byte[BLOCK];
    private final byte[] keystream = new byte[BLOCK];
    private final byte[] tag = new byte[BLOCK];
    private final byte[] block = new byte[BLOCK];

    @Override
    void setKey(byte[] key, int off, int len) {
        aes.init(true, new KeyParameter(key, off, len));
        Arrays.fill(block, (byte) 0);
        aes.processBlock(block, 0, block, 0);
        h[0] = Pack.bigEndianToLong(block, 0);
        h[1] = Pack.bigEndianToLong(block, 8);
        Arrays.fill(block, (byte) 0);
    }

    @Override
    int seal(byte[] nonce, byte[] aad, int aadLen, byte[] buf, int off, int len) {
        start(nonce, aad, aadLen);
        ctr(buf, off, len);
        ghash(buf, off, len);
        finish(aadLen, len);
        System.arraycopy(tag, 0, buf, off + len, TAG_LENGTH);
        return len + TAG_LENGTH;
    }

    @Override
    int open(byte[] nonce, byte[] aad, int aadLen, byte[] buf, int off, int len) {
        int plain = len - TAG_LENGTH;
        if (plain < 0) {
            return -1;
        }
        start(nonce, aad, aadLen);
        ghash(buf, off, plain);
        finish(aadLen, plain);
        if (!TlsUtils.constantTimeAreEqual(TAG_LENGTH, tag, 0, buf, off + plain)) {
            return -1;
        }
        ctr(buf, off, plain);
        return plain;
    }

    /** §7.1 step 2 for a 96-bit IV: J0 = IV || 0^31 || 1; GHASH starts over the AAD. */
    private void start(byte[] nonce, byte[] aad, int aadLen) {
        System.arraycopy(nonce, 0, counter, 0, LeanAead.NONCE_LENGTH);
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 1;
        s[0] = 0;
        s[1] = 0;
        ghash(aad, 0, aadLen);
    }

    /** GCTR from inc32(J0) (§6.5), in place. */
    private void ctr(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i += BLOCK) {
            inc32();
            aes.processBlock(counter, 0, keystream, 0);
            int n = Math.min(BLOCK, len - i);
            for (int j = 0; j < n; j++) {
                buf[off + i + j] ^= keystream[j];
            }
        }
    }

    /** GHASH over whole blocks, the last one zero-padded (§6.4, the u and v padding of §7.1 step 5). */
    private void ghash(byte[] b, int off, int len) {
        for (int i = 0; i < len; i += BLOCK) {
            int n = len - i;
            if (n >= BLOCK) {
                s[0] ^= Pack.bigEndianToLong(b, off + i);
                s[1] ^= Pack.bigEndianToLong(b, off + i + 8);
            } else {
                Arrays.fill(block, (byte) 0);
                System.arraycopy(b, off + i, block, 0, n);
                s[0] ^= Pack.bigEndianToLong(block, 0);
                s[1] ^= Pack.bigEndianToLong(block, 8);
            }
            GCMUtil.multiply(s, h);
        }
    }

    /** §7.1 steps 5-6: the length block, then T = MSB(GCTR(J0, S)). J0 is rebuilt from the counter's prefix. */
    private void finish(int aadLen, int textLen) {
        s[0] ^= (long) aadLen * 8;
        s[1] ^= (long) textLen * 8;
        GCMUtil.multiply(s, h);
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 1;
        aes.processBlock(counter, 0, keystream, 0);
        Pack.longToBigEndian(s[0], tag, 0);
        Pack.longToBigEndian(s[1], tag, 8);
        for (int i = 0; i < BLOCK; i++) {
            tag[i] ^= keystream[i];
        }
    }

    private void inc32() {
        for (int i = BLOCK - 1; i >= BLOCK - 4; i--) {
            if (++counter[i] != 0) {
                break;
            }
        }
    }
}
