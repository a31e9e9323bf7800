package io.jzsock.sim.bench;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.Impairment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * TCP goodput in virtual time ({@link NetSim}): one bulk transfer per cell of a grid of loss, RTT
 * and window over a rate-limited link, compared with what the window and the link allow,
 * min(window / RTT, link payload rate). The link payload rate is the bit rate times the share of
 * each full frame that is payload: 1448 of 1514 bytes with the timestamp option (Ethernet 14 +
 * IPv4 20 + TCP 20 + 12 bytes of options), so the link is measured as the application sees it.
 * Goodput is counted at the receiving application over a measured window after a warm-up that
 * takes slow start out of the figure. Same seed, same table.
 */
public final class TcpNetsimGrid {
    public static final double[] LOSS_PERCENT = {0, 1, 5};
    public static final int[] RTT_MILLIS = {1, 10, 100};
    public static final int[] WINDOW_BYTES = {16 * 1024, 64 * 1024};
    public static final long RATE_BITS_PER_SECOND = 10_000_000;
    public static final int DEFAULT_SECONDS = 30;
    static final int PORT = 5001;
    static final long SEED = 1;
    static final long WARM_UP_MILLIS = 5000;

    /**
     * One cell's figures; rates in bytes per second. rtoRetransmits and fastRetransmits are the
     * sender's TCP_RETRANSMIT (timer) and TCP_FAST_RETRANSMIT counts, connectionTimeouts its
     * TCP_TIMEOUT, all over the measured window.
     */
    public record Cell(double lossPercent, int rttMillis, int windowBytes, long bytes, long millis,
                       double idealBytesPerSecond, long rtoRetransmits, long fastRetransmits, long connectionTimeouts) {
        public double goodput() {
            return bytes * 1000.0 / millis;
        }

        public double percentOfIdeal() {
            return 100 * goodput() / idealBytesPerSecond;
        }

        /**
         * The most a loss-based congestion control that halves (or, CUBIC in its Reno-friendly region,
         * matches Reno's average) once per loss event allows, as % of ideal: the Mathis et al. bound
         * MSS / RTT x sqrt(3/2) / sqrt(p) for the data direction's loss p (Reno's sawtooth, no timeouts).
         * Above 100 % the window or the link limits the cell, not congestion control.
         */
        public double renoBoundPercent() {
            if (lossPercent <= 0) {
                return 100;
            }
            double mss = NetConfig.defaults().tcpMss - 12;
            double bound = mss * 1000.0 / rttMillis * Math.sqrt(1.5) / Math.sqrt(lossPercent / 100);
            return Math.min(100, 100 * bound / idealBytesPerSecond);
        }
    }

    private TcpNetsimGrid() {
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs with {@code --seconds N} (virtual seconds measured per cell); returns the exit code. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        int seconds = BenchArgs.seconds(args, DEFAULT_SECONDS, "bench grid", err);
        if (seconds < 0) {
            return 2;
        }
        out.println("TCP goodput in virtual time: link " + RATE_BITS_PER_SECOND / 1_000_000 + " Mbit/s, one-way delay"
                + " RTT/2 (odd: data way +1 ms), tcpRxBuffer = tcpTxBuffer = window; warm-up " + WARM_UP_MILLIS / 1000 + " s + 10 RTT, then "
                + seconds + " s measured per cell; ideal = min(window/RTT, link payload rate "
                + format(linkPayloadRate() / 1000) + " KB/s)");
        try {
            printHeader(out);
            run(seconds, c -> printRow(c, out));
            out.println("Linux-like receiver (duplicate ACKs' window less the SACKed bytes, reads every "
                    + READ_EVERY_MILLIS + " ms, delayed ACK), 1% loss + 0.5% reordering each way, 10 ms RTT, 64 KB:");
            printRow(linuxLikeCell(seconds * 1000L), out);
            return 0;
        } catch (RuntimeException e) {
            err.println("bench grid failed: " + e);
            return 1;
        }
    }

    /** Bytes per second of payload the link carries with full-sized timestamped segments. */
    public static double linkPayloadRate() {
        int payload = NetConfig.defaults().tcpMss - 12;
        int frame = payload + 14 + 20 + 20 + 12;
        return RATE_BITS_PER_SECOND / 8.0 * payload / frame;
    }

