package io.jzsock.sim.hw;

/** Thrown by every bus access once the simulated board lost power (see {@link FlashModel#cutPowerAtStep}). */
public final class SimPowerCut extends RuntimeException {
    public SimPowerCut(String where) {
        super("power cut " + where);
    }
}
