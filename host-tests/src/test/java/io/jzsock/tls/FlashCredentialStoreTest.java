package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FlashCredentialStore over FlashController and the simulator's FlashModel (F429 sectors 12 and 13). */
class FlashCredentialStoreTest {
    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static CredentialConfig cfg(int entries, int bytesPer) {
        CredentialConfig c = CredentialConfig.defaults();
        c.maxCredentials = entries;
        c.maxCredentialBytes = bytesPer;
        c.maxTotalBytes = Math.max(bytesPer, c.maxTotalBytes);
        return c;
    }

    static byte[] get(CredentialStore s, int tag, int type) {
        int slot = s.find(tag, type);
        assertTrue(slot >= 0, "tag " + tag + " type " + type + " is stored");
        byte[] out = new byte[s.length(slot)];
        assertEquals(out.length, s.read(slot, out, 0));
        return out;
    }

    /** The store holds exactly {@code want} (key tag*8+type). */
    static void assertHolds(Map<Integer, byte[]> want, CredentialStore s) {
        int n = 0;
        for (int slot = s.next(-1); slot >= 0; slot = s.next(slot)) {
            n++;
            byte[] w = want.get(s.tag(slot) * 8 + s.type(slot));
            assertTrue(w != null, "unexpected tag " + s.tag(slot) + " type " + s.type(slot));
            byte[] out = new byte[s.length(slot)];
            assertEquals(out.length, s.read(slot, out, 0));
            assertArrayEquals(w, out);
        }
        assertEquals(want.size(), n, "credentials stored");
    }

    @Test
    void putReadRoundTripSurvivesARemountByANewStoreObject() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore s = board.mount(cfg(8, 2048));
        byte[] a = bytes(700, 1);
        byte[] b = bytes(33, 2);
        assertEquals(0, s.put(1, CredentialType.CA_CERTIFICATE, 0, a, 0, a.length));
        assertEquals(0, s.put(1, CredentialType.PSK, 1, b, 0, b.length));
        assertTrue(board.controller.isLocked(), "locked after a put");

        FlashCredentialStore again = board.mount(cfg(8, 2048));

