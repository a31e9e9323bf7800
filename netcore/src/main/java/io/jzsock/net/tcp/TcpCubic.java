package io.jzsock.net.tcp;

/**
 * RFC 9438 CUBIC, the congestion-avoidance growth and the reduction, as functions of a connection.
 * Windows are in bytes and times in ms; the RFC's unit, the segment, is SMSS bytes, and its
 * constants are fixed point: beta_cubic = 0.7 and alpha_cubic in 1/1024, C = 0.4 segments/s^3 as 4/10.
 * Slow start and loss recovery stay RFC 5681 / RFC 6675's ({@link TcpCongestion}, {@link TcpRecovery}).
 */
final class TcpCubic {
    /** §4.6 beta_cubic = 0.7, in 1/1024. */
    static final int BETA = 717;
    /** §4.3 alpha_cubic = 3 (1 - beta_cubic) / (1 + beta_cubic), about 0.53, in 1/1024: Reno's average window. */
    static final int ALPHA = 3 * (1024 - BETA) * 1024 / (1024 + BETA);
    /** 1/1024 = 1. */
    private static final int ONE = 1024;
    /** §5.1 C = 0.4 as C_NUM / C_DEN. */
    private static final long C_NUM = 4;
    private static final long C_DEN = 10;
    /** (ms/s)^3: W_cubic(t) takes t in seconds. */
    private static final long MS3 = 1000L * 1000L * 1000L;
    /** |t - K| is clamped here (65 s), far past any window a 32-bit cwnd holds, so (t - K)^3 fits a long. */
    private static final long MAX_OFFSET_MS = 65535;

    private TcpCubic() {
    }

    /** A new connection: no congestion event yet (W_max 0, no epoch). */
    static void init(TcpConnection c) {
        c.cubicWmax = 0;
        c.cubicK = 0;
        c.cubicEpoch = 0;
        c.cubicWest = 0;
        c.cubicCwndPrior = 0;
        c.cubicAfterRto = false;
    }

    /**
     * §4.6 multiplicative decrease and §4.7 fast convergence, at a congestion event (fast
     * retransmit, a loss repaired by a probe, a timeout). Returns the new ssthresh, flight_size
     * times beta_cubic; W_max and cwnd_prior come from cwnd before the reduction, which grows only
     * while it is used ({@link #onAck}), as §4.6 requires of an implementation that uses it.
     */
    static int onCongestion(TcpConnection c, int flightSize) {
        int cwnd = c.cwnd;
        // §4.7: a flow whose W_max keeps falling releases bandwidth to newer flows sooner.
        c.cubicWmax = cwnd < c.cubicWmax ? (int) ((long) cwnd * (ONE + BETA) / (2 * ONE)) : cwnd;
        c.cubicCwndPrior = cwnd;
        c.cubicEpoch = 0;
        c.cubicAfterRto = false;
        return Math.max((int) ((long) flightSize * BETA / ONE), 2 * c.smss());
    }

    /**
     * §4.8: after a timeout the first congestion avoidance stage starts the cubic curve at the
     * window it begins with (K = 0, W_max = cwnd_epoch), W_est likewise.
     */
    static void onTimeout(TcpConnection c) {
        c.cubicAfterRto = true;
    }

    /**
     * One ACK of {@code acked} new bytes in congestion avoidance (§4.2 - §4.5). Returns the new
     * cwnd: W_est in the Reno-friendly region, else a step towards W_cubic(t + RTT) (concave or
     * convex region), a (target - cwnd) / cwnd share per acknowledged segment. Counting segments
     * acknowledged rather than ACKs, as the RFC's segments_acked, keeps the growth a peer's
     * delayed ACKs would halve.
     */
    static int onAck(TcpConnection c, int acked, long now) {
        int mss = c.smss();
        int cwnd = c.cwnd;
        if (c.cubicEpoch == 0) {
            startEpoch(c, now);
        }
        long t = now - c.cubicEpoch;
        // §4.3: W_est grows by alpha_cubic per window, and by 1 once it reaches cwnd_prior.
        int alpha = c.cubicWest >= c.cubicCwndPrior ? ONE : ALPHA;
        c.cubicWest += (int) ((long) alpha * acked / ONE * mss / cwnd);
        if (wCubic(c, t, mss) < c.cubicWest) {
            return Math.max(cwnd, c.cubicWest);
        }
        // §4.4, §4.5: target = W_cubic(t + RTT), within [cwnd, 1.5 cwnd].
        long target = wCubic(c, t + (c.srtt >> 3), mss);
        if (target < cwnd) {
            target = cwnd;
        } else if (target > cwnd + (cwnd >> 1)) {
            target = cwnd + (cwnd >> 1);
        }
        return cwnd + (int) ((target - cwnd) * acked / cwnd);
    }

    /**
     * §4.2: a congestion avoidance stage begins: t_epoch, cwnd_epoch and W_est = cwnd_epoch, and
     * K = cbrt((W_max - cwnd_epoch) / C), the time the curve takes back to W_max. With no W_max
     * above the window (the first stage, or §4.8 after a timeout) the curve starts at cwnd, K = 0.
     */
    private static void startEpoch(TcpConnection c, long now) {
        int cwnd = c.cwnd;
        c.cubicEpoch = now == 0 ? 1 : now;
        c.cubicWest = cwnd;
        if (c.cubicAfterRto || c.cubicWmax <= cwnd) {
            c.cubicWmax = cwnd;
            c.cubicK = 0;
            c.cubicAfterRto = false;
            return;
        }
        // K in ms: cbrt((W_max - cwnd) / SMSS / C seconds^3) = cbrt(bytes * 10^9 * C_DEN / (C_NUM * SMSS)).
        long cubeMs = (long) (c.cubicWmax - cwnd) * (MS3 / C_NUM * C_DEN) / c.smss();
        c.cubicK = (int) cbrt(cubeMs);
    }

    /** §4.2 Figure 1: W_cubic(t) = C (t - K)^3 + W_max, in bytes, t in ms since t_epoch. */
    static long wCubic(TcpConnection c, long tMs, int mss) {
        long d = tMs - c.cubicK;
        if (d > MAX_OFFSET_MS) {
            d = MAX_OFFSET_MS;
        } else if (d < -MAX_OFFSET_MS) {
            d = -MAX_OFFSET_MS;
        }
        // (t - K)^3 in ms^3, divided by 1000 first: exact enough, and no overflow for any SMSS.
        long w = c.cubicWmax + (d * d * d / 1000) * (C_NUM * mss) / (C_DEN * (MS3 / 1000));
        return w < mss ? mss : Math.min(w, Integer.MAX_VALUE >> 1);
    }

    /** The integer cube root of {@code v} >= 0, rounded down (bisection: at a congestion event only). */
    static long cbrt(long v) {
        long lo = 0;
        long hi = 2097151; // (2^21 - 1)^3 < 2^63
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (mid * mid * mid <= v) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
