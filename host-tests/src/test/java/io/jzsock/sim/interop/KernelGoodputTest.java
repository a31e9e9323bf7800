package io.jzsock.sim.interop;

import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.sim.interop.Streams.Transfer;
import io.jzsock.sim.wire.ImpairedLink;
import io.jzsock.sim.wire.Impairment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goodput against the Linux kernel, measured side by side in one run: under 1 % loss and 0.5 %
 * reordering on jzsock's cable (both directions), jzsock sending to the kernel against the kernel
 * sending to jzsock; and into a slow kernel reader with a small window, jzsock against a second
 * kernel sending to the same reader over the same switch.
 */
class KernelGoodputTest {
    private static KernelLab lab;
    private static KernelHost linux;
    private static KernelHost otherLinux;
    private static NetStack stack;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-goodput");
        linux = lab.addKernel(1, 1500);
        otherLinux = lab.addKernel(4, 1500);
        stack = lab.startJzsock(KernelLab.roomyConfig(), 13);
        z = stack.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    private static Transfer jzsockToKernel(long total, int port) throws Exception {
        ServerSocket ls = linux.ns.submit(() -> new ServerSocket(port, 4)).get();
        try {
            Future<Transfer> sink = linux.ns.submit(Streams.kernelSink(ls));
            int fd = Streams.zsockConnect(z, KernelLab.KERNEL, port);
            Streams.zsockWrite(z, fd, total, Streams.CHUNK).expect(total);
            Streams.check(z.close(fd), "close");
            return sink.get(120, TimeUnit.SECONDS).expect(total);
        } finally {
            ls.close();
        }
    }

    private static Transfer kernelToJzsock(long total, int port) throws Exception {
        int ls = Streams.zsockListen(z, port, 2);
        try {
            Future<Transfer> src = linux.ns.submit(Streams.kernelSource(KernelLab.JZSOCK, port, total));
            int fd = Streams.check(z.accept(ls, null), "accept");
            Transfer got = Streams.zsockRead(z, fd).expect(total);
            z.close(fd);
            src.get(120, TimeUnit.SECONDS).expect(total);
            return got;
        } finally {
            z.close(ls);
        }
    }

    /**
     * Routes the kernel's new connections to jzsock through congestion controller {@code cc}
     * ({@code ip route ... congctl}, RTAX_CC_ALGO), or through the namespace's default (the host's
     * {@code net.ipv4.tcp_congestion_control}, which a namespace inherits and may only set to an
     * unrestricted algorithm) when {@code cc} is null.
     */
    private static void kernelCongestionControl(String cc) throws Exception {
        if (cc == null) {
            linux.ns.exec("ip", "route", "replace", KernelLab.SUBNET + "0/24", "dev", linux.ifname, "proto", "kernel",
                    "scope", "link", "src", KernelLab.KERNEL).check();
        } else {
            linux.ns.exec("ip", "route", "replace", KernelLab.SUBNET + "0/24", "dev", linux.ifname, "proto", "kernel",
                    "scope", "link", "src", KernelLab.KERNEL, "congctl", cc).check();
        }
    }

    /** The cable's rate for the lossy comparison: the Nucleo's 100 Mbit/s PHY unless -Djzsock.lossyRate says otherwise (0: unlimited). */
    private static final long LOSSY_RATE = Long.getLong("jzsock.lossyRate", 100_000_000L);

