package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Part;

/** Test helper: a simulated chip with its clocks already at full speed. */
final class Boards {
    private Boards() {
    }

    static SimSoc clocked(Stm32Part part, long seed) {
        SimSoc soc = new SimSoc(part, seed);
        assertEquals(0, new Rcc(soc.bus(), part).initClocks());
        soc.bus().clearTrace();
        return soc;
    }
}
