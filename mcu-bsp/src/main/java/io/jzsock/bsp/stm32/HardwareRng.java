package io.jzsock.bsp.stm32;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.Entropy;
import io.jzsock.bsp.RegisterBus;

/**
 * {@link Entropy} from the STM32 RNG. Error handling follows RM0090 §24.3.2 / RM0410 §22.3.7: a
 * seed error (SECS) is cleared by clearing SEIS and restarting the RNG (RNGEN 0 then 1), and the
 * words in flight are discarded; a clock error (CECS) means the 48 MHz clock is wrong and is
 * reported. Each word is also compared with the previous one (continuous test, RM0090 §24.3.1).
 */
public final class HardwareRng implements Entropy {
    private static final int CR = Stm32Rng.BASE + Stm32Rng.CR;
    private static final int SR = Stm32Rng.BASE + Stm32Rng.SR;
    private static final int DR = Stm32Rng.BASE + Stm32Rng.DR;
    private static final int MAX_RESTARTS = 3;

    private final RegisterBus bus;
    private int previous;
    private boolean havePrevious;
    private int lastError;

    /** The RNG clock must be on ({@link Rcc#enableRng()}) and the PLL running. */
    public HardwareRng(RegisterBus bus) {
        this.bus = bus;
    }

    public void start() {
        bus.modify32(CR, 0, Stm32Rng.CR_RNGEN);
    }

    /**
     * Next 32 random bits as an unsigned value in the low bits of a non-negative long, or a negative
     * error: {@link BspError#EIO} (clock error, or seed errors that restarts did not clear),
     * {@link BspError#ETIMEDOUT} (DRDY never rose).
     */
    public long nextWord() {
        for (int attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
            int status = waitReady();
            if (status == BspError.ETIMEDOUT) {
                return status;
            }
            if ((status & Stm32Rng.SR_CECS) != 0) {
                bus.modify32(SR, Stm32Rng.SR_CEIS, 0);
                return BspError.EIO;
            }
            if ((status & Stm32Rng.SR_SECS) != 0) {
                restartAfterSeedError();
                continue;
            }
            int word = bus.read32(DR);
            if (havePrevious && word == previous) {
                continue;
            }
            previous = word;
            havePrevious = true;
            return word & 0xFFFFFFFFL;
        }
        return BspError.EIO;
    }

    /** Status once DRDY or an error bit is set, or {@link BspError#ETIMEDOUT}. */
    private int waitReady() {
        for (int i = 0; i < BspError.POLL_LIMIT; i++) {
            int sr = bus.read32(SR);
            if ((sr & (Stm32Rng.SR_DRDY | Stm32Rng.SR_CECS | Stm32Rng.SR_SECS)) != 0) {
                return sr;
            }
        }
        return BspError.ETIMEDOUT;
    }

    private void restartAfterSeedError() {
        bus.modify32(SR, Stm32Rng.SR_SEIS, 0);
        bus.modify32(CR, Stm32Rng.CR_RNGEN, 0);
        bus.modify32(CR, 0, Stm32Rng.CR_RNGEN);
        havePrevious = false;
    }

    /**
     * Random bits, or 0 if the RNG failed; {@link #lastError()} then holds the error. Entropy has no
     * error channel, so callers that must not run on a failed RNG check lastError after start-up.
     */
    @Override
    public int nextInt() {
        long w = nextWord();
        if (w < 0) {
            lastError = (int) w;
            return 0;
        }
        return (int) w;
    }

    @Override
    public void fill(byte[] b, int off, int len) {
        int i = 0;
        while (i < len) {
            int r = nextInt();
            for (int k = 0; k < 4 && i < len; k++, i++) {
                b[off + i] = (byte) (r >>> (k * 8));
            }
        }
    }

    /** The last error nextInt/fill met (negative), or 0. */
    public int lastError() {
        return lastError;
    }
}