    @Test
    void underLossAndReorderingJzsockSendsAtLeast80PercentOfWhatTheKernelSends() throws Exception {
        // At the board's 100 Mbit/s (LAN8742A PHY) neither side's CPU is the bottleneck on this 2-core
        // machine, so the comparison measures the protocols: unlimited, both directions were CPU-bound and
        // their rates scattered 30..90 MB/s from second to second, a comparison of host noise. The
        // reference sender is Linux with CUBIC (RFC 9438), its compiled-in default and the algorithm
        // jzsock runs; a host's sysctl may choose another (BBR here: it models the path and does not
        // reduce on random loss, so no RFC 5681-family sender matches it at 1 % loss), measured beside
        // it each round and printed, not asserted. Seven rounds, judged by the median of the rounds'
        // ratios, so that one transfer meeting a lost ACK whose loss probe is lost too (only the 200 ms
        // RTO left, either direction) does not decide it, nor is hidden.
        long total = 8L << 20;
        int rounds = 7;
        String hostDefault = linux.ns.exec("sysctl", "-n", "net.ipv4.tcp_congestion_control").check().output.trim();
        double[] in = new double[rounds];
        double[] inDefault = new double[rounds];
        double[] out = new double[rounds];
        lab.cable().impairBoth(new Impairment().lossPercent(1).reorderPercent(0.5).rateBitsPerSecond(LOSSY_RATE));
        long[] cableBefore = lab.cable().counters();
        Map<String, Long> before = KernelTools.nstat(linux.ns);
        long probes = stack.counter(NetCounters.TCP_LOSS_PROBE);
        long rtos = stack.counter(NetCounters.TCP_RETRANSMIT);
        long fast = stack.counter(NetCounters.TCP_FAST_RETRANSMIT);
        try {
            // One round unmeasured: the first transfers run partly interpreted (the JIT) on both sides.
            kernelCongestionControl("cubic");
            kernelToJzsock(total, 5108);
            jzsockToKernel(total, 5109);
            for (int i = 0; i < rounds; i++) {
                kernelCongestionControl("cubic");
                in[i] = kernelToJzsock(total, 5110 + 3 * i).megabytesPerSecond();
                kernelCongestionControl(null);
                inDefault[i] = kernelToJzsock(total, 5111 + 3 * i).megabytesPerSecond();
                out[i] = jzsockToKernel(total, 5112 + 3 * i).megabytesPerSecond();
            }
        } finally {
            lab.cable().impairBoth(new Impairment());
            kernelCongestionControl(null);
        }
        Map<String, Long> after = KernelTools.nstat(linux.ns);
        long[] cable = lab.cable().counters();
        double ratio = median(ratios(out, in));
        System.out.printf("1 %% loss + 0.5 %% reordering at %s, %d x 8 MiB each way: kernel (cubic) -> jzsock %s MB/s,"
                + " kernel (%s, host default) -> jzsock %s MB/s, jzsock (cubic) -> kernel %s MB/s; medians %.1f / %.1f / %.1f"
                + " MB/s; median ratio %.2fx against cubic, %.2fx against %s%n",
                LOSSY_RATE == 0 ? "unlimited rate" : LOSSY_RATE / 1_000_000 + " Mbit/s", rounds,
                java.util.Arrays.toString(rounded(in)), hostDefault, java.util.Arrays.toString(rounded(inDefault)),
                java.util.Arrays.toString(rounded(out)), median(in), median(inDefault), median(out), ratio,
                median(ratios(out, inDefault)), hostDefault);
        System.out.printf("  cable jzsock->switch %s; switch->jzsock %s; kernel TcpRetransSegs +%d, TCPTimeouts +%d;"
                + " jzsock sending: %d fast retransmits, %d loss probes, %d RTO retransmissions%n",
                cableDelta(cableBefore, cable, ImpairedLink.A_TO_B), cableDelta(cableBefore, cable, ImpairedLink.B_TO_A),
                KernelTools.delta(before, after, "TcpRetransSegs"), KernelTools.delta(before, after, "TcpExtTCPTimeouts"),
                stack.counter(NetCounters.TCP_FAST_RETRANSMIT) - fast, stack.counter(NetCounters.TCP_LOSS_PROBE) - probes,
                stack.counter(NetCounters.TCP_RETRANSMIT) - rtos);
        assertTrue(lab.cable().lost() > 0, "the link lost frames");
        assertTrue(ratio >= 0.8, String.format("jzsock -> kernel is %.2fx kernel (cubic) -> jzsock, below 0.8x", ratio));
    }

    private static double[] ratios(double[] num, double[] den) {
        double[] r = new double[num.length];
        for (int i = 0; i < num.length; i++) {
            r[i] = num[i] / den[i];
        }
        return r;
    }

