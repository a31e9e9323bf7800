package io.jzsock.eth;

/**
 * STM32F4/F7 Ethernet MAC, MMC and DMA registers (RM0410 §42.8, RM0090 §33.8; offsets and fields as
 * STM32F767.svd and ST's stm32f7xx_hal_eth.h list them) and the enhanced DMA descriptor bits
 * (RM0410 §42.6.7, §42.6.8).
 */
public final class Stm32Eth {
    private Stm32Eth() {
    }

    public static final int BASE = 0x40028000;

    // MAC
    public static final int MACCR = 0x0000;
    public static final int MACFFR = 0x0004;
    public static final int MACHTHR = 0x0008;
    public static final int MACHTLR = 0x000C;
    public static final int MACMIIAR = 0x0010;
    public static final int MACMIIDR = 0x0014;
    public static final int MACFCR = 0x0018;
    public static final int MACA0HR = 0x0040;
    public static final int MACA0LR = 0x0044;

    public static final int MACCR_RE = 1 << 2;
    public static final int MACCR_TE = 1 << 3;
    public static final int MACCR_IPCO = 1 << 10;
    public static final int MACCR_DM = 1 << 11;
    public static final int MACCR_FES = 1 << 14;
    /** Reset value: bit 15 (reserved, reads 1 on F7). */
    public static final int MACCR_RESET = 0x00008000;

    public static final int MACFFR_PM = 1 << 0;
    public static final int MACFFR_HM = 1 << 2;
    public static final int MACFFR_PAM = 1 << 4;
    public static final int MACFFR_BFD = 1 << 5;

    public static final int MACMIIAR_MB = 1 << 0;
    public static final int MACMIIAR_MW = 1 << 1;
    public static final int MACMIIAR_CR_SHIFT = 2;
    public static final int MACMIIAR_CR_MASK = 7 << 2;
    public static final int MACMIIAR_MR_SHIFT = 6;
    public static final int MACMIIAR_PA_SHIFT = 11;
    /** CR values: the HCLK range each MDC divider keeps MDC at or below 2.5 MHz (RM0410 §42.8.1). */
    public static final int CR_DIV42 = 0;   // 60..100 MHz
    public static final int CR_DIV62 = 1;   // 100..150 MHz
    public static final int CR_DIV16 = 2;   // 20..35 MHz
    public static final int CR_DIV26 = 3;   // 35..60 MHz
    public static final int CR_DIV102 = 4;  // 150..216 MHz

    // MMC
    public static final int MMCCR = 0x0100;
    public static final int MMCRIMR = 0x010C;
    public static final int MMCTIMR = 0x0110;
    /** Masks the counter interrupts the driver does not service (RFCE, RFAE, RGUF; TGFSC, TGFMSC, TGF). */
    public static final int MMCRIMR_ALL = 1 << 5 | 1 << 6 | 1 << 17;
    public static final int MMCTIMR_ALL = 1 << 14 | 1 << 15 | 1 << 21;

    // DMA
    public static final int DMABMR = 0x1000;
    public static final int DMATPDR = 0x1004;
    public static final int DMARPDR = 0x1008;
    public static final int DMARDLAR = 0x100C;
    public static final int DMATDLAR = 0x1010;
    public static final int DMASR = 0x1014;
    public static final int DMAOMR = 0x1018;
    public static final int DMAIER = 0x101C;

    public static final int DMABMR_SR = 1 << 0;
    public static final int DMABMR_EDFE = 1 << 7;
    public static final int DMABMR_PBL_SHIFT = 8;
    public static final int DMABMR_FB = 1 << 16;
    public static final int DMABMR_RDP_SHIFT = 17;
    public static final int DMABMR_USP = 1 << 23;
    public static final int DMABMR_AAB = 1 << 25;
    public static final int DMABMR_RESET = 0x00020101;

