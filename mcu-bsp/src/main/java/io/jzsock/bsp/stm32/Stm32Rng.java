package io.jzsock.bsp.stm32;

/** True random number generator (RM0090 §24.4, RM0410 §22.7, RNG in the SVD files); clocked by the PLL 48 MHz output. */
public final class Stm32Rng {
    public static final int BASE = 0x50060800;

    public static final int CR = 0x00;
    public static final int SR = 0x04;
    public static final int DR = 0x08;

    public static final int CR_RNGEN = 1 << 2;
    public static final int CR_IE = 1 << 3;

    public static final int SR_DRDY = 1 << 0;
    /** Clock error current status: the RNG clock is below f(HCLK)/16. */
    public static final int SR_CECS = 1 << 1;
    /** Seed error current status: the analog seed failed its run tests. */
    public static final int SR_SECS = 1 << 2;
    public static final int SR_CEIS = 1 << 5;
    public static final int SR_SEIS = 1 << 6;

    private Stm32Rng() {
    }
}
