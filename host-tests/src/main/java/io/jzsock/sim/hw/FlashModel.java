package io.jzsock.sim.hw;

import static io.jzsock.bsp.stm32.Stm32Flash.*;

import io.jzsock.bsp.stm32.Stm32Part;
import java.util.Arrays;

/**
 * The embedded flash: registers (RM0090 §3.9, RM0410 §3.7) and the NOR array behind them.
 *
 * <p>NOR semantics: programming only clears bits, erase sets a whole sector to 0xFF. The KEY1/KEY2
 * sequence unlocks FLASH_CR; a wrong key, or a key while unlocked, locks it until reset (a bus
 * error on the chip, a violation here). Each program unit and each 4 KB of an erase is one
 * <em>step</em>; {@link #cutPowerAtStep} stops the board in the middle of a chosen step.
 *
 * <p>Deviation, on purpose: programming a 1 over a 0 is not detected by F4/F7 hardware (the cell
 * keeps 0); the model keeps 0 too but also raises OPERR, so driver tests see the failure.
 */
public final class FlashModel extends PeripheralModel {
    public static final int ERASE_STEP = 4096;

    private final Stm32Part part;
    private final byte[] array;
    private final Memory memory = new Memory();
    private final Reg acr;
    private final Reg keyr;
    private final Reg sr;
    private final Reg cr;
    private final boolean[] writeProtected;
    private int keyIndex;
    private boolean lockedUntilReset;
    private int busyCountdown;
    private long steps;
    private long cutAt = -1;
    private int overPrograms;

    public FlashModel(Stm32Part part) {
        super("FLASH", BASE, 0x400);
        this.part = part;
        this.array = new byte[part.flashSize()];
        Arrays.fill(array, (byte) 0xFF);
        this.writeProtected = new boolean[part.sectorCount()];
        int acrRw = ACR_LATENCY_MASK | ACR_PRFTEN | ACR_ICEN_ARTEN | (part.f7 ? 1 << 11 : ACR_DCEN | 3 << 11);
        acr = reg("ACR", ACR, 0, acrRw, 0);
        keyr = reg("KEYR", KEYR, 0, 0xFFFFFFFF, 0);
        sr = reg("SR", SR, 0, 0, SR_BSY, SR_EOP | SR_ERRORS, 0);
        int crRw = CR_PG | CR_SER | CR_MER | CR_SNB_MASK | CR_PSIZE_MASK | CR_MER2 | CR_STRT | CR_EOPIE
                | CR_ERRIE | (part.f7 ? 1 << 26 : 0) | CR_LOCK;
        cr = reg("CR", CR, CR_LOCK, crRw, 0);
    }

    /** The flash array as a bus target at {@link io.jzsock.bsp.stm32.Stm32Flash#MEMORY_BASE}. */
    public BusTarget memory() {
        return memory;
    }

    /** Direct view of the array (tests inspect and preload it). */
    public byte[] array() {
        return array;
    }

    public int latency() {
        return acr.value & ACR_LATENCY_MASK;
    }

    public boolean locked() {
        return (cr.value & CR_LOCK) != 0;
    }

    public void writeProtect(int sector) {
        writeProtected[sector] = true;
    }

    /** Program/erase steps performed so far. */
    public long steps() {
        return steps;
    }

    /** Programs that tried to turn a 0 bit back into 1. */
    public int overPrograms() {
        return overPrograms;
    }

    /** Power fails in the middle of step number {@code n} counted from now (1 = the next step). */
    public void cutPowerAtStep(long n) {
        cutAt = steps + n;
    }

    @Override
    public void reset() {
        super.reset();
        keyIndex = 0;
        lockedUntilReset = false;
        busyCountdown = 0;
        cutAt = -1;
    }

    @Override
    protected int onRead(Reg r) {
        if (r == keyr) {
            return 0;
        }
        if (r == sr && busyCountdown > 0 && --busyCountdown == 0) {
            sr.value &= ~SR_BSY;
            if ((sr.value & SR_ERRORS) == 0 && (cr.value & CR_EOPIE) != 0) {
                sr.value |= SR_EOP;
            }
        }
        return r.value;
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        if (r == keyr) {
            boolean expected = !lockedUntilReset && locked()
                    && written == (keyIndex == 0 ? KEY1 : KEY2);
            if (!expected) {
                String state = !locked() ? "unlocked" : lockedUntilReset ? "locked until reset"
                        : "expecting KEY" + (keyIndex + 1);
                lockedUntilReset = true;
                keyIndex = 0;
                cr.value |= CR_LOCK;
                throw violation(r, String.format("wrong key sequence (0x%08X while %s): FLASH_CR stays locked until "
                        + "reset (RM0410 §3.3.5)", written, state));
            }
        } else if (r == cr) {
            if (locked() && next != old) {
                throw violation(r, "written while LOCK=1 (unlock with KEY1 then KEY2 in FLASH_KEYR first)");
            }
            if ((sr.value & SR_BSY) != 0 && next != old) {
                throw violation(r, "written while BSY=1 (wait for the operation to end)");
            }
            if ((old & CR_LOCK) != 0 && (next & CR_LOCK) == 0) {
                throw violation(r, "LOCK cleared by a write (only the KEYR sequence unlocks)");
            }
            if ((next & CR_STRT) != 0) {
                if ((next & (CR_MER | CR_MER2)) != 0) {
                    throw violation(r, "mass erase is not modelled");
                }
                if ((next & CR_SER) == 0) {
                    throw violation(r, "STRT without SER (nothing to start)");
                }
                int snb = (next & CR_SNB_MASK) >>> CR_SNB_SHIFT;
                if (sectorOfSnb(snb) < 0) {
                    throw violation(r, "SNB=" + snb + " names no sector of " + part.name);
                }
            }
        } else if (r == acr) {
            int need = RccModel.requiredLatency(soc.rcc().hclkHz());
            if ((next & ACR_LATENCY_MASK) < need) {
                throw violation(r, "LATENCY=" + (next & ACR_LATENCY_MASK) + " below the " + need
                        + " wait states HCLK " + soc.rcc().hclkHz() + " Hz needs");
            }
        }
    }

