package io.jzsock.net.service;

/**
 * The stack's services in registration order, a fixed array filled at start-up (no allocation when
 * the net thread polls them). Guarded by the stack's monitor.
 */
public final class ServiceRegistry {
    private final StackService[] services;
    private int count;

    public ServiceRegistry(int capacity) {
        services = new StackService[capacity];
    }

    /** Setup-time: adds s; throws IllegalStateException when the registry is full. */
    public void register(StackService s) {
        if (s == null) {
            throw new IllegalArgumentException("service is null");
        }
        if (count == services.length) {
            throw new IllegalStateException("service registry full (" + services.length + ")");
        }
        services[count++] = s;
    }

    /** Polls every service at now; true if any of them did something. */
    public boolean poll(long now) {
        boolean worked = false;
        for (int i = 0; i < count; i++) {
            worked |= services[i].poll(now);
        }
        return worked;
    }

    /** The earliest deadline of any service, or Long.MAX_VALUE. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < count && next > 0; i++) {
            next = Math.min(next, services[i].nextDeadline());
        }
        return next;
    }

    public int size() {
        return count;
    }
}
