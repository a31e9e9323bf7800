package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.Entropy;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.stm32.HardwareRng;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.UniqueId;
import org.junit.jupiter.api.Test;

/** HardwareRng as netcore's Entropy, and the UID-derived MAC address. */
class EntropyAndIdTest {
    private static HardwareRng startedRng(SimSoc soc) {
        new Rcc(soc.bus(), soc.part()).enableRng();
        HardwareRng rng = new HardwareRng(soc.bus());
        rng.start();
        return rng;
    }

    @Test
    void rngDeliversTheModelsWordsThroughEntropy() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 42);
        Entropy e = startedRng(soc);
        SeededEntropy expected = new SeededEntropy(42);

        assertEquals(expected.nextInt(), e.nextInt());
        assertEquals(expected.nextInt(), e.nextInt());
        byte[] b = new byte[6];
        e.fill(b, 0, 6);
        int w = expected.nextInt();
        int w2 = expected.nextInt();
        assertArrayEquals(new byte[] {(byte) w, (byte) (w >>> 8), (byte) (w >>> 16), (byte) (w >>> 24),
            (byte) w2, (byte) (w2 >>> 8)}, b);
    }

    @Test
    void seedErrorIsClearedByRestartingTheRng() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 7);
        HardwareRng rng = startedRng(soc);
        soc.rng().injectSeedErrors(2);

        long w = rng.nextWord();

        assertEquals(new SeededEntropy(7).nextInt() & 0xFFFFFFFFL, w);
        assertEquals(0, rng.lastError());
    }

    @Test
    void persistentSeedErrorsEndInEio() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 7);
        HardwareRng rng = startedRng(soc);
        soc.rng().injectSeedErrors(100);

        assertEquals(0, rng.nextInt());
        assertEquals(BspError.EIO, rng.lastError());
    }

    @Test
    void rngWithoutItsPllClockReportsAClockError() {
        SimSoc soc = new SimSoc(Stm32Part.F767, 7);
        HardwareRng rng = startedRng(soc);

        assertEquals(BspError.EIO, rng.nextWord());
    }

    @Test
    void aRepeatedWordFailsTheContinuousTestAndIsSkipped() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 9);
        HardwareRng rng = startedRng(soc);
        SeededEntropy expected = new SeededEntropy(9);
        assertEquals(expected.nextInt(), rng.nextInt());

        soc.rng().repeatNextWord();

        assertEquals(expected.nextInt(), rng.nextInt());
    }

    @Test
    void macFromUidIsLocallyAdministeredUnicastAndStable() {
        SimSoc soc = new SimSoc(Stm32Part.F767, 1234);
        byte[] mac = new byte[6];
        byte[] again = new byte[6];

        new UniqueId(soc.bus(), Stm32Part.F767).macAddress(mac, 0);
        new UniqueId(soc.bus(), Stm32Part.F767).macAddress(again, 0);

        assertEquals(0x02, mac[0] & 0x03, "locally administered bit set, multicast bit clear");
        assertArrayEquals(mac, again);
        assertFalse(java.util.Arrays.equals(new byte[6], mac));
    }

    @Test
    void differentChipsGetDifferentMacs() {
        byte[] a = new byte[6];
        byte[] b = new byte[6];
        new UniqueId(new SimSoc(Stm32Part.F429, 1).bus(), Stm32Part.F429).macAddress(a, 0);
        new UniqueId(new SimSoc(Stm32Part.F429, 2).bus(), Stm32Part.F429).macAddress(b, 0);

        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    }

    @Test
    void uidWordsAreReadFromThePartsAddress() {
        SimSoc soc = new SimSoc(Stm32Part.F429, 5);
        int[] uid = new int[3];
        new UniqueId(soc.bus(), Stm32Part.F429).read(uid);

        assertEquals(soc.bus().read32(0x1FFF7A10), uid[0]);
        assertEquals(soc.bus().read32(0x1FFF7A18), uid[2]);
    }
}