    public static final int DMASR_TS = 1 << 0;
    public static final int DMASR_TPSS = 1 << 1;
    public static final int DMASR_TBUS = 1 << 2;
    public static final int DMASR_ROS = 1 << 4;
    public static final int DMASR_TUS = 1 << 5;
    public static final int DMASR_RS = 1 << 6;
    public static final int DMASR_RBUS = 1 << 7;
    public static final int DMASR_RPSS = 1 << 8;
    public static final int DMASR_FBES = 1 << 13;
    public static final int DMASR_AIS = 1 << 15;
    public static final int DMASR_NIS = 1 << 16;
    /** All write-1-to-clear status bits of DMASR (bits 0..16 less the reserved 11 and 12). */
    public static final int DMASR_W1C = 0x0001E7FF;
    public static final int DMASR_RPS_SHIFT = 17;
    public static final int DMASR_TPS_SHIFT = 20;

    public static final int DMAOMR_SR = 1 << 1;
    public static final int DMAOMR_OSF = 1 << 2;
    public static final int DMAOMR_ST = 1 << 13;
    public static final int DMAOMR_FTF = 1 << 20;
    public static final int DMAOMR_TSF = 1 << 21;
    public static final int DMAOMR_RSF = 1 << 25;

    public static final int DMAIER_TIE = 1 << 0;
    public static final int DMAIER_TUIE = 1 << 5;
    public static final int DMAIER_RIE = 1 << 6;
    public static final int DMAIER_RBUIE = 1 << 7;
    public static final int DMAIER_AISE = 1 << 15;
    public static final int DMAIER_NISE = 1 << 16;

    /** Enhanced descriptors: 8 words (32 bytes), also when timestamps are off (DMABMR.EDFE=1). */
    public static final int DESC_WORDS = 8;

    // TDES0
    public static final int TDES0_OWN = 1 << 31;
    public static final int TDES0_IC = 1 << 30;
    public static final int TDES0_LS = 1 << 29;
    public static final int TDES0_FS = 1 << 28;
    public static final int TDES0_CIC_SHIFT = 22;
    public static final int TDES0_CIC_MASK = 3 << 22;
    /** CIC=3: IPv4 header and TCP/UDP/ICMP checksums, pseudo-header included, computed in hardware. */
    public static final int TDES0_CIC_FULL = 3 << 22;
    public static final int TDES0_TER = 1 << 21;
    public static final int TDES0_TCH = 1 << 20;
    public static final int TDES0_ES = 1 << 15;
    /** Underflow error: the DMA could not feed the FIFO in time (cut-through mode). */
    public static final int TDES0_UF = 1 << 1;
    public static final int TDES1_TBS1_MASK = 0x1FFF;

    // RDES0
    public static final int RDES0_OWN = 1 << 31;
    public static final int RDES0_FL_SHIFT = 16;
    public static final int RDES0_FL_MASK = 0x3FFF << 16;
    public static final int RDES0_ES = 1 << 15;
    public static final int RDES0_FS = 1 << 9;
    public static final int RDES0_LS = 1 << 8;
    public static final int RDES0_FT = 1 << 5;
    public static final int RDES0_CE = 1 << 1;
    /** Enhanced descriptors: extended status (checksum results) is valid in RDES4. */
    public static final int RDES0_ESA = 1 << 0;
    // RDES1
    public static final int RDES1_RER = 1 << 15;
    public static final int RDES1_RCH = 1 << 14;
    public static final int RDES1_RBS1_MASK = 0x1FFF;
    // RDES4 (stm32f7xx_hal_eth.h ETH_DMAPTPRXDESC_*)
    public static final int RDES4_IPPT_MASK = 7;
    public static final int RDES4_IPPT_UDP = 1;
    public static final int RDES4_IPPT_TCP = 2;
    public static final int RDES4_IPPT_ICMP = 3;
    public static final int RDES4_IPHE = 1 << 3;
    public static final int RDES4_IPPE = 1 << 4;
    public static final int RDES4_IPCB = 1 << 5;
    public static final int RDES4_IPV4PR = 1 << 6;
}
