package io.jzsock.bsp.stm32;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.RegisterBus;

/** SYSCFG: the MII/RMII selection of the Ethernet MAC. */
public final class Syscfg {
    private final RegisterBus bus;

    public Syscfg(RegisterBus bus) {
        this.bus = bus;
    }

    /**
     * Selects RMII. Call with the SYSCFG clock on and before the ETH clocks are enabled (RM0090
     * §9.2.2, RM0410 §7.2.2). Returns 0, or {@link BspError#EIO} if the bit does not read back.
     */
    public int selectRmii() {
        bus.modify32(Stm32Syscfg.BASE + Stm32Syscfg.PMC, 0, Stm32Syscfg.PMC_MII_RMII_SEL);
        return (bus.read32(Stm32Syscfg.BASE + Stm32Syscfg.PMC) & Stm32Syscfg.PMC_MII_RMII_SEL) != 0 ? 0 : BspError.EIO;
    }
}