    @Override
    protected void afterWrite(Reg r, int old, int written) {
        if (r == keyr) {
            keyr.value = 0;
            if (++keyIndex == 2) {
                keyIndex = 0;
                cr.value &= ~CR_LOCK;
            }
        } else if (r == cr && (cr.value & CR_STRT) != 0) {
            cr.value &= ~CR_STRT;
            if ((cr.value & CR_PG) != 0) {
                sr.value |= SR_SEQERR;
                return;
            }
            erase(sectorOfSnb((cr.value & CR_SNB_MASK) >>> CR_SNB_SHIFT));
        }
    }

    private int sectorOfSnb(int snb) {
        for (int i = 0; i < part.sectorCount(); i++) {
            if (part.sectorSnb(i) == snb) {
                return i;
            }
        }
        return -1;
    }

    private void erase(int sector) {
        if (writeProtected[sector]) {
            sr.value |= SR_WRPERR;
            return;
        }
        int start = part.sectorBase(sector) - MEMORY_BASE;
        for (int o = 0; o < part.sectorSize(sector); o += ERASE_STEP) {
            boolean cut = step();
            int len = cut ? ERASE_STEP / 2 : ERASE_STEP;
            Arrays.fill(array, start + o, start + o + len, (byte) 0xFF);
            if (cut) {
                powerFails(String.format("while erasing sector %d at 0x%08X", sector, MEMORY_BASE + start + o));
            }
        }
        busy();
    }

    /** Counts a step; true if power fails during it. */
    private boolean step() {
        steps++;
        return steps == cutAt;
    }

    private void powerFails(String where) {
        cutAt = -1;
        soc.bus().cutPower(where);
        throw new SimPowerCut(where);
    }

    private void busy() {
        sr.value |= SR_BSY;
        busyCountdown = RccModel.READY_AFTER_READS;
    }

    private void program(int offset, int width, int value) {
        int addr = MEMORY_BASE + offset;
        if (locked()) {
            throw new HwRuleViolation("FLASH memory", String.format("program at 0x%08X while FLASH_CR.LOCK=1 "
                    + "(unlock with the KEYR sequence)", addr));
        }
        if ((cr.value & CR_PG) == 0) {
            throw new HwRuleViolation("FLASH memory", String.format("write at 0x%08X without FLASH_CR.PG=1", addr));
        }
        if ((sr.value & SR_BSY) != 0) {
            throw new HwRuleViolation("FLASH memory", String.format("write at 0x%08X while FLASH_SR.BSY=1", addr));
        }
        int psize = (cr.value & CR_PSIZE_MASK) >>> CR_PSIZE_SHIFT;
        if (psize == PSIZE_X64) {
            throw new HwRuleViolation("FLASH_CR", "PSIZE=x64 (needs Vpp) is not modelled");
        }
        if ((cr.value & CR_SER) != 0) {
            sr.value |= SR_SEQERR;
            return;
        }
        if (width != 1 << psize) {
            sr.value |= SR_PGPERR;
            return;
        }
        if ((offset & (width - 1)) != 0) {
            sr.value |= SR_PGAERR;
            return;
        }
        if (writeProtected[part.sectorOf(addr)]) {
            sr.value |= SR_WRPERR;
            return;
        }
        boolean cut = step();
        int bytes = cut ? Math.max(1, width / 2) : width;
        boolean over = false;
        for (int i = 0; i < bytes; i++) {
            int old = array[offset + i] & 0xFF;
            int b = (value >>> (8 * i)) & 0xFF;
            over |= (b & ~old) != 0;
            array[offset + i] = (byte) (old & b);
        }
        if (cut) {
            powerFails(String.format("while programming 0x%08X", addr));
        }
        if (over) {
            overPrograms++;
            sr.value |= SR_OPERR;
        }
        busy();
    }

    final class Memory implements BusTarget {
        @Override public String name() { return "FLASH memory"; }
        @Override public int base() { return MEMORY_BASE; }
        @Override public int size() { return array.length; }

        @Override
        public int read(int offset, int width) {
            int v = 0;
            for (int i = 0; i < width; i++) {
                v |= (array[offset + i] & 0xFF) << (8 * i);
            }
            return v;
        }

        @Override
        public void write(int offset, int width, int value) {
            program(offset, width, value);
        }
    }
}
