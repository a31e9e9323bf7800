package io.jzsock.net.service;

/**
 * A service's registration, through which it tells the registry that it armed a timer outside its
 * own poll (a frame arrived, an API call ran): the registry then visits it on the next pass, asks
 * its {@link StackService#nextDeadline()} again, and visits it only when that is due. A service built
 * without a registry (a unit test's) holds {@link #DETACHED}.
 */
public final class ServiceHandle {
    /** The handle of a service no registry polls: arming it does nothing. */
    public static final ServiceHandle DETACHED = new ServiceHandle(null, -1);

    private final ServiceRegistry registry;
    private final int index;

    ServiceHandle(ServiceRegistry registry, int index) {
        this.registry = registry;
        this.index = index;
    }

    /** The service changed or armed a timer: visit it on the next pass. Called with the stack's monitor held. */
    public void armed() {
        if (registry != null) {
            registry.armed(index);
        }
    }
}
