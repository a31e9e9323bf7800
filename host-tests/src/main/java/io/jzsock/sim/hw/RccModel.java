package io.jzsock.sim.hw;

import static io.jzsock.bsp.stm32.Stm32Rcc.*;

import io.jzsock.bsp.stm32.Stm32Part;

/**
 * RCC: ready flags follow their enables after a few status reads, the PLL locks only with a legal
 * configuration (RM0410 §5.3.2 / RM0090 §6.3.2 ranges), and a SYSCLK switch is checked against the
 * part's maximum (with or without over-drive), the APB limits and the flash wait states.
 */
public final class RccModel extends PeripheralModel {
    static final int READY_AFTER_READS = 2;
    private final Stm32Part part;
    private final Reg cr;
    private final Reg pllcfgr;
    private final Reg cfgr;
    private final Reg ahb1enr;
    private final Reg ahb1rstr;
    private int hseCountdown = -1;
    private int pllCountdown = -1;
    private boolean hseBroken;

    public RccModel(Stm32Part part) {
        super("RCC", BASE, 0x400);
        this.part = part;
        int crRw = CR_HSION | 0xF8 | CR_HSEON | CR_HSEBYP | CR_CSSON | CR_PLLON | 1 << 26 | 1 << 28;
        int crRo = CR_HSIRDY | 0xFF00 | CR_HSERDY | CR_PLLRDY | 1 << 27 | 1 << 29;
        cr = reg("CR", CR, 0x00000083, crRw, crRo);
        int pllRw = PLLCFGR_PLLM_MASK | PLLCFGR_PLLN_MASK | PLLCFGR_PLLP_MASK | PLLCFGR_PLLSRC_HSE | PLLCFGR_PLLQ_MASK
                | (part.f7 && part.sectorCount() == 12 ? PLLCFGR_PLLR_MASK : 0);
        pllcfgr = reg("PLLCFGR", PLLCFGR, PLLCFGR_RESET, pllRw, 0);
        cfgr = reg("CFGR", CFGR, 0, ~CFGR_SWS_MASK, CFGR_SWS_MASK);
        ahb1rstr = reg("AHB1RSTR", AHB1RSTR, 0, 0x7FF | 1 << 12 | 3 << 21 | 1 << 23 | AHB1_ETHMAC | 1 << 29, 0);
        ahb1enr = reg("AHB1ENR", AHB1ENR, 0x00100000,
                0x7FF | 1 << 12 | 1 << 18 | 1 << 20 | 7 << 21 | 0xF << 25 | 3 << 29, 0);
        reg("AHB2ENR", AHB2ENR, 0, 1 | (part.f7 ? 2 : 0) | 1 << 4 | 1 << 5 | AHB2_RNG | 1 << 7, 0);
        // APB1ENR/APB2ENR: the reserved bits differ per part and are not modelled.
        reg("APB1ENR", APB1ENR, 0, 0xFFFFFFFF, 0);
        reg("APB2ENR", APB2ENR, 0, 0xFFFFFFFF, 0);
    }

    @Override
    public void reset() {
        super.reset();
        hseCountdown = -1;
        pllCountdown = -1;
    }

    /** No oscillator on OSC_IN: HSERDY never rises. */
    public void failHse() {
        hseBroken = true;
    }

    public boolean enabled(int enrOffset, int bits) {
        return (value(enrOffset) & bits) == bits;
    }

