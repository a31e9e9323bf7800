package io.jzsock.bsp.stm32;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.RegisterBus;

/**
 * Clock tree bring-up and peripheral clock gates. {@link #initClocks()} follows the over-drive
 * sequence of RM0090 §5.1.4 / RM0410 §4.1.4 (HSE, PLL on, ODEN, ODSWEN, flash latency, switch),
 * the order ST's HAL uses in SystemClock_Config for the Nucleo-144 boards.
 */
public final class Rcc {
    private static final int RCC = Stm32Rcc.BASE;
    private static final int PWR = Stm32Pwr.BASE;
    private static final int FLASH = Stm32Flash.BASE;

    private final RegisterBus bus;
    private final Stm32Part part;

    public Rcc(RegisterBus bus, Stm32Part part) {
        this.bus = bus;
        this.part = part;
    }

    /**
     * Runs SYSCLK from the PLL at the part's maximum (216 MHz F7, 180 MHz F42x), from reset state.
     * Returns 0, {@link BspError#ETIMEDOUT} (a ready flag never rose), {@link BspError#EBUSY} (the PLL
     * is already on) or {@link BspError#EIO} (the flash latency did not read back).
     */
    public int initClocks() {
        enable(Stm32Rcc.APB1ENR, Stm32Rcc.APB1_PWR);
        bus.modify32(PWR + Stm32Pwr.CR1, Stm32Pwr.CR1_VOS_MASK, Stm32Pwr.VOS_SCALE1 << Stm32Pwr.CR1_VOS_SHIFT);

        // HSEBYP may only change while HSEON is 0 (RM0410 §5.3.1).
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_HSEBYP);
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_HSEON);
        int r = Poll.until(bus, RCC + Stm32Rcc.CR, Stm32Rcc.CR_HSERDY, Stm32Rcc.CR_HSERDY);
        if (r < 0) {
            return r;
        }

        // PLLCFGR may only change while the PLL is off.
        if ((bus.read32(RCC + Stm32Rcc.CR) & Stm32Rcc.CR_PLLON) != 0) {
            return BspError.EBUSY;
        }
        int clear = Stm32Rcc.PLLCFGR_PLLM_MASK | Stm32Rcc.PLLCFGR_PLLN_MASK | Stm32Rcc.PLLCFGR_PLLP_MASK
                | Stm32Rcc.PLLCFGR_PLLSRC_HSE | Stm32Rcc.PLLCFGR_PLLQ_MASK;
        int set = part.pllM << Stm32Rcc.PLLCFGR_PLLM_SHIFT
                | part.pllN << Stm32Rcc.PLLCFGR_PLLN_SHIFT
                | (part.pllP / 2 - 1) << Stm32Rcc.PLLCFGR_PLLP_SHIFT
                | Stm32Rcc.PLLCFGR_PLLSRC_HSE
                | part.pllQ << Stm32Rcc.PLLCFGR_PLLQ_SHIFT;
        bus.modify32(RCC + Stm32Rcc.PLLCFGR, clear, set);
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_PLLON);
        r = Poll.until(bus, RCC + Stm32Rcc.CR, Stm32Rcc.CR_PLLRDY, Stm32Rcc.CR_PLLRDY);
        if (r < 0) {
            return r;
        }

        bus.modify32(PWR + Stm32Pwr.CR1, 0, Stm32Pwr.CR1_ODEN);
        r = Poll.until(bus, PWR + Stm32Pwr.CSR1, Stm32Pwr.CSR1_ODRDY, Stm32Pwr.CSR1_ODRDY);
        if (r < 0) {
            return r;
        }
        bus.modify32(PWR + Stm32Pwr.CR1, 0, Stm32Pwr.CR1_ODSWEN);
        r = Poll.until(bus, PWR + Stm32Pwr.CSR1, Stm32Pwr.CSR1_ODSWRDY, Stm32Pwr.CSR1_ODSWRDY);
        if (r < 0) {
            return r;
        }

        // Raise the wait states before the clock, and read them back (RM0410 §3.3.2).
        int caches = part.f7 ? Stm32Flash.ACR_PRFTEN | Stm32Flash.ACR_ICEN_ARTEN
                : Stm32Flash.ACR_PRFTEN | Stm32Flash.ACR_ICEN_ARTEN | Stm32Flash.ACR_DCEN;
        bus.modify32(FLASH + Stm32Flash.ACR, Stm32Flash.ACR_LATENCY_MASK, part.flashLatency | caches);
        if ((bus.read32(FLASH + Stm32Flash.ACR) & Stm32Flash.ACR_LATENCY_MASK) != part.flashLatency) {
            return BspError.EIO;
        }

        // APB1 at most 54 MHz (F7) / 45 MHz (F42x), APB2 at most 108 / 90 MHz: /4 and /2.
        bus.modify32(RCC + Stm32Rcc.CFGR,
                Stm32Rcc.CFGR_HPRE_MASK | Stm32Rcc.CFGR_PPRE1_MASK | Stm32Rcc.CFGR_PPRE2_MASK,
                part.apb1Prescaler() << Stm32Rcc.CFGR_PPRE1_SHIFT | part.apb2Prescaler() << Stm32Rcc.CFGR_PPRE2_SHIFT);
        bus.modify32(RCC + Stm32Rcc.CFGR, Stm32Rcc.CFGR_SW_MASK, Stm32Rcc.CFGR_SW_PLL);
        return Poll.until(bus, RCC + Stm32Rcc.CFGR, Stm32Rcc.CFGR_SWS_MASK,
                Stm32Rcc.CFGR_SW_PLL << Stm32Rcc.CFGR_SWS_SHIFT);
    }

    /** SYSCLK in Hz as the registers say now (HSI 16 MHz, HSE, or the PLL output). */
    public int sysclkHz() {
        int sws = (bus.read32(RCC + Stm32Rcc.CFGR) & Stm32Rcc.CFGR_SWS_MASK) >>> Stm32Rcc.CFGR_SWS_SHIFT;
        if (sws == Stm32Rcc.CFGR_SW_HSI) {
            return 16000000;
        }
        if (sws == Stm32Rcc.CFGR_SW_HSE) {
            return Stm32Part.HSE_HZ;
        }
        int cfg = bus.read32(RCC + Stm32Rcc.PLLCFGR);
        int m = cfg & Stm32Rcc.PLLCFGR_PLLM_MASK;
        int n = (cfg & Stm32Rcc.PLLCFGR_PLLN_MASK) >>> Stm32Rcc.PLLCFGR_PLLN_SHIFT;
        int p = (((cfg & Stm32Rcc.PLLCFGR_PLLP_MASK) >>> Stm32Rcc.PLLCFGR_PLLP_SHIFT) + 1) * 2;
        int in = (cfg & Stm32Rcc.PLLCFGR_PLLSRC_HSE) != 0 ? Stm32Part.HSE_HZ : 16000000;
        return (int) ((long) in / m * n / p);
    }

    /** Sets clock-enable bits in an RCC_xxxENR register and reads it back, as ST's HAL does, so the
     * clock is running before the next access to the peripheral (errata ES0334 §2.1.12 on F7). */
    public void enable(int enrOffset, int bits) {
        bus.modify32(RCC + enrOffset, 0, bits);
        bus.read32(RCC + enrOffset);
    }

    public void enableGpio(int portMask) {
        enable(Stm32Rcc.AHB1ENR, portMask & 0x7FF);
    }

    public void enableSyscfg() {
        enable(Stm32Rcc.APB2ENR, Stm32Rcc.APB2_SYSCFG);
    }

    public void enableRng() {
        enable(Stm32Rcc.AHB2ENR, Stm32Rcc.AHB2_RNG);
    }

    /** MAC, TX and RX clocks. SYSCFG must already select RMII ({@link Syscfg#selectRmii()}). */
    public void enableEthernet() {
        enable(Stm32Rcc.AHB1ENR, Stm32Rcc.AHB1_ETHMAC | Stm32Rcc.AHB1_ETHMACTX | Stm32Rcc.AHB1_ETHMACRX);
    }

    /** Pulses ETHMACRST: the MAC restarts with its reset register values. */
    public void resetEthernet() {
        bus.modify32(RCC + Stm32Rcc.AHB1RSTR, 0, Stm32Rcc.AHB1_ETHMAC);
        bus.modify32(RCC + Stm32Rcc.AHB1RSTR, Stm32Rcc.AHB1_ETHMAC, 0);
    }
}
