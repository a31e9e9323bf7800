package io.jzsock.sim.wire;

import io.jzsock.bsp.Clock;

import java.util.SplittableRandom;

/**
 * A point-to-point cable between two NICs, like {@link VirtualWire}, whose two directions each pass
 * frames through a seeded {@link Impairment} pipeline: loss, duplication, reordering, single-bit
 * corruption, delay, jitter and a rate limit with a bounded transmit queue; and a cable that can be
 * cut. Randomness comes from {@link SplittableRandom}s seeded from one seed, one per direction, so
 * the same seed and the same frames give the same run.
 *
 * <p>Time comes from the {@link Clock} given at construction. A frame due later waits in a
 * preallocated slot until the owner calls {@link #deliverDue()} (the virtual-time driver every step,
 * or the optional {@link #startPump() pump thread} on a real clock). A frame due at once (no delay or
 * rate limit, not held back for reordering) is delivered during {@link #send}, after anything due
 * before it; with no impairment at all the sender's bytes go straight to the receiver, exactly as on
 * a {@code VirtualWire}. Nothing is allocated per frame:
 * a full slot pool or transmit queue drops the frame and counts it in {@link #QUEUE_DROPS}.
 *
 * <p>Taps see each frame as the receiver gets it: after impairment, at delivery time. Cutting the
 * cable ({@code setLinkUp(false)}) leaves both NICs' carrier up, as a break further down a path
 * would: the stacks keep sending and every frame, also those already on the wire, is dropped and
 * counted in {@link #CUT_DROPS}.
 */
public final class ImpairedLink implements Medium, AutoCloseable {
    public static final int A_TO_B = 0;
    public static final int B_TO_A = 1;

    public static final int FRAMES_IN = 0;
    public static final int DELIVERED = 1;
    public static final int LOST = 2;
    public static final int DUPLICATED = 3;
    public static final int REORDERED = 4;
    public static final int CORRUPTED = 5;
    public static final int QUEUE_DROPS = 6;
    public static final int CUT_DROPS = 7;
    public static final int COUNTERS = 8;
    private static final String[] COUNTER_NAMES = {
        "framesIn", "delivered", "lost", "duplicated", "reordered", "corrupted", "queueDrops", "cutDrops"};

    /** Frames one direction can hold in flight: 100 ms of full-size frames at 100 Mbit/s. */
    public static final int DEFAULT_IN_FLIGHT = 1024;
    /** Frames that may wait for the rate limiter, as in a NIC's or a router's transmit queue. */
    public static final int DEFAULT_TX_QUEUE = 64;

    private final LinkDirection[] dirs = new LinkDirection[2];
    private final Taps taps = new Taps();
    private final Clock clock;
    private volatile boolean up = true;
    private Thread pump;
    private volatile boolean pumping;

    private ImpairedLink(Clock clock) {
        this.clock = clock;
    }

    public static ImpairedLink connect(VirtualNic a, VirtualNic b, Clock clock, long seed) {
        return connect(a, b, clock, seed, DEFAULT_IN_FLIGHT, DEFAULT_TX_QUEUE);
    }

    /**
     * Plugs {@code a} and {@code b} (both unattached) into a new link.
     *
     * @param inFlightFrames frames each direction can hold while they are delayed
     * @param txQueueFrames frames each direction's rate limiter queues before it tail-drops
     */
    public static ImpairedLink connect(VirtualNic a, VirtualNic b, Clock clock, long seed, int inFlightFrames,
            int txQueueFrames) {
        if (a == b) {
            throw new IllegalArgumentException("a link needs two different NICs");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is null");
        }
        if (inFlightFrames < 1 || txQueueFrames < 1) {
            throw new IllegalArgumentException("queues need at least one frame");
        }
        ImpairedLink l = new ImpairedLink(clock);
        SplittableRandom root = new SplittableRandom(seed);
        l.dirs[A_TO_B] = new LinkDirection(l, b, clock, l.taps, root.nextLong(), inFlightFrames, txQueueFrames);
        l.dirs[B_TO_A] = new LinkDirection(l, a, clock, l.taps, root.nextLong(), inFlightFrames, txQueueFrames);
        a.attach(l, A_TO_B);
        try {
            b.attach(l, B_TO_A);
        } catch (RuntimeException e) {
            a.detach();
            throw e;
        }
        return l;
    }

    /**
     * Plugs {@code a} (unattached) into the next free port of {@code sw} through a new impaired cable:
     * {@link #A_TO_B} carries what the NIC sends into the switch, {@link #B_TO_A} what the switch
     * forwards to the NIC. The cable of one station on a shared segment, such as a stack bridged to
     * the Linux kernel, can then lose and reorder frames while the rest of the segment stays clean.
     */
    public static ImpairedLink connect(VirtualNic a, VirtualSwitch sw, Clock clock, long seed) {
        if (clock == null) {
            throw new IllegalArgumentException("clock is null");
        }
        ImpairedLink l = new ImpairedLink(clock);
        SplittableRandom root = new SplittableRandom(seed);
        SwitchSide side = new SwitchSide(sw);
        l.dirs[A_TO_B] = new LinkDirection(l, side, clock, l.taps, root.nextLong(), DEFAULT_IN_FLIGHT, DEFAULT_TX_QUEUE);
        l.dirs[B_TO_A] = new LinkDirection(l, a, clock, l.taps, root.nextLong(), DEFAULT_IN_FLIGHT, DEFAULT_TX_QUEUE);
        side.port = sw.attachSink((frame, off, len, timeNanos) -> l.dirs[B_TO_A].send(frame, off, len, timeNanos));
        a.attach(l, A_TO_B);
        return l;
    }

