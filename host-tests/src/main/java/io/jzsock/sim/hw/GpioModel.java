package io.jzsock.sim.hw;

import static io.jzsock.bsp.stm32.Stm32Gpio.*;

import io.jzsock.bsp.stm32.Stm32Rcc;

/** One GPIO port (RM0410 §6.4): needs its AHB1 clock; byte and half-word accesses are allowed. */
public final class GpioModel extends PeripheralModel {
    private final int port;
    private final Reg bsrr;
    private final Reg odr;

    public GpioModel(int port) {
        super("GPIO" + (char) ('A' + port), io.jzsock.bsp.stm32.Stm32Gpio.base(port), PORT_STRIDE);
        this.port = port;
        // Reset values of ports A and B carry the debug pins (JTAG/SWD) in alternate mode (RM0410
        // §6.4; STM32F767.svd gives 0 for GPIOA_OSPEEDR, the manual 0x0C000000: the manual is used).
        int moder = port == PORT_A ? 0xA8000000 : port == PORT_B ? 0x00000280 : 0;
        int ospeed = port == PORT_A ? 0x0C000000 : port == PORT_B ? 0x000000C0 : 0;
        int pupd = port == PORT_A ? 0x64000000 : port == PORT_B ? 0x00000100 : 0;
        reg("MODER", MODER, moder, 0xFFFFFFFF, 0);
        reg("OTYPER", OTYPER, 0, 0xFFFF, 0);
        reg("OSPEEDR", OSPEEDR, ospeed, 0xFFFFFFFF, 0);
        reg("PUPDR", PUPDR, pupd, 0xFFFFFFFF, 0);
        reg("IDR", IDR, 0, 0, 0xFFFF);
        odr = reg("ODR", ODR, 0, 0xFFFF, 0);
        bsrr = reg("BSRR", BSRR, 0, 0xFFFFFFFF, 0);
        reg("LCKR", LCKR, 0, 0x1FFFF, 0);
        reg("AFRL", AFRL, 0, 0xFFFFFFFF, 0);
        reg("AFRH", AFRH, 0, 0xFFFFFFFF, 0);
    }

    @Override
    protected boolean allowsNarrow() {
        return true;
    }

    @Override
    protected void checkClock(Reg r) {
        if (!soc.rcc().enabled(Stm32Rcc.AHB1ENR, 1 << port)) {
            throw violation(r, "accessed with its clock off (RCC_AHB1ENR.GPIO" + (char) ('A' + port) + "EN=0)");
        }
    }

    @Override
    protected int onRead(Reg r) {
        return r == bsrr ? 0 : r.value;
    }

    @Override
    protected void afterWrite(Reg r, int old, int written) {
        if (r == bsrr) {
            odr.value = (odr.value | (written & 0xFFFF)) & ~(written >>> 16);
            bsrr.value = 0;
        }
    }

    public int mode(int pin) {
        return (value(MODER) >>> (2 * pin)) & 3;
    }

    public int speed(int pin) {
        return (value(OSPEEDR) >>> (2 * pin)) & 3;
    }

    public int pull(int pin) {
        return (value(PUPDR) >>> (2 * pin)) & 3;
    }

    public boolean openDrain(int pin) {
        return (value(OTYPER) & (1 << pin)) != 0;
    }

    public int alternateFunction(int pin) {
        int afr = pin < 8 ? value(AFRL) : value(AFRH);
        return (afr >>> (4 * (pin & 7))) & 0xF;
    }
}
