package io.jzsock.sim.interop;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.StatusApp;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import io.jzsock.sim.board.VirtualBoard;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.sim.interop.Streams.Transfer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP between jzsock and the Linux kernel on a clean segment: full duplex, the options the kernel
 * negotiates (its TCP_INFO through {@code ss -tin}), its retransmission counters, MSS clamping against
 * a kernel with MTU 1400, the simulated Nucleo on the same bridge, and a tshark pass over the capture.
 */
class KernelTcpTest {
    private static KernelLab lab;
    private static KernelHost linux;
    private static KernelHost narrow;
    private static NetStack stack;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-tcp");
        linux = lab.addKernel(1, 1500);
        narrow = lab.addKernel(3, 1400);
        stack = lab.startJzsock(KernelLab.roomyConfig(), 12);
        z = stack.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    @Test
    void fullDuplexBothDirectionsAtOnceByteExact() throws Exception {
        long each = 8L << 20;
        ServerSocket ls = linux.ns.submit(() -> new ServerSocket(5003, 4)).get();
        Future<Transfer> kernelSide = linux.ns.submit(() -> {
            try (Socket s = ls.accept()) {
                Future<Transfer> rd = linux.ns.submit(() -> Streams.read(s.getInputStream(), System.nanoTime()));
                Streams.write(s.getOutputStream(), each);
                s.shutdownOutput();
                return rd.get(60, TimeUnit.SECONDS);
            }
        });
        int fd = Streams.zsockConnect(z, KernelLab.KERNEL, 5003);
        Transfer[] fromKernel = new Transfer[1];
        Thread reader = new Thread(() -> fromKernel[0] = Streams.zsockRead(z, fd), "jz-duplex-reader");
        reader.start();
        Streams.zsockWrite(z, fd, each, Streams.CHUNK).expect(each);
        Streams.check(z.shutdown(fd, Zsock.SHUT_WR), "shutdown");
        reader.join(60_000);
        fromKernel[0].expect(each);
        kernelSide.get(60, TimeUnit.SECONDS).expect(each);
        z.close(fd);
        ls.close();
    }

    @Test
    void kernelNegotiatesWindowScalingTimestampsAndSackAndRetransmitsNothing() throws Exception {
        Map<String, Long> before = KernelTools.nstat(linux.ns);
        Process sink = KernelTools.tcpInfoSink(linux.ns, 5004);
        int fd = Streams.zsockConnect(z, KernelLab.KERNEL, 5004);
        Streams.zsockWrite(z, fd, 4L << 20, Streams.CHUNK).expect(4L << 20);
        z.close(fd);
        Map<String, Long> info = KernelTools.tcpInfoResult(sink);
        Map<String, Long> after = KernelTools.nstat(linux.ns);
        System.out.println("kernel TCP_INFO mid-transfer: " + info);
        assertEquals(4L << 20, info.get("bytes"));
        long opts = info.get("options");
        assertEquals(KernelTools.TCPI_OPT_TIMESTAMPS, opts & KernelTools.TCPI_OPT_TIMESTAMPS, "timestamps negotiated");
        assertEquals(KernelTools.TCPI_OPT_SACK, opts & KernelTools.TCPI_OPT_SACK, "SACK negotiated");
        assertEquals(KernelTools.TCPI_OPT_WSCALE, opts & KernelTools.TCPI_OPT_WSCALE, "window scaling negotiated");
        // jzsock's 64 KB buffer needs no scaling: it offers shift 0 and still accepts the kernel's.
        assertEquals(0, info.get("snd_wscale"), "the shift jzsock offered");
        assertTrue(info.get("rcv_wscale") > 0, "the kernel scales its own window");
        assertEquals(1448, info.get("rcv_mss"), "jzsock's segments: MSS 1460 less 12 bytes of timestamps");
        long retrans = KernelTools.delta(before, after, "TcpRetransSegs");
        long timeouts = KernelTools.delta(before, after, "TcpExtTCPTimeouts");
        System.out.println("kernel counters over the transfer: TcpRetransSegs +" + retrans + ", TCPTimeouts +" + timeouts
                + ", TcpInSegs +" + KernelTools.delta(before, after, "TcpInSegs")
                + ", TcpOutSegs +" + KernelTools.delta(before, after, "TcpOutSegs"));
        assertEquals(0, timeouts, "the kernel hit no retransmission timeout on a clean link");
        assertEquals(0, retrans, "the kernel retransmitted nothing on a clean link");
    }

    @Test
    void mssIsClampedToAKernelWithMtu1400BothWays() throws Exception {
        long total = 1L << 20;
        ServerSocket ls = narrow.ns.submit(() -> new ServerSocket(5005, 4)).get();
        Future<Transfer> sink = narrow.ns.submit(Streams.kernelSink(ls));
        int fd = Streams.zsockConnect(z, narrow.address, 5005);
        Streams.zsockWrite(z, fd, total, Streams.CHUNK).expect(total);
        z.close(fd);
        sink.get(30, TimeUnit.SECONDS).expect(total);
        ls.close();

        int jls = Streams.zsockListen(z, 5006, 2);
        Future<Transfer> src = narrow.ns.submit(Streams.kernelSource(KernelLab.JZSOCK, 5006, total));
        int a = Streams.check(z.accept(jls, null), "accept");
        Streams.zsockRead(z, a).expect(total);
        z.close(a);
        z.close(jls);
        src.get(30, TimeUnit.SECONDS).expect(total);

        var pcap = lab.flushPcap();
        if (KernelTools.tsharkAvailable()) {
            int ours = KernelTools.maxTcpPayload(pcap, KernelLab.JZSOCK, narrow.address);
            int theirs = KernelTools.maxTcpPayload(pcap, narrow.address, KernelLab.JZSOCK);
            // MTU 1400 - 20 IP - 20 TCP = MSS 1360, less 12 bytes of timestamp option in every segment.
            assertEquals(1348, ours, "largest jzsock segment to the MTU-1400 kernel");
            assertEquals(1348, theirs, "largest kernel segment to jzsock");
        }
    }

    @Test
    void simulatedNucleoOnTheBridgeAnswersTheKernel() throws Exception {
        NetConfig cfg = NetConfig.defaults();
        cfg.maxTcpConnections = 6;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (VirtualBoard board = VirtualBoard.boot(BoardDefinition.NUCLEO_F767ZI, lab.switchFabric(), 0x767, cfg,
                InterfaceConfig.ipv4("eth0", KernelLab.SUBNET + 20, 24, null), new PrintStream(log, true))) {
            StatusApp app = StatusApp.start(board.stack());
            try {
                var ping = linux.ns.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", KernelLab.SUBNET + 20);
                assertEquals(0, ping.exitCode, ping.output);
                String page = linux.ns.submit(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(KernelLab.SUBNET + 20, 80), 3000);
                        s.setSoTimeout(5000);
                        s.getOutputStream().write("GET / HTTP/1.0\r\nHost: board\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    }
                }).get(10, TimeUnit.SECONDS);
                assertTrue(page.startsWith("HTTP/1.1 200"), page);
                assertTrue(page.contains(KernelLab.SUBNET + 20), "the page names the board's address: " + page);
            } finally {
                app.stop();
            }
        }
    }
}
