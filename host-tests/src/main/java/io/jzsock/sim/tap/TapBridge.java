package io.jzsock.sim.tap;

import io.jzsock.sim.wire.FrameSink;
import io.jzsock.sim.wire.VirtualSwitch;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link VirtualSwitch} port wired to a Linux {@link TapDevice}: frames the switch forwards to the
 * port are written to the TAP (the kernel receives them), and a reader thread hands every frame the
 * kernel transmits on the TAP to the switch. Whatever sits on the switch (a stack's NIC, possibly
 * behind an {@code ImpairedLink}, or a simulated board's ETH MAC) is then on one Ethernet segment
 * with the kernel.
 *
 * <p>Why JNA on {@code /dev/net/tun} rather than a helper process such as socat: one frame is one
 * {@code read}/{@code write}, with no second copy through a socket, no framing to rebuild and no process
 * to supervise; the JVM owns the interface, so it disappears when the test's JVM does.
 */
public final class TapBridge implements FrameSink, AutoCloseable {
    private final TapDevice tap;
    private final VirtualSwitch sw;
    private final int port;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final LongAdder toKernel = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile long fromKernel;

    private TapBridge(TapDevice tap, VirtualSwitch sw) {
        this.tap = tap;
        this.sw = sw;
        this.port = sw.attachSink(this);
        reader = new Thread(this::pump, "tap-" + tap.name());
        reader.setDaemon(true);
    }

    /** Plugs {@code tap} into the next free port of {@code sw} and starts reading from the kernel. */
    public static TapBridge attach(TapDevice tap, VirtualSwitch sw) {
        TapBridge b = new TapBridge(tap, sw);
        b.reader.start();
        return b;
    }

    private void pump() {
        byte[] frame = new byte[TapDevice.MAX_FRAME];
        try {
            while (running) {
                int n = tap.read(frame, 0, frame.length, 100);
                if (n < 0) {
                    return;
                }
                if (n > 0) {
                    fromKernel++;
                    sw.send(port, frame, 0, n, 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public void deliver(byte[] frame, int off, int len, long timeNanos) {
        if (tap.write(frame, off, len)) {
            toKernel.increment();
        } else {
            refused.increment();
        }
    }

    public int port() {
        return port;
    }

    /** Frames the kernel accepted from the switch. */
    public long framesToKernel() {
        return toKernel.sum();
    }

    /** Frames the kernel sent onto the switch. */
    public long framesFromKernel() {
        return fromKernel;
    }

    /** Frames the kernel refused (interface down, queue full). */
    public long framesRefused() {
        return refused.sum();
    }

    /** What stopped the reader thread, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the reader, then closes the TAP (the kernel removes the interface). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(2000);
        tap.close();
    }
}
