package io.jzsock.bsp.stm32;

/** GPIO ports (RM0090 §8.4, RM0410 §6.4; GPIOx in the SVD files): one 1 KB block per port. */
public final class Stm32Gpio {
    public static final int GPIOA_BASE = 0x40020000;
    public static final int PORT_STRIDE = 0x400;

    public static final int PORT_A = 0;
    public static final int PORT_B = 1;
    public static final int PORT_C = 2;
    public static final int PORT_G = 6;
    public static final int PORT_COUNT = 11;

    public static final int MODER = 0x00;
    public static final int OTYPER = 0x04;
    public static final int OSPEEDR = 0x08;
    public static final int PUPDR = 0x0C;
    public static final int IDR = 0x10;
    public static final int ODR = 0x14;
    public static final int BSRR = 0x18;
    public static final int LCKR = 0x1C;
    public static final int AFRL = 0x20;
    public static final int AFRH = 0x24;

    /** MODERy values (2 bits per pin). */
    public static final int MODE_INPUT = 0;
    public static final int MODE_OUTPUT = 1;
    public static final int MODE_ALTERNATE = 2;
    public static final int MODE_ANALOG = 3;
    /** OSPEEDRy value 11: very high speed, needed for the 50 MHz RMII reference clock. */
    public static final int SPEED_VERY_HIGH = 3;
    /** AF11 is ETH on every F4/F7 pin that carries it (datasheet alternate function tables). */
    public static final int AF_ETH = 11;

    private Stm32Gpio() {
    }

    public static int base(int port) {
        return GPIOA_BASE + port * PORT_STRIDE;
    }
}
