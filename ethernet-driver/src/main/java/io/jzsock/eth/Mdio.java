package io.jzsock.eth;

import io.jzsock.bsp.RegisterBus;
import io.jzsock.net.Errno;

/** The MAC's MII management interface (MACMIIAR/MACMIIDR, RM0410 §42.8.1): bounded PHY register access. */
public final class Mdio {
    /** Busy polls before a management access counts as failed. */
    static final int BUSY_LIMIT = 100000;

    private final RegisterBus bus;
    private int clockRange;

    public Mdio(RegisterBus bus) {
        this.bus = bus;
    }

    /** MDC divider for this HCLK (Stm32Eth.CR_*) so MDC stays at or below 2.5 MHz (IEEE 802.3 §22.2.2.11). */
    public static int clockRangeFor(int hclkHz) {
        if (hclkHz < 35000000) {
            return Stm32Eth.CR_DIV16;
        }
        if (hclkHz < 60000000) {
            return Stm32Eth.CR_DIV26;
        }
        if (hclkHz < 100000000) {
            return Stm32Eth.CR_DIV42;
        }
        if (hclkHz < 150000000) {
            return Stm32Eth.CR_DIV62;
        }
        return Stm32Eth.CR_DIV102;
    }

    /** Writes MACMIIAR.CR, keeping the other bits (the HAL keeps them too). */
    public void setClockRange(int cr) {
        clockRange = cr;
        bus.modify32(Stm32Eth.BASE + Stm32Eth.MACMIIAR, Stm32Eth.MACMIIAR_CR_MASK, cr << Stm32Eth.MACMIIAR_CR_SHIFT);
    }

    /** The 16-bit register value, or -ETIMEDOUT when MB never clears. */
    public int read(int phy, int reg) {
        if (waitIdle() < 0) {
            return -Errno.ETIMEDOUT;
        }
        bus.write32(Stm32Eth.BASE + Stm32Eth.MACMIIAR, command(phy, reg) | Stm32Eth.MACMIIAR_MB);
        if (waitIdle() < 0) {
            return -Errno.ETIMEDOUT;
        }
        return bus.read32(Stm32Eth.BASE + Stm32Eth.MACMIIDR) & 0xFFFF;
    }

    /** 0, or -ETIMEDOUT. */
    public int write(int phy, int reg, int value) {
        if (waitIdle() < 0) {
            return -Errno.ETIMEDOUT;
        }
        bus.write32(Stm32Eth.BASE + Stm32Eth.MACMIIDR, value & 0xFFFF);
        bus.write32(Stm32Eth.BASE + Stm32Eth.MACMIIAR,
                command(phy, reg) | Stm32Eth.MACMIIAR_MW | Stm32Eth.MACMIIAR_MB);
        return waitIdle();
    }

    private int command(int phy, int reg) {
        return (phy & 0x1F) << Stm32Eth.MACMIIAR_PA_SHIFT | (reg & 0x1F) << Stm32Eth.MACMIIAR_MR_SHIFT
                | clockRange << Stm32Eth.MACMIIAR_CR_SHIFT;
    }

    private int waitIdle() {
        for (int i = 0; i < BUSY_LIMIT; i++) {
            if ((bus.read32(Stm32Eth.BASE + Stm32Eth.MACMIIAR) & Stm32Eth.MACMIIAR_MB) == 0) {
                return 0;
            }
        }
        return -Errno.ETIMEDOUT;
    }
}