    @Override
    protected int onRead(Reg r) {
        if (r == cr) {
            if (hseCountdown > 0 && --hseCountdown == 0) {
                cr.value |= CR_HSERDY;
            }
            if (pllCountdown > 0 && --pllCountdown == 0) {
                cr.value |= CR_PLLRDY;
            }
        }
        return r.value;
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        if (r == cr) {
            if (((old ^ next) & CR_HSEBYP) != 0 && (old & CR_HSEON) != 0) {
                throw violation(r, "HSEBYP changed while HSEON=1 (it may only be written with HSE off)");
            }
            if (rose(old, next, CR_PLLON)) {
                checkPll(r);
            }
            if ((next & CR_PLLON) == 0 && sysclkSource() == CFGR_SW_PLL) {
                throw violation(r, "PLLON cleared while the PLL clocks SYSCLK");
            }
        } else if (r == pllcfgr) {
            if ((cr.value & CR_PLLON) != 0 && old != next) {
                throw violation(r, "PLLCFGR written while PLLON=1 (configure the PLL only while it is off)");
            }
        } else if (r == cfgr) {
            checkSwitch(r, next);
        } else if (r == ahb1enr) {
            int eth = AHB1_ETHMAC | AHB1_ETHMACTX | AHB1_ETHMACRX;
            if ((next & ~old & eth) != 0 && !soc.syscfg().rmiiSelected()) {
                throw violation(r, "ETH MAC clock enabled before SYSCFG_PMC.MII_RMII_SEL selects RMII "
                        + "(RM0410 §7.2.2: select the interface before enabling the MAC clocks)");
            }
        }
    }

    @Override
    protected void afterWrite(Reg r, int old, int written) {
        if (r == ahb1rstr && rose(old, r.value, AHB1_ETHMAC)) {
            soc.eth().macReset();
        }
        if (r == cr) {
            if ((cr.value & CR_HSEON) == 0) {
                cr.value &= ~CR_HSERDY;
                hseCountdown = -1;
            } else if (rose(old, cr.value, CR_HSEON)) {
                hseCountdown = hseBroken ? -1 : READY_AFTER_READS;
            }
            if ((cr.value & CR_PLLON) == 0) {
                cr.value &= ~CR_PLLRDY;
                pllCountdown = -1;
            } else if (rose(old, cr.value, CR_PLLON)) {
                pllCountdown = READY_AFTER_READS + 1;
            }
        } else if (r == cfgr) {
            cfgr.value = (cfgr.value & ~CFGR_SWS_MASK) | (cfgr.value & CFGR_SW_MASK) << CFGR_SWS_SHIFT;
        }
    }

    private void checkPll(Reg r) {
        int c = pllcfgr.value;
        int m = c & PLLCFGR_PLLM_MASK;
        int n = (c & PLLCFGR_PLLN_MASK) >>> PLLCFGR_PLLN_SHIFT;
        int q = (c & PLLCFGR_PLLQ_MASK) >>> PLLCFGR_PLLQ_SHIFT;
        boolean hse = (c & PLLCFGR_PLLSRC_HSE) != 0;
        if (hse && (cr.value & CR_HSERDY) == 0) {
            throw violation(r, "PLLON set while its source HSE is not ready (HSERDY=0)");
        }
        if (m < 2) {
            throw violation(r, "PLLON with PLLM=" + m + " (legal 2..63)");
        }
        if (n < 50 || n > 432) {
            throw violation(r, "PLLON with PLLN=" + n + " (legal 50..432)");
        }
        if (q < 2) {
            throw violation(r, "PLLON with PLLQ=" + q + " (legal 2..15)");
        }
        long in = (hse ? Stm32Part.HSE_HZ : 16000000L) / m;
        if (in < 950000 || in > 2100000) {
            throw violation(r, "PLLON with VCO input " + in + " Hz (legal 0.95..2.1 MHz, 2 MHz recommended)");
        }
        long vco = in * n;
        if (vco < 100000000L || vco > 432000000L) {
            throw violation(r, "PLLON with VCO output " + vco + " Hz (legal 100..432 MHz)");
        }
    }

