package io.jzsock.bsp.stm32;

import io.jzsock.bsp.BspError;
import io.jzsock.bsp.RegisterBus;

/** Bounded register polling: a missing ready flag is an error code, never a hang. */
final class Poll {
    private Poll() {
    }

    /** Waits until {@code (read32(addr) & mask) == expected}; 0 or {@link BspError#ETIMEDOUT}. */
    static int until(RegisterBus bus, int addr, int mask, int expected) {
        for (int i = 0; i < BspError.POLL_LIMIT; i++) {
            if ((bus.read32(addr) & mask) == expected) {
                return 0;
            }
        }
        return BspError.ETIMEDOUT;
    }
}
