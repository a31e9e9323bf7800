package io.jzsock.sim.hw;

import static io.jzsock.bsp.stm32.Stm32Pwr.*;

import io.jzsock.bsp.stm32.Stm32Rcc;

/**
 * PWR voltage scaling and over-drive: ODEN needs the PLL on and HSI/HSE as SYSCLK, ODSWEN needs
 * ODRDY (RM0090 §5.1.4, RM0410 §4.1.4); the flags rise a few status reads after their enables.
 */
public final class PwrModel extends PeripheralModel {
    private final Reg cr1;
    private final Reg csr1;
    private int odCountdown = -1;
    private int odswCountdown = -1;

    public PwrModel(io.jzsock.bsp.stm32.Stm32Part part) {
        super("PWR", BASE, 0x400);
        // Bit 2 is CWUF on F42x and reserved on F7; bit 12 is reserved on both (the SVD files).
        cr1 = reg("CR1", CR1, 0x0000C000, part.f7 ? 0x000FEFFB : 0x000FEFFF, 0);
        csr1 = reg("CSR1", CSR1, 0, 1 << 8 | 1 << 9, 0xF | CSR1_VOSRDY | CSR1_ODRDY | CSR1_ODSWRDY, 3 << 18, 0);
    }

    @Override
    public void reset() {
        super.reset();
        odCountdown = -1;
        odswCountdown = -1;
    }

    public boolean overDrive() {
        return (csr1.value & CSR1_ODSWRDY) != 0;
    }

    @Override
    protected void checkClock(Reg r) {
        if (!soc.rcc().enabled(Stm32Rcc.APB1ENR, Stm32Rcc.APB1_PWR)) {
            throw violation(r, "accessed with its clock off (RCC_APB1ENR.PWREN=0)");
        }
    }

    @Override
    protected int onRead(Reg r) {
        if (r == csr1) {
            if (odCountdown > 0 && --odCountdown == 0) {
                csr1.value |= CSR1_ODRDY;
            }
            if (odswCountdown > 0 && --odswCountdown == 0) {
                csr1.value |= CSR1_ODSWRDY;
            }
            csr1.value = soc.rcc().pllLocked() ? csr1.value | CSR1_VOSRDY : csr1.value & ~CSR1_VOSRDY;
        }
        return r.value;
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        if (r != cr1) {
            return;
        }
        if (((old ^ next) & CR1_VOS_MASK) != 0 && soc.rcc().pllLocked()) {
            throw violation(r, "VOS changed while the PLL is on (RM0090 §5.4.1: only with the PLL off)");
        }
        if (rose(old, next, CR1_ODEN)) {
            if (!soc.rcc().pllLocked() || soc.rcc().sysclkSource() == Stm32Rcc.CFGR_SW_PLL) {
                throw violation(r, "ODEN set without the PLL on and HSI/HSE as SYSCLK (over-drive sequence)");
            }
        }
        if (rose(old, next, CR1_ODSWEN) && (csr1.value & CSR1_ODRDY) == 0) {
            throw violation(r, "ODSWEN set before ODRDY (enable ODEN and wait for ODRDY first)");
        }
    }

    @Override
    protected void afterWrite(Reg r, int old, int written) {
        if (r != cr1) {
            return;
        }
        if (rose(old, cr1.value, CR1_ODEN)) {
            odCountdown = RccModel.READY_AFTER_READS;
        }
        if (rose(old, cr1.value, CR1_ODSWEN)) {
            odswCountdown = RccModel.READY_AFTER_READS;
        }
    }
}
