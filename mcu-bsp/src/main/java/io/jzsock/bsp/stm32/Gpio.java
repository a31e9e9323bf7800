package io.jzsock.bsp.stm32;

import io.jzsock.bsp.RegisterBus;

/** GPIO pin configuration. The port's clock must be enabled first ({@link Rcc#enableGpio(int)}). */
public final class Gpio {
    /**
     * Nucleo-144 RMII pins to the LAN8742A (UM1974 §6.11, solder bridges at default): REF_CLK PA1,
     * MDIO PA2, CRS_DV PA7, TXD1 PB13, MDC PC1, RXD0 PC4, RXD1 PC5, TX_EN PG11, TXD0 PG13.
     */
    private static final int[] RMII_PORT = {
        Stm32Gpio.PORT_A, Stm32Gpio.PORT_A, Stm32Gpio.PORT_A, Stm32Gpio.PORT_B, Stm32Gpio.PORT_C,
        Stm32Gpio.PORT_C, Stm32Gpio.PORT_C, Stm32Gpio.PORT_G, Stm32Gpio.PORT_G};
    private static final int[] RMII_PIN = {1, 2, 7, 13, 1, 4, 5, 11, 13};

    public static final int RMII_PORT_MASK = 1 << Stm32Gpio.PORT_A | 1 << Stm32Gpio.PORT_B
            | 1 << Stm32Gpio.PORT_C | 1 << Stm32Gpio.PORT_G;

    private final RegisterBus bus;

    public Gpio(RegisterBus bus) {
        this.bus = bus;
    }

    /**
     * Push-pull, no pull, given speed, alternate function {@code af}. The AF is written before the
     * mode, as ST's HAL does, so the pin never drives another function.
     */
    public void alternate(int port, int pin, int af, int speed) {
        int base = Stm32Gpio.base(port);
        int afr = pin < 8 ? Stm32Gpio.AFRL : Stm32Gpio.AFRH;
        int afShift = (pin & 7) * 4;
        int twoBit = pin * 2;
        bus.modify32(base + afr, 0xF << afShift, (af & 0xF) << afShift);
        bus.modify32(base + Stm32Gpio.OSPEEDR, 3 << twoBit, (speed & 3) << twoBit);
        bus.modify32(base + Stm32Gpio.OTYPER, 1 << pin, 0);
        bus.modify32(base + Stm32Gpio.PUPDR, 3 << twoBit, 0);
        bus.modify32(base + Stm32Gpio.MODER, 3 << twoBit, Stm32Gpio.MODE_ALTERNATE << twoBit);
    }

    /** Configures the nine RMII/MDIO pins: AF11, very high speed. */
    public void configureRmii() {
        for (int i = 0; i < RMII_PIN.length; i++) {
            alternate(RMII_PORT[i], RMII_PIN[i], Stm32Gpio.AF_ETH, Stm32Gpio.SPEED_VERY_HIGH);
        }
    }

    public static int rmiiPinCount() {
        return RMII_PIN.length;
    }
}
