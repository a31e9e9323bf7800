package io.jzsock.tls.bc;

/**
 * The datagrams under one DTLS association, in zsock terms (lengths or negative errnos), so the Bouncy
 * Castle adapter never sees a socket: the DTLS socket implements it over its inner UDP socket and the
 * session's peer address.
 */
public interface DatagramLink {
    /**
     * Waits up to waitMillis (0: as long as the socket's own timeout allows) for the next datagram from
     * the peer: its length, -EAGAIN when none came in time, or another negative errno when the socket
     * is gone (-EINTR after a close from another thread).
     */
    int receive(byte[] b, int off, int len, int waitMillis);

    /** Sends one datagram to the peer: its length or a negative errno. */
    int send(byte[] b, int off, int len);

    /** Largest datagram receive accepts. */
    int receiveLimit();

    /** Largest datagram send accepts (the path's UDP payload). */
    int sendLimit();
}
