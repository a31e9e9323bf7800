package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.stm32.Gpio;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Gpio;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Stm32Rcc;
import io.jzsock.bsp.stm32.Stm32Syscfg;
import io.jzsock.bsp.stm32.Syscfg;
import org.junit.jupiter.api.Test;

/** GPIO alternate functions and the SYSCFG-before-ETH-clock order of a board bring-up. */
class EthernetPinsTest {
    private static final int A = Stm32Gpio.PORT_A;
    private static final int B = Stm32Gpio.PORT_B;
    private static final int C = Stm32Gpio.PORT_C;
    private static final int G = Stm32Gpio.PORT_G;
    private static final int[][] RMII = {{A, 1}, {A, 2}, {A, 7}, {B, 13}, {C, 1}, {C, 4}, {C, 5}, {G, 11}, {G, 13}};

    @Test
    void rmiiPinsBecomeAf11VeryHighSpeedPushPullWithoutPull() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F767);
        rcc.enableGpio(Gpio.RMII_PORT_MASK);

        new Gpio(soc.bus()).configureRmii();

        for (int[] pin : RMII) {
            GpioModel port = soc.gpio(pin[0]);
            String name = port.name() + pin[1];
            assertEquals(Stm32Gpio.MODE_ALTERNATE, port.mode(pin[1]), name);
            assertEquals(11, port.alternateFunction(pin[1]), name);
            assertEquals(Stm32Gpio.SPEED_VERY_HIGH, port.speed(pin[1]), name);
            assertEquals(0, port.pull(pin[1]), name);
            assertFalse(port.openDrain(pin[1]), name);
        }
        assertEquals(9, Gpio.rmiiPinCount());
    }

    @Test
    void rmiiConfigurationLeavesTheDebugPinsAlone() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 1);
        new Rcc(soc.bus(), Stm32Part.F429).enableGpio(Gpio.RMII_PORT_MASK);

        new Gpio(soc.bus()).configureRmii();

        GpioModel a = soc.gpio(A);
        assertEquals(Stm32Gpio.MODE_ALTERNATE, a.mode(13));   // SWDIO
        assertEquals(Stm32Gpio.MODE_ALTERNATE, a.mode(14));   // SWCLK
        assertEquals(0, a.alternateFunction(13));
        assertEquals(1, a.pull(13));
        assertEquals(Stm32Gpio.MODE_INPUT, a.mode(3));
    }

    @Test
    void alternateFunctionIsWrittenBeforeTheModeOfEachPin() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        new Rcc(soc.bus(), Stm32Part.F767).enableGpio(Gpio.RMII_PORT_MASK);
        soc.bus().clearTrace();

        new Gpio(soc.bus()).alternate(G, 13, 11, 3);

        int base = Stm32Gpio.base(G);
        int af = soc.bus().firstWriteSetting(base + Stm32Gpio.AFRH, 11 << 20);
        int mode = soc.bus().firstWriteSetting(base + Stm32Gpio.MODER, 2 << 26);
        assertTrue(af >= 0 && af < mode, () -> soc.bus().trace().toString());
    }

    @Test
    void syscfgSelectsRmiiBeforeTheEthernetClocksAreEnabled() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F767);

        rcc.enableSyscfg();
        assertEquals(0, new Syscfg(soc.bus()).selectRmii());
        rcc.enableEthernet();

        int rmii = soc.bus().firstWriteSetting(Stm32Syscfg.BASE + Stm32Syscfg.PMC, Stm32Syscfg.PMC_MII_RMII_SEL);
        int eth = soc.bus().firstWriteSetting(Stm32Rcc.BASE + Stm32Rcc.AHB1ENR, Stm32Rcc.AHB1_ETHMAC);
        assertTrue(rmii >= 0 && rmii < eth, () -> "PMC write at " + rmii + ", ETHMACEN at " + eth);
        assertTrue(soc.rcc().enabled(Stm32Rcc.AHB1ENR,
                Stm32Rcc.AHB1_ETHMAC | Stm32Rcc.AHB1_ETHMACTX | Stm32Rcc.AHB1_ETHMACRX));
    }

    @Test
    void ethernetClockBeforeRmiiSelectIsRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F767);

        HwRuleViolation v = assertThrows(HwRuleViolation.class, rcc::enableEthernet);

        assertEquals("RCC_AHB1ENR", v.register());
        assertTrue(v.rule().contains("MII_RMII_SEL"), v.getMessage());
    }

    @Test
    void rmiiSelectWhileTheMacIsClockedIsRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F429);
        rcc.enableSyscfg();
        new Syscfg(soc.bus()).selectRmii();
        rcc.enableEthernet();

        HwRuleViolation v = assertThrows(HwRuleViolation.class,
                () -> soc.bus().modify32(Stm32Syscfg.BASE + Stm32Syscfg.PMC, Stm32Syscfg.PMC_MII_RMII_SEL, 0));

        assertEquals("SYSCFG_PMC", v.register());
        assertTrue(v.rule().contains("ETH MAC clock is on"), v.getMessage());
    }

    @Test
    void ethernetResetPulsesEthmacrst() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        new Rcc(soc.bus(), Stm32Part.F767).resetEthernet();

        assertTrue(soc.bus().firstWriteSetting(Stm32Rcc.BASE + Stm32Rcc.AHB1RSTR, Stm32Rcc.AHB1_ETHMAC) >= 0);
        assertEquals(0, soc.rcc().value(Stm32Rcc.AHB1RSTR));
    }
}
