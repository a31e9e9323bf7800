package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jzsock.net.Errno;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RamCredentialStoreTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    private static byte[] read(CredentialStore s, int tag, int type) {
        int slot = s.find(tag, type);
        byte[] out = new byte[s.length(slot)];
        assertEquals(out.length, s.read(slot, out, 0));
        return out;
    }

    @Test
    void keepsACopySoTheCallersArrayMayBeReused() {
        RamCredentialStore s = new RamCredentialStore(4, 64);
        byte[] data = bytes(10, 1);
        assertEquals(0, s.put(7, CredentialType.PSK, TlsCredentials.FLAG_NON_EXPORTABLE, data, 0, 10));
        Arrays.fill(data, (byte) 0);
        int slot = s.find(7, CredentialType.PSK);
        assertEquals(7, s.tag(slot));
        assertEquals(CredentialType.PSK, s.type(slot));
        assertEquals(TlsCredentials.FLAG_NON_EXPORTABLE, s.flags(slot));
        assertEquals(10, s.length(slot));
        assertArrayEquals(bytes(10, 1), read(s, 7, CredentialType.PSK));
    }

    @Test
    void readsIntoTheGivenOffset() {
        RamCredentialStore s = new RamCredentialStore(1, 8);
        assertEquals(0, s.put(1, CredentialType.PSK_ID, 0, bytes(8, 3), 2, 4));
        byte[] out = new byte[7];
        assertEquals(4, s.read(s.find(1, CredentialType.PSK_ID), out, 3));
        assertArrayEquals(new byte[] {0, 0, 0, 17, 24, 31, 38}, out);
    }

    @Test
    void refusesADuplicateAndRunsOutOfSlotsAndOfBytes() {
        RamCredentialStore s = new RamCredentialStore(2, 20);
        assertEquals(0, s.put(1, CredentialType.PSK, 0, bytes(10, 0), 0, 10));
        assertEquals(-Errno.EEXIST, s.put(1, CredentialType.PSK, 0, bytes(1, 0), 0, 1));
        assertEquals(-Errno.ENOMEM, s.put(1, CredentialType.PSK_ID, 0, bytes(11, 0), 0, 11), "11 of 10 free bytes");
        assertEquals(0, s.put(1, CredentialType.PSK_ID, 0, bytes(10, 0), 0, 10));
        assertEquals(0, s.freeBytes());
        assertEquals(-Errno.ENOMEM, s.put(2, CredentialType.PSK, 0, bytes(0, 0), 0, 0), "no slot");
        assertEquals(0, s.remove(1, CredentialType.PSK));
        assertEquals(0, s.put(2, CredentialType.PSK, 0, bytes(10, 5), 0, 10), "room again after a remove");
    }

    @Test
    void removeClosesTheGapAndLeavesTheOthersIntactInTheirSlots() {
        RamCredentialStore s = new RamCredentialStore(4, 100);
        for (int t = 0; t < 4; t++) {
            assertEquals(0, s.put(t, CredentialType.CA_CERTIFICATE, 0, bytes(10 + t, t), 0, 10 + t));
        }
        int slotOf3 = s.find(3, CredentialType.CA_CERTIFICATE);
        assertEquals(0, s.remove(1, CredentialType.CA_CERTIFICATE));
        assertEquals(0, s.remove(0, CredentialType.CA_CERTIFICATE));
        assertEquals(-Errno.ENOENT, s.remove(0, CredentialType.CA_CERTIFICATE));
        assertEquals(-Errno.ENOENT, s.find(1, CredentialType.CA_CERTIFICATE));
        assertEquals(slotOf3, s.find(3, CredentialType.CA_CERTIFICATE), "slots do not move");
        assertArrayEquals(bytes(12, 2), read(s, 2, CredentialType.CA_CERTIFICATE));
        assertArrayEquals(bytes(13, 3), read(s, 3, CredentialType.CA_CERTIFICATE));
        assertEquals(25, s.usedBytes());
        assertEquals(0, s.put(9, CredentialType.CA_CERTIFICATE, 0, bytes(75, 9), 0, 75), "the freed bytes are one run");
        assertArrayEquals(bytes(75, 9), read(s, 9, CredentialType.CA_CERTIFICATE));
        assertArrayEquals(bytes(13, 3), read(s, 3, CredentialType.CA_CERTIFICATE));
    }

    @Test
    void nextVisitsEveryUsedSlotOnce() {
        RamCredentialStore s = new RamCredentialStore(5, 50);
        for (int t = 0; t < 5; t++) {
            s.put(t, CredentialType.PSK, 0, bytes(1, t), 0, 1);
        }
        s.remove(0, CredentialType.PSK);
        s.remove(3, CredentialType.PSK);
        List<Integer> tags = new ArrayList<>();
        for (int slot = s.next(-1); slot >= 0; slot = s.next(slot)) {
            tags.add(s.tag(slot));
        }
        assertEquals(List.of(1, 2, 4), tags);
        assertEquals(5, s.capacity());
    }

    @Test
    void takesItsSizesFromTheConfigAndRejectsImpossibleOnes() {
        CredentialConfig c = CredentialConfig.defaults();
        c.maxCredentials = 3;
        c.maxTotalBytes = 5000;
        RamCredentialStore s = new RamCredentialStore(c);
        assertEquals(3, s.capacity());
        assertEquals(5000, s.freeBytes());
        c.maxTotalBytes = c.maxCredentialBytes - 1;
        assertThrows(IllegalArgumentException.class, () -> new RamCredentialStore(c));
        assertThrows(IllegalArgumentException.class, () -> new RamCredentialStore(0, 10));
    }
}