    /** Every cell in table order; each is handed to {@code onCell} as soon as it is measured. */
    public static List<Cell> run(int seconds, Consumer<Cell> onCell) {
        List<Cell> cells = new ArrayList<>();
        for (double loss : LOSS_PERCENT) {
            for (int rtt : RTT_MILLIS) {
                for (int window : WINDOW_BYTES) {
                    Cell c = cell(loss, rtt, window, seconds * 1000L);
                    cells.add(c);
                    onCell.accept(c);
                }
            }
        }
        return cells;
    }

    /**
     * The lossy path of issue 11 against a receiver that behaves as Linux does in the ways that
     * matter to the sender: it delays ACKs, and the window it advertises changes from one ACK to
     * the next: its duplicate ACKs advertise the window less the SACKed bytes, as Linux charges
     * its out-of-order queue to the receive buffer ({@link OutOfOrderWindowTap}), and its reader
     * drains the socket only every {@link #READ_EVERY_MILLIS} ms.
     */
    public static Cell linuxLikeCell(long measureMillis) {
        Impairment imp = new Impairment().lossPercent(1).reorderPercent(0.5).rateBitsPerSecond(RATE_BITS_PER_SECOND);
        return cell(imp, 10, 64 * 1024, READ_EVERY_MILLIS, true, measureMillis);
    }

    /** The Linux-like receiver's reader wakes this often: the link delivers about 5 KB meanwhile. */
    public static final int READ_EVERY_MILLIS = 4;

    /** One transfer: rtt must be even or 1 (one-way delay rtt / 2, rounded up to 1 ms). */
    public static Cell cell(double lossPercent, int rttMillis, int windowBytes, long measureMillis) {
        Impairment imp = new Impairment().lossPercent(lossPercent).rateBitsPerSecond(RATE_BITS_PER_SECOND);
        return cell(imp, rttMillis, windowBytes, 0, false, measureMillis);
    }

