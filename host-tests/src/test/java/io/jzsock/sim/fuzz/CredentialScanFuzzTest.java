package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.Errno;
import io.jzsock.sim.testkit.NorRamFlash;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.CredentialType;
import io.jzsock.tls.FlashCredentialStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * FlashCredentialStore.mount, the start-up scan, fed arbitrary flash contents: two sectors of {@value #SECTOR}
 * bytes on a NOR flash in RAM (small, so the fuzzer reaches every branch of the scan).
 * <pre>
 *  input = sector A bytes, then sector B bytes (missing bytes read 0xFF, as erased flash)
 * </pre>
 * Oracle: mount returns 0 and nothing throws; every credential it lists is a record of the input, decoded here
 * independently (java.util.zip's CRC-32, the layout of the store's javadoc): magic, header CRC, committed, and
 * its record CRC valid, with the same tag, type, flags and bytes; then the store takes a new credential (or
 * says -ENOMEM), and a second mount of the resulting flash lists the same credentials.
 */
class CredentialScanFuzzTest {
    static final int SECTOR = 1024;

    static CredentialConfig config() {
        CredentialConfig c = CredentialConfig.defaults();
        c.maxCredentials = 4;
        c.maxCredentialBytes = 256;
        return c;
    }

    @FuzzTest(maxDuration = "20s")
    void sectorContents(byte[] in) {
        NorRamFlash flash = new NorRamFlash(4, SECTOR, SECTOR);
        System.arraycopy(in, 0, flash.array(), 0, Math.min(in.length, 2 * SECTOR));
        byte[] image = flash.array().clone();
        FlashCredentialStore s = new FlashCredentialStore(flash, 0, 1, config());

        assertEquals(0, s.mount());

        List<Object[]> listed = list(s);
        for (Object[] c : listed) {
            assertTrue(inImage(image, (int) c[0], (int) c[1], (int) c[2], (byte[]) c[3]),
                    "listed tag " + c[0] + " type " + c[1] + " is no valid record of the input");
        }
        assertTrue(s.droppedRecords() >= 0 && s.bytesFree() >= 0 && s.bytesUsed() >= 0);
        assertTrue(flash.locked(), "locked after mount");
        byte[] extra = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
        int r = s.put(77, CredentialType.PSK, 0, extra, 0, extra.length);
        assertTrue(r == 0 || r == -Errno.ENOMEM || r == -Errno.EEXIST, "put " + r);
        listed = list(s);
        FlashCredentialStore again = new FlashCredentialStore(flash, 0, 1, config());
        assertEquals(0, again.mount());
        assertEquals(describe(listed), describe(list(again)), "a second mount lists the same");
        if (r == 0) {
            assertEquals(0, again.remove(77, CredentialType.PSK));
        }
    }

    private static List<Object[]> list(FlashCredentialStore s) {
        List<Object[]> out = new ArrayList<>();
        for (int slot = s.next(-1); slot >= 0; slot = s.next(slot)) {
            byte[] b = new byte[s.length(slot)];
            assertEquals(b.length, s.read(slot, b, 0));
            out.add(new Object[] {s.tag(slot), s.type(slot), s.flags(slot), b});
        }
        return out;
    }

    private static List<String> describe(List<Object[]> l) {
        List<String> d = new ArrayList<>();
        for (Object[] c : l) {
            d.add(c[0] + "/" + c[1] + "/" + c[2] + "/" + Arrays.toString((byte[]) c[3]));
        }
        d.sort(null);
        return d;
    }

    /** A committed data record with valid CRCs and these fields somewhere in the image (an independent decoder). */
    static boolean inImage(byte[] image, int tag, int type, int flags, byte[] data) {
        for (int sector = 0; sector < 2; sector++) {
            int end = (sector + 1) * SECTOR;
            for (int p = sector * SECTOR + 16; p + 28 <= end; p += 4) {
                if (i32(image, p) != 0x52435A4A || i32(image, p + 24) != crc(image, p, 24, null)
                        || i32(image, p + 8) != tag || i32(image, p + 12) != (type | 1 << 8)
                        || i32(image, p + 16) != flags || i32(image, p + 20) != data.length) {
                    continue;
                }
                int crcAt = p + 28 + ((data.length + 3) & ~3);
                if (crcAt + 8 > end || !Arrays.equals(image, p + 28, p + 28 + data.length, data, 0, data.length)) {
                    continue;
                }
                if (i32(image, crcAt) == crc(image, p, 28, data) && Integer.bitCount(i32(image, crcAt + 4)) <= 8) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int crc(byte[] b, int off, int len, byte[] more) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        if (more != null) {
            c.update(more);
        }
        return (int) c.getValue();
    }

    private static int i32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    /** The seed corpus: images a real store leaves, and damaged variants of them. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        NorRamFlash flash = new NorRamFlash(4, SECTOR, SECTOR);
        FlashCredentialStore s = new FlashCredentialStore(flash, 0, 1, config());
        s.mount();
        m.put("seed-formatted-empty", image(flash));
        s.put(1, CredentialType.CA_CERTIFICATE, 0, pattern(200, 1), 0, 200);
        s.put(1, CredentialType.PRIVATE_KEY, 1, pattern(100, 2), 0, 100);
        s.put(2, CredentialType.PSK, 0, pattern(32, 3), 0, 32);
        s.remove(1, CredentialType.PRIVATE_KEY);
        byte[] beforeCompaction = image(flash);
        m.put("seed-three-records-and-a-tombstone", beforeCompaction);
        for (int i = 0; i < 6; i++) {
            s.put(3, CredentialType.PSK_ID, 0, pattern(150, 10 + i), 0, 150);
            s.remove(3, CredentialType.PSK_ID);
        }
        byte[] afterCompaction = image(flash);
        m.put("seed-after-compactions", afterCompaction);
        byte[] both = beforeCompaction.clone();
        int live = afterCompaction[0] == (byte) 0xFF ? SECTOR : 0;
        System.arraycopy(afterCompaction, live, both, SECTOR, SECTOR);
        m.put("seed-both-sectors-valid", both);
        byte[] rot = beforeCompaction.clone();
        rot[16 + 28 + 5] ^= 0x04;
        m.put("seed-payload-bit-flipped", rot);
        byte[] header = beforeCompaction.clone();
        header[16 + 28 + 200 + 8 + 9] ^= 0x01;
        m.put("seed-header-bit-flipped", header);
        byte[] torn = beforeCompaction.clone();
        Arrays.fill(torn, 16 + 28 + 200 + 8 + 14, SECTOR, (byte) 0xFF);
        m.put("seed-torn-second-header", torn);
        byte[] halfErased = beforeCompaction.clone();
        Arrays.fill(halfErased, 0, 512, (byte) 0xFF);
        m.put("seed-half-erased", halfErased);
        m.put("seed-zeros", new byte[2 * SECTOR]);
        return m;
    }

    private static byte[] image(NorRamFlash flash) {
        return flash.array().clone();
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }
}
