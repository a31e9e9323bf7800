package io.jzsock.tls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** LeanGcm and LeanChaCha20Poly1305 agree with BC's GCMBlockCipher and ChaCha20Poly1305 and with the RFCs' vectors. */
class LeanAeadTest {
    @Test
    void gcmMatchesSp80038dTestCase4() {
        // The GCM specification's test case 4 (AES-128, 60-byte plaintext, 20-byte AAD).
        byte[] key = Hex.decode("feffe9928665731c6d6a8f9467308308");
        byte[] iv = Hex.decode("cafebabefacedbaddecaf888");
        byte[] aad = Hex.decode("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] pt = Hex.decode("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] expected = Hex.decode("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
                + "5bc94fbc3221a5db94fae95ae7121a47");
        LeanGcm g = new LeanGcm();
        g.setKey(key, 0, key.length);
        byte[] buf = Arrays.copyOf(pt, pt.length + 16);
        assertEquals(pt.length + 16, g.seal(iv, aad, aad.length, buf, 0, pt.length));
        assertArrayEquals(expected, buf);
        assertEquals(pt.length, g.open(iv, aad, aad.length, buf, 0, buf.length));
        assertArrayEquals(pt, Arrays.copyOf(buf, pt.length));
    }

    @Test
    void chachaMatchesRfc8439Section2_8_2() {
        byte[] key = Hex.decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = Hex.decode("070000004041424344454647");
        byte[] aad = Hex.decode("50515253c0c1c2c3c4c5c6c7");
        byte[] pt = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        LeanChaCha20Poly1305 c = new LeanChaCha20Poly1305();
        c.setKey(key, 0, key.length);
        byte[] buf = Arrays.copyOf(pt, pt.length + 16);
        c.seal(nonce, aad, aad.length, buf, 0, pt.length);
        assertArrayEquals(Hex.decode("1ae10b594f09e26a7e902ecbd0600691"), Arrays.copyOfRange(buf, pt.length, buf.length));
        assertEquals(pt.length, c.open(nonce, aad, aad.length, buf, 0, buf.length));
        assertArrayEquals(pt, Arrays.copyOf(buf, pt.length));
    }

    @Test
    void randomRecordsAgreeWithBouncyCastlesModesBothWays() throws Exception {
        Random r = new Random(14);
        for (int i = 0; i < 400; i++) {
            boolean gcm = (i & 1) == 0;
            byte[] key = new byte[gcm && (i & 2) == 0 ? 16 : 32];
            byte[] nonce = new byte[12];
            byte[] aad = new byte[r.nextInt(2) == 0 ? 13 : 5];
            byte[] pt = new byte[r.nextInt(2100)];
            r.nextBytes(key);
            r.nextBytes(nonce);
            r.nextBytes(aad);
            r.nextBytes(pt);
            AEADCipher reference = gcm ? GCMBlockCipher.newInstance(AESEngine.newInstance()) : new ChaCha20Poly1305();
            reference.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
            byte[] expected = new byte[pt.length + 16];
            int n = reference.processBytes(pt, 0, pt.length, expected, 0);
            reference.doFinal(expected, n);

            LeanAead lean = gcm ? new LeanGcm() : new LeanChaCha20Poly1305();
            lean.setKey(key, 0, key.length);
            byte[] buf = Arrays.copyOf(pt, pt.length + 16);
            lean.seal(nonce, aad, aad.length, buf, 0, pt.length);
            assertArrayEquals(expected, buf, "seal, record " + i);
            assertEquals(pt.length, lean.open(nonce, aad, aad.length, buf, 0, buf.length), "open, record " + i);
            assertArrayEquals(pt, Arrays.copyOf(buf, pt.length));

            expected[r.nextInt(expected.length)] ^= (byte) (1 << r.nextInt(8));
            assertEquals(-1, lean.open(nonce, aad, aad.length, expected, 0, expected.length), "tampered, record " + i);
        }
    }
}
