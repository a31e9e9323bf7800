package io.jzsock.sim.bench;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.eth.EthDriver;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.hw.SimSoc;
import io.jzsock.sim.wire.VirtualSwitch;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TCP bulk throughput through the whole hardware path: two simulated boards (SimSoc + EthDriver,
 * descriptor DMA, register model) on a VirtualSwitch, next to two stacks on the in-memory wire
 * (VirtualNic, no driver), in the same run with the same NetConfig ({@link TcpBulkBench#config()})
 * and the same measurement. The ratio is what the driver and register simulation cost on the host.
 */
public final class EthBoardsBench {
    public static final int DEFAULT_SECONDS = 5;

    private EthBoardsBench() {
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs with {@code --seconds N}; returns the exit code (0, 1 on failure, 2 on bad arguments). */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        int seconds = BenchArgs.seconds(args, DEFAULT_SECONDS, "bench eth", err);
        if (seconds < 0) {
            return 2;
        }
        out.println("TCP bulk, one connection, " + TcpBulkBench.BLOCK / 1024 + " KB writes and reads; warm-up "
                + UdpEchoBench.warmUpSeconds(seconds) + " s, then " + seconds + " s timed per scenario");
        out.println(BenchArgs.machine());
        try {
            print(run(seconds), out);
            return 0;
        } catch (Exception e) {
            err.println("bench eth failed: " + e);
            return 1;
        }
    }

    /**
     * The in-memory wire first; then the two simulated boards in the default configuration
     * ({@code NetConfig.defaults()}: a 2 920-byte window, 24 packet buffers; the driver's 8-slot rings,
     * which the boards keep); then with the 64 KB window of {@link TcpBulkBench#config()} and the
     * default, a window-sized RX ring, and window-sized RX and TX rings.
     */
    public static List<TcpBulkBench.Result> run(int seconds) throws Exception {
        List<TcpBulkBench.Result> results = new ArrayList<>();
        results.add(TcpBulkBench.jzsockTwoStacks(seconds));
        COUNTERS.clear();
        results.add(twoBoards(seconds, NetConfig.defaults(), DEFAULTS, EthDriver.DEFAULT_RX_DESCRIPTORS,
                EthDriver.DEFAULT_TX_DESCRIPTORS));
        NetConfig bulk = TcpBulkBench.config();
        results.add(twoBoards(seconds, bulk, WINDOW_64K, EthDriver.DEFAULT_RX_DESCRIPTORS,
                EthDriver.DEFAULT_TX_DESCRIPTORS));
        results.add(twoBoards(seconds, bulk, WINDOW_64K, windowRing(), EthDriver.DEFAULT_TX_DESCRIPTORS));
        results.add(twoBoards(seconds, bulk, WINDOW_64K, windowRing(), windowRing()));
        return results;
    }

    /** Scenario name prefixes: which NetConfig the boards run. */
    static final String DEFAULTS = "defaults";
    static final String WINDOW_64K = "64 KB window";

    /** The RX ring that holds the bench's whole 64 KB window of timestamped full-sized segments and a loss probe. */
    public static int windowRing() {
        NetConfig cfg = TcpBulkBench.config();
        return EthDriver.rxDescriptorsFor(cfg.tcpRxBuffer, cfg.tcpMss - 12);
    }

    /** What the boards' MAC models and stacks counted in each {@link #twoBoards} run, printed under the table. */
    private static final List<String> COUNTERS = new ArrayList<>();

    /**
     * Two boards running {@code cfg}. The driver's default RX ring (8 descriptors) holds the default
     * window; it is much shorter than a 64 KB window of segments, so the receiver's MAC misses frames
     * under bulk load with that window; the next boards row uses an RX ring sized by
     * {@link EthDriver#rxDescriptorsFor} for the window, the third a TX ring of that size too (a
     * window's burst of segments otherwise finds the 8-slot TX ring full, and the driver drops what
     * does not fit). Each board's driver runs over a {@link DriverAccessCount}, which prints its
     * register accesses per frame.
     */
    static TcpBulkBench.Result twoBoards(int seconds, NetConfig cfg, String cfgName, int rxDescriptors,
            int txDescriptors) throws Exception {
        EthDriver[] drivers = new EthDriver[2];
        VirtualSwitch sw = new VirtualSwitch();
        SimSoc[] socs = new SimSoc[2];
        DriverAccessCount[] counts = {new DriverAccessCount(), new DriverAccessCount()};
        String rings = cfgName + ", " + rings(rxDescriptors, txDescriptors);
        NetStack a = boot(sw, Stm32Part.F767, 1, cfg, socs, rxDescriptors, txDescriptors, counts[0], drivers);
        NetStack b = null;
        try {
            b = boot(sw, Stm32Part.F767, 2, cfg, socs, rxDescriptors, txDescriptors, counts[1], drivers);
            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            int l = zb.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            TcpBulkBench.must(zb.bind(l, SockAddr.parse("0.0.0.0", TcpBulkBench.PORT)), "bind");
            TcpBulkBench.must(zb.listen(l, 1), "listen");
            int c = TcpBulkBench.must(za.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0), "socket");
            TcpBulkBench.must(za.connect(c, SockAddr.parse("198.18.0.2", TcpBulkBench.PORT)), "connect");
            int s = TcpBulkBench.must(zb.accept(l, null), "accept");
            zb.close(l);
            TcpBulkBench.must(zb.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, TcpBulkBench.RECV_TIMEOUT_MS),
                    "SO_RCVTIMEO");
            byte[] block = new byte[TcpBulkBench.BLOCK];
            Runnable send = () -> {
                while (za.send(c, block, 0, block.length, 0) >= 0) {
                    // EPIPE/ECONNRESET once the receiver is done ends the loop.
                }
            };
            TcpBulkBench.Reader read = buf -> {
                int r = zb.recv(s, buf, 0, buf.length, 0);
                if (r <= 0) {
                    throw new IOException("recv: " + (r == 0 ? "EOF" : Errno.name(-r)));
                }
                return r;
            };
            try {
                return TcpBulkBench.measure("jzsock, two simulated boards, " + rings, send, read, seconds);
            } finally {
                COUNTERS.add(String.format(Locale.ROOT, "%s, whole run: sender tx %d frames, receiver rx %d"
                        + " frames, rx missed (ring full) %d; sender TX ring full %d; TCP retransmits %d (fast %d), timeouts %d",
                        rings, socs[0].eth().txFrames(), socs[1].eth().rxFrames(),
                        socs[1].eth().rxMissed(), drivers[0].txDropped(),
                        a.counter(NetCounters.TCP_RETRANSMIT), a.counter(NetCounters.TCP_FAST_RETRANSMIT),
                        a.counter(NetCounters.TCP_TIMEOUT)));
                COUNTERS.add(String.format(Locale.ROOT, "  sender: device busy %d, loss probes %d, D-SACKs"
                        + " received %d; receiver: out-of-order %d, out of window %d, bad checksum %d, no buffer %d",
                        a.counter(NetCounters.TX_DROP_DEVICE_BUSY), a.counter(NetCounters.TCP_LOSS_PROBE),
                        a.counter(NetCounters.TCP_DSACK_RX), b.counter(NetCounters.TCP_DROP_OUT_OF_ORDER),
                        b.counter(NetCounters.TCP_DROP_OUT_OF_WINDOW), b.counter(NetCounters.TCP_DROP_BAD_CHECKSUM),
                        b.counter(NetCounters.IP_DROP_NO_BUFFER)));
                COUNTERS.add("  " + counts[0].describe("sender driver"));
                COUNTERS.add("  " + counts[1].describe("receiver driver"));
                zb.close(s);
                za.close(c);
            }
        } finally {
            a.stop();
            if (b != null) {
                b.stop();
            }
        }
    }

    private static String rings(int rx, int tx) {
        return tx == EthDriver.DEFAULT_TX_DESCRIPTORS ? "RX ring " + rx : "RX ring " + rx + " + TX ring " + tx;
    }

    /** A board as EthBoardsTest boots one: clocks, driver init, then the stack on top. */
    private static NetStack boot(VirtualSwitch sw, Stm32Part part, int host, NetConfig cfg, SimSoc[] socs, int rxDescriptors,
            int txDescriptors, DriverAccessCount count, EthDriver[] drivers) {
        SimSoc soc = new SimSoc(part, host);
        socs[host - 1] = soc;
        if (new Rcc(soc.bus(), part).initClocks() != 0) {
            throw new IllegalStateException("clock init failed");
        }
        soc.bus().stopTrace();
        byte[] mac = {0x02, 0, 0, 0, 0, (byte) host};
        EthDriver driver = new EthDriver(count.bus(soc.bus()), soc.bus(), part, mac, rxDescriptors,
                txDescriptors, EthDriver.DEFAULT_PHY_ADDRESS);
        drivers[host - 1] = driver;
        // As Board.boot: the PHY is read on the clock, not every 64 receive() calls.
        driver.pollLinkBy(SystemClock.INSTANCE);
        int port = sw.attachSink(soc.eth());
        soc.eth().attach(sw, port);
        soc.eth().onInterrupt(driver::interrupt);
        int r = driver.init();
        if (r != 0) {
            throw new IllegalStateException("EthDriver.init: " + Errno.name(-r));
        }
        NetStack s = NetStack.start(cfg, SystemClock.INSTANCE, new SeededEntropy(host));
        s.addInterface(count.device(driver), InterfaceConfig.ipv4("eth0", "198.18.0." + host, 24, null));
        return s;
    }

    public static void print(List<TcpBulkBench.Result> results, PrintStream out) {
        TcpBulkBench.Result wire = results.get(0);
        out.println(String.format(Locale.ROOT, "%-72s %8s %10s %10s", "scenario", "MB/s", "MB/CPU-s", "vs wire"));
        for (TcpBulkBench.Result r : results) {
            double perCpu = r.cpuMillisPerMegabyte() > 0 ? 1000 / r.cpuMillisPerMegabyte() : -1;
            out.println(String.format(Locale.ROOT, "%-72s %8.1f %10.1f %9.3fx", r.scenario(), r.megabytesPerSecond(),
                    perCpu, r.megabytesPerSecond() / wire.megabytesPerSecond()));
        }
        for (String line : COUNTERS) {
            out.println(line);
        }
    }
}
