package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7323 §5.4: a connection's TSval never runs backwards, although the {@code now} a segment is sent
 * at comes from its caller. A pass can run on an older reading than a send's (NetStack.poll takes its
 * time from the caller; the net thread once read it before it waited for the monitor a send held); it must
 * not stamp the next segments with it, or the peer drops them by PAWS (RFC 7323 §5.3 R1) as old
 * duplicates: a hole with nothing lost on the wire, then out-of-order segments and a fast retransmit.
 */
class TcpTimestampClockTest {
    static final int MSS = 1000;
    static final int PEER_ISS = 1000;
    static final int PEER_TS = 777;
    static final int PORT = 80;

    final VirtualClock clock = new VirtualClock(1000);
    final RawPeer raw = new RawPeer();
    final TcpPeer peer = new TcpPeer(raw, 40000);
    final NetStack stack;
    final Zsock z;
    int iss;

    /** A send buffer larger than the initial congestion window, so that data waits for an ACK. */
    TcpTimestampClockTest() {
        NetConfig cfg = NetConfig.defaults();
        cfg.tcpTxBuffer = 16384;
        stack = NetStack.create(cfg, clock, new SeededEntropy(5));
        z = stack.zsock();
        VirtualNic nic = new VirtualNic(TcpPeer.STACK_MAC);
        VirtualWire.connect(nic, raw.nic);
        stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
        raw.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, RawPeer.IP, TcpPeer.STACK_MAC, TcpPeer.STACK_IP));
        stack.poll(clock.nowMillis());
        raw.next();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    @Test
    void aPollWithAnOlderClockReadingThanASendKeepsTsValMonotonic() {
        int conn = establish();
        clock.advance(500);
        assertEquals(16000, z.send(conn, new byte[16000], 0, 16000, Zsock.MSG_DONTWAIT));
        int last = 0;
        int sent = 0;
        byte[] f;
        while ((f = peer.next()) != null) {
            last = TcpPeer.options(f).tsVal;
            sent += TcpPeer.dataLen(f);
        }
        assertEquals(1500, last, "send stamps its segments with the clock it read");
        assertTrue(sent > 0 && sent < 16000, "the rest waits for the congestion window: " + sent);

        peer.send(PORT, PEER_ISS + 1, iss + 1 + sent, TcpHeader.ACK, 60000, timestamp(last), new byte[0]);
        // The net thread read 1200 before it waited for the monitor the send held.
        stack.poll(1200);
        boolean more = false;
        while ((f = peer.next()) != null) {
            int ts = TcpPeer.options(f).tsVal;
            assertFalse(ts - last < 0, "TSval " + ts + " after " + last + " runs backwards");
            last = ts;
            more |= TcpPeer.dataLen(f) > 0;
        }
        assertTrue(more, "the ACK released more data");
    }

    /**
     * The clock runs on past 2^31 ms while the connection is idle (no keepalive): compared as 32-bit sequence
     * numbers the new reading is then "before" the last TSval sent, yet the time did not run backwards. The
     * TSval must follow the clock, not freeze at the old value for the next 24.8 days (every RTT sample from
     * TSecr would read 0, RFC 7323 §4.3, and the RTO would sink to its minimum).
     */
    @Test
    void tsValFollowsTheClockAfterAnIdleLongerThanHalfTheTimestampSpace() {
        int conn = establish();
        clock.advance((1L << 31) + 1000);
        assertEquals(100, z.send(conn, new byte[100], 0, 100, Zsock.MSG_DONTWAIT));
        byte[] f = peer.next();
        assertTrue(f != null && TcpPeer.dataLen(f) == 100);
        assertEquals((int) clock.nowMillis(), TcpPeer.options(f).tsVal, "the TSval is the clock's reading");
    }

    private int establish() {
        int l = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(l, SockAddr.parse("0.0.0.0", PORT)));
        assertEquals(0, z.listen(l, 2));
        TcpOptions o = timestamp(0);
        o.mss = MSS;
        o.sackPermitted = true;
        peer.send(PORT, PEER_ISS, 0, TcpHeader.SYN, 60000, o, new byte[0]);
        stack.poll(clock.nowMillis());
        byte[] synAck = peer.next();
        iss = TcpPeer.seq(synAck);
        peer.send(PORT, PEER_ISS + 1, iss + 1, TcpHeader.ACK, 60000, timestamp(TcpPeer.options(synAck).tsVal),
                new byte[0]);
        stack.poll(clock.nowMillis());
        int conn = z.accept(l, null);
        assertTrue(conn >= 0);
        return conn;
    }

    private static TcpOptions timestamp(int echo) {
        TcpOptions o = new TcpOptions();
        o.hasTimestamp = true;
        o.tsVal = PEER_TS;
        o.tsEcr = echo;
        return o;
    }
}
