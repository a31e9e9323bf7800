package io.jzsock.bsp.stm32;

/**
 * Embedded flash interface (RM0090 §3.9, RM0385/RM0410 §3.7). The key values and the SR/CR bits
 * are the same on F42x and F7 (FLASH in STM32F429.svd, Flash in STM32F767.svd), except SR bit 7:
 * PGSERR on F4, ERSERR in RM0410 (the F767 SVD still calls it PGSERR).
 */
public final class Stm32Flash {
    public static final int BASE = 0x40023C00;
    public static final int MEMORY_BASE = 0x08000000;

    public static final int ACR = 0x00;
    public static final int KEYR = 0x04;
    public static final int OPTKEYR = 0x08;
    public static final int SR = 0x0C;
    public static final int CR = 0x10;
    public static final int OPTCR = 0x14;

    public static final int ACR_LATENCY_MASK = 0xF;
    public static final int ACR_PRFTEN = 1 << 8;
    /** F4: ICEN (instruction cache); F7: ARTEN (ART accelerator). */
    public static final int ACR_ICEN_ARTEN = 1 << 9;
    /** F4 only: DCEN (data cache); reserved on F7. */
    public static final int ACR_DCEN = 1 << 10;

    public static final int KEY1 = 0x45670123;
    public static final int KEY2 = 0xCDEF89AB;

    public static final int SR_EOP = 1 << 0;
    public static final int SR_OPERR = 1 << 1;
    public static final int SR_WRPERR = 1 << 4;
    public static final int SR_PGAERR = 1 << 5;
    public static final int SR_PGPERR = 1 << 6;
    /** PGSERR on F4, ERSERR on F7: a program or erase sequence error. */
    public static final int SR_SEQERR = 1 << 7;
    public static final int SR_RDERR = 1 << 8;
    public static final int SR_BSY = 1 << 16;
    public static final int SR_ERRORS = SR_OPERR | SR_WRPERR | SR_PGAERR | SR_PGPERR | SR_SEQERR | SR_RDERR;

    public static final int CR_PG = 1 << 0;
    public static final int CR_SER = 1 << 1;
    public static final int CR_MER = 1 << 2;
    public static final int CR_SNB_SHIFT = 3;
    public static final int CR_SNB_MASK = 0x1F << 3;
    public static final int CR_PSIZE_SHIFT = 8;
    public static final int CR_PSIZE_MASK = 3 << 8;
    public static final int PSIZE_X8 = 0;
    public static final int PSIZE_X16 = 1;
    public static final int PSIZE_X32 = 2;
    public static final int PSIZE_X64 = 3;
    public static final int CR_MER2 = 1 << 15;
    public static final int CR_STRT = 1 << 16;
    public static final int CR_EOPIE = 1 << 24;
    public static final int CR_ERRIE = 1 << 25;
    public static final int CR_LOCK = 1 << 31;

    private Stm32Flash() {
    }
}
