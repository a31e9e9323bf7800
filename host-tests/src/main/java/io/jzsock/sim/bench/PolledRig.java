package io.jzsock.sim.bench;

import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * Stacks without net threads that the bench drives from its own thread: a client side, a server side
 * (the same stack when there is one) and the main loop's poll. Every call on their sockets must be
 * non-blocking.
 */
interface PolledRig extends AutoCloseable {
    Zsock a();

    Zsock b();

    /** Where the client reaches a socket bound to {@code port} on b. */
    SockAddr addressOfB(int port);

    /** The main loop's poll: polls until no stack has work (frames, loopback packets, due timers). */
    void settle();

    @Override
    void close();
}