    private void checkSwitch(Reg r, int next) {
        int sw = next & CFGR_SW_MASK;
        if (sw == 3) {
            throw violation(r, "SW=11 is not allowed");
        }
        if (sw != sysclkSource()) {
            if (sw == CFGR_SW_PLL && (cr.value & CR_PLLRDY) == 0) {
                throw violation(r, "SW=PLL while PLLRDY=0 (wait for the PLL to lock)");
            }
            if (sw == CFGR_SW_HSE && (cr.value & CR_HSERDY) == 0) {
                throw violation(r, "SW=HSE while HSERDY=0");
            }
        }
        long sys = sourceHz(sw);
        long hclk = sys / ahbDivider(next);
        long max = part.f7 ? (soc.pwr().overDrive() ? 216000000L : 180000000L)
                : (soc.pwr().overDrive() ? 180000000L : 168000000L);
        if (hclk > max) {
            throw violation(r, "HCLK " + hclk + " Hz above " + max + " Hz"
                    + (soc.pwr().overDrive() ? "" : " (over-drive is off)"));
        }
        long apb1 = hclk / apbDivider((next & CFGR_PPRE1_MASK) >>> CFGR_PPRE1_SHIFT);
        long apb2 = hclk / apbDivider((next & CFGR_PPRE2_MASK) >>> CFGR_PPRE2_SHIFT);
        long apb1Max = part.f7 ? 54000000L : 45000000L;
        if (apb1 > apb1Max || apb2 > 2 * apb1Max) {
            throw violation(r, "APB1 " + apb1 + " Hz / APB2 " + apb2 + " Hz above " + apb1Max + " / " + 2 * apb1Max);
        }
        int need = requiredLatency(hclk);
        int have = soc.flash().latency();
        if (have < need) {
            throw violation(r, "HCLK " + hclk + " Hz needs FLASH_ACR.LATENCY >= " + need + " (it is " + have
                    + "; raise the wait states before the clock)");
        }
    }

    /** Wait states at 2.7-3.6 V: one per 30 MHz (RM0090 table 11, RM0410 table 7). */
    static int requiredLatency(long hclk) {
        return (int) ((hclk - 1) / 30000000L);
    }

    int sysclkSource() {
        return (cfgr.value & CFGR_SWS_MASK) >>> CFGR_SWS_SHIFT;
    }

    long sourceHz(int sw) {
        if (sw == CFGR_SW_HSI) {
            return 16000000L;
        }
        if (sw == CFGR_SW_HSE) {
            return Stm32Part.HSE_HZ;
        }
        return pllHz(((pllcfgr.value & PLLCFGR_PLLP_MASK) >>> PLLCFGR_PLLP_SHIFT) * 2 + 2);
    }

    private long pllHz(int divider) {
        int c = pllcfgr.value;
        long in = (c & PLLCFGR_PLLSRC_HSE) != 0 ? Stm32Part.HSE_HZ : 16000000L;
        return in / (c & PLLCFGR_PLLM_MASK) * ((c & PLLCFGR_PLLN_MASK) >>> PLLCFGR_PLLN_SHIFT) / divider;
    }

    /** The 48 MHz domain (RNG, USB), 0 while the PLL is not locked. */
    public long pll48Hz() {
        return (cr.value & CR_PLLRDY) == 0 ? 0 : pllHz((pllcfgr.value & PLLCFGR_PLLQ_MASK) >>> PLLCFGR_PLLQ_SHIFT);
    }

    public long hclkHz() {
        return sourceHz(sysclkSource()) / ahbDivider(cfgr.value);
    }

    public long pclk1Hz() {
        return hclkHz() / apbDivider((cfgr.value & CFGR_PPRE1_MASK) >>> CFGR_PPRE1_SHIFT);
    }

    public long pclk2Hz() {
        return hclkHz() / apbDivider((cfgr.value & CFGR_PPRE2_MASK) >>> CFGR_PPRE2_SHIFT);
    }

    public boolean pllLocked() {
        return (cr.value & CR_PLLRDY) != 0;
    }

    private static int ahbDivider(int cfgrValue) {
        int hpre = (cfgrValue & CFGR_HPRE_MASK) >>> CFGR_HPRE_SHIFT;
        if (hpre < 8) {
            return 1;
        }
        int[] div = {2, 4, 8, 16, 64, 128, 256, 512};
        return div[hpre - 8];
    }

    private static int apbDivider(int ppre) {
        return ppre < 4 ? 1 : 1 << (ppre - 3);
    }
}
