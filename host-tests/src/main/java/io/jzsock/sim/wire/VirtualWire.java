package io.jzsock.sim.wire;

/**
 * A point-to-point cable between two NICs: in memory, full duplex, no loss, no delay. A frame sent by
 * one end is copied into the other end's staging ring on the sender's thread before
 * {@code transmit} returns. Needs no lock: each direction only touches the receiving NIC, which
 * guards itself, and the taps, which are thread-safe.
 */
public final class VirtualWire implements Medium {
    private final FrameSink[] ends = new FrameSink[2];
    private final Taps taps = new Taps();

    private VirtualWire() {
    }

    /** Plugs {@code a} and {@code b} into a new wire. Both must be unattached. */
    public static VirtualWire connect(VirtualNic a, VirtualNic b) {
        if (a == b) {
            throw new IllegalArgumentException("a wire needs two different NICs");
        }
        VirtualWire w = new VirtualWire();
        w.ends[0] = a;
        w.ends[1] = b;
        a.attach(w, 0);
        try {
            b.attach(w, 1);
        } catch (RuntimeException e) {
            a.detach();
            throw e;
        }
        return w;
    }

    public void addTap(FrameTap t) {
        taps.add(t);
    }

    public void removeTap(FrameTap t) {
        taps.remove(t);
    }

    @Override
    public void send(int port, byte[] frame, int off, int len, long timeNanos) {
        taps.fire(frame, off, len, timeNanos);
        ends[1 - port].deliver(frame, off, len, timeNanos);
    }
}
