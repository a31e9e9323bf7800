package io.jzsock.sim.interop;

import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import io.jzsock.sim.interop.Streams.Transfer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jzsock against the Linux kernel on one clean Ethernet segment (a TAP in a network namespace):
 * ARP and ICMP both ways, UDP echo of every size, byte-exact TCP bulk in both directions.
 */
class KernelBasicsTest {
    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-basics");
        linux = lab.addKernel(1, 1500);
        stack = lab.startJzsock(KernelLab.roomyConfig(), 11);
        z = stack.zsock();
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    @Test
    void kernelPingsJzsockAndJzsockPingsKernel() throws Exception {
        var r = linux.ns.exec("ping", "-c", "5", "-i", "0.2", "-W", "2", KernelLab.JZSOCK);
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("5 received"), r.output);
        var big = linux.ns.exec("ping", "-c", "2", "-i", "0.2", "-s", "1472", "-M", "do", KernelLab.JZSOCK);
        assertEquals(0, big.exitCode, big.output);
        int rtt = stack.ping(SockAddr.parse(KernelLab.KERNEL, 0).ipv4(), 2000);
        assertTrue(rtt >= 0, "ping from jzsock: " + rtt);
        String neigh = linux.ns.exec("ip", "neigh", "show", KernelLab.JZSOCK).output;
        assertTrue(neigh.contains("02:00:00:00:00:02"), "kernel learned our MAC by ARP: " + neigh);
    }

    @Test
    void udpEchoOfEverySizeBothWays() throws Exception {
        DatagramSocket echo = linux.ns.submit(() -> new DatagramSocket(new InetSocketAddress(KernelLab.KERNEL, 7))).get();
        Future<Integer> server = linux.ns.submit(() -> {
            byte[] b = new byte[2048];
            int n = 0;
            echo.setSoTimeout(5000);
            while (n < 1472) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                echo.receive(p);
                echo.send(p);
                n++;
            }
            return n;
        });
        int fd = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP), "socket");
        Streams.check(z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000), "rcvtimeo");
        SockAddr dst = SockAddr.parse(KernelLab.KERNEL, 7);
        byte[] out = new byte[1472];
        byte[] in = new byte[2048];
        for (int size = 1; size <= 1472; size++) {
            Streams.fill(out, size, size);
            assertEquals(size, z.sendto(fd, out, 0, size, 0, dst), "sendto " + size);
            int got = z.recv(fd, in, 0, in.length, 0);
            assertEquals(size, got, "echo of " + size + " bytes");
            assertArrayEquals(java.util.Arrays.copyOf(out, size), java.util.Arrays.copyOf(in, size), "bytes of " + size);
        }
        assertEquals(1472, server.get(10, TimeUnit.SECONDS));
        z.close(fd);
        echo.close();

        // Kernel client to a jzsock echo server.
        int srv = Streams.check(z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP), "socket");
        Streams.check(z.bind(srv, SockAddr.parse("0.0.0.0", 7)), "bind");
        Thread t = new Thread(() -> {
            byte[] b = new byte[2048];
            SockAddr from = new SockAddr();
            for (int i = 0; i < 1472; i++) {
                int n = z.recvfrom(srv, b, 0, b.length, 0, from);
                if (n < 0 || z.sendto(srv, b, 0, n, 0, from) != n) {
                    return;
                }
            }
        }, "jz-udp-echo");
        t.start();
        int echoed = linux.ns.submit(() -> {
            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout(2000);
                c.connect(new InetSocketAddress(KernelLab.JZSOCK, 7));
                byte[] o = new byte[1472];
                byte[] i = new byte[2048];
                int ok = 0;
                for (int size = 1; size <= 1472; size++) {
                    Streams.fill(o, size, 7 * size);
                    c.send(new DatagramPacket(o, size));
                    DatagramPacket p = new DatagramPacket(i, i.length);
                    c.receive(p);
                    if (p.getLength() == size && java.util.Arrays.equals(o, 0, size, i, 0, size)) {
                        ok++;
                    }
                }
                return ok;
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals(1472, echoed, "datagrams the kernel got back intact");
        t.join(2000);
        z.close(srv);
    }

    @Test
    void tcpBulk16MiBJzsockToKernelIsByteExact() throws Exception {
        long total = 16L << 20;
        ServerSocket ls = linux.ns.submit(() -> new ServerSocket(5001, 4)).get();
        Future<Transfer> sink = linux.ns.submit(Streams.kernelSink(ls));
        int fd = Streams.zsockConnect(z, KernelLab.KERNEL, 5001);
        Transfer sent = Streams.zsockWrite(z, fd, total, Streams.CHUNK);
        Streams.check(z.close(fd), "close");
        Transfer got = sink.get(60, TimeUnit.SECONDS).expect(total);
        sent.expect(total);
        ls.close();
        System.out.printf("jzsock -> kernel 16 MiB: %.1f MB/s%n", got.megabytesPerSecond());
    }

    @Test
    void tcpBulk16MiBKernelToJzsockIsByteExact() throws Exception {
        long total = 16L << 20;
        int ls = Streams.zsockListen(z, 5002, 4);
        Future<Transfer> src = linux.ns.submit(Streams.kernelSource(KernelLab.JZSOCK, 5002, total));
        int fd = Streams.check(z.accept(ls, null), "accept");
        Transfer got = Streams.zsockRead(z, fd).expect(total);
        Streams.check(z.close(fd), "close");
        src.get(60, TimeUnit.SECONDS).expect(total);
        z.close(ls);
        System.out.printf("kernel -> jzsock 16 MiB: %.1f MB/s%n", got.megabytesPerSecond());
    }
}
