package io.jzsock.sim.bench;

import io.jzsock.bsp.RegisterBus;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.sim.hw.SimBus;

import java.util.Locale;

/**
 * Counts what a driver asks of the bus per frame it moves: the {@link #bus} in front of the
 * simulator's SimBus tallies peripheral register accesses (32/16-bit reads and writes; a
 * read-modify-write counts as one read and one write, as the CPU issues them) and, apart, the
 * Cortex-M7 maintenance operations (DSB, D-cache clean/invalidate by address), charged to whichever
 * of {@link NetDevice#receive()} and {@link NetDevice#transmit(int)} the {@link #device} wrapper is
 * inside. Every receive() call counts, the last one of a burst that finds the ring empty included;
 * per RX frame divides by the frames receive() returned, per TX frame by the frames transmit()
 * accepted. The benchmark stops the wrapped SimBus's trace (kept for the init-order tests), so it
 * does not grow without bound.
 */
final class DriverAccessCount {
    private static final int OTHER = 0;
    private static final int RX = 1;
    private static final int TX = 2;

    private int phase = OTHER;
    private final long[] reads = new long[3];
    private final long[] writes = new long[3];
    private final long[] maintenance = new long[3];
    private long rxFrames;
    private long txFrames;

    /** Only the driver, on its stack's thread, uses {@link #bus}: the counters need no lock. */
    RegisterBus bus(SimBus bus) {
        return new Counting(bus);
    }

    NetDevice device(NetDevice d) {
        return new Phased(d);
    }

    double registersPerRxFrame() {
        return rxFrames == 0 ? 0 : (double) (reads[RX] + writes[RX]) / rxFrames;
    }

    double registersPerTxFrame() {
        return txFrames == 0 ? 0 : (double) (reads[TX] + writes[TX]) / txFrames;
    }

    String describe(String who) {
        return String.format(Locale.ROOT, "%s: %d rx frames, per rx frame %.2f register reads + %.2f writes"
                        + " (+ %.2f DSB/cache ops); %d tx frames, per tx frame %.2f reads + %.2f writes (+ %.2f DSB/cache ops)",
                who, rxFrames, per(reads[RX], rxFrames), per(writes[RX], rxFrames), per(maintenance[RX], rxFrames),
                txFrames, per(reads[TX], txFrames), per(writes[TX], txFrames), per(maintenance[TX], txFrames));
    }

    private static double per(long n, long frames) {
        return frames == 0 ? 0 : (double) n / frames;
    }

    private final class Counting implements RegisterBus {
        private final SimBus bus;

        Counting(SimBus bus) {
            this.bus = bus;
        }

        @Override public int read32(int addr) { reads[phase]++; return bus.read32(addr); }
        @Override public void write32(int addr, int value) { writes[phase]++; bus.write32(addr, value); }
        @Override public void modify32(int addr, int clear, int set) {
            reads[phase]++;
            writes[phase]++;
            bus.modify32(addr, clear, set);
        }
        @Override public int read16(int addr) { reads[phase]++; return bus.read16(addr); }
        @Override public void write16(int addr, int value) { writes[phase]++; bus.write16(addr, value); }
        @Override public void copyIn(int addr, byte[] b, int off, int len) { bus.copyIn(addr, b, off, len); }
        @Override public void copyOut(int addr, byte[] b, int off, int len) { bus.copyOut(addr, b, off, len); }
        @Override public void dsb() { maintenance[phase]++; bus.dsb(); }
        @Override public void dcacheClean(int addr, int len) { maintenance[phase]++; bus.dcacheClean(addr, len); }
        @Override public void dcacheInvalidate(int addr, int len) { maintenance[phase]++; bus.dcacheInvalidate(addr, len); }
    }

    private final class Phased implements NetDevice {
        private final NetDevice d;

        Phased(NetDevice d) {
            this.d = d;
        }

        @Override
        public int receive() {
            phase = RX;
            try {
                int h = d.receive();
                if (h >= 0) {
                    rxFrames++;
                }
                return h;
            } finally {
                phase = OTHER;
            }
        }

        @Override
        public int transmit(int handle) {
            phase = TX;
            try {
                int r = d.transmit(handle);
                if (r == 0) {
                    txFrames++;
                }
                return r;
            } finally {
                phase = OTHER;
            }
        }

        @Override public void open(PacketPool pool, Runnable rxReady) { d.open(pool, rxReady); }
        @Override public boolean linkUp() { return d.linkUp(); }
        @Override public void macAddress(byte[] out, int off) { d.macAddress(out, off); }
        @Override public int mtu() { return d.mtu(); }
        @Override public int txChecksumOffload() { return d.txChecksumOffload(); }
        @Override public int rxChecksumOffload() { return d.rxChecksumOffload(); }
        @Override public void multicastFilter(byte[] mac, int off, boolean join) { d.multicastFilter(mac, off, join); }
        @Override public void close() { d.close(); }
    }
}
