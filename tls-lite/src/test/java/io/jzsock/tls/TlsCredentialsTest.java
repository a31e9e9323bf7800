package io.jzsock.tls;

import static io.jzsock.tls.TlsCredentials.CA_CERTIFICATE;
import static io.jzsock.tls.TlsCredentials.FLAG_NON_EXPORTABLE;
import static io.jzsock.tls.TlsCredentials.PRIVATE_KEY;
import static io.jzsock.tls.TlsCredentials.PSK;
import static io.jzsock.tls.TlsCredentials.PSK_ID;
import static io.jzsock.tls.TlsCredentials.SERVER_CERTIFICATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every return code of add/get/delete/next and the TLS lookups, each provoked (Zephyr's tls_credentials.h). */
class TlsCredentialsTest {
    private static final byte[] CERT = PemTest.der(0x30, 200, 1);
    private static final byte[] KEY = PemTest.der(0x30, 100, 2);
    private static final byte[] SECRET = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final RamCredentialStore ram = new RamCredentialStore(4, 1024);
    private final TlsCredentials creds = new TlsCredentials(ram, config(4, 512, 1024));

    private static CredentialConfig config(int entries, int perCredential, int total) {
        CredentialConfig c = CredentialConfig.defaults();
        c.maxCredentials = entries;
        c.maxCredentialBytes = perCredential;
        c.maxTotalBytes = total;
        return c;
    }

    private byte[] get(int tag, int type) {
        int[] len = {4096};
        byte[] out = new byte[4096];
        assertEquals(0, creds.get(tag, type, out, 0, len));
        return Arrays.copyOf(out, len[0]);
    }

    @Test
    void addsAndGetsEachTypeWithPairsSharingATag() {
        assertEquals(0, creds.add(1, SERVER_CERTIFICATE, CERT, 0, CERT.length));
        assertEquals(0, creds.add(1, PRIVATE_KEY, KEY, 0, KEY.length));
        assertEquals(0, creds.add(2, PSK, SECRET, 0, 16));
        assertEquals(0, creds.add(2, PSK_ID, SECRET, 4, 6));
        assertArrayEquals(CERT, get(1, SERVER_CERTIFICATE));
        assertArrayEquals(KEY, get(1, PRIVATE_KEY));
        assertArrayEquals(SECRET, get(2, PSK));
        assertArrayEquals(Arrays.copyOfRange(SECRET, 4, 10), get(2, PSK_ID));
        assertEquals(TlsCredentials.PUBLIC_CERTIFICATE, SERVER_CERTIFICATE, "Zephyr's later name, same value");
    }

    @Test
    void tagsRangeOverTheNonNegativeInts() {
        assertEquals(0, creds.add(0, CA_CERTIFICATE, CERT, 0, CERT.length));
        assertEquals(0, creds.add(Integer.MAX_VALUE, CA_CERTIFICATE, CERT, 0, CERT.length));
        assertArrayEquals(CERT, get(Integer.MAX_VALUE, CA_CERTIFICATE));
    }

    @Test
    void addReturnsEexistForATagAndTypeAlreadyThereAndKeepsTheFirst() {
        assertEquals(0, creds.add(5, PSK, SECRET, 0, 16));
        assertEquals(-Errno.EEXIST, creds.add(5, PSK, SECRET, 0, 8));
        assertEquals(-Errno.EEXIST, creds.add(5, PSK, SECRET, 0, 8, FLAG_NON_EXPORTABLE));
        assertArrayEquals(SECRET, get(5, PSK));
    }

    @Test
    void addReturnsEnomemWithoutAFreeSlotOrRoomOrOverTheCredentialLimit() {
        for (int t = 0; t < 4; t++) {
            assertEquals(0, creds.add(t, PSK, SECRET, 0, 16));
        }
        assertEquals(-Errno.ENOMEM, creds.add(9, PSK, SECRET, 0, 16), "no slot");
        assertEquals(0, creds.delete(3, PSK));
        assertEquals(-Errno.ENOMEM, creds.add(9, CA_CERTIFICATE, new byte[513], 0, 513), "over maxCredentialBytes");
        assertEquals(0, creds.add(9, CA_CERTIFICATE, new byte[512], 0, 512));

        TlsCredentials small = new TlsCredentials(new RamCredentialStore(4, 300), config(4, 200, 300));
        assertEquals(0, small.add(1, CA_CERTIFICATE, CERT, 0, 200));
        assertEquals(-Errno.ENOMEM, small.add(2, CA_CERTIFICATE, CERT, 0, 101), "no room for the bytes");
        assertEquals(0, small.add(2, CA_CERTIFICATE, CERT, 0, 100));
    }

    @Test
    void addOfPemOverTheCredentialLimitIsEnomemEvenWhenTheTextWouldFit() {
        TlsCredentials small = new TlsCredentials(new RamCredentialStore(4, 1024), config(4, CERT.length - 1, 1024));
        byte[] pem = PemTest.block("CERTIFICATE", CERT).getBytes(StandardCharsets.US_ASCII);
        assertEquals(-Errno.ENOMEM, small.add(1, CA_CERTIFICATE, pem, 0, pem.length));
        assertEquals(0, small.count());
    }

    @Test
    void addReturnsEinvalForBadArguments() {
        byte[] b = new byte[8];
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, null, 0, 0), "null");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, 0, 0), "empty");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, 0, -1), "negative length");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, -1, 4), "negative offset");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, 5, 4), "past the end");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, 4, Integer.MAX_VALUE), "offset + length overflows");
        assertEquals(-Errno.EINVAL, creds.add(1, CredentialType.NONE, b, 0, 8), "TLS_CREDENTIAL_NONE");
        assertEquals(-Errno.EINVAL, creds.add(1, CredentialType.MAX + 1, b, 0, 8), "unknown type");
        assertEquals(-Errno.EINVAL, creds.add(1, 0xffff, b, 0, 8), "the trusted backend's table type");
        assertEquals(-Errno.EINVAL, creds.add(1, -1, b, 0, 8), "negative type");
        assertEquals(-Errno.EINVAL, creds.add(TlsCredentials.TLS_SEC_TAG_NONE, PSK, b, 0, 8), "TLS_SEC_TAG_NONE");
        assertEquals(-Errno.EINVAL, creds.add(Integer.MIN_VALUE, PSK, b, 0, 8), "reserved negative tag");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, 0, 8, 2), "undefined flag bit");
        assertEquals(-Errno.EINVAL, creds.add(1, PSK, b, 0, 8, 1 << 31), "undefined flag bit");
        for (int type : new int[] {CA_CERTIFICATE, SERVER_CERTIFICATE, PSK_ID}) {
            assertEquals(-Errno.EINVAL, creds.add(1, type, b, 0, 8, FLAG_NON_EXPORTABLE), "nothing secret to hide");
        }
        byte[] badPem = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(-Errno.EINVAL, creds.add(1, CA_CERTIFICATE, badPem, 0, badPem.length), "malformed PEM");
        assertEquals(0, creds.count(), "nothing was stored");
    }

    @Test
    void pemIsDecodedAtAddSoGetReturnsDer() {
        byte[] pem = PemTest.block("CERTIFICATE", CERT).getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, creds.add(3, CA_CERTIFICATE, pem, 0, pem.length));
        assertArrayEquals(CERT, get(3, CA_CERTIFICATE));
        byte[] key = PemTest.block("EC PRIVATE KEY", KEY).getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, creds.add(3, PRIVATE_KEY, key, 0, key.length));
        assertArrayEquals(KEY, get(3, PRIVATE_KEY));
    }

    @Test
    void derAndPskBytesAreStoredAsGivenEvenWhenTheyLookLikePem() {
        byte[] text = PemTest.block("CERTIFICATE", CERT).getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, creds.add(4, PSK_ID, text, 0, text.length));
        assertArrayEquals(text, get(4, PSK_ID));
        byte[] notDer = {1, 2, 3};
        assertEquals(0, creds.add(4, CA_CERTIFICATE, notDer, 0, 3), "checked by TLS when used, as Zephyr does");
        assertArrayEquals(notDer, get(4, CA_CERTIFICATE));
    }

    @Test
    void getReturnsEnoentWithZeroLengthForAMissingCredential() {
        int[] len = {64};
        assertEquals(-Errno.ENOENT, creds.get(1, PSK, new byte[64], 0, len));
        assertEquals(0, len[0]);
        assertEquals(0, creds.add(1, PSK_ID, SECRET, 0, 4));
        len[0] = 64;
        assertEquals(-Errno.ENOENT, creds.get(1, PSK, new byte[64], 0, len), "the pair's other half only");
        assertEquals(-Errno.ENOENT, creds.get(2, PSK_ID, new byte[64], 0, len), "another tag");
    }

    @Test
    void getReturnsEfbigWithTheNeededLengthWrittenBack() {
        assertEquals(0, creds.add(1, CA_CERTIFICATE, CERT, 0, CERT.length));
        byte[] out = new byte[CERT.length];
        int[] len = {CERT.length - 1};
        assertEquals(-Errno.EFBIG, creds.get(1, CA_CERTIFICATE, out, 0, len));
        assertEquals(CERT.length, len[0]);
        assertArrayEquals(new byte[CERT.length], out, "nothing copied");
        assertEquals(0, creds.get(1, CA_CERTIFICATE, out, 0, len), "the length written back is enough");
        assertArrayEquals(CERT, out);
        int[] query = {0};
        assertEquals(-Errno.EFBIG, creds.get(1, CA_CERTIFICATE, null, 0, query), "size query with no buffer");
        assertEquals(CERT.length, query[0]);
    }

    @Test
    void getCopiesToTheOffsetAndNoFurther() {
        assertEquals(0, creds.add(1, PSK, SECRET, 0, 16));
        byte[] out = new byte[40];
        Arrays.fill(out, (byte) '.');
        int[] len = {20};
        assertEquals(0, creds.get(1, PSK, out, 10, len));
        assertEquals(16, len[0]);
        assertEquals("..........0123456789abcdef..............", new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void getReturnsEinvalForBadArgumentsAndLeavesTheLengthAlone() {
        assertEquals(0, creds.add(1, PSK, SECRET, 0, 16));
        byte[] out = new byte[16];
        assertEquals(-Errno.EINVAL, creds.get(1, PSK, out, 0, null));
        assertEquals(-Errno.EINVAL, creds.get(1, PSK, out, 0, new int[0]));
        int[][] bad = {{-1}, {17}, {16}};
        int[] offs = {0, 0, 1};
        for (int i = 0; i < bad.length; i++) {
            int before = bad[i][0];
            assertEquals(-Errno.EINVAL, creds.get(1, PSK, out, offs[i], bad[i]), "len " + before + " at " + offs[i]);
            assertEquals(before, bad[i][0]);
        }
        assertEquals(-Errno.EINVAL, creds.get(1, PSK, out, -1, new int[] {4}));
        assertEquals(-Errno.EINVAL, creds.get(1, PSK, null, 0, new int[] {4}), "a buffer of 4 that is null");
        assertEquals(-Errno.EINVAL, creds.get(-1, PSK, out, 0, new int[] {16}));
        assertEquals(-Errno.EINVAL, creds.get(1, 6, out, 0, new int[] {16}));
    }

    @Test
    void nonExportableSecretsAreRefusedToGetButServedToTheTlsLayer() {
        assertEquals(0, creds.add(7, PRIVATE_KEY, KEY, 0, KEY.length, FLAG_NON_EXPORTABLE));
        assertEquals(0, creds.add(7, PSK, SECRET, 0, 16, FLAG_NON_EXPORTABLE));
        int[] len = {4096};
        assertEquals(-Errno.EACCES, creds.get(7, PRIVATE_KEY, new byte[4096], 0, len));
        assertEquals(0, len[0], "not even the length");
        len[0] = 0;
        assertEquals(-Errno.EACCES, creds.get(7, PSK, null, 0, len), "no size query either");

        assertEquals(KEY.length, creds.lengthForTls(7, PRIVATE_KEY));
        byte[] tls = new byte[KEY.length + 3];
        assertEquals(KEY.length, creds.readForTls(7, PRIVATE_KEY, tls, 3, KEY.length));
        assertArrayEquals(KEY, Arrays.copyOfRange(tls, 3, tls.length));

        CredentialInfo info = new CredentialInfo();
        assertEquals(0, creds.next(info));
        assertEquals(PRIVATE_KEY, info.type);
        assertEquals(KEY.length, info.length);
        assertFalse(info.exportable(), "listed, marked");
        assertEquals(0, creds.delete(7, PRIVATE_KEY), "a non-exportable key can still be revoked");
        assertEquals(-Errno.ENOENT, creds.lengthForTls(7, PRIVATE_KEY));
    }

    @Test
    void tlsLookupsReturnTheirOwnCodes() {
        assertEquals(0, creds.add(1, CA_CERTIFICATE, CERT, 0, CERT.length));
        byte[] buf = new byte[CERT.length];
        assertEquals(-Errno.EFBIG, creds.readForTls(1, CA_CERTIFICATE, buf, 0, CERT.length - 1));
        assertEquals(-Errno.ENOENT, creds.readForTls(2, CA_CERTIFICATE, buf, 0, buf.length));
        assertEquals(-Errno.EINVAL, creds.readForTls(1, CA_CERTIFICATE, buf, 1, buf.length));
        assertEquals(-Errno.EINVAL, creds.readForTls(1, CA_CERTIFICATE, null, 0, 0));
        assertEquals(-Errno.EINVAL, creds.readForTls(-1, CA_CERTIFICATE, buf, 0, buf.length));
        assertEquals(-Errno.EINVAL, creds.lengthForTls(1, 0));
        assertEquals(CERT.length, creds.readForTls(1, CA_CERTIFICATE, buf, 0, buf.length));
        assertArrayEquals(CERT, buf);
    }

    @Test
    void deleteReturnsZeroThenEnoentAndEinvalForReservedKeys() {
        assertEquals(0, creds.add(1, PSK, SECRET, 0, 16));
        assertEquals(0, creds.delete(1, PSK));
        assertEquals(-Errno.ENOENT, creds.delete(1, PSK));
        assertEquals(-Errno.EINVAL, creds.delete(TlsCredentials.TLS_SEC_TAG_NONE, PSK));
        assertEquals(-Errno.EINVAL, creds.delete(1, CredentialType.NONE));
        assertEquals(0, creds.add(1, PSK, SECRET, 0, 8), "the tag and type are free again");
    }

    @Test
    void aFailingMediumGivesEioAndChangesNothing() {
        FailingStore medium = new FailingStore(4, 1024);
        TlsCredentials c = new TlsCredentials(medium, config(4, 512, 1024));
        assertEquals(0, c.add(1, PSK, SECRET, 0, 16));

        medium.failPut = true;
        assertEquals(-Errno.EIO, c.add(2, PSK, SECRET, 0, 16));
        byte[] pem = PemTest.block("CERTIFICATE", CERT).getBytes(StandardCharsets.US_ASCII);
        assertEquals(-Errno.EIO, c.add(2, CA_CERTIFICATE, pem, 0, pem.length), "also after a PEM decode");
        assertEquals(-Errno.EEXIST, c.add(1, PSK, SECRET, 0, 16), "EEXIST is known before the medium is touched");
        medium.failPut = false;
        assertEquals(1, c.count());

        medium.failRead = true;
        int[] len = {16};
        assertEquals(-Errno.EIO, c.get(1, PSK, new byte[16], 0, len));
        assertEquals(0, len[0]);
        assertEquals(-Errno.EIO, c.readForTls(1, PSK, new byte[16], 0, 16));
        medium.failRead = false;

        medium.failRemove = true;
        assertEquals(-Errno.EIO, c.delete(1, PSK));
        assertEquals(-Errno.ENOENT, c.delete(2, PSK), "ENOENT is known before the medium is touched");
        medium.failRemove = false;
        len[0] = 16;
        byte[] out = new byte[16];
        assertEquals(0, c.get(1, PSK, out, 0, len), "kept");
        assertArrayEquals(SECRET, out);
    }

    @Test
    void nextListsEveryCredentialInTagThenTypeOrder() {
        int[][] keys = {{9, PSK_ID}, {2, PRIVATE_KEY}, {9, PSK}, {2, SERVER_CERTIFICATE}};
        for (int[] k : keys) {
            assertEquals(0, creds.add(k[0], k[1], SECRET, 0, 3 + k[1]));
        }
        List<String> seen = new ArrayList<>();
        CredentialInfo info = new CredentialInfo();
        while (creds.next(info) == 0) {
            seen.add(info.tag + "/" + info.type + "/" + info.length);
        }
        assertEquals(List.of("2/2/5", "2/3/6", "9/4/7", "9/5/8"), seen);
        assertEquals(-Errno.ENOENT, creds.next(info), "stays at the end");
        assertEquals(-Errno.EINVAL, creds.next(null));
        assertEquals(4, creds.count());
    }

    @Test
    void aListingInterleavedWithDeletesAndAddsVisitsEverySurvivorOnce() {
        for (int t = 0; t < 4; t++) {
            assertEquals(0, creds.add(t * 10, PSK, SECRET, 0, 4));
        }
        CredentialInfo info = new CredentialInfo();
        List<Integer> seen = new ArrayList<>();
        assertEquals(0, creds.next(info));
        seen.add(info.tag);
        assertEquals(0, creds.delete(0, PSK));
        assertEquals(0, creds.add(5, PSK, SECRET, 0, 4), "reuses the freed slot, sorts after the cursor");
        while (creds.next(info) == 0) {
            seen.add(info.tag);
        }
        assertEquals(List.of(0, 5, 10, 20, 30), seen);
    }

    @Test
    void constructionChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TlsCredentials(null));
        assertThrows(IllegalArgumentException.class, () -> new TlsCredentials(ram, config(0, 1, 1)));
        assertEquals(CredentialConfig.defaults().maxCredentialBytes, new TlsCredentials(ram).maxCredentialBytes());
        assertTrue(new TlsCredentials(ram, config(1, 100, 100)).maxCredentialBytes() == 100);
    }
}
