package io.jzsock.bsp.stm32;

/** SYSCFG (RM0090 §9.2, RM0410 §7.2; SYSCFG_PMC fields as in STM32F429.svd / STM32F767.svd). */
public final class Stm32Syscfg {
    public static final int BASE = 0x40013800;

    public static final int MEMRMP = 0x00;
    public static final int PMC = 0x04;

    /**
     * SYSCFG_PMC.MII_RMII_SEL: 1 selects RMII. "This configuration must be done while the MAC is
     * under reset and before enabling the MAC clocks" (RM0090 §9.2.2, RM0410 §7.2.2).
     */
    public static final int PMC_MII_RMII_SEL = 1 << 23;

    private Stm32Syscfg() {
    }
}
