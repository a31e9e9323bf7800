package io.jzsock.bsp.stm32;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.FlashMemory;
import io.jzsock.bsp.RegisterBus;

/**
 * Erase and program of the main flash, following RM0090 §3.6 / RM0410 §3.3.7: check BSY, unlock with
 * KEY1 then KEY2, set PSIZE and SER/PG, start, wait for BSY to clear, check the error flags, lock.
 * Programs 32-bit words (PSIZE x32: valid at 2.7-3.6 V). Results: 0, or {@link BspError#EPERM}
 * (locked), {@link BspError#EACCES} (write protection), {@link BspError#EIO} (error flag or
 * read-back mismatch), {@link BspError#EINVAL} (bad sector, address or length),
 * {@link BspError#ETIMEDOUT} (BSY never cleared).
 */
public final class FlashController implements FlashMemory {
    private static final int KEYR = Stm32Flash.BASE + Stm32Flash.KEYR;
    private static final int SR = Stm32Flash.BASE + Stm32Flash.SR;
    private static final int CR = Stm32Flash.BASE + Stm32Flash.CR;
    private static final int PSIZE_X32 = Stm32Flash.PSIZE_X32 << Stm32Flash.CR_PSIZE_SHIFT;

    private final RegisterBus bus;
    private final Stm32Part part;

    public FlashController(RegisterBus bus, Stm32Part part) {
        this.bus = bus;
        this.part = part;
    }

    public Stm32Part part() {
        return part;
    }

    @Override
    public int sectorCount() {
        return part.sectorCount();
    }

    @Override
    public int sectorBase(int sector) {
        return part.sectorBase(sector);
    }

    @Override
    public int sectorSize(int sector) {
        return part.sectorSize(sector);
    }

    /** PSIZE x32: one 32-bit word per program operation. */
    @Override
    public int programUnit() {
        return 4;
    }

    public boolean isLocked() {
        return (bus.read32(CR) & Stm32Flash.CR_LOCK) != 0;
    }

    /** Unlocks FLASH_CR. A second key sequence while unlocked would lock it until reset, so none is sent. */
    @Override
    public int unlock() {
        if (!isLocked()) {
            return 0;
        }
        bus.write32(KEYR, Stm32Flash.KEY1);
        bus.write32(KEYR, Stm32Flash.KEY2);
        return isLocked() ? BspError.EPERM : 0;
    }

    @Override
    public void lock() {
        bus.modify32(CR, 0, Stm32Flash.CR_LOCK);
    }

    /** Sets every byte of {@code sector} to 0xFF. */
    @Override
    public int eraseSector(int sector) {
        if (sector < 0 || sector >= part.sectorCount()) {
            return BspError.EINVAL;
        }
        int r = prepare();
        if (r < 0) {
            return r;
        }
        bus.modify32(CR, Stm32Flash.CR_PSIZE_MASK | Stm32Flash.CR_SNB_MASK | Stm32Flash.CR_PG,
                PSIZE_X32 | part.sectorSnb(sector) << Stm32Flash.CR_SNB_SHIFT | Stm32Flash.CR_SER);
        bus.modify32(CR, 0, Stm32Flash.CR_STRT);
        r = finish();
        bus.modify32(CR, Stm32Flash.CR_SER | Stm32Flash.CR_SNB_MASK, 0);
        if (r == 0) {
            bus.dcacheInvalidate(part.sectorBase(sector), part.sectorSize(sector));
        }
        return r;
    }

    /**
     * Programs {@code len} bytes (a multiple of 4) at a word-aligned {@code addr} inside the main
     * flash, then reads them back. NOR flash only clears bits, so the target must be erased.
     */
    @Override
    public int program(int addr, byte[] src, int off, int len) {
        if ((addr & 3) != 0 || (len & 3) != 0 || len < 0 || part.sectorOf(addr) < 0
                || (len > 0 && part.sectorOf(addr + len - 1) < 0)) {
            return BspError.EINVAL;
        }
        int r = prepare();
        if (r < 0) {
            return r;
        }
        bus.modify32(CR, Stm32Flash.CR_PSIZE_MASK | Stm32Flash.CR_SER | Stm32Flash.CR_SNB_MASK,
                PSIZE_X32 | Stm32Flash.CR_PG);
        for (int i = 0; i < len && r == 0; i += 4) {
            bus.write32(addr + i, word(src, off + i));
            // The write must reach the flash interface before BSY is sampled (HAL FLASH_Program_Word).
            bus.dsb();
            r = finish();
        }
        bus.modify32(CR, Stm32Flash.CR_PG, 0);
        if (r < 0) {
            return r;
        }
        bus.dcacheInvalidate(addr, len);
        for (int i = 0; i < len; i += 4) {
            if (bus.read32(addr + i) != word(src, off + i)) {
                return BspError.EIO;
            }
        }
        return 0;
    }

    /** Copies flash contents at {@code addr} into {@code dst}. */
    @Override
    public int read(int addr, byte[] dst, int off, int len) {
        if (len < 0 || part.sectorOf(addr) < 0 || (len > 0 && part.sectorOf(addr + len - 1) < 0)) {
            return BspError.EINVAL;
        }
        bus.copyIn(addr, dst, off, len);
        return 0;
    }

    private static int word(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private int prepare() {
        if (isLocked()) {
            return BspError.EPERM;
        }
        int r = Poll.until(bus, SR, Stm32Flash.SR_BSY, 0);
        if (r < 0) {
            return r;
        }
        // Stale flags from an earlier operation would make this one look failed (W1C bits).
        bus.write32(SR, Stm32Flash.SR_EOP | Stm32Flash.SR_ERRORS);
        return 0;
    }

    private int finish() {
        int r = Poll.until(bus, SR, Stm32Flash.SR_BSY, 0);
        if (r < 0) {
            return r;
        }
        int sr = bus.read32(SR);
        if ((sr & Stm32Flash.SR_ERRORS) != 0) {
            bus.write32(SR, sr & Stm32Flash.SR_ERRORS);
            return (sr & Stm32Flash.SR_WRPERR) != 0 ? BspError.EACCES : BspError.EIO;
        }
        return 0;
    }
}
