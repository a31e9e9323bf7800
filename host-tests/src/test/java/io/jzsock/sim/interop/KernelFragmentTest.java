package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fragmented UDP against the Linux kernel over the TAP segment (MTU 1500 both sides): jzsock's datagrams of
 * up to 20000 bytes leave as IPv4 fragments the kernel reassembles, and the kernel's own fragments of the
 * echo come back through jzsock's reassembly; then the same with the kernel as the client. Byte-exact, and
 * tshark finds nothing malformed and no bad checksum from jzsock in the capture.
 */
class KernelFragmentTest {
    static final int[] SIZES = {1473, 3000, 8000, 20000};
    static final int ROUNDS = 25;

    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-fragments");
        linux = lab.addKernel(1, 1500);
        NetConfig cfg = KernelLab.roomyConfig();
        // 20000 bytes arrive in 14 fragments of 1480; fragments of a first datagram wait for ARP together.
        cfg.reassemblyBuffers = 64;
        cfg.arpPendingPackets = 32;
        stack = lab.startJzsock(cfg, 23);
        z = stack.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            System.out.printf("fragments: rx %d, reassembled %d, tx %d; drops: overlap %d, timeout %d, no slot %d, budget %d%n",
                    stack.counter(NetCounters.IP_FRAG_RX), stack.counter(NetCounters.IP_REASM_OK),
                    stack.counter(NetCounters.IP_FRAG_TX), stack.counter(NetCounters.IP_REASM_DROP_OVERLAP),
                    stack.counter(NetCounters.IP_REASM_DROP_TIMEOUT), stack.counter(NetCounters.IP_REASM_DROP_NO_SLOT),
                    stack.counter(NetCounters.IP_REASM_DROP_BUDGET));
        }
        KernelLab.closeAndCheckCapture(lab);
    }

    /** Counting bytes after a first byte that no heuristic dissector of tshark's takes for RTP/RTCP version 2. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        Streams.fill(b, n, seed);
        b[0] = 'J';
        return b;
    }

    @Test
    void jzsockFragmentsAreReassembledByTheKernelAndTheKernelsByJzsock() throws Exception {
        DatagramSocket echo = linux.ns.submit(() -> new DatagramSocket(new InetSocketAddress(KernelLab.KERNEL, 7))).get();
        int total = SIZES.length * ROUNDS;
        Future<Integer> server = linux.ns.submit(() -> {
            byte[] b = new byte[65536];
            echo.setSoTimeout(5000);
            int n = 0;
            while (n < total) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                echo.receive(p);
                echo.send(p);
                n++;
            }
            return n;
        });
        int fd = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 3000), "rcvtimeo");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535), "rcvbuf");
        SockAddr dst = SockAddr.parse(KernelLab.KERNEL, 7);
        byte[] in = new byte[65536];
        for (int size : SIZES) {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] out = pattern(size, size + round);
                assertEquals(size, z.sendto(fd, out, 0, size, 0, dst), "sendto " + size);
                int got = z.recv(fd, in, 0, in.length, 0);
                assertEquals(size, got, "echo of " + size + " bytes, round " + round);
                assertArrayEquals(out, Arrays.copyOf(in, size), "bytes of " + size);
            }
        }
        assertEquals(total, server.get(10, TimeUnit.SECONDS));
        z.close(fd);
        echo.close();
        assertTrue(stack.counter(NetCounters.IP_REASM_OK) >= total, "every echo came back in fragments");
    }

    @Test
    void kernelClientsFragmentsReachAJzsockEchoServerAndComeBack() throws Exception {
        int srv = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP), "socket");
        Streams.check(z.setsockopt(srv, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535), "rcvbuf");
        Streams.check(z.bind(srv, SockAddr.parse("0.0.0.0", 9)), "bind");
        int total = SIZES.length * ROUNDS;
        Thread t = Streams.zsockUdpEcho(z, srv, total, 65536, "jz-frag-echo");
        int echoed = linux.ns.submit(() -> {
            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout(3000);
                c.connect(new InetSocketAddress(KernelLab.JZSOCK, 9));
                byte[] i = new byte[65536];
                int ok = 0;
                for (int size : SIZES) {
                    for (int round = 0; round < ROUNDS; round++) {
                        byte[] o = pattern(size, 3 * size + round);
                        c.send(new DatagramPacket(o, size));
                        DatagramPacket p = new DatagramPacket(i, i.length);
                        c.receive(p);
                        if (p.getLength() == size && Arrays.equals(o, 0, size, i, 0, size)) {
                            ok++;
                        }
                    }
                }
                return ok;
            }
        }).get(60, TimeUnit.SECONDS);
        assertEquals(total, echoed, "datagrams the kernel got back intact");
        t.join(2000);
        z.close(srv);
    }
}
