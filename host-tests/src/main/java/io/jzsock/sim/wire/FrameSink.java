package io.jzsock.sim.wire;

/**
 * Whatever accepts an Ethernet frame (no FCS) from a medium: a NIC's receive side. The sink copies the
 * bytes before it returns, so the caller may reuse {@code frame} at once.
 */
public interface FrameSink {
    /**
     * @param timeNanos the sender's requested transmit time (SCM_TXTIME, ns), 0 when it asked for none
     */
    void deliver(byte[] frame, int off, int len, long timeNanos);
}
