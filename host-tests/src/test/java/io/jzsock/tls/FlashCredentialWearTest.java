package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.stm32.Stm32Part;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Wear of the two sectors under credential rotation, counted on the simulator: the store keeps a CA
 * certificate (1200 bytes), a PSK and its identity, and rotates a device certificate and key (600 to 1400
 * bytes each): every operation is the delete or the add of one of them. Prints erases per sector, erases
 * per 1000 operations and the operations until the more worn sector reaches 10 000 erase cycles (the F4/F7
 * datasheets' endurance); asserts the two sectors wear evenly and one erase is spent per compaction.
 */
class FlashCredentialWearTest {
    private static final int OPS = 4000;
    private static final int ENDURANCE = 10_000;

    @Test
    void f429Sectors12And13() {
        wear("F429 sectors 12+13 (16 KB)", FlashBoard.f429());
    }

    @Test
    void f767Sectors1And2() {
        wear("F767 sectors 2+3 (32 KB)", FlashBoard.f767());
    }

    @Test
    void f767Sectors10And11() {
        wear("F767 sectors 10+11 (256 KB)", new FlashBoard(Stm32Part.F767, 10, 11));
    }

    private static void wear(String name, FlashBoard board) {
        CredentialConfig cfg = FlashCredentialStoreTest.cfg(8, 2048);
        FlashCredentialStore s = board.mount(cfg);
        assertEquals(0, s.put(1, CredentialType.CA_CERTIFICATE, 0, new byte[1200], 0, 1200));
        assertEquals(0, s.put(2, CredentialType.PSK, 0, new byte[32], 0, 32));
        assertEquals(0, s.put(2, CredentialType.PSK_ID, 0, new byte[16], 0, 16));
        int e0 = s.eraseCount(0) + s.eraseCount(1);
        int g0 = s.generation();
        Random rnd = new Random(5);
        boolean[] present = new boolean[2];
        for (int i = 0; i < OPS; i++) {
            int which = i % 4 < 2 ? 0 : 1;
            int type = which == 0 ? CredentialType.SERVER_CERTIFICATE : CredentialType.PRIVATE_KEY;
            if (present[which]) {
                assertEquals(0, s.remove(3, type));
            } else {
                byte[] v = FlashCredentialStoreTest.bytes(600 + rnd.nextInt(801), i);
                assertEquals(0, s.put(3, type, 0, v, 0, v.length));
            }
            present[which] = !present[which];
        }
        int a = s.eraseCount(0);
        int b = s.eraseCount(1);
        int compactions = s.generation() - g0;
        int erases = a + b - e0;
        double per1000 = erases * 1000.0 / OPS;
        double worstPerOp = Math.max(a, b) / (double) OPS;
        long lifetimeOps = (long) (ENDURANCE / worstPerOp);
        System.out.printf("wear %s: %d operations, %d compactions, erases A=%d B=%d, %.2f erases per 1000 "
                + "operations, %d operations (%.1f million) until a sector reaches %d erase cycles%n", name, OPS,
                compactions, a, b, per1000, lifetimeOps, lifetimeOps / 1e6, ENDURANCE);
        assertEquals(compactions, erases, "one erase per compaction: the target is already blank");
        assertTrue(Math.abs(a - b) <= 1, "the sectors take turns");
        assertTrue(compactions > 0);
    }
}
