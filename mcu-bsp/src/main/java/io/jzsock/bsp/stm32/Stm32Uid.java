package io.jzsock.bsp.stm32;

/** 96-bit unique device ID, three words (RM0090 §39.1; RM0385/RM0410 §45.1). */
public final class Stm32Uid {
    public static final int F4_BASE = 0x1FFF7A10;
    public static final int F7_BASE = 0x1FF0F420;
    public static final int WORDS = 3;

    private Stm32Uid() {
    }
}
