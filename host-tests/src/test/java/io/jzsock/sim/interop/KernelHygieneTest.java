package io.jzsock.sim.interop;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.interop.KernelLab.KernelHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What jzsock must not do on a shared segment with a Linux kernel, and what a flood must not stop:
 * no ICMP error for a broadcast datagram (RFC 1122 §3.2.2), ICMP errors rate-limited, no SYN queue slot
 * held by a SYN from a multicast source or by the kernel's TIME_WAIT answer (RFC 9293 §3.10.7.3), and a
 * kernel client connects within a second during a 5000-SYN spoofed flood. The stack has the default
 * board's SYN queue of two.
 */
class KernelHygieneTest {
    private static KernelLab lab;
    private static KernelHost linux;
    private static NetStack stack;
    private static Zsock z;
    private static Injector injector;

    @BeforeAll
    static void up() throws Exception {
        KernelLab.require();
        lab = new KernelLab("kernel-hygiene");
        linux = lab.addKernel(1, 1500);
        NetConfig cfg = NetConfig.defaults();
        cfg.packetBuffers = 64;
        cfg.maxTcpConnections = 8;
        stack = lab.startJzsock(cfg, 14);
        z = stack.zsock();
        injector = new Injector(lab.switchFabric());
    }

    @AfterAll
    static void down() throws Exception {
        KernelLab.closeAndCheckCapture(lab);
    }

    private static void kernelUdp(String dst, int port, int count, boolean broadcast) throws Exception {
        linux.ns.submit(() -> {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setBroadcast(broadcast);
                byte[] b = "probe".getBytes();
                for (int i = 0; i < count; i++) {
                    s.send(new DatagramPacket(b, b.length, new InetSocketAddress(dst, port)));
                }
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        Thread.sleep(200);
    }

    @Test
    void noIcmpForBroadcastDatagramsOrBogusSourcesButAUnicastDatagramGetsOne() throws Exception {
        String fromUs = "eth.src == 02:00:00:00:00:02 && icmp.type == 3 && udp.dstport == ";
        kernelUdp(KernelLab.SUBNET + 255, 47101, 1, true);
        kernelUdp("255.255.255.255", 47102, 1, true);
        kernelUdp(KernelLab.JZSOCK, 47103, 1, false);
        // RFC 1122 §3.2.1.3: broadcast, multicast and 0.0.0.0 are never a source; nothing answers them.
        String[] bogus = {KernelLab.SUBNET + 255, "255.255.255.255", "224.0.0.1", "0.0.0.0", "127.0.0.1",
            KernelLab.JZSOCK};
        for (int i = 0; i < bogus.length; i++) {
            injector.udp(bogus[i], 5000, KernelLab.JZSOCK, 47110 + i, "probe".getBytes());
            injector.echoRequest(bogus[i], KernelLab.JZSOCK, 0x77, i);
        }
        Thread.sleep(200);
        var pcap = lab.flushPcap();
        for (int i = 0; i < bogus.length; i++) {
            assertEquals(0, KernelTools.count(pcap, fromUs + (47110 + i)), "ICMP error for a datagram from " + bogus[i]);
        }
        assertEquals(0, KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && icmp.type == 0 && icmp.ident == 0x77"),
                "echo replies to bogus sources");
        assertEquals(0, KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && eth.dst == ff:ff:ff:ff:ff:ff && ip"),
                "IP sent to the Ethernet broadcast address");
        assertEquals(0, KernelTools.count(pcap, fromUs + 47101), "ICMP for a subnet-broadcast datagram");
        assertEquals(0, KernelTools.count(pcap, fromUs + 47102), "ICMP for a limited-broadcast datagram");
        assertEquals(1, KernelTools.count(pcap, fromUs + 47103), "port unreachable for a unicast datagram");
    }

    @Test
    void icmpErrorsAreRateLimited() throws Exception {
        kernelUdp(KernelLab.JZSOCK, 47200, 200, false);
        long sent = KernelTools.count(lab.flushPcap(), "eth.src == 02:00:00:00:00:02 && icmp.type == 3 && udp.dstport == 47200");
        System.out.println("port unreachables for 200 datagrams in a burst: " + sent);
        assertTrue(sent >= 1 && sent <= 20, "ICMP errors for a burst of 200: " + sent);
    }

    @Test
    void wellFormedIpOptionsAreAnsweredMalformedOnesDroppedAndTtlZeroIsAnsweredWithOurTtl() throws Exception {
        // The kernel's own Record Route option (RFC 791 §3.1) is well formed: jzsock answers it.
        var rr = linux.ns.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", "-R", KernelLab.JZSOCK);
        assertEquals(0, rr.exitCode, rr.output + rr.errors);
        byte[][] malformed = {
            {(byte) 0x94, 0},                    // router alert with length 0
            {(byte) 0x94, 1},                    // length 1: shorter than its own two bytes
            {7, 39, 4, 0},                       // record route longer than the options area
            {1, 1, 1, (byte) 0x83},              // NOPs, then a loose source route with no length byte
        };
        long badOptions = stack.counter(io.jzsock.net.NetCounters.IP_DROP_BAD_OPTIONS)
                + stack.counter(io.jzsock.net.NetCounters.IP_DROP_SOURCE_ROUTE);
        for (int i = 0; i < malformed.length; i++) {
            injector.echoRequestWithOptions(KernelLab.KERNEL, KernelLab.JZSOCK, 64, malformed[i], 100 + i);
        }
        injector.echoRequestWithOptions(KernelLab.KERNEL, KernelLab.JZSOCK, 0, new byte[0], 200);
        Thread.sleep(200);
        var pcap = lab.flushPcap();
        assertEquals(0, KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && icmp.type == 0 && icmp.ident == 0x99"
                + " && icmp.seq >= 100 && icmp.seq < 200"), "echo replies to malformed options");
        assertEquals(malformed.length, stack.counter(io.jzsock.net.NetCounters.IP_DROP_BAD_OPTIONS)
                + stack.counter(io.jzsock.net.NetCounters.IP_DROP_SOURCE_ROUTE) - badOptions, "drops counted");
        // RFC 1122 §3.2.1.7: a host does not discard for a low TTL (Linux answers too); ours is never 0.
        assertEquals(1, KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && icmp.type == 0 && icmp.ident == 0x99"
                + " && icmp.seq == 200 && ip.ttl == 64"), "the TTL-0 echo is answered with TTL 64");
    }

