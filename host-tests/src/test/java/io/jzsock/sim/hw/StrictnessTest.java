package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.stm32.Stm32Flash;
import io.jzsock.bsp.stm32.Stm32Gpio;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Stm32Pwr;
import io.jzsock.bsp.stm32.Stm32Rcc;
import io.jzsock.bsp.stm32.Stm32Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each rule of the simulator rejects a bad access with the register and the rule in the message. */
class StrictnessTest {
    private static final int RCC = Stm32Rcc.BASE;
    private static final int PWR = Stm32Pwr.BASE;
    private static final int FLASH = Stm32Flash.BASE;

    private static void rejects(String register, String ruleFragment, Executable access) {
        HwRuleViolation v = assertThrows(HwRuleViolation.class, access);
        assertEquals(register, v.register(), v.getMessage());
        assertTrue(v.rule().contains(ruleFragment), () -> "rule was: " + v.rule());
        assertTrue(v.getMessage().startsWith(register + ": "), v.getMessage());
    }

    private static SimSoc reset() {
        return new SimSoc(Stm32Part.F767, 1);
    }

    @Test
    void unmodelledRegisterIsRejected() {
        SimBus bus = reset().bus();
        rejects("RCC+0x0C (0x4002380C)", "not modelled", () -> bus.read32(RCC + 0x0C));
    }

    @Test
    void unmappedAddressIsRejected() {
        SimBus bus = reset().bus();
        rejects("0x60000000", "not modelled", () -> bus.write32(0x60000000, 1));
    }

    @Test
    void thePaddingAfterAPinnedArrayIsNotMapped() {
        SimBus bus = reset().bus();
        byte[] buffer = new byte[20];
        int a = bus.addressOf(buffer);
        bus.write32(a + 16, 0x04030201);
        assertEquals(1, buffer[16]);
        rejects(String.format("0x%08X", a + 20), "not modelled", () -> bus.read32(a + 20));
        rejects(String.format("0x%08X", a + 16), "runs past the end", () -> bus.copyIn(a + 16, new byte[8], 0, 8));
    }

    @Test
    void reservedBitWriteIsRejected() {
        SimBus bus = reset().bus();
        rejects("RCC_CR", "reserved bits 0x40000000", () -> bus.modify32(RCC + Stm32Rcc.CR, 0, 1 << 30));
    }

    @Test
    void narrowAccessToA32BitOnlyRegisterIsRejected() {
        SimBus bus = reset().bus();
        rejects("RCC_CR", "16-bit access", () -> bus.read16(RCC + Stm32Rcc.CR));
    }

