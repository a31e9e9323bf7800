package io.jzsock.net.service;

/**
 * The stack's services in registration order, a fixed array filled at start-up (no allocation when
 * the net thread polls them). Guarded by the stack's monitor.
 *
 * <p>A pass visits only the services that are due, as lwIP's {@code sys_check_timeouts()} looks at
 * the head of its sorted list rather than at every timer: the registry keeps each service's due time
 * (what its {@link StackService#nextDeadline()} said after its last visit) and the earliest of them,
 * so a pass with nothing due costs one comparison. A service that arms a timer outside its own poll
 * says so through its {@link ServiceHandle}; {@link #markStale()} (new interfaces, addresses,
 * services) has the next pass visit every service. Three kinds of registration:
 * {@link #register} (visited when due or armed), {@link #registerReadingInput} (also on every pass
 * after frames arrived, for a client that reads its own socket) and {@link #registerEveryPass}
 * (another module's service, which knows nothing of handles: visited on every pass, as before).
 */
public final class ServiceRegistry {
    private static final int TIMED = 0;
    private static final int READS_INPUT = 1;
    private static final int EVERY_PASS = 2;

    private final StackService[] services;
    private final int[] kind;
    /** When each service is next visited: its last nextDeadline(), 0 once armed until it is asked again. */
    private final long[] due;
    private int count;
    private int everyPass;
    /** The earliest of due[], or less; 0 once a service was armed. */
    private long earliest;
    private boolean stale;
    private boolean input;

    public ServiceRegistry(int capacity) {
        services = new StackService[capacity];
        kind = new int[capacity];
        due = new long[capacity];
    }

    /** Setup-time: adds s, visited when due or armed; throws IllegalStateException when the registry is full. */
    public ServiceHandle register(StackService s) {
        return add(s, TIMED);
    }

    /** Setup-time: adds s, visited also on every pass after frames or loopback packets arrived (it reads a socket). */
    public ServiceHandle registerReadingInput(StackService s) {
        return add(s, READS_INPUT);
    }

    /** Setup-time: adds s, polled on every pass whatever its deadline. */
    public void registerEveryPass(StackService s) {
        add(s, EVERY_PASS);
        everyPass++;
    }

    private ServiceHandle add(StackService s, int k) {
        if (s == null) {
            throw new IllegalArgumentException("service is null");
        }
        if (count == services.length) {
            throw new IllegalStateException("service registry full (" + services.length + ")");
        }
        services[count] = s;
        kind[count] = k;
        due[count] = 0;
        earliest = 0;
        return new ServiceHandle(this, count++);
    }

    void armed(int i) {
        due[i] = 0;
        earliest = 0;
    }

    /** Something no handle tells changed (an interface, an address): the next pass visits every service. */
    public void markStale() {
        stale = true;
    }

    /** Frames or loopback packets were delivered: the next pass visits the services that read input. */
    public void inputArrived() {
        input = true;
    }

    /** Polls every service due at now (all of them when stale); true if any of them did something. */
    public boolean poll(long now) {
        if (now < earliest && !stale && !input && everyPass == 0) {
            return false;
        }
        boolean all = stale;
        boolean afterInput = input;
        stale = false;
        input = false;
        earliest = Long.MAX_VALUE;
        long next = Long.MAX_VALUE;
        boolean worked = false;
        for (int i = 0; i < count; i++) {
            int k = kind[i];
            if (all || due[i] <= now || k == EVERY_PASS || afterInput && k == READS_INPUT) {
                worked |= services[i].poll(now);
                due[i] = services[i].nextDeadline();
            }
            if (k != EVERY_PASS && due[i] < next) {
                next = due[i];
            }
        }
        // A service armed during this pass (by another's poll) already set earliest to 0.
        earliest = Math.min(earliest, next);
        return worked;
    }

    /**
     * The earliest deadline of any service, or Long.MAX_VALUE, asking each one again: what it answers
     * replaces the due time kept (an armed service's included), so the net thread, which calls this
     * before it sleeps, also catches a timer armed where no handle said so.
     */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        long timed = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            long d = services[i].nextDeadline();
            if (kind[i] != EVERY_PASS) {
                due[i] = d;
                timed = Math.min(timed, d);
            }
            next = Math.min(next, d);
        }
        earliest = timed;
        return next;
    }

    public int size() {
        return count;
    }
}
