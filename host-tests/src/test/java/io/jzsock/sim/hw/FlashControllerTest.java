package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.stm32.FlashController;
import io.jzsock.bsp.stm32.Stm32Flash;
import io.jzsock.bsp.stm32.Stm32Part;
import org.junit.jupiter.api.Test;

class FlashControllerTest {
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private static byte[] ff(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    @Test
    void unlockEraseProgramReadBackLock() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F767);
        int sector = 11;
        int base = Stm32Part.F767.sectorBase(sector);
        soc.flash().array()[base - Stm32Flash.MEMORY_BASE] = 0x00;

        assertTrue(flash.isLocked());
        assertEquals(0, flash.unlock());
        assertEquals(0, flash.eraseSector(sector));
        assertEquals(0, flash.program(base + 64, DATA, 0, DATA.length));
        flash.lock();

        byte[] back = new byte[DATA.length];
        assertEquals(0, flash.read(base + 64, back, 0, back.length));
        assertArrayEquals(DATA, back);
        byte[] head = new byte[4];
        flash.read(base, head, 0, 4);
        assertArrayEquals(ff(4), head, "erase set the sector to 0xFF");
        assertTrue(flash.isLocked());
        assertTrue(soc.flash().locked());
    }

    @Test
    void programmingWhileLockedReturnsEperm() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F429);

        assertEquals(BspError.EPERM, flash.program(0x08100000, DATA, 0, 4));
        assertEquals(BspError.EPERM, flash.eraseSector(12));
    }

    @Test
    void programmingAOneOverAZeroIsFlaggedAndReportedAsEio() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F767);
        int addr = Stm32Part.F767.sectorBase(5);
        flash.unlock();
        flash.eraseSector(5);
        assertEquals(0, flash.program(addr, new byte[] {0x0F, 0, 0, 0}, 0, 4));

        assertEquals(BspError.EIO, flash.program(addr, new byte[] {(byte) 0xF0, 0, 0, 0}, 0, 4));

        assertEquals(1, soc.flash().overPrograms());
        assertEquals(0, soc.flash().array()[addr - Stm32Flash.MEMORY_BASE], "NOR keeps the AND of both");
        boolean operrSeen = soc.bus().trace().stream().anyMatch(a -> a.op().equals("R32")
                && a.addr() == Stm32Flash.BASE + Stm32Flash.SR && (a.value() & Stm32Flash.SR_OPERR) != 0);
        assertTrue(operrSeen);
    }

    @Test
    void clearingMoreBitsOfAProgrammedWordIsAllowed() {
        SimSoc soc = Boards.clocked(Stm32Part.F746, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F746);
        int addr = Stm32Part.F746.sectorBase(7);
        flash.unlock();
        flash.eraseSector(7);
        assertEquals(0, flash.program(addr, new byte[] {0x0F, 1, 2, 3}, 0, 4));
        assertEquals(0, flash.program(addr, new byte[] {0x07, 0, 2, 1}, 0, 4));
    }

    @Test
    void powerCutMidProgramLeavesATornWordAfterTheLastCompleteOne() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F767);
        int addr = Stm32Part.F767.sectorBase(6);
        flash.unlock();
        flash.eraseSector(6);
        soc.flash().cutPowerAtStep(3);

        assertThrows(SimPowerCut.class, () -> flash.program(addr, DATA, 0, DATA.length));
        assertThrows(SimPowerCut.class, () -> soc.bus().read32(addr));
        soc.powerCycle();

        byte[] back = new byte[16];
        assertEquals(0, flash.read(addr, back, 0, 16));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1, -1, -1, -1, -1, -1}, back);
        assertTrue(flash.isLocked(), "a power cycle locks FLASH_CR again");
    }

    @Test
    void powerCutMidEraseLeavesASectorThatIsNeitherOldNorErased() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F429);
        int sector = 4;   // 64 KB: 16 erase steps
        int off = Stm32Part.F429.sectorBase(sector) - Stm32Flash.MEMORY_BASE;
        java.util.Arrays.fill(soc.flash().array(), off, off + 65536, (byte) 0);
        flash.unlock();
        soc.flash().cutPowerAtStep(5);

        assertThrows(SimPowerCut.class, () -> flash.eraseSector(sector));
        soc.powerCycle();

        byte[] a = soc.flash().array();
        assertEquals(-1, a[off]);
        assertEquals(-1, a[off + 4 * 4096 + 2047]);
        assertEquals(0, a[off + 4 * 4096 + 2048]);
        assertEquals(0, a[off + 65535]);
    }

    @Test
    void writeProtectedSectorReportsEacces() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F767);
        soc.flash().writeProtect(0);
        flash.unlock();

        assertEquals(BspError.EACCES, flash.eraseSector(0));
        assertEquals(BspError.EACCES, flash.program(Stm32Flash.MEMORY_BASE, DATA, 0, 4));
    }

    @Test
    void badArgumentsAreEinval() {
        SimSoc soc = Boards.clocked(Stm32Part.F746, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F746);
        flash.unlock();

        assertEquals(BspError.EINVAL, flash.eraseSector(8));
        assertEquals(BspError.EINVAL, flash.program(Stm32Flash.MEMORY_BASE + 2, DATA, 0, 4));
        assertEquals(BspError.EINVAL, flash.program(Stm32Flash.MEMORY_BASE, DATA, 0, 3));
        assertEquals(BspError.EINVAL, flash.program(Stm32Flash.MEMORY_BASE + 0x100000, DATA, 0, 4));
    }

    @Test
    void f429SecondBankSectorsUseSnbSixteenAndUp() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F429);
        flash.unlock();

        assertEquals(0, flash.eraseSector(13));

        int crWrite = soc.bus().firstWriteSetting(Stm32Flash.BASE + Stm32Flash.CR,
                Stm32Flash.CR_SER | 17 << Stm32Flash.CR_SNB_SHIFT);
        assertTrue(crWrite >= 0);
        assertEquals(0x08104000, Stm32Part.F429.sectorBase(13));
    }

    @Test
    void sectorMapsMatchTheReferenceManuals() {
        assertEquals(12, Stm32Part.F767.sectorCount());
        assertEquals(2 * 1024 * 1024, Stm32Part.F767.flashSize());
        assertEquals(0x081C0000, Stm32Part.F767.sectorBase(11));
        assertEquals(8, Stm32Part.F746.sectorCount());
        assertEquals(1024 * 1024, Stm32Part.F746.flashSize());
        assertEquals(0x08040000, Stm32Part.F746.sectorBase(5));
        assertEquals(24, Stm32Part.F429.sectorCount());
        assertEquals(2 * 1024 * 1024, Stm32Part.F429.flashSize());
        assertEquals(0x08100000, Stm32Part.F429.sectorBase(12));
        assertEquals(0x10, Stm32Part.F429.sectorSnb(12));
        assertEquals(11, Stm32Part.F429.sectorOf(0x080E0000));
    }

    @Test
    void unlockingTwiceSendsNoSecondKeySequence() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        FlashController flash = new FlashController(soc.bus(), Stm32Part.F767);

        assertEquals(0, flash.unlock());
        assertEquals(0, flash.unlock());
        assertFalse(flash.isLocked());
    }
}
