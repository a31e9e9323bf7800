package io.jzsock.sim.testkit;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.FlashMemory;
import java.util.Arrays;

/**
 * NOR flash in a byte[], for tests that need many stores quickly (the fuzz target) or no simulator on the
 * path (the zero-allocation gate): erase sets a sector to 0xFF, program ANDs the bytes in (clears bits
 * only) and reports EIO if a 1 was asked over a 0, as FlashModel does; locked calls are EPERM. No power cut:
 * the sweeps run on the simulator's FlashModel.
 */
public final class NorRamFlash implements FlashMemory {
    public static final int BASE = 0x08000000;
    private final int[] sizes;
    private final int[] bases;
    private final byte[] array;
    private final int unit;
    private boolean locked = true;

    public NorRamFlash(int unit, int... sectorSizes) {
        this.unit = unit;
        sizes = sectorSizes.clone();
        bases = new int[sizes.length];
        int a = BASE;
        for (int i = 0; i < sizes.length; i++) {
            bases[i] = a;
            a += sizes[i];
        }
        array = new byte[a - BASE];
        Arrays.fill(array, (byte) 0xFF);
    }

    public byte[] array() {
        return array;
    }

    public boolean locked() {
        return locked;
    }

    @Override public int sectorCount() { return sizes.length; }
    @Override public int sectorBase(int sector) { return bases[sector]; }
    @Override public int sectorSize(int sector) { return sizes[sector]; }
    @Override public int programUnit() { return unit; }

    @Override
    public int unlock() {
        locked = false;
        return 0;
    }

    @Override
    public void lock() {
        locked = true;
    }

    @Override
    public int eraseSector(int sector) {
        if (locked) {
            return BspError.EPERM;
        }
        Arrays.fill(array, bases[sector] - BASE, bases[sector] - BASE + sizes[sector], (byte) 0xFF);
        return 0;
    }

    @Override
    public int program(int addr, byte[] src, int off, int len) {
        if (locked) {
            return BspError.EPERM;
        }
        int o = addr - BASE;
        if (o % unit != 0 || len % unit != 0 || o < 0 || o + len > array.length) {
            return BspError.EINVAL;
        }
        boolean over = false;
        for (int i = 0; i < len; i++) {
            int old = array[o + i];
            over |= (src[off + i] & ~old) != 0;
            array[o + i] = (byte) (old & src[off + i]);
        }
        return over ? BspError.EIO : 0;
    }

    @Override
    public int read(int addr, byte[] dst, int off, int len) {
        int o = addr - BASE;
        if (o < 0 || len < 0 || o + len > array.length) {
            return BspError.EINVAL;
        }
        System.arraycopy(array, o, dst, off, len);
        return 0;
    }
}
