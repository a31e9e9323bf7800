package io.jzsock.sim.hw;

import static io.jzsock.bsp.stm32.Stm32Rng.*;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Stm32Rcc;

/**
 * RNG (RM0410 §22): seeded data words, DRDY a status read after enable or after each DR read,
 * clock error (CECS) when the 48 MHz domain is missing or below HCLK/16, injectable seed errors
 * that clear only by SEIS=0 then RNGEN 0 -> 1, as the manual's recovery sequence says.
 */
public final class RngModel extends PeripheralModel {
    private final Reg cr;
    private final Reg sr;
    private final Reg dr;
    private final long seed;
    private SeededEntropy data;
    private int readyCountdown = -1;
    private int seedErrors;
    private boolean repeatNext;
    private int last;

    public RngModel(Stm32Part part, long seed) {
        super("RNG", BASE, 0x400);
        this.seed = seed;
        this.data = new SeededEntropy(seed);
        cr = reg("CR", CR, 0, CR_RNGEN | CR_IE | (part.f7 ? 1 << 5 : 0), 0);
        sr = reg("SR", SR, 0, 0, SR_DRDY | SR_CECS | SR_SECS, 0, SR_CEIS | SR_SEIS);
        dr = reg("DR", DR, 0, 0, 0xFFFFFFFF);
    }

    @Override
    public void reset() {
        super.reset();
        data = new SeededEntropy(seed);
        readyCountdown = -1;
        seedErrors = 0;
    }

    /** The next {@code n} generated words fail the seed test instead (SECS/SEIS). */
    public void injectSeedErrors(int n) {
        seedErrors = n;
    }

    /** The next word equals the previous one (what the continuous test must reject). */
    public void repeatNextWord() {
        repeatNext = true;
    }

    @Override
    protected void checkClock(Reg r) {
        if (!soc.rcc().enabled(Stm32Rcc.AHB2ENR, Stm32Rcc.AHB2_RNG)) {
            throw violation(r, "accessed with its clock off (RCC_AHB2ENR.RNGEN=0)");
        }
    }

    @Override
    protected int onRead(Reg r) {
        if (r == sr) {
            long clk = soc.rcc().pll48Hz();
            if ((cr.value & CR_RNGEN) != 0 && (clk == 0 || clk < soc.rcc().hclkHz() / 16)) {
                sr.value |= SR_CECS | SR_CEIS;
            } else {
                sr.value &= ~SR_CECS;
            }
            if ((cr.value & CR_RNGEN) != 0 && (sr.value & SR_SECS) == 0 && readyCountdown > 0 && --readyCountdown == 0) {
                if (seedErrors > 0) {
                    seedErrors--;
                    sr.value |= SR_SECS | SR_SEIS;
                } else {
                    last = repeatNext ? last : data.nextInt();
                    repeatNext = false;
                    dr.value = last;
                    sr.value |= SR_DRDY;
                }
            }
        } else if (r == dr) {
            if ((sr.value & SR_DRDY) == 0) {
                throw violation(r, "DR read while DRDY=0 (poll RNG_SR.DRDY first)");
            }
            sr.value &= ~SR_DRDY;
            readyCountdown = 1;
            int v = dr.value;
            dr.value = 0;
            return v;
        }
        return r.value;
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        if (r == cr && rose(old, next, CR_RNGEN) && soc.rcc().pll48Hz() > 48000000L) {
            throw violation(r, "RNGEN with a " + soc.rcc().pll48Hz() + " Hz RNG clock (at most 48 MHz)");
        }
    }

    @Override
    protected void afterWrite(Reg r, int old, int written) {
        if (r == cr) {
            if ((cr.value & CR_RNGEN) == 0) {
                readyCountdown = -1;
                sr.value &= ~SR_DRDY;
            } else if (rose(old, cr.value, CR_RNGEN)) {
                if ((sr.value & SR_SEIS) == 0) {
                    sr.value &= ~SR_SECS;
                }
                readyCountdown = 1;
            }
        }
    }
}
