package io.jzsock.sim.wire;

/**
 * What one direction of an {@link ImpairedLink} does to frames, in the order it does it: tail-drop at
 * the rate limiter, loss, corruption, duplication, delay and jitter, reordering. Mutable while traffic
 * flows: every frame reads the current values (fields are volatile), so a test may raise the loss
 * halfway through a transfer. All zero (the default) is a perfect cable.
 *
 * <p>Percentages are per frame, 0..100. Jitter adds a uniform 0..jitterMillis to the delay but never
 * lets a frame overtake an earlier one: reordering is {@code reorderPercent}'s job alone, so a test
 * controls it.
 */
public final class Impairment {
    /** How long a reordered frame waits for a later frame to overtake it, unless set. */
    public static final long DEFAULT_REORDER_HOLD_MILLIS = 2;

    private volatile double lossPercent;
    private volatile double duplicatePercent;
    private volatile double reorderPercent;
    private volatile double corruptPercent;
    private volatile long delayMillis;
    private volatile long jitterMillis;
    private volatile long rateBitsPerSecond;
    private volatile long reorderHoldMillis = DEFAULT_REORDER_HOLD_MILLIS;

    public Impairment() {
    }

    /** The frame is dropped. */
    public Impairment lossPercent(double p) {
        lossPercent = percent(p);
        return this;
    }

    /** A second copy of the frame follows right behind it. */
    public Impairment duplicatePercent(double p) {
        duplicatePercent = percent(p);
        return this;
    }

    /**
     * The frame is held back and delivered right after the next frame of this direction, or after
     * {@link #reorderHoldMillis} past its due time if no frame follows by then.
     */
    public Impairment reorderPercent(double p) {
        reorderPercent = percent(p);
        return this;
    }

    /** One random bit anywhere in the frame is flipped; the receiver's checksums must catch it. */
    public Impairment corruptPercent(double p) {
        corruptPercent = percent(p);
        return this;
    }

    /** One-way propagation delay. */
    public Impairment delayMillis(long ms) {
        delayMillis = nonNegative(ms, "delay");
        return this;
    }

    public Impairment jitterMillis(long ms) {
        jitterMillis = nonNegative(ms, "jitter");
        return this;
    }

    /** Serialization rate of the frame bytes (no preamble, FCS or gap counted); 0 is infinitely fast. */
    public Impairment rateBitsPerSecond(long bps) {
        rateBitsPerSecond = nonNegative(bps, "rate");
        return this;
    }

    public Impairment reorderHoldMillis(long ms) {
        reorderHoldMillis = nonNegative(ms, "reorder hold");
        return this;
    }

    /** Takes every value of {@code o}. */
    public Impairment copyFrom(Impairment o) {
        lossPercent = o.lossPercent;
        duplicatePercent = o.duplicatePercent;
        reorderPercent = o.reorderPercent;
        corruptPercent = o.corruptPercent;
        delayMillis = o.delayMillis;
        jitterMillis = o.jitterMillis;
        rateBitsPerSecond = o.rateBitsPerSecond;
        reorderHoldMillis = o.reorderHoldMillis;
        return this;
    }

    /** Back to a perfect cable. */
    public Impairment clear() {
        return copyFrom(new Impairment());
    }

    public double lossPercent() {
        return lossPercent;
    }

    public double duplicatePercent() {
        return duplicatePercent;
    }

    public double reorderPercent() {
        return reorderPercent;
    }

    public double corruptPercent() {
        return corruptPercent;
    }

    public long delayMillis() {
        return delayMillis;
    }

    public long jitterMillis() {
        return jitterMillis;
    }

    public long rateBitsPerSecond() {
        return rateBitsPerSecond;
    }

    public long reorderHoldMillis() {
        return reorderHoldMillis;
    }

    @Override
    public String toString() {
        return "loss=" + lossPercent + "% dup=" + duplicatePercent + "% reorder=" + reorderPercent
                + "% corrupt=" + corruptPercent + "% delay=" + delayMillis + "ms jitter=" + jitterMillis
                + "ms rate=" + rateBitsPerSecond + "bit/s";
    }

    private static double percent(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentage is 0..100, not " + p);
        }
        return p;
    }

    private static long nonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + v);
        }
        return v;
    }
}