        assertArrayEquals(a, get(again, 1, CredentialType.CA_CERTIFICATE));
        assertArrayEquals(b, get(again, 1, CredentialType.PSK));
        assertEquals(1, again.flags(again.find(1, CredentialType.PSK)));
        assertEquals(0, again.droppedRecords());
        assertEquals(s.bytesUsed(), again.bytesUsed());
        assertEquals(s.bytesFree(), again.bytesFree());
        assertEquals((28 + 700 + 8) + (28 + 36 + 8), again.bytesUsed());
    }

    @Test
    void putOfAPresentKeyIsEexistAndMissingKeysAreEnoent() {
        FlashCredentialStore s = FlashBoard.f429().mount(cfg(8, 2048));
        byte[] a = bytes(10, 3);
        assertEquals(0, s.put(5, CredentialType.PRIVATE_KEY, 0, a, 0, a.length));

        assertEquals(-Errno.EEXIST, s.put(5, CredentialType.PRIVATE_KEY, 0, a, 0, a.length));
        assertEquals(-Errno.ENOENT, s.find(6, CredentialType.PRIVATE_KEY));
        assertEquals(-Errno.ENOENT, s.remove(5, CredentialType.PSK));
        assertEquals(0, s.remove(5, CredentialType.PRIVATE_KEY));
        assertEquals(-Errno.ENOENT, s.remove(5, CredentialType.PRIVATE_KEY));
        assertEquals(-Errno.ENOENT, s.find(5, CredentialType.PRIVATE_KEY));
    }

    @Test
    void aFullStoreIsEnomemAndWorksAgainAfterDeletes() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore slots = board.mount(cfg(3, 2048));
        byte[] a = bytes(100, 4);
        for (int t = 0; t < 3; t++) {
            assertEquals(0, slots.put(t, CredentialType.PSK, 0, a, 0, a.length));
        }
        assertEquals(-Errno.ENOMEM, slots.put(9, CredentialType.PSK, 0, a, 0, a.length), "no free slot");
        assertEquals(0, slots.remove(1, CredentialType.PSK));
        assertEquals(0, slots.put(9, CredentialType.PSK, 0, a, 0, a.length));

        FlashBoard board2 = FlashBoard.f429();
        FlashCredentialStore bytes = board2.mount(cfg(32, 4096));
        byte[] big = bytes(4000, 5);
        int added = 0;
        while (bytes.put(added, CredentialType.CA_CERTIFICATE, 0, big, 0, big.length) == 0) {
            added++;
        }
        assertEquals(4, added, "four records of 4000 bytes fill a 16 KB sector");
        assertEquals(-Errno.ENOMEM, bytes.put(99, CredentialType.CA_CERTIFICATE, 0, big, 0, big.length));
        assertEquals(0, bytes.put(99, CredentialType.PSK, 0, a, 0, a.length), "a smaller one still fits");
        assertEquals(0, bytes.remove(0, CredentialType.CA_CERTIFICATE));
        assertEquals(0, bytes.put(100, CredentialType.CA_CERTIFICATE, 0, big, 0, big.length), "room after a delete");
        assertTrue(bytes.generation() > 1, "the put compacted");
        FlashCredentialStore again = board2.mount(cfg(32, 4096));
        assertArrayEquals(big, get(again, 100, CredentialType.CA_CERTIFICATE));
        assertEquals(-Errno.ENOENT, again.find(0, CredentialType.CA_CERTIFICATE));
        assertEquals(5, new TlsCredentials(again).count());
    }

    @Test
    void aWriteProtectedStoreIsEioAndChangesNothing() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore s = board.mount(cfg(8, 2048));
        byte[] a = bytes(64, 6);
        assertEquals(0, s.put(1, CredentialType.PSK, 0, a, 0, a.length));
        board.soc.flash().writeProtect(board.sectorA);
        board.soc.flash().writeProtect(board.sectorB);

        assertEquals(-Errno.EIO, s.put(2, CredentialType.PSK, 0, a, 0, a.length));
        assertEquals(-Errno.ENOENT, s.find(2, CredentialType.PSK));
        assertEquals(-Errno.EIO, s.remove(1, CredentialType.PSK));
        assertArrayEquals(a, get(s, 1, CredentialType.PSK));
        assertTrue(board.controller.isLocked());

        FlashCredentialStore again = board.mount(cfg(8, 2048));
        assertArrayEquals(a, get(again, 1, CredentialType.PSK));
        assertEquals(-Errno.ENOENT, again.find(2, CredentialType.PSK));
    }

    @Test
    void anInjectedProgramErrorIsEioAndTheNextPutCompactsPastIt() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore s = board.mount(cfg(8, 2048));
        byte[] a = bytes(300, 7);
        assertEquals(0, s.put(1, CredentialType.CA_CERTIFICATE, 0, a, 0, a.length));
        for (int nth = 1; nth <= 4; nth++) {   // header, payload, CRC, commit
            board.flash.failProgram = nth;
            assertEquals(-Errno.EIO, s.put(2, CredentialType.CA_CERTIFICATE, 0, a, 0, a.length), "program " + nth + " fails");
            board.flash.failProgram = 0;
            assertEquals(-Errno.ENOENT, s.find(2, CredentialType.CA_CERTIFICATE));
            FlashCredentialStore again = board.mount(cfg(8, 2048));
            assertEquals(-Errno.ENOENT, again.find(2, CredentialType.CA_CERTIFICATE), "after a remount too");
            assertEquals(0, again.droppedRecords());
            s = again;
        }
        int gen = s.generation();
        board.flash.failProgram = 1;
        assertEquals(-Errno.EIO, s.remove(1, CredentialType.CA_CERTIFICATE));
        assertArrayEquals(a, get(s, 1, CredentialType.CA_CERTIFICATE));
        assertEquals(0, s.put(3, CredentialType.PSK, 0, a, 0, 32));
        assertTrue(s.generation() > gen, "the put after a failed append compacted first");
        Map<Integer, byte[]> want = new LinkedHashMap<>();
        want.put(8 + CredentialType.CA_CERTIFICATE, a);
        want.put(3 * 8 + CredentialType.PSK, java.util.Arrays.copyOf(a, 32));
        assertHolds(want, s);
        assertHolds(want, board.mount(cfg(8, 2048)));
    }

    @Test
    void aFailedEraseDuringCompactionIsEioAndKeepsEverything() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore s = board.mount(cfg(8, 4096));
        byte[] a = bytes(4000, 8);
        Map<Integer, byte[]> want = new LinkedHashMap<>();
        for (int t = 0; t < 4; t++) {
            assertEquals(0, s.put(t, CredentialType.CA_CERTIFICATE, 0, a, 0, a.length));
            want.put(t * 8 + CredentialType.CA_CERTIFICATE, a);
        }
        assertEquals(0, s.remove(0, CredentialType.CA_CERTIFICATE));
        want.remove(CredentialType.CA_CERTIFICATE);
        // Make the standby sector dirty, so the compaction must erase it first.
        board.flash.failErase = true;
        byte[] junk = {0, 0, 0, 0};
        board.controller.unlock();
        board.controller.program(board.part.sectorBase(board.sectorB) + 1024, junk, 0, 4);
        board.controller.lock();
        s = board.mount(cfg(8, 4096));

        assertEquals(-Errno.EIO, s.put(7, CredentialType.CA_CERTIFICATE, 0, a, 0, a.length));
        assertHolds(want, s);
        board.flash.failErase = false;
        assertEquals(0, s.put(7, CredentialType.CA_CERTIFICATE, 0, a, 0, a.length));
        want.put(7 * 8 + CredentialType.CA_CERTIFICATE, a);
        assertHolds(want, s);
        assertHolds(want, board.mount(cfg(8, 4096)));
    }

    @Test
    void churnCompactsManyTimesAndARemountSeesTheSameState() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore s = board.mount(cfg(8, 2048));
        Random rnd = new Random(42);
        Map<Integer, byte[]> want = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            int tag = rnd.nextInt(6);
            int type = 1 + rnd.nextInt(CredentialType.MAX);
            int key = tag * 8 + type;
            if (want.containsKey(key)) {
                assertEquals(0, s.remove(tag, type));
                want.remove(key);
            } else {
                byte[] v = bytes(1 + rnd.nextInt(1500), i);
                int r = s.put(tag, type, 0, v, 0, v.length);
                if (r == 0) {
                    want.put(key, v);
                } else {
                    assertEquals(-Errno.ENOMEM, r);
                }
            }
        }
        assertTrue(s.generation() >= 5, "compactions: " + (s.generation() - 1));
        assertHolds(want, s);
        FlashCredentialStore again = board.mount(cfg(8, 2048));
        assertHolds(want, again);
        assertEquals(s.generation(), again.generation());
        assertEquals(0, again.droppedRecords());
        assertEquals(s.generation() - 1, s.eraseCount(0) + s.eraseCount(1), "one erase per compaction (the target was blank)");
    }

    @Test
    void aFlippedBitInAPayloadOrAHeaderDropsOnlyThatRecordAndIsReported() {
        for (int where : new int[] {28 + 10, 5}) {
            FlashBoard board = FlashBoard.f429();
            FlashCredentialStore s = board.mount(cfg(8, 2048));
            Map<Integer, byte[]> want = new LinkedHashMap<>();
            int[] addr = new int[4];
            for (int t = 0; t < 4; t++) {
                byte[] v = bytes(100 + t, t);
                assertEquals(0, s.put(t, CredentialType.CA_CERTIFICATE, 0, v, 0, v.length));
                want.put(t * 8 + CredentialType.CA_CERTIFICATE, v);
            }
            int rec = board.offset(board.sectorA) + 16;
            for (int t = 0; t < 1; t++) {
                rec += FlashRecord.extent(100 + t, 4);
            }
            board.soc.flash().array()[rec + where] ^= 0x10;
            want.remove(8 + CredentialType.CA_CERTIFICATE);

            FlashCredentialStore again = board.mount(cfg(8, 2048));

            assertEquals(1, again.droppedRecords(), "dropped, flip at record offset " + where);
            assertHolds(want, again);
            byte[] v = bytes(50, 9);
            assertEquals(0, again.put(1, CredentialType.CA_CERTIFICATE, 0, v, 0, v.length), "the store keeps working");
        }
    }

    @Test
    void tlsCredentialsOverTheFlashStoreDecodePemAndPersistNonExportable() {
        FlashBoard board = FlashBoard.f429();
        CredentialConfig c = cfg(8, 2048);
        TlsCredentials creds = new TlsCredentials(board.mount(c), c);
        byte[] der = new byte[4 + 300];
        der[0] = 0x30;
        der[1] = (byte) 0x82;
        der[2] = 1;
        der[3] = 44;
        for (int i = 4; i < der.length; i++) {
            der[i] = (byte) (i * 7);
        }
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] key = bytes(32, 10);
        assertEquals(0, creds.add(7, TlsCredentials.SERVER_CERTIFICATE, pem, 0, pem.length));
        assertEquals(0, creds.add(7, TlsCredentials.PSK, key, 0, key.length, TlsCredentials.FLAG_NON_EXPORTABLE));
        assertEquals(-Errno.EINVAL, creds.add(-2, TlsCredentials.PSK, key, 0, key.length));
        assertEquals(-Errno.EINVAL, creds.add(7, 0, key, 0, key.length));
        assertEquals(-Errno.EINVAL, creds.add(7, TlsCredentials.PSK_ID, key, 0, key.length, TlsCredentials.FLAG_NON_EXPORTABLE));
        assertEquals(-Errno.EEXIST, creds.add(7, TlsCredentials.PSK, key, 0, key.length));

        TlsCredentials after = new TlsCredentials(board.mount(c), c);

        byte[] out = new byte[2048];
        int[] len = {out.length};
        assertEquals(0, after.get(7, TlsCredentials.SERVER_CERTIFICATE, out, 0, len));
        assertArrayEquals(der, java.util.Arrays.copyOf(out, len[0]), "PEM in, DER out");
        len[0] = out.length;
        assertEquals(-Errno.EACCES, after.get(7, TlsCredentials.PSK, out, 0, len));
        assertEquals(32, after.readForTls(7, TlsCredentials.PSK, out, 0, out.length));
        assertArrayEquals(key, java.util.Arrays.copyOf(out, 32));
        len[0] = 10;
        assertEquals(-Errno.EFBIG, after.get(7, TlsCredentials.SERVER_CERTIFICATE, out, 0, len));
        assertEquals(der.length, len[0]);
        assertEquals(0, after.delete(7, TlsCredentials.PSK));
        assertEquals(-Errno.ENOENT, after.delete(7, TlsCredentials.PSK));
        assertEquals(1, new TlsCredentials(board.mount(c), c).count());
    }

    @Test
    void aTornAppendFoundAtMountIsCompactedAway() {
        FlashBoard board = FlashBoard.f429();
        FlashCredentialStore s = board.mount(cfg(8, 2048));
        byte[] a = bytes(200, 11);
        assertEquals(0, s.put(1, CredentialType.PSK, 0, a, 0, a.length));
        board.soc.flash().cutPowerAtStep(2);
        try {
            s.put(2, CredentialType.PSK, 0, a, 0, a.length);
        } catch (io.jzsock.sim.hw.SimPowerCut expected) {
            // the second word of the new record's header is torn
        }
        board.powerCycle();

        FlashCredentialStore again = board.mount(cfg(8, 2048));

        assertEquals(2, again.generation(), "mount compacted the torn tail away");
        assertEquals(0, again.droppedRecords());
        assertArrayEquals(a, get(again, 1, CredentialType.PSK));
        assertEquals(-Errno.ENOENT, again.find(2, CredentialType.PSK));
        assertEquals(0, again.put(2, CredentialType.PSK, 0, a, 0, a.length));
        assertTrue(board.controller.isLocked());
    }

    /** Sector images of a store just before and just after a put that compacted (A to B). */
    private static byte[][] aroundACompaction(FlashBoard board, Map<Integer, byte[]> want) {
        FlashCredentialStore s = board.mount(cfg(8, 4096));
        byte[] big = bytes(3000, 12);
        for (int t = 0; t < 5; t++) {
            assertEquals(0, s.put(t, CredentialType.CA_CERTIFICATE, 0, big, 0, big.length));
            if (t < 4) {
                assertEquals(0, s.remove(t, CredentialType.CA_CERTIFICATE));
            }
        }
        want.put(4 * 8 + CredentialType.CA_CERTIFICATE, big);
        byte[] before = board.snapshot();
        assertEquals(0, s.activeSector());
        assertEquals(0, s.put(9, CredentialType.CA_CERTIFICATE, 0, big, 0, big.length));
        assertEquals(1, s.activeSector(), "the put compacted into sector B");
        return new byte[][] {before, board.snapshot()};
    }

    @Test
    void bothSectorsValidMeansTheOldOneWasBeingErasedAndMountFinishesTheJob() {
        FlashBoard board = FlashBoard.f429();
        Map<Integer, byte[]> want = new LinkedHashMap<>();
        byte[][] images = aroundACompaction(board, want);
        int n = board.sectorSize();
        byte[] both = images[0].clone();
        System.arraycopy(images[1], n, both, n, n);
        board.restore(both);
        want.put(9 * 8 + CredentialType.CA_CERTIFICATE, bytes(3000, 12));
        // As after an erase of A that failed (the put goes on in B) or was cut: B, generation 2, is newer and wins.
        FlashCredentialStore m = board.mount(cfg(8, 4096));

        assertEquals(1, m.activeSector());
        assertEquals(2, m.generation());
        assertEquals(1, m.eraseCount(0), "the old sector erased at mount");
        assertHolds(want, m);
        byte[] a = board.snapshot();
        for (int i = 0; i < n; i++) {
            assertEquals((byte) 0xFF, a[i], "sector A erased");
        }
    }

    @Test
    void aCompactionCopyWithoutItsSectorHeaderIsErasedAndTheSourceKept() {
        FlashBoard board = FlashBoard.f429();
        Map<Integer, byte[]> want = new LinkedHashMap<>();
        byte[][] images = aroundACompaction(board, want);
        int n = board.sectorSize();
        byte[] partial = images[0].clone();
        System.arraycopy(images[1], n, partial, n, n);
        java.util.Arrays.fill(partial, n, n + 16, (byte) 0xFF);
        board.restore(partial);

        FlashCredentialStore m = board.mount(cfg(8, 4096));

        assertEquals(0, m.activeSector(), "the source stays current");
        assertEquals(1, m.generation());
        assertEquals(1, m.eraseCount(1), "the unfinished copy erased");
        assertHolds(want, m);
        assertEquals(0, m.put(9, CredentialType.PSK, 0, new byte[] {1}, 0, 1));
    }

    @Test
    void mountIsEioWhenTheBlankSectorsCannotBeFormatted() {
        FlashBoard board = FlashBoard.f429();
        board.soc.flash().writeProtect(board.sectorA);
        FlashCredentialStore s = new FlashCredentialStore(board.flash, board.sectorA, board.sectorB, cfg(8, 2048));

        assertEquals(-Errno.EIO, s.mount());
        assertTrue(board.controller.isLocked());
    }

    @Test
    void programUnitsOf8And16BytesKeepEveryPartAligned() {
        for (int unit : new int[] {8, 16}) {
            io.jzsock.sim.testkit.NorRamFlash flash = new io.jzsock.sim.testkit.NorRamFlash(unit, 4096, 4096);
            FlashCredentialStore s = new FlashCredentialStore(flash, 0, 1, cfg(4, 1024));
            assertEquals(0, s.mount());
            Map<Integer, byte[]> want = new LinkedHashMap<>();
            for (int i = 0; i < 60; i++) {
                int tag = i % 3;
                byte[] v = bytes(1 + i * 13 % 700, i);
                if (want.containsKey(tag * 8 + CredentialType.PSK)) {
                    assertEquals(0, s.remove(tag, CredentialType.PSK), "unit " + unit);
                    want.remove(tag * 8 + CredentialType.PSK);
                } else {
                    assertEquals(0, s.put(tag, CredentialType.PSK, 0, v, 0, v.length), "unit " + unit + " op " + i);
                    want.put(tag * 8 + CredentialType.PSK, v);
                }
            }
            assertTrue(s.generation() > 3, "compactions with unit " + unit);
            FlashCredentialStore again = new FlashCredentialStore(flash, 0, 1, cfg(4, 1024));
            assertEquals(0, again.mount());
            assertHolds(want, again);
        }
    }

    @Test
    void aFlippedBitInARecordCrcDropsItButOneInItsCommitWordIsTolerated() {
        for (boolean commitWord : new boolean[] {false, true}) {
            FlashBoard board = FlashBoard.f429();
            FlashCredentialStore s = board.mount(cfg(8, 2048));
            Map<Integer, byte[]> want = new LinkedHashMap<>();
            for (int t = 0; t < 3; t++) {
                byte[] v = bytes(64, t);
                assertEquals(0, s.put(t, CredentialType.PSK, 0, v, 0, v.length));
                want.put(t * 8 + CredentialType.PSK, v);
            }
            int second = board.offset(board.sectorA) + 16 + FlashRecord.extent(64, 4);
            int word = commitWord ? FlashRecord.commitOffset(64, 4) : FlashRecord.crcOffset(64, 4);
            board.soc.flash().array()[second + word + 1] ^= 0x40;
            if (!commitWord) {
                want.remove(8 + CredentialType.PSK);
            }

            FlashCredentialStore again = board.mount(cfg(8, 2048));

            assertEquals(commitWord ? 0 : 1, again.droppedRecords(), commitWord ? "commit word" : "record CRC");
            assertHolds(want, again);
        }
    }
}
