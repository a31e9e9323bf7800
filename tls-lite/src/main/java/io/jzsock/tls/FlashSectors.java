package io.jzsock.tls;

import io.jzsock.bsp.FlashMemory;
import io.jzsock.net.Errno;

/**
 * The two sectors under {@link FlashCredentialStore} (index 0 = sector A, 1 = sector B): reads, programs,
 * erases with their count (wear), blank checks, and the unlock that one writing call makes and the lock
 * that ends it. Every flash error, write protection included, becomes {@code -EIO}.
 */
final class FlashSectors {
    final FlashMemory flash;
    final int[] sector = new int[2];
    final int[] base = new int[2];
    final int[] size = new int[2];
    final int[] erases = new int[2];
    /** Per sector: known to be erased to its last byte. */
    final boolean[] blank = new boolean[2];
    private final byte[] chunk;
    private boolean unlocked;

    FlashSectors(FlashMemory flash, int sectorA, int sectorB, int chunkBytes) {
        this.flash = flash;
        sector[0] = sectorA;
        sector[1] = sectorB;
        for (int w = 0; w < 2; w++) {
            base[w] = flash.sectorBase(sector[w]);
            size[w] = flash.sectorSize(sector[w]);
        }
        chunk = new byte[chunkBytes];
    }

    int end(int which) {
        return base[which] + size[which];
    }

    int read(int addr, byte[] dst, int len) {
        return flash.read(addr, dst, 0, len) < 0 ? -Errno.EIO : 0;
    }

    int program(int addr, byte[] src, int off, int len) {
        return flash.program(addr, src, off, len) < 0 ? -Errno.EIO : 0;
    }

    /** Erases the sector (unlocking first) and counts it, failed or not: 0 or -EIO. */
    int erase(int which) {
        if (unlock() < 0) {
            return -Errno.EIO;
        }
        erases[which]++;
        int r = flash.eraseSector(sector[which]);
        blank[which] = r == 0;
        return r < 0 ? -Errno.EIO : 0;
    }

    /** Reads the whole sector and remembers whether it is blank: 1 blank, 0 not, -EIO. */
    int checkBlank(int which) {
        int b = isBlank(base[which], end(which));
        blank[which] = b == 1;
        return b;
    }

    /** 1 when [from, to) reads all 0xFF, 0 when not, -EIO. */
    int isBlank(int from, int to) {
        for (int a = from; a < to; ) {
            int n = Math.min(chunk.length, to - a);
            if (read(a, chunk, n) < 0) {
                return -Errno.EIO;
            }
            if (!allErased(chunk, n)) {
                return 0;
            }
            a += n;
        }
        return 1;
    }

    int unlock() {
        if (!unlocked) {
            if (flash.unlock() < 0) {
                return -Errno.EIO;
            }
            unlocked = true;
        }
        return 0;
    }

    void lockIfUnlocked() {
        if (unlocked) {
            unlocked = false;
            flash.lock();
        }
    }

    static boolean allErased(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    static void fill(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) 0xFF;
        }
    }
}
