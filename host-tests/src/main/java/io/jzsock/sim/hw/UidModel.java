package io.jzsock.sim.hw;

import io.jzsock.bsp.stm32.Stm32Part;

/** The 96-bit unique ID: three read-only words fixed per simulated chip. */
public final class UidModel extends PeripheralModel {
    public UidModel(Stm32Part part, int w0, int w1, int w2) {
        super("UID", part.uidBase, 12);
        reg("W0", 0, w0, 0, 0xFFFFFFFF);
        reg("W1", 4, w1, 0, 0xFFFFFFFF);
        reg("W2", 8, w2, 0, 0xFFFFFFFF);
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        throw violation(r, "the unique ID is read-only (system memory)");
    }
}
