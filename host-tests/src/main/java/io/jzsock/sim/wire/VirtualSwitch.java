package io.jzsock.sim.wire;

/**
 * A learning Ethernet switch (IEEE 802.1D transparent bridging, without spanning tree or ageing):
 * it learns each source MAC's port, forwards unicast to the learned port, floods broadcast, multicast
 * and unknown unicast to every port but the ingress one, and never sends a frame back where it came
 * from. A frame whose destination was learned on its own ingress port is filtered, as 802.1D does.
 *
 * <p>The MAC table is open addressing over a {@code long[]}; when it is full, new stations are not
 * learned and their frames are flooded. Frames from several stacks' threads may arrive at once: the
 * switch lock covers learning and the forwarding decision only; the frame is then delivered into the
 * NICs (leaf locks) with the switch lock released, so a receiver's {@code rxReady} never runs under
 * it. Nothing is allocated per frame.
 */
public final class VirtualSwitch implements Medium {
    /** Ports are a bit mask in a long while a frame is forwarded. */
    public static final int MAX_PORTS = 64;
    public static final int DEFAULT_MAC_TABLE = 256;
    /** Marks a used slot, so the all-zero MAC can be learned too. */
    private static final long USED = 1L << 48;
    private static final int NONE = -1;

    private final Object lock = new Object();
    private final FrameSink[] ports;
    private int portCount;
    private final long[] macKeys;
    private final int[] macPorts;
    private final int macMask;
    private int macCount;
    private final Taps taps = new Taps();

    private long frames;
    private long flooded;
    private long filtered;

    public VirtualSwitch() {
        this(16, DEFAULT_MAC_TABLE);
    }

    /**
     * @param maxPorts at most {@link #MAX_PORTS}
     * @param macTableSize learned stations, rounded up to a power of two
     */
    public VirtualSwitch(int maxPorts, int macTableSize) {
        if (maxPorts < 2 || maxPorts > MAX_PORTS) {
            throw new IllegalArgumentException("a switch has 2.." + MAX_PORTS + " ports");
        }
        if (macTableSize < 1) {
            throw new IllegalArgumentException("MAC table needs at least one entry");
        }
        int cap = 1;
        while (cap < macTableSize) {
            cap <<= 1;
        }
        ports = new FrameSink[maxPorts];
        macKeys = new long[cap];
        macPorts = new int[cap];
        macMask = cap - 1;
    }

    /** Plugs the NIC into the next free port and returns that port's number. A setup-time call. */
    public int attach(VirtualNic nic) {
        int p;
        synchronized (lock) {
            if (nic.isAttached()) {
                throw new IllegalStateException("NIC is already attached");
            }
            if (portCount == ports.length) {
                throw new IllegalStateException("all " + ports.length + " switch ports are in use");
            }
            p = portCount++;
            ports[p] = nic;
        }
        nic.attach(this, p);
        return p;
    }

    /**
     * Plugs any receiver (a simulated board's MAC) into the next free port and returns its number,
     * which the receiver passes to {@link #send} for the frames it transmits. A setup-time call.
     */
    public int attachSink(FrameSink sink) {
        synchronized (lock) {
            if (portCount == ports.length) {
                throw new IllegalStateException("all " + ports.length + " switch ports are in use");
            }
            int p = portCount++;
            ports[p] = sink;
            return p;
        }
    }

    public void addTap(FrameTap t) {
        taps.add(t);
    }

    public void removeTap(FrameTap t) {
        taps.remove(t);
    }

    @Override
    public void send(int ingress, byte[] frame, int off, int len, long timeNanos) {
        if (len < Mac.HEADER_LEN) {
            return;
        }
        long dst = Mac.toLong(frame, off);
        long src = Mac.toLong(frame, off + Mac.SRC_OFFSET);
        long out;
        synchronized (lock) {
            frames++;
            if (!Mac.isMulticast(src)) {
                learn(src, ingress);
            }
            int known = Mac.isMulticast(dst) ? NONE : lookup(dst);
            if (known == ingress) {
                filtered++;
                out = 0;
            } else if (known != NONE) {
                out = 1L << known;
            } else {
                flooded++;
                out = (portCount == MAX_PORTS ? -1L : (1L << portCount) - 1) & ~(1L << ingress);
            }
        }
        taps.fire(frame, off, len, timeNanos);
        // The port numbers in out were read under the lock, after attach() stored their sinks.
        while (out != 0) {
            int p = Long.numberOfTrailingZeros(out);
            out &= out - 1;
            ports[p].deliver(frame, off, len, timeNanos);
        }
    }

    private void learn(long mac, int port) {
        long key = mac | USED;
        int i = hash(mac);
        for (int probes = 0; probes <= macMask; probes++) {
            if (macKeys[i] == key) {
                macPorts[i] = port; // the station moved
                return;
            }
            if (macKeys[i] == 0) {
                macKeys[i] = key;
                macPorts[i] = port;
                macCount++;
                return;
            }
            i = (i + 1) & macMask;
        }
    }

    private int lookup(long mac) {
        long key = mac | USED;
        int i = hash(mac);
        for (int probes = 0; probes <= macMask; probes++) {
            if (macKeys[i] == key) {
                return macPorts[i];
            }
            if (macKeys[i] == 0) {
                return NONE;
            }
            i = (i + 1) & macMask;
        }
        return NONE;
    }

    private int hash(long mac) {
        long h = mac * 0x9e3779b97f4a7c15L;
        return (int) (h >>> 40) & macMask;
    }

    /** The port {@code mac} was learned on, or -1. */
    public int portOf(byte[] mac, int off) {
        synchronized (lock) {
            return lookup(Mac.toLong(mac, off));
        }
    }

    public int ports() {
        synchronized (lock) {
            return portCount;
        }
    }

    public int learnedStations() {
        synchronized (lock) {
            return macCount;
        }
    }

    /** Frames received on any port. */
    public long frames() {
        synchronized (lock) {
            return frames;
        }
    }

    /** Frames sent to every other port (broadcast, multicast, unknown unicast). */
    public long flooded() {
        synchronized (lock) {
            return flooded;
        }
    }

    /** Unicast frames not forwarded because the destination sits on the ingress port. */
    public long filtered() {
        synchronized (lock) {
            return filtered;
        }
    }
}
