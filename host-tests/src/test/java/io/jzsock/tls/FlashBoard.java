package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.FlashMemory;
import io.jzsock.bsp.stm32.FlashController;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Flash;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.boards.BoardDefinition;
import io.jzsock.sim.hw.SimSoc;

/**
 * A simulated chip whose FlashController drives the FlashModel, with two sectors for a credential store:
 * the board's own ({@link BoardDefinition}: F429 sectors 12 and 13, 16 KB each; F767 sectors 2 and 3,
 * 32 KB each). Can snapshot and restore
 * the two sectors, power-cycle the chip, and inject flash errors.
 */
final class FlashBoard {
    final Stm32Part part;
    final SimSoc soc;
    final FlashController controller;
    final Faults flash;
    final int sectorA;
    final int sectorB;

    FlashBoard(Stm32Part part, int sectorA, int sectorB) {
        this.part = part;
        this.sectorA = sectorA;
        this.sectorB = sectorB;
        soc = new SimSoc(part, 1);
        assertEquals(0, new Rcc(soc.bus(), part).initClocks());
        controller = new FlashController(soc.bus(), part);
        flash = new Faults(controller, soc);
        soc.bus().clearTrace();
    }

    static FlashBoard f429() {
        return of(BoardDefinition.NUCLEO_F429ZI);
    }

    static FlashBoard f767() {
        return of(BoardDefinition.NUCLEO_F767ZI);
    }

    static FlashBoard of(BoardDefinition board) {
        return new FlashBoard(board.part, board.credentialSectorA, board.credentialSectorB);
    }

    /** A new store object over the same flash, mounted. */
    FlashCredentialStore mount(CredentialConfig cfg) {
        FlashCredentialStore s = new FlashCredentialStore(flash, sectorA, sectorB, cfg);
        assertEquals(0, s.mount(), "mount");
        soc.bus().clearTrace();
        return s;
    }

    int offset(int sector) {
        return part.sectorBase(sector) - Stm32Flash.MEMORY_BASE;
    }

    int sectorSize() {
        return part.sectorSize(sectorA);
    }

    /** Both sectors' bytes, A then B. */
    byte[] snapshot() {
        int n = sectorSize();
        byte[] s = new byte[2 * n];
        System.arraycopy(soc.flash().array(), offset(sectorA), s, 0, n);
        System.arraycopy(soc.flash().array(), offset(sectorB), s, n, n);
        return s;
    }

    void restore(byte[] s) {
        int n = sectorSize();
        System.arraycopy(s, 0, soc.flash().array(), offset(sectorA), n);
        System.arraycopy(s, n, soc.flash().array(), offset(sectorB), n);
    }

    void powerCycle() {
        soc.powerCycle();
        soc.bus().clearTrace();
    }

    long steps() {
        return soc.flash().steps();
    }

    /** The flash as the store sees it, with programs or erases that fail on demand (FLASH_SR error bits). */
    static final class Faults implements FlashMemory {
        final FlashMemory inner;
        private final SimSoc soc;
        private int reads;
        /** The n-th program call from now fails (1 = the next); 0: none. */
        int failProgram;
        boolean failErase;
        int programs;

        Faults(FlashMemory inner, SimSoc soc) {
            this.inner = inner;
            this.soc = soc;
        }

        @Override public int sectorCount() { return inner.sectorCount(); }
        @Override public int sectorBase(int s) { return inner.sectorBase(s); }
        @Override public int sectorSize(int s) { return inner.sectorSize(s); }
        @Override public int programUnit() { return inner.programUnit(); }
        @Override public int unlock() { return inner.unlock(); }

        /** Also forgets the bus trace, which would otherwise keep every access of a long test. */
        @Override
        public void lock() {
            inner.lock();
            soc.bus().clearTrace();
        }

        @Override
        public int eraseSector(int sector) {
            return failErase ? BspError.EIO : inner.eraseSector(sector);
        }

        @Override
        public int program(int addr, byte[] src, int off, int len) {
            programs++;
            if (failProgram > 0 && --failProgram == 0) {
                return BspError.EIO;
            }
            return inner.program(addr, src, off, len);
        }

        @Override
        public int read(int addr, byte[] dst, int off, int len) {
            if (++reads % 4096 == 0) {
                soc.bus().clearTrace();
            }
            return inner.read(addr, dst, off, len);
        }
    }
}
