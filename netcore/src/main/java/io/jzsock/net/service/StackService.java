package io.jzsock.net.service;

/**
 * Work the net thread runs besides receiving frames: a protocol's timers (TCP retransmission,
 * DHCP renewal, DNS retries). A service registers once, at start-up, with the stack's
 * {@link ServiceRegistry}; the registry polls it when its next deadline is due, and on the next pass
 * after the service armed a timer elsewhere (a frame, an API call) and said so through its
 * {@link ServiceHandle}: a deadline set outside poll without arming the handle is missed until the
 * net thread next sleeps. Both calls run with the stack's monitor held and must not allocate.
 */
public interface StackService {
    /** Runs whatever is due at now (ms); true if anything happened (a frame sent, a state changed). */
    boolean poll(long now);

    /** The earliest time poll has work without new input, 0 for at once, Long.MAX_VALUE for never. */
    long nextDeadline();
}