    @Test
    void hseBypassChangeWithHseOnIsRejected() {
        SimBus bus = reset().bus();
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_HSEON);
        rejects("RCC_CR", "HSEBYP changed while HSEON=1", () -> bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_HSEBYP));
    }

    @Test
    void pllWithIllegalMultiplierIsRejected() {
        SimBus bus = reset().bus();
        bus.modify32(RCC + Stm32Rcc.PLLCFGR, Stm32Rcc.PLLCFGR_PLLN_MASK, 20 << Stm32Rcc.PLLCFGR_PLLN_SHIFT);
        rejects("RCC_CR", "PLLN=20", () -> bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_PLLON));
    }

    @Test
    void pllReconfigurationWhileRunningIsRejected() {
        SimBus bus = reset().bus();
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_PLLON);
        rejects("RCC_PLLCFGR", "while PLLON=1", () -> bus.modify32(RCC + Stm32Rcc.PLLCFGR, 0x3F, 4));
    }

    @Test
    void switchToAnUnlockedPllIsRejected() {
        SimBus bus = reset().bus();
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_PLLON);
        rejects("RCC_CFGR", "PLLRDY=0", () -> bus.modify32(RCC + Stm32Rcc.CFGR, 3, Stm32Rcc.CFGR_SW_PLL));
    }

    @Test
    void switchWithTooFewWaitStatesIsRejected() {
        SimSoc soc = reset();
        SimBus bus = soc.bus();
        // Default PLL (HSI/16 * 192 / 2 = 96 MHz) needs 3 wait states; ACR still has 0.
        bus.modify32(RCC + Stm32Rcc.CR, 0, Stm32Rcc.CR_PLLON);
        while ((bus.read32(RCC + Stm32Rcc.CR) & Stm32Rcc.CR_PLLRDY) == 0) {
            Thread.onSpinWait();
        }
        bus.modify32(RCC + Stm32Rcc.CFGR, 0, Stm32Rcc.PPRE_DIV2 << Stm32Rcc.CFGR_PPRE1_SHIFT);
        rejects("RCC_CFGR", "FLASH_ACR.LATENCY >= 3", () -> bus.modify32(RCC + Stm32Rcc.CFGR, 3, Stm32Rcc.CFGR_SW_PLL));
    }

    @Test
    void apbAboveItsLimitIsRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F429, 1);
        rejects("RCC_CFGR", "APB1 90000000 Hz", () -> soc.bus().modify32(RCC + Stm32Rcc.CFGR,
                Stm32Rcc.CFGR_PPRE1_MASK, Stm32Rcc.PPRE_DIV2 << Stm32Rcc.CFGR_PPRE1_SHIFT));
    }

    @Test
    void lowerWaitStatesThanTheClockNeedsIsRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        rejects("FLASH_ACR", "below the 7 wait states",
                () -> soc.bus().modify32(FLASH + Stm32Flash.ACR, 0xF, 6));
    }

    @Test
    void overDriveSwitchBeforeReadyIsRejected() {
        SimSoc soc = reset();
        SimBus bus = soc.bus();
        bus.modify32(RCC + Stm32Rcc.APB1ENR, 0, Stm32Rcc.APB1_PWR);
        rejects("PWR_CR1", "ODEN set without the PLL on", () -> bus.modify32(PWR + Stm32Pwr.CR1, 0, Stm32Pwr.CR1_ODEN));
        rejects("PWR_CR1", "ODSWEN set before ODRDY", () -> bus.modify32(PWR + Stm32Pwr.CR1, 0, Stm32Pwr.CR1_ODSWEN));
    }

    @Test
    void peripheralWithItsClockOffIsRejected() {
        SimBus bus = reset().bus();
        rejects("GPIOG_MODER", "RCC_AHB1ENR.GPIOGEN=0", () -> bus.read32(Stm32Gpio.base(Stm32Gpio.PORT_G)));
        rejects("PWR_CR1", "RCC_APB1ENR.PWREN=0", () -> bus.read32(PWR));
        rejects("RNG_CR", "RCC_AHB2ENR.RNGEN=0", () -> bus.read32(Stm32Rng.BASE));
        rejects("SYSCFG_PMC", "RCC_APB2ENR.SYSCFGEN=0", () -> bus.read32(0x40013804));
    }

    @Test
    void rngDataReadBeforeDrdyIsRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        soc.bus().modify32(RCC + Stm32Rcc.AHB2ENR, 0, Stm32Rcc.AHB2_RNG);
        rejects("RNG_DR", "DRDY=0", () -> soc.bus().read32(Stm32Rng.BASE + Stm32Rng.DR));
    }

    @Test
    void flashControlWriteWhileLockedIsRejected() {
        SimBus bus = reset().bus();
        rejects("FLASH_CR", "while LOCK=1", () -> bus.modify32(FLASH + Stm32Flash.CR, 0, Stm32Flash.CR_PG));
    }

    @Test
    void programmingWhileLockedIsRejected() {
        SimBus bus = reset().bus();
        rejects("FLASH memory", "while FLASH_CR.LOCK=1", () -> bus.write32(Stm32Flash.MEMORY_BASE, 0));
    }

    @Test
    void programmingWithoutPgIsRejected() {
        SimBus bus = reset().bus();
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY1);
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY2);
        rejects("FLASH memory", "without FLASH_CR.PG=1", () -> bus.write32(Stm32Flash.MEMORY_BASE, 0));
    }

    @Test
    void wrongKeyLocksFlashUntilReset() {
        SimSoc soc = reset();
        SimBus bus = soc.bus();
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY1);
        rejects("FLASH_KEYR", "wrong key sequence", () -> bus.write32(FLASH + Stm32Flash.KEYR, 0x12345678));
        rejects("FLASH_KEYR", "locked until reset", () -> bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY1));

        soc.powerCycle();
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY1);
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY2);
        assertTrue(!soc.flash().locked());
    }

    @Test
    void eraseOfASectorThePartDoesNotHaveIsRejected() {
        SimSoc soc = new SimSoc(Stm32Part.F746, 1);
        SimBus bus = soc.bus();
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY1);
        bus.write32(FLASH + Stm32Flash.KEYR, Stm32Flash.KEY2);
        rejects("FLASH_CR", "SNB=9 names no sector", () -> bus.write32(FLASH + Stm32Flash.CR,
                Stm32Flash.CR_SER | 9 << Stm32Flash.CR_SNB_SHIFT | Stm32Flash.CR_STRT));
    }

    @Test
    void uidIsReadOnly() {
        SimBus bus = reset().bus();
        rejects("UID_W0", "read-only", () -> bus.write32(0x1FF0F420, 0));
    }

    @Test
    void everyNonRamAccessIsTraced() {
        SimSoc soc = reset();
        soc.bus().read32(RCC + Stm32Rcc.CR);
        soc.bus().write32(SimSoc.SRAM_BASE, 5);
        soc.bus().modify32(RCC + Stm32Rcc.AHB1ENR, 0, 1);

        assertEquals("[R32 0x40023800 = 0x00000083, R32 0x40023830 = 0x00100000, W32 0x40023830 = 0x00100001]",
                soc.bus().trace().toString());
    }

    @Test
    void pinnedArraysAreSharedWithTheBus() {
        SimSoc soc = reset();
        byte[] buf = new byte[64];
        int[] desc = new int[4];
        int a = soc.bus().addressOf(buf);
        int d = soc.bus().addressOf(desc);

        soc.bus().write32(a + 4, 0x04030201);
        soc.bus().write32(d + 8, 0xCAFEBABE);

        assertEquals(3, buf[6]);
        assertEquals(0xCAFEBABE, desc[2]);
        assertEquals(a, soc.bus().addressOf(buf));
        assertEquals(0, d & 31);
    }
}
