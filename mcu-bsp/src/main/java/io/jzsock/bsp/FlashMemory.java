package io.jzsock.bsp;

/**
 * Sector-erasable NOR flash, as a flash-backed store needs it: erase sets a whole sector to 0xFF,
 * program only clears bits, in units of {@link #programUnit()} bytes at aligned addresses. Addresses
 * are absolute (the part's memory map). Every call returns 0 or a negative {@link BspError}; a failed
 * program or erase leaves the touched bytes in an unknown state (a power cut can do the same).
 * Implementations: {@code io.jzsock.bsp.stm32.FlashController} on the STM32 flash interface.
 */
public interface FlashMemory {
    int sectorCount();

    /** Absolute address of the first byte of {@code sector}. */
    int sectorBase(int sector);

    int sectorSize(int sector);

    /** Bytes programmed at once; addresses and lengths given to {@link #program} are multiples of it. */
    int programUnit();

    /** Allows erase and program until {@link #lock()}. */
    int unlock();

    void lock();

    int eraseSector(int sector);

    int program(int addr, byte[] src, int off, int len);

    int read(int addr, byte[] dst, int off, int len);
}