    private static long kernelConnectMillis(int port) throws Exception {
        return linux.ns.submit(() -> {
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(KernelLab.JZSOCK, port), 3000);
                return (System.nanoTime() - t0) / 1_000_000;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void synsFromAMulticastSourceAndToATimeWaitPortHoldNoSynQueueSlot() throws Exception {
        int ls = Streams.zsockListen(z, 5300, 4);
        // The kernel closes first and keeps the 4-tuple in TIME_WAIT.
        int twPort = linux.ns.submit(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(KernelLab.JZSOCK, 5300), 3000);
                return s.getLocalPort();
            }
        }).get(10, TimeUnit.SECONDS);
        int a = Streams.check(z.accept(ls, null), "accept");
        // Close only after the kernel's FIN has arrived, so jzsock closes passively (LAST_ACK, then
        // CLOSED) and only the kernel keeps TIME_WAIT; closing first would race the FIN and could leave
        // jzsock in TIME_WAIT too, which answers the SYN below with a challenge ACK instead.
        Streams.zsockRead(z, a).expect(0);
        z.close(a);
        Thread.sleep(100);
        long[] c0 = counters();
        // A SYN on that 4-tuple: jzsock's SYN-ACK meets the kernel's TIME_WAIT, which answers with an ACK.
        injector.tcp(KernelLab.KERNEL, twPort, KernelLab.JZSOCK, 5300, 0x1000, 0, TcpHeader.SYN);
        injector.tcp("224.0.0.9", 4000, KernelLab.JZSOCK, 5300, 0x2000, 0, TcpHeader.SYN);
        injector.tcp("224.0.0.9", 4001, KernelLab.JZSOCK, 5300, 0x3000, 0, TcpHeader.SYN);
        Thread.sleep(300);
        System.out.println("counters changed after the injected SYNs: " + changed(c0, counters()));
        var pcap = lab.flushPcap();
        assertEquals(0, KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && ip.dst == 224.0.0.9"),
                "jzsock answered a multicast source");
        assertTrue(KernelTools.count(pcap, "eth.src == 02:00:00:00:00:02 && tcp.flags.reset == 1 && tcp.dstport == "
                + twPort) >= 1, "jzsock resets the unacceptable ACK of the kernel's TIME_WAIT");
        for (int i = 0; i < 3; i++) {
            long ms = kernelConnectMillis(5300);
            assertTrue(ms < 1000, "kernel connect took " + ms + " ms");
            Streams.check(z.close(Streams.check(z.accept(ls, null), "accept")), "close");
        }
        z.close(ls);
    }

    private static long[] counters() {
        long[] c = new long[io.jzsock.net.NetCounters.COUNT];
        for (int i = 0; i < c.length; i++) {
            c[i] = stack.counter(i);
        }
        return c;
    }

    /** The stack's counters that moved between two snapshots, by name: what a failing case did. */
    private static String changed(long[] before, long[] after) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < before.length; i++) {
            if (after[i] != before[i]) {
                sb.append(io.jzsock.net.NetCounters.name(i)).append(" +").append(after[i] - before[i]).append(' ');
            }
        }
        return sb.toString().trim();
    }

    @Test
    void duringA5000SynSpoofedFloodAKernelClientConnectsWithinOneSecond() throws Exception {
        int ls = Streams.zsockListen(z, 5400, 4);
        SplittableRandom rnd = new SplittableRandom(5000);
        long[] worst = {0};
        Thread flood = new Thread(() -> {
            for (int i = 0; i < 5000; i++) {
                String src = "198.18." + (1 + rnd.nextInt(250)) + "." + (1 + rnd.nextInt(250));
                injector.tcp(src, 1024 + rnd.nextInt(60000), KernelLab.JZSOCK, 5400, rnd.nextInt(), 0, TcpHeader.SYN);
                if ((i & 15) == 15) {
                    // 5000 SYNs in about a second: a flood the SYN queue must survive, not one that
                    // merely overruns the NIC's receive ring (which drops real SYNs with the rest).
                    LockSupport.parkNanos(3_000_000);
                }
            }
        }, "syn-flood");
        long[] c0 = counters();
        long overruns = lab.nic().rxOverrun();
        flood.start();
        int connected = 0;
        while (flood.isAlive() || connected == 0) {
            long ms = kernelConnectMillis(5400);
            worst[0] = Math.max(worst[0], ms);
            Streams.check(z.close(Streams.check(z.accept(ls, null), "accept")), "close");
            connected++;
        }
        flood.join();
        System.out.println("5000 spoofed SYNs: " + connected + " kernel connects, slowest " + worst[0] + " ms; NIC overruns +"
                + (lab.nic().rxOverrun() - overruns) + "; " + changed(c0, counters()));
        assertTrue(worst[0] < 1000, "slowest kernel connect during the flood: " + worst[0] + " ms");
        z.close(ls);
    }
}
