package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for the SYN flood path: with the SYN queue full, each SYN's cookie SYN-ACK and each forged cookie
 * ACK's reset allocate nothing on the thread running the stack (virtual time, one thread, frames built first).
 */
@Tag("alloc")
class SynCookieAllocationTest {
    private static final byte[] STACK_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final int STACK_IP = 0xC6120001;
    private static final int FRAMES = 256;

    private static byte[] segment(int src, int srcPort, int seq, int ack, int flags, TcpOptions o) {
        byte[] l4 = new byte[60];
        int hl = o == null ? TcpHeader.MIN_LEN : o.emit(l4, 0);
        TcpHeader.write(l4, 0, srcPort, 80, seq, ack, hl, flags, 8192);
        byte[] seg = java.util.Arrays.copyOf(l4, hl);
        TcpHeader.fillChecksumV4(seg, 0, seg.length, src, STACK_IP);
        return RawPeer.ipv4(STACK_MAC, src, STACK_IP, Ipv4Header.PROTO_TCP, 64, seg);
    }

    @Test
    void cookieSynAcksAndForgedCookieResetsAllocateNothing() {
        assertTrue(ThreadAllocations.escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis");
        VirtualClock clock = new VirtualClock(1000);
        NetStack stack = NetStack.create(NetConfig.defaults(), clock, new SeededEntropy(1));
        RawPeer raw = new RawPeer();
        VirtualNic nic = new VirtualNic(STACK_MAC);
        VirtualWire.connect(nic, raw.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, "198.18.0.2"));
        Zsock z = stack.zsock();
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(l, SockAddr.parse("0.0.0.0", 80)));
        assertEquals(0, z.listen(l, 4));
        raw.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, STACK_MAC, STACK_IP));
        stack.poll(clock.nowMillis());
        raw.next();

        TcpOptions o = new TcpOptions();
        o.mss = 1460;
        o.windowScale = 7;
        o.sackPermitted = true;
        o.hasTimestamp = true;
        o.tsVal = 1;
        Random rnd = new Random(5);
        byte[][] frames = new byte[FRAMES][];
        for (int i = 0; i < FRAMES; i++) {
            int src = 0xC6130000 | rnd.nextInt(0x10000);
            boolean ack = (i & 1) == 1;
            frames[i] = segment(src, 1024 + i, rnd.nextInt(), ack ? rnd.nextInt() : 0, ack ? TcpHeader.ACK : TcpHeader.SYN,
                    ack ? null : o);
        }
        Runnable flood = () -> {
            for (int i = 0; i < FRAMES; i++) {
                raw.send(frames[i]);
                if ((i & 7) == 7) {
                    stack.poll(clock.nowMillis());
                    int h;
                    while ((h = raw.nic.receive()) >= 0) {
                        raw.pool.release(h);
                    }
                }
            }
        };
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) {
            flood.run();
        }
        long allocated = -1;
        for (int round = 0; round < 3 && allocated != 0; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 40; i++) {
                flood.run();
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(stack.counter(NetCounters.TCP_SYNCOOKIE_SENT) > 20_000, "the SYN queue was full: cookies");
        assertTrue(stack.counter(NetCounters.TCP_SYNCOOKIE_REJECTED) > 20_000, "forged cookie ACKs were checked");
        assertEquals(0, allocated, "bytes allocated on the cookie path");
        stack.stop();
    }
}
