package io.jzsock.sim.hw;

import static io.jzsock.bsp.stm32.Stm32Syscfg.*;

import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Stm32Rcc;

/** SYSCFG: MII_RMII_SEL may change only while the ETH MAC clocks are off (RM0410 §7.2.2). */
public final class SyscfgModel extends PeripheralModel {
    private final Reg pmc;

    public SyscfgModel(Stm32Part part) {
        super("SYSCFG", BASE, 0x400);
        reg("MEMRMP", MEMRMP, 0, 0x0F07, 0);
        // Fields as STM32F767.svd and STM32F429.svd list them: ADCxDC2 bits 16..18 and MII_RMII_SEL.
        pmc = reg("PMC", PMC, 0, 7 << 16 | PMC_MII_RMII_SEL, 0);
    }

    public boolean rmiiSelected() {
        return (pmc.value & PMC_MII_RMII_SEL) != 0;
    }

    @Override
    protected void checkClock(Reg r) {
        if (!soc.rcc().enabled(Stm32Rcc.APB2ENR, Stm32Rcc.APB2_SYSCFG)) {
            throw violation(r, "accessed with its clock off (RCC_APB2ENR.SYSCFGEN=0)");
        }
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        if (r == pmc && ((old ^ next) & PMC_MII_RMII_SEL) != 0
                && soc.rcc().enabled(Stm32Rcc.AHB1ENR, Stm32Rcc.AHB1_ETHMAC)) {
            throw violation(r, "MII_RMII_SEL changed while the ETH MAC clock is on (select the interface "
                    + "with the MAC in reset and before enabling its clocks)");
        }
    }
}
