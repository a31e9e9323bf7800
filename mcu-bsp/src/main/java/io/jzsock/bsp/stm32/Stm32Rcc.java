package io.jzsock.bsp.stm32;

/**
 * RCC registers shared by STM32F42x (RM0090 §6.3) and STM32F74x/F76x (RM0385/RM0410 §5.3); base
 * and offsets as in the SVD files STM32F429.svd / STM32F767.svd (peripheral RCC).
 */
public final class Stm32Rcc {
    public static final int BASE = 0x40023800;

    public static final int CR = 0x00;
    public static final int PLLCFGR = 0x04;
    public static final int CFGR = 0x08;
    public static final int CIR = 0x0C;
    public static final int AHB1RSTR = 0x10;
    public static final int AHB1ENR = 0x30;
    public static final int AHB2ENR = 0x34;
    public static final int APB1ENR = 0x40;
    public static final int APB2ENR = 0x44;

    // RCC_CR
    public static final int CR_HSION = 1 << 0;
    public static final int CR_HSIRDY = 1 << 1;
    public static final int CR_HSEON = 1 << 16;
    public static final int CR_HSERDY = 1 << 17;
    public static final int CR_HSEBYP = 1 << 18;
    public static final int CR_CSSON = 1 << 19;
    public static final int CR_PLLON = 1 << 24;
    public static final int CR_PLLRDY = 1 << 25;

    // RCC_PLLCFGR: f(VCO) = f(in) * N / M, f(SYSCLK) = f(VCO) / P, f(48 MHz domain) = f(VCO) / Q
    public static final int PLLCFGR_PLLM_SHIFT = 0;
    public static final int PLLCFGR_PLLM_MASK = 0x3F;
    public static final int PLLCFGR_PLLN_SHIFT = 6;
    public static final int PLLCFGR_PLLN_MASK = 0x1FF << 6;
    /** PLLP encodes P = 2, 4, 6, 8 as 0..3. */
    public static final int PLLCFGR_PLLP_SHIFT = 16;
    public static final int PLLCFGR_PLLP_MASK = 3 << 16;
    public static final int PLLCFGR_PLLSRC_HSE = 1 << 22;
    public static final int PLLCFGR_PLLQ_SHIFT = 24;
    public static final int PLLCFGR_PLLQ_MASK = 0xF << 24;
    /** F76x only (RM0410 §5.3.2); reserved on F42x and F74x, where it keeps its reset value. */
    public static final int PLLCFGR_PLLR_MASK = 7 << 28;
    public static final int PLLCFGR_RESET = 0x24003010;

    // RCC_CFGR
    public static final int CFGR_SW_MASK = 3;
    public static final int CFGR_SW_HSI = 0;
    public static final int CFGR_SW_HSE = 1;
    public static final int CFGR_SW_PLL = 2;
    public static final int CFGR_SWS_SHIFT = 2;
    public static final int CFGR_SWS_MASK = 3 << 2;
    public static final int CFGR_HPRE_SHIFT = 4;
    public static final int CFGR_HPRE_MASK = 0xF << 4;
    public static final int CFGR_PPRE1_SHIFT = 10;
    public static final int CFGR_PPRE1_MASK = 7 << 10;
    public static final int CFGR_PPRE2_SHIFT = 13;
    public static final int CFGR_PPRE2_MASK = 7 << 13;
    /** PPREx field values: 0xx = /1, 100 = /2, 101 = /4, 110 = /8, 111 = /16. */
    public static final int PPRE_DIV1 = 0;
    public static final int PPRE_DIV2 = 4;
    public static final int PPRE_DIV4 = 5;

    // RCC_AHB1RSTR / RCC_AHB1ENR
    public static final int AHB1_GPIOA = 1 << 0;
    public static final int AHB1_GPIOB = 1 << 1;
    public static final int AHB1_GPIOC = 1 << 2;
    public static final int AHB1_GPIOD = 1 << 3;
    public static final int AHB1_GPIOE = 1 << 4;
    public static final int AHB1_GPIOF = 1 << 5;
    public static final int AHB1_GPIOG = 1 << 6;
    public static final int AHB1_ETHMAC = 1 << 25;
    public static final int AHB1_ETHMACTX = 1 << 26;
    public static final int AHB1_ETHMACRX = 1 << 27;
    public static final int AHB1_ETHMACPTP = 1 << 28;
    // RCC_AHB2ENR
    public static final int AHB2_RNG = 1 << 6;
    // RCC_APB1ENR
    public static final int APB1_PWR = 1 << 28;
    // RCC_APB2ENR
    public static final int APB2_SYSCFG = 1 << 14;

    private Stm32Rcc() {
    }
}