    /** "lost=.. reordered=.. queueDrops=.." of one cable direction between two {@link ImpairedLink#counters()} snapshots. */
    private static String cableDelta(long[] before, long[] after, int direction) {
        int base = direction * ImpairedLink.COUNTERS;
        StringBuilder sb = new StringBuilder();
        for (int id : new int[] {ImpairedLink.DELIVERED, ImpairedLink.LOST, ImpairedLink.REORDERED, ImpairedLink.QUEUE_DROPS}) {
            sb.append(sb.length() == 0 ? "" : " ").append(ImpairedLink.counterName(id)).append('=')
                    .append(after[base + id] - before[base + id]);
        }
        return sb.toString();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double[] rounded(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 10) / 10.0;
        }
        return r;
    }

    @Test
    void duplicatedSegmentsAreReportedAsDsackAndADsackTriggersNoRetransmission() throws Exception {
        long total = 2L << 20;
        lab.cable().impairBoth(new Impairment().duplicatePercent(2));
        try {
            Map<String, Long> before = KernelTools.nstat(linux.ns);
            kernelToJzsock(total, 5105);
            Map<String, Long> mid = KernelTools.nstat(linux.ns);
            long retransmitted = stack.counter(NetCounters.TCP_RETRANSMIT);
            jzsockToKernel(total, 5106);
            retransmitted = stack.counter(NetCounters.TCP_RETRANSMIT) - retransmitted;
            Map<String, Long> after = KernelTools.nstat(linux.ns);
            long dsackFromUs = KernelTools.delta(before, mid, "TcpExtTCPDSACKRecv");
            long dsackToUs = KernelTools.delta(mid, after, "TcpExtTCPDSACKOldSent");
            System.out.printf("2 %% duplication: the kernel counted %d D-SACKs from jzsock and sent %d; jzsock"
                    + " retransmitted %d segments%n", dsackFromUs, dsackToUs, retransmitted);
            assertTrue(dsackFromUs > 0, "RFC 2883: jzsock reports duplicate segments in a D-SACK block");
            assertTrue(dsackToUs > 0, "the kernel reports our duplicated segments as D-SACK");
            assertEquals(0, retransmitted, "a D-SACK reports no loss: nothing is retransmitted");
        } finally {
            lab.cable().impairBoth(new Impairment());
        }
    }

    /** A kernel reader with a small receive buffer that takes at most 1 KB per 200 us (~5 MB/s). */
    private static Callable<Transfer> slowSmallWindowSink(ServerSocket ls) {
        return () -> {
            try (Socket s = ls.accept()) {
                InputStream in = s.getInputStream();
                byte[] b = new byte[1024];
                long n = 0;
                long bad = -1;
                long start = System.nanoTime();
                int r;
                while ((r = in.read(b)) > 0) {
                    for (int i = 0; i < r && bad < 0; i++) {
                        if (b[i] != Streams.pattern(n + i)) {
                            bad = n + i;
                        }
                    }
                    n += r;
                    // Paced against the clock, not by a fixed sleep per read: the reader's rate stays
                    // ~5 MB/s whatever the scheduler does, so only the sender can fall short of it.
                    long due = start + n * 200_000 / 1024;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        LockSupport.parkNanos(ahead);
                    }
                }
                return new Transfer(n, bad, System.nanoTime() - start, null);
            }
        };
    }

    private static ServerSocket smallWindowListener(int port) throws Exception {
        return linux.ns.submit(() -> {
            ServerSocket ls = new ServerSocket();
            // Set before listen so the SYN-ACK already offers the small window (socket(7): SO_RCVBUF).
            ls.setReceiveBufferSize(2048);
            ls.bind(new InetSocketAddress(port), 4);
            return ls;
        }).get();
    }

    @Test
    void intoASmallSlowKernelWindowJzsockMovesAtLeast80PercentOfAKernelSender() throws Exception {
        // Each run is ~0.4 s against a reader paced at 5 MB/s, so one scheduler hiccup moves a single
        // figure by 20 %; runs alternate between the two senders and their medians are compared.
        long total = 2L << 20;
        int runs = 5;
        double[] kernel = new double[runs];
        double[] ours = new double[runs];
        int port = 5103;
        for (int i = 0; i < runs; i++) {
            ServerSocket ls1 = smallWindowListener(port);
            Future<Transfer> sink1 = linux.ns.submit(slowSmallWindowSink(ls1));
            otherLinux.ns.submit(Streams.kernelSource(KernelLab.KERNEL, port, total))
                    .get(120, TimeUnit.SECONDS).expect(total);
            kernel[i] = sink1.get(10, TimeUnit.SECONDS).expect(total).megabytesPerSecond();
            ls1.close();
            port++;

            ServerSocket ls2 = smallWindowListener(port);
            Future<Transfer> sink2 = linux.ns.submit(slowSmallWindowSink(ls2));
            int fd = Streams.zsockConnect(z, KernelLab.KERNEL, port);
            Streams.zsockWrite(z, fd, total, Streams.CHUNK).expect(total);
            Streams.check(z.close(fd), "close");
            ours[i] = sink2.get(120, TimeUnit.SECONDS).expect(total).megabytesPerSecond();
            ls2.close();
            port++;
        }
        double ratio = median(ours) / median(kernel);
        System.out.printf("slow reader, SO_RCVBUF 2048, %d runs each: kernel sender %s MB/s, jzsock sender %s MB/s;"
                + " medians %.2f / %.2f MB/s (%.2fx)%n", runs, java.util.Arrays.toString(rounded(kernel)), java.util.Arrays.toString(rounded(ours)),
                median(kernel), median(ours), ratio);
        assertTrue(ratio >= 0.8, String.format("jzsock into a small window is %.2fx a kernel sender, below 0.8x", ratio));
    }
}