    private static Cell cell(Impairment imp, int rttMillis, int windowBytes, int readEveryMillis,
            boolean outOfOrderWindows, long measureMillis) {
        double lossPercent = imp.lossPercent();
        NetConfig cfg = NetConfig.defaults();
        cfg.tcpRxBuffer = windowBytes;
        cfg.tcpTxBuffer = windowBytes;
        cfg.packetBuffers = 128;
        // As in the soak: lost SYNs or ARP requests at 5 % loss must not end a cell.
        cfg.tcpMaxRetries = 15;
        cfg.tcpConnectTimeoutMillis = 120_000;
        try (NetSim sim = new NetSim(SEED, cfg)) {
            // An odd RTT in whole milliseconds: the data direction takes the extra millisecond.
            sim.link().aToB().copyFrom(imp).delayMillis((rttMillis + 1) / 2);
            sim.link().bToA().copyFrom(imp).delayMillis(rttMillis / 2);
            if (outOfOrderWindows) {
                sim.link().addTap(new OutOfOrderWindowTap(0xC6120002, windowShift(windowBytes)));
            }
            Flow flow = new Flow(sim.zsock(0), sim.zsock(1), NetSim.sockAddr(1, PORT), readEveryMillis, sim::now);
            sim.addTick(flow);
            sim.runFor(WARM_UP_MILLIS + 10L * rttMillis);
            flow.check(sim);
            long bytes0 = flow.received;
            long t0 = sim.now();
            long retx0 = sim.a().counter(NetCounters.TCP_RETRANSMIT);
            long fast0 = sim.a().counter(NetCounters.TCP_FAST_RETRANSMIT);
            long to0 = sim.a().counter(NetCounters.TCP_TIMEOUT);
            sim.runFor(measureMillis);
            flow.check(sim);
            double ideal = Math.min((double) windowBytes * 1000 / rttMillis, linkPayloadRate());
            return new Cell(lossPercent, rttMillis, windowBytes, flow.received - bytes0, sim.now() - t0, ideal,
                    sim.a().counter(NetCounters.TCP_RETRANSMIT) - retx0,
                    sim.a().counter(NetCounters.TCP_FAST_RETRANSMIT) - fast0,
                    sim.a().counter(NetCounters.TCP_TIMEOUT) - to0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The receiver's RFC 7323 window scale for a buffer: the smallest shift that fits it in 16 bits. */
    private static int windowShift(int bufferBytes) {
        int shift = 0;
        while ((bufferBytes >> shift) > 65535) {
            shift++;
        }
        return shift;
    }

    public static void printHeader(PrintStream out) {
        out.println(String.format(Locale.ROOT, "%6s %6s %8s %12s %12s %8s %6s %8s %8s %12s", "loss", "RTT", "window",
                "goodput KB/s", "ideal KB/s", "% ideal", "RTOs", "fast rx", "timeouts", "Reno bound"));
    }

    public static void printRow(Cell c, PrintStream out) {
        out.println(String.format(Locale.ROOT, "%5.0f%% %4d ms %5d KB %12.1f %12.1f %7.1f%% %6d %8d %8d %11.1f%%",
                c.lossPercent(), c.rttMillis(), c.windowBytes() / 1024, c.goodput() / 1000,
                c.idealBytesPerSecond() / 1000, c.percentOfIdeal(), c.rtoRetransmits(), c.fastRetransmits(),
                c.connectionTimeouts(), c.renoBoundPercent()));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * An endless transfer host 0 -> host 1 driven from a tick: the sender keeps the send buffer
     * full, the receiver reads everything each tick (an application that is never the bottleneck).
     */
    static final class Flow implements Runnable {
        private final Zsock tx;
        private final Zsock rx;
        private final int listener;
        private final int sender;
        private int receiver = -1;
        private final byte[] out = new byte[16384];
        private final byte[] in = new byte[16384];
        private final int readEveryMillis;
        private final LongSupplier clock;
        private long lastRead;
        long received;
        private String failure;

        /** The receiver reads everything there is once every {@code readEveryMillis} virtual ms (0: every tick). */
        Flow(Zsock tx, Zsock rx, SockAddr dst, int readEveryMillis, LongSupplier clock) {
            this.readEveryMillis = readEveryMillis;
            this.clock = clock;
            this.lastRead = clock.getAsLong();
            this.tx = tx;
            this.rx = rx;
            listener = rx.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            must(rx.bind(listener, SockAddr.parse("0.0.0.0", dst.port())), "bind");
            must(rx.listen(listener, 1), "listen");
            must(rx.fcntl(listener, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl");
            sender = tx.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            must(tx.fcntl(sender, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl");
            int r = tx.connect(sender, dst);
            if (r != -Errno.EINPROGRESS) {
                throw new IllegalStateException("connect: " + Errno.name(-r));
            }
        }

        private static void must(int r, String what) {
            if (r < 0) {
                throw new IllegalStateException(what + ": " + Errno.name(-r));
            }
        }

        void check(NetSim sim) {
            if (failure != null) {
                throw new IllegalStateException(failure + " at " + sim.now() + " virtual ms; sender: "
                        + sim.a().describeTcp() + " receiver: " + sim.b().describeTcp());
            }
        }

        @Override
        public void run() {
            if (failure != null) {
                return;
            }
            if (receiver < 0) {
                int a = rx.accept(listener, null);
                if (a >= 0) {
                    receiver = a;
                    rx.fcntl(receiver, Zsock.F_SETFL, Zsock.O_NONBLOCK);
                } else if (a != -Errno.EAGAIN) {
                    failure = "accept: " + Errno.name(-a);
                    return;
                }
            }
            while (true) {
                int w = tx.send(sender, out, 0, out.length, 0);
                if (w == -Errno.EAGAIN) {
                    break;
                }
                if (w < 0) {
                    failure = "send: " + Errno.name(-w);
                    return;
                }
            }
            long now = clock.getAsLong();
            if (now - lastRead < readEveryMillis) {
                return;
            }
            lastRead = now;
            while (receiver >= 0) {
                int n = rx.recv(receiver, in, 0, in.length, 0);
                if (n == -Errno.EAGAIN) {
                    break;
                }
                if (n <= 0) {
                    failure = "recv: " + (n == 0 ? "EOF" : Errno.name(-n));
                    return;
                }
                received += n;
            }
        }
    }
}
