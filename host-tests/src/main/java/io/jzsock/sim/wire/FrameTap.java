package io.jzsock.sim.wire;

/**
 * Observes every frame a wire or switch carries, once per frame at ingress, before delivery. The bytes
 * are only valid during the call and must not be modified. Called from the sending stack's thread,
 * possibly from several threads at once, so implementations are thread-safe and allocate nothing.
 */
public interface FrameTap {
    void onFrame(byte[] b, int off, int len, long timeNanos);
}
