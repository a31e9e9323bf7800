package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Flash;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Stm32Pwr;
import io.jzsock.bsp.stm32.Stm32Rcc;
import org.junit.jupiter.api.Test;

class ClockInitTest {
    @Test
    void f767ReachesTheMaximumWithSevenWaitStatesAndOverDrive() {
        SimSoc soc = new SimSoc(Stm32Part.F767, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F767);

        assertEquals(0, rcc.initClocks());

        assertEquals(216_000_000, rcc.sysclkHz());
        assertEquals(216_000_000L, soc.rcc().hclkHz());
        assertEquals(54_000_000L, soc.rcc().pclk1Hz());
        assertEquals(108_000_000L, soc.rcc().pclk2Hz());
        assertEquals(48_000_000L, soc.rcc().pll48Hz());
        assertEquals(7, soc.flash().latency());
        assertTrue(soc.pwr().overDrive());
    }

    @Test
    void f746UsesTheSameClockPlanAsF767() {
        SimSoc soc = new SimSoc(Stm32Part.F746, 1);
        assertEquals(0, new Rcc(soc.bus(), Stm32Part.F746).initClocks());
        assertEquals(216_000_000L, soc.rcc().hclkHz());
        assertEquals(7, soc.flash().latency());
    }

    @Test
    void f429ReachesOneHundredEightyMegahertzWithFiveWaitStates() {
        SimSoc soc = new SimSoc(Stm32Part.F429, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F429);

        assertEquals(0, rcc.initClocks());

        assertEquals(180_000_000, rcc.sysclkHz());
        assertEquals(45_000_000L, soc.rcc().pclk1Hz());
        assertEquals(90_000_000L, soc.rcc().pclk2Hz());
        assertEquals(45_000_000L, soc.rcc().pll48Hz());
        assertEquals(5, soc.flash().latency());
    }

    @Test
    void waitStatesAndOverDriveComeBeforeTheSwitchToThePll() {
        SimSoc soc = new SimSoc(Stm32Part.F767, 1);
        new Rcc(soc.bus(), Stm32Part.F767).initClocks();
        SimBus bus = soc.bus();

        int pllOn = bus.firstWriteSetting(Stm32Rcc.BASE + Stm32Rcc.CR, Stm32Rcc.CR_PLLON);
        int oden = bus.firstWriteSetting(Stm32Pwr.BASE + Stm32Pwr.CR1, Stm32Pwr.CR1_ODEN);
        int odsw = bus.firstWriteSetting(Stm32Pwr.BASE + Stm32Pwr.CR1, Stm32Pwr.CR1_ODSWEN);
        int latency = bus.firstWriteSetting(Stm32Flash.BASE + Stm32Flash.ACR, 7);
        int switchToPll = bus.firstWriteSetting(Stm32Rcc.BASE + Stm32Rcc.CFGR, Stm32Rcc.CFGR_SW_PLL);

        assertTrue(pllOn >= 0 && pllOn < oden && oden < odsw && odsw < latency && latency < switchToPll,
                () -> "order " + pllOn + " " + oden + " " + odsw + " " + latency + " " + switchToPll);
    }

    @Test
    void pllStaysOffWhenHseNeverBecomesReadyAndTheDriverReportsATimeout() {
        SimSoc soc = new SimSoc(Stm32Part.F767, 1);
        soc.rcc().failHse();
        assertEquals(io.jzsock.bsp.BspError.ETIMEDOUT, new Rcc(soc.bus(), Stm32Part.F767).initClocks());
        assertEquals(16_000_000L, soc.rcc().hclkHz());
    }
}
