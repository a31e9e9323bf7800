package io.jzsock.tls.bc;

import io.jzsock.net.Errno;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Bouncy Castle's {@link DatagramTransport} over a {@link DatagramLink}, in two modes.
 *
 * <p>Handshake mode: {@code receive} waits on the link as BC's handshake asks (its retransmission
 * timer decides waitMillis), so a handshake runs to its end in the calling thread.
 *
 * <p>Feed mode, once the association is up: the DTLS socket reads a datagram itself, {@link #feed}s
 * it, and asks BC's record layer for application data; {@code receive} hands out that one datagram
 * and then throws {@link #NOTHING_MORE}, an {@link InterruptedIOException}, which BC's record layer
 * passes up without failing the association (DTLSTransport.receive rethrows it as is). So record
 * processing never waits and the socket keeps its own timeouts, demultiplexing and MSG_TRUNC.
 */
public final class BcDatagramTransport implements DatagramTransport {
    /** Thrown when the fed datagram is used up; shared, it carries no state BC keeps. */
    static final InterruptedIOException NOTHING_MORE = new InterruptedIOException("no more datagrams fed");

    private final DatagramLink link;
    private boolean feedMode;
    private byte[] fed;
    private int fedOff;
    private int fedLen = -1;
    private boolean closed;
    private int lastError;

    public BcDatagramTransport(DatagramLink link) {
        this.link = link;
    }

    /** Back to handshake mode for a new association on this slot. */
    void reset() {
        feedMode = false;
        fed = null;
        fedLen = -1;
        closed = false;
        lastError = 0;
    }

    void feedMode() {
        feedMode = true;
    }

    /** The next datagram receive hands out (feed mode). */
    void feed(byte[] b, int off, int len) {
        fed = b;
        fedOff = off;
        fedLen = len;
    }

    /** True once BC closed the transport: after a close_notify from the peer, or our own close. */
    boolean closed() {
        return closed;
    }

    /** The errno of the last failed link call (EINTR after a close from another thread), or 0. */
    int lastError() {
        return lastError;
    }

    @Override
    public int getReceiveLimit() {
        return link.receiveLimit();
    }

    @Override
    public int getSendLimit() {
        return link.sendLimit();
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (feedMode) {
            int n = fedLen;
            if (n < 0) {
                throw NOTHING_MORE;
            }
            fedLen = -1;
            int copy = Math.min(n, len);
            System.arraycopy(fed, fedOff, buf, off, copy);
            fed = null;
            return copy;
        }
        int r = link.receive(buf, off, len, waitMillis);
        if (r >= 0) {
            return r;
        }
        if (r == -Errno.EAGAIN) {
            // No datagram within waitMillis: BC's loop checks its timers and asks again.
            return -1;
        }
        lastError = -r;
        throw new IOException("DTLS link receive: " + Errno.name(-r));
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        int r = link.send(buf, off, len);
        if (r < 0) {
            lastError = -r;
            throw new IOException("DTLS link send: " + Errno.name(-r));
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
