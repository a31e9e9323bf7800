package io.jzsock.boards;

import io.jzsock.bsp.stm32.Stm32Part;

/**
 * A supported board: its part and what the board wires around it. All three Nucleo-144 boards put
 * the LAN8742A at PHY address 0 (UM1974 §6.11) and feed HSE from the ST-LINK's 8 MHz MCO.
 *
 * <p>Credential sectors: the two flash sectors {@code FlashCredentialStore} logs into, which the
 * firmware image must not occupy. Both are small sectors of equal size, so a compaction erases
 * little and the store's capacity is the same whichever sector is active.
 * <ul>
 * <li>F767ZI and F746ZG (single bank; sectors 0-3 of 32 KB, 4 of 128 KB, then 256 KB): sectors 2 and 3,
 *     0x08010000-0x0801FFFF, Zephyr's {@code storage_partition} on nucleo_f767zi (its MCUboot takes
 *     sectors 0-1). Cost: 64 KB of flash (3 % of the F767's 2 MB, 6 % of the F746's 1 MB), and an image
 *     linked without a bootloader must skip them: the vector table and startup code in sectors 0-1
 *     (0x08000000, 64 KB), the rest from sector 4 (0x08020000) on, two flash regions in the linker
 *     script. In single-bank mode an erase stalls code fetched from flash until it ends (RM0410 §3.3.7),
 *     so a compaction pauses the board for one 32 KB sector erase unless the store runs from RAM.</li>
 * <li>F429ZI (two banks of 1 MB; sectors 0-3 and 12-15 of 16 KB): sectors 12 and 13, 0x08100000-0x08107FFF,
 *     the first two of bank 2. A 1 MB image in bank 1 stays contiguous and untouched, and an erase of
 *     bank 2 does not stall code running from bank 1 (read-while-write between banks, RM0090 §3.6).
 *     Cost: 32 KB, and an image above 1 MB must skip these sectors as the F7 image does.</li>
 * </ul>
 */
public final class BoardDefinition {
    /** STM32F767ZI: 512 KB RAM (DTCM 128 KB + SRAM1 368 KB + SRAM2 16 KB, RM0410 §2.4). */
    public static final BoardDefinition NUCLEO_F767ZI = new BoardDefinition("nucleo_f767zi", Stm32Part.F767, 0,
            512 * 1024, 2, 3);
    /** STM32F746ZG: 320 KB RAM (DTCM 64 KB + SRAM1 240 KB + SRAM2 16 KB, RM0385 §2.3). */
    public static final BoardDefinition NUCLEO_F746ZG = new BoardDefinition("nucleo_f746zg", Stm32Part.F746, 0,
            320 * 1024, 2, 3);
    /** STM32F429ZI: 256 KB RAM (SRAM 192 KB + CCM 64 KB, RM0090 §2.3); the CCM is not reachable by DMA. */
    public static final BoardDefinition NUCLEO_F429ZI = new BoardDefinition("nucleo_f429zi", Stm32Part.F429, 0,
            256 * 1024, 12, 13);

    private static final BoardDefinition[] ALL = {NUCLEO_F767ZI, NUCLEO_F746ZG, NUCLEO_F429ZI};

    /** Zephyr's board name. */
    public final String name;
    public final Stm32Part part;
    public final int phyAddress;
    public final int ramSize;
    /** The credential store's two sectors (indexes into the part's sector map), clear of the image. */
    public final int credentialSectorA;
    public final int credentialSectorB;

    private BoardDefinition(String name, Stm32Part part, int phyAddress, int ramSize, int credentialSectorA,
            int credentialSectorB) {
        this.name = name;
        this.part = part;
        this.phyAddress = phyAddress;
        this.ramSize = ramSize;
        this.credentialSectorA = credentialSectorA;
        this.credentialSectorB = credentialSectorB;
    }

    public int flashSize() {
        return part.flashSize();
    }

    public int flashSectors() {
        return part.sectorCount();
    }

    /** Bytes of one credential sector (both are the same size). */
    public int credentialSectorSize() {
        return part.sectorSize(credentialSectorA);
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
