package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.Errno;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * TlsCredentials.add, where PEM text is parsed (armour, labels, base64), fed arbitrary bytes.
 * <pre>
 *  input = mode credential
 *  mode  : bits 0-1 the type (CA certificate, own certificate, private key, PSK); bit 2 FLAG_NON_EXPORTABLE
 * </pre>
 * Oracle: add returns 0, -EINVAL or -ENOMEM and nothing else, never throws; what it stores fits the limit; input
 * that is DER or a PSK is stored byte for byte; PEM yields at most 3/4 of its length, and the DER it yielded,
 * armoured again by the JDK's encoder, decodes to the same bytes; the store holds exactly what was added.
 */
class CredentialPemFuzzTest {
    private static final int[] TYPES = {TlsCredentials.CA_CERTIFICATE, TlsCredentials.SERVER_CERTIFICATE,
        TlsCredentials.PRIVATE_KEY, TlsCredentials.PSK};
    private static final int LIMIT = 2048;

    @FuzzTest(maxDuration = "20s")
    void credentialAdd(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] cred = Frames.tail(in, 1);
        int type = TYPES[mode & 3];
        int flags = (mode & 4) != 0 ? TlsCredentials.FLAG_NON_EXPORTABLE : 0;
        CredentialConfig cfg = CredentialConfig.defaults();
        cfg.maxCredentialBytes = LIMIT;
        RamCredentialStore ram = new RamCredentialStore(cfg);
        TlsCredentials creds = new TlsCredentials(ram, cfg);

        int r = creds.add(1, type, cred, 0, cred.length, flags);
        boolean secret = type == TlsCredentials.PRIVATE_KEY || type == TlsCredentials.PSK;
        if (cred.length == 0 || (flags != 0 && !secret)) {
            assertEquals(-Errno.EINVAL, r, "bad arguments");
            return;
        }
        assertTrue(r == 0 || r == -Errno.EINVAL || r == -Errno.ENOMEM, "add returned " + r);
        if (r != 0) {
            assertEquals(0, creds.count(), "a failed add stored something");
            assertEquals(0, ram.usedBytes());
            return;
        }
        byte[] stored = stored(ram, type, 1);
        assertEquals(1, creds.count());
        assertEquals(stored.length, ram.usedBytes(), "the arena holds exactly the credential");
        assertTrue(stored.length >= 1 && stored.length <= LIMIT, "stored " + stored.length);
        boolean pem = type != TlsCredentials.PSK && (cred[0] & 0xff) != 0x30
                && new String(cred, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
        if (!pem) {
            assertArrayEquals(cred, stored, "DER and PSKs are stored as given");
            return;
        }
        assertTrue(stored.length <= cred.length * 3 / 4, "more DER than the base64 could carry");
        String label = type == TlsCredentials.PRIVATE_KEY ? "PRIVATE KEY" : "CERTIFICATE";
        byte[] again = ("-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(stored)
                + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, creds.add(2, type, again, 0, again.length, flags), "the re-armoured DER");
        assertArrayEquals(stored, stored(ram, type, 2));
    }

    private static byte[] stored(RamCredentialStore ram, int type, int tag) {
        int slot = ram.find(tag, type);
        assertTrue(slot >= 0, "added but not found");
        byte[] out = new byte[ram.length(slot)];
        assertEquals(out.length, ram.read(slot, out, 0));
        return out;
    }
}
