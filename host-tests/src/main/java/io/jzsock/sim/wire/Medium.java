package io.jzsock.sim.wire;

/**
 * What a {@link VirtualNic} transmits into: a wire, a switch, a bridge. {@code port} is the number the
 * medium gave the NIC when attaching it, so one medium object serves all its ends without a lookup.
 * The medium copies the bytes (into the receivers' staging) before it returns.
 */
public interface Medium {
    void send(int port, byte[] frame, int off, int len, long timeNanos);
}