    /** The switch end of a cable: frames leaving the cable enter the switch on the cable's port. */
    private static final class SwitchSide implements FrameSink {
        private final VirtualSwitch sw;
        private int port;

        SwitchSide(VirtualSwitch sw) {
            this.sw = sw;
        }

        @Override
        public void deliver(byte[] frame, int off, int len, long timeNanos) {
            sw.send(port, frame, off, len, timeNanos);
        }
    }

    /** The live settings of one direction ({@link #A_TO_B} or {@link #B_TO_A}). */
    public Impairment impairment(int direction) {
        return dirs[direction].impairment();
    }

    public Impairment aToB() {
        return impairment(A_TO_B);
    }

    public Impairment bToA() {
        return impairment(B_TO_A);
    }

    /** Gives both directions the values of {@code settings}. */
    public ImpairedLink impairBoth(Impairment settings) {
        aToB().copyFrom(settings);
        bToA().copyFrom(settings);
        return this;
    }

    /** False cuts the cable in both directions; true mends it. */
    public void setLinkUp(boolean linkUp) {
        up = linkUp;
    }

    public boolean linkUp() {
        return up;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void send(int port, byte[] frame, int off, int len, long timeNanos) {
        dirs[port].send(frame, off, len, timeNanos);
    }

    /** Delivers every frame whose time has come, in due order; returns how many were delivered. */
    public int deliverDue() {
        return dirs[A_TO_B].deliverDue() + dirs[B_TO_A].deliverDue();
    }

    /** The earliest clock millisecond at which {@link #deliverDue} has work, or Long.MAX_VALUE. */
    public long nextDeliveryMillis() {
        return Math.min(dirs[A_TO_B].nextDueMillis(), dirs[B_TO_A].nextDueMillis());
    }

    /** Frames on the wire (delayed or held back), both directions. */
    public int inFlight() {
        return dirs[A_TO_B].inFlight() + dirs[B_TO_A].inFlight();
    }

    public void addTap(FrameTap t) {
        taps.add(t);
    }

    public void removeTap(FrameTap t) {
        taps.remove(t);
    }

    /** A counter ({@link #FRAMES_IN} .. {@link #CUT_DROPS}) summed over both directions. */
    public long counter(int id) {
        return dirs[A_TO_B].counter(id) + dirs[B_TO_A].counter(id);
    }

    public long counter(int direction, int id) {
        return dirs[direction].counter(id);
    }

    public long framesIn() {
        return counter(FRAMES_IN);
    }

    public long delivered() {
        return counter(DELIVERED);
    }

    public long lost() {
        return counter(LOST);
    }

    public long duplicated() {
        return counter(DUPLICATED);
    }

    public long reordered() {
        return counter(REORDERED);
    }

    public long corrupted() {
        return counter(CORRUPTED);
    }

    public long queueDrops() {
        return counter(QUEUE_DROPS);
    }

    public long cutDrops() {
        return counter(CUT_DROPS);
    }

    /** Every counter of A_TO_B then of B_TO_A: a snapshot two runs can compare. */
    public long[] counters() {
        long[] all = new long[2 * COUNTERS];
        for (int d = 0; d < 2; d++) {
            for (int i = 0; i < COUNTERS; i++) {
                all[d * COUNTERS + i] = dirs[d].counter(i);
            }
        }
        return all;
    }

    public static String counterName(int id) {
        return COUNTER_NAMES[id];
    }

    /** "a->b framesIn=10 delivered=9 ... b->a ...", for failure messages. */
    public String describeCounters() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < 2; d++) {
            sb.append(d == 0 ? "a->b" : " b->a");
            for (int i = 0; i < COUNTERS; i++) {
                sb.append(' ').append(COUNTER_NAMES[i]).append('=').append(dirs[d].counter(i));
            }
        }
        return sb.toString();
    }

    /**
     * Starts a daemon thread that calls {@link #deliverDue} every millisecond, for links on a real
     * clock between stacks that run their own net threads. Idempotent.
     */
    public synchronized void startPump() {
        if (pump != null) {
            return;
        }
        pumping = true;
        pump = new Thread(this::runPump, "impaired-link-pump");
        pump.setDaemon(true);
        pump.start();
    }

    public synchronized void stopPump() {
        if (pump == null) {
            return;
        }
        pumping = false;
        pump.interrupt();
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pump = null;
    }

    private void runPump() {
        while (pumping) {
            deliverDue();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the pump thread if one runs. */
    @Override
    public void close() {
        stopPump();
    }
}
