package io.jzsock.bsp.stm32;

/**
 * What differs between the supported parts: clock plan, flash sector map, UID address. The Nucleo-144
 * boards feed HSE with the ST-LINK's 8 MHz MCO (bypass mode), so every plan starts from 8 MHz.
 */
public final class Stm32Part {
    public static final int HSE_HZ = 8000000;

    /** STM32F767ZI, 2 MB flash used in single-bank mode (nDBANK = 1, RM0410 §3.3.2 table 4). */
    public static final Stm32Part F767 = new Stm32Part("STM32F767ZI", true, Stm32Uid.F7_BASE,
            4, 216, 2, 9, 7, 216000000,
            new int[] {32, 32, 32, 32, 128, 256, 256, 256, 256, 256, 256, 256}, false);

    /** STM32F746ZG, 1 MB flash (RM0385 §3.3.2 table 3). */
    public static final Stm32Part F746 = new Stm32Part("STM32F746ZG", true, Stm32Uid.F7_BASE,
            4, 216, 2, 9, 7, 216000000,
            new int[] {32, 32, 32, 32, 128, 256, 256, 256}, false);

    /** STM32F429ZI, 2 MB flash in two banks of 12 sectors (RM0090 §3.3 table 6). PLLQ = 8 keeps the
     * 48 MHz domain (RNG clock) at 45 MHz: 7 would give 51.4 MHz, above the RNG maximum. */
    public static final Stm32Part F429 = new Stm32Part("STM32F429ZI", false, Stm32Uid.F4_BASE,
            8, 360, 2, 8, 5, 180000000,
            new int[] {16, 16, 16, 16, 64, 128, 128, 128, 128, 128, 128, 128,
                16, 16, 16, 16, 64, 128, 128, 128, 128, 128, 128, 128}, true);

    public final String name;
    public final boolean f7;
    public final int uidBase;
    public final int pllM;
    public final int pllN;
    public final int pllP;
    public final int pllQ;
    /** Wait states for f(HCLK) at 2.7-3.6 V: one per 30 MHz (RM0090 table 11, RM0410 table 7). */
    public final int flashLatency;
    public final int sysclkHz;
    private final int[] sectorBase;
    private final int[] sectorSize;
    private final int[] sectorSnb;

    private Stm32Part(String name, boolean f7, int uidBase, int pllM, int pllN, int pllP, int pllQ,
            int flashLatency, int sysclkHz, int[] sectorKb, boolean dualBankSnb) {
        this.name = name;
        this.f7 = f7;
        this.uidBase = uidBase;
        this.pllM = pllM;
        this.pllN = pllN;
        this.pllP = pllP;
        this.pllQ = pllQ;
        this.flashLatency = flashLatency;
        this.sysclkHz = sysclkHz;
        int n = sectorKb.length;
        sectorBase = new int[n];
        sectorSize = new int[n];
        sectorSnb = new int[n];
        int addr = Stm32Flash.MEMORY_BASE;
        for (int i = 0; i < n; i++) {
            sectorBase[i] = addr;
            sectorSize[i] = sectorKb[i] * 1024;
            // F42x bank 2 sectors 12..23 are SNB 0b10000..0b11011 (RM0090 §3.9.8).
            sectorSnb[i] = dualBankSnb && i >= 12 ? 0x10 + i - 12 : i;
            addr += sectorSize[i];
        }
    }

    public int sectorCount() {
        return sectorBase.length;
    }

    public int sectorBase(int sector) {
        return sectorBase[sector];
    }

    public int sectorSize(int sector) {
        return sectorSize[sector];
    }

    /** The FLASH_CR.SNB field value that selects {@code sector}. */
    public int sectorSnb(int sector) {
        return sectorSnb[sector];
    }

    public int flashSize() {
        int last = sectorBase.length - 1;
        return sectorBase[last] + sectorSize[last] - Stm32Flash.MEMORY_BASE;
    }

    /** Sector holding {@code addr}, or -1 outside the main flash. */
    public int sectorOf(int addr) {
        for (int i = 0; i < sectorBase.length; i++) {
            int rel = addr - sectorBase[i];
            if (rel >= 0 && rel < sectorSize[i]) {
                return i;
            }
        }
        return -1;
    }

    public int apb1Prescaler() {
        return Stm32Rcc.PPRE_DIV4;
    }

    public int apb2Prescaler() {
        return Stm32Rcc.PPRE_DIV2;
    }
}
