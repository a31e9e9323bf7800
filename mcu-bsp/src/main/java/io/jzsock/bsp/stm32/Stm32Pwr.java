package io.jzsock.bsp.stm32;

/**
 * PWR: voltage scaling and over-drive (RM0090 §5.4, PWR_CR/PWR_CSR; RM0410 §4.4, PWR_CR1/PWR_CSR1;
 * same offsets and bit positions; checked against STM32F429.svd and STM32F767.svd). Over-drive is what allows 180 MHz on F42x and 216 MHz on F7.
 */
public final class Stm32Pwr {
    public static final int BASE = 0x40007000;

    public static final int CR1 = 0x00;
    public static final int CSR1 = 0x04;

    public static final int CR1_VOS_SHIFT = 14;
    public static final int CR1_VOS_MASK = 3 << 14;
    /** VOS = 11: scale 1, the highest core voltage. */
    public static final int VOS_SCALE1 = 3;
    public static final int CR1_ODEN = 1 << 16;
    public static final int CR1_ODSWEN = 1 << 17;

    public static final int CSR1_VOSRDY = 1 << 14;
    public static final int CSR1_ODRDY = 1 << 16;
    public static final int CSR1_ODSWRDY = 1 << 17;

    private Stm32Pwr() {
    }
}
