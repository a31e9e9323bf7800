package io.jzsock.boards;

import io.jzsock.bsp.stm32.Stm32Part;

/**
 * A supported board: its part and what the board wires around it. All three Nucleo-144 boards put
 * the LAN8742A at PHY address 0 (UM1974 §6.11) and feed HSE from the ST-LINK's 8 MHz MCO.
 */
public final class BoardDefinition {
    /** STM32F767ZI: 512 KB RAM (DTCM 128 KB + SRAM1 368 KB + SRAM2 16 KB, RM0410 §2.4). */
    public static final BoardDefinition NUCLEO_F767ZI = new BoardDefinition("nucleo_f767zi", Stm32Part.F767, 0,
            512 * 1024);
    /** STM32F746ZG: 320 KB RAM (DTCM 64 KB + SRAM1 240 KB + SRAM2 16 KB, RM0385 §2.3). */
    public static final BoardDefinition NUCLEO_F746ZG = new BoardDefinition("nucleo_f746zg", Stm32Part.F746, 0,
            320 * 1024);
    /** STM32F429ZI: 256 KB RAM (SRAM 192 KB + CCM 64 KB, RM0090 §2.3); the CCM is not reachable by DMA. */
    public static final BoardDefinition NUCLEO_F429ZI = new BoardDefinition("nucleo_f429zi", Stm32Part.F429, 0,
            256 * 1024);

    private static final BoardDefinition[] ALL = {NUCLEO_F767ZI, NUCLEO_F746ZG, NUCLEO_F429ZI};

    /** Zephyr's board name. */
    public final String name;
    public final Stm32Part part;
    public final int phyAddress;
    public final int ramSize;

    private BoardDefinition(String name, Stm32Part part, int phyAddress, int ramSize) {
        this.name = name;
        this.part = part;
        this.phyAddress = phyAddress;
        this.ramSize = ramSize;
    }

    public int flashSize() {
        return part.flashSize();
    }

    public int flashSectors() {
        return part.sectorCount();
    }

    public static int count() {
        return ALL.length;
    }

    public static BoardDefinition get(int i) {
        return ALL[i];
    }

    /** The board with Zephyr name {@code name}, or null. */
    public static BoardDefinition byName(String name) {
        for (int i = 0; i < ALL.length; i++) {
            if (ALL[i].name.equals(name)) {
                return ALL[i];
            }
        }
        return null;
    }
}
