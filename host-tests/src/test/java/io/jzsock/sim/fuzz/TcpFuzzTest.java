package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;

/**
 * TCP input with options (TcpInput, TcpAckInput, TcpOptions): a run of fuzzed segments against a listener and
 * a connection in a chosen state, each segment's checksum fixed so the state machine sees it.
 * <pre>
 *  input   = setup record*
 *  setup   : bits 0-1  0 LISTEN only, 1 ESTABLISHED, 2 ESTABLISHED with 1000 unacked bytes, 3 stack sent FIN
 *  record  = ctl len segment[len]        (a segment shorter than 20 bytes is zero-padded)
 *  ctl     : 0x01 seq is an offset from the end of the furthest segment sent from this port so far;
 *            0x02 ack and SACK edges are offsets from the stack's highest SEG.SEQ + SEG.LEN (its SND.NXT);
 *            0x04 keep the checksum as given; 0x08 advance the clock 200 ms first; 0x10 from port 5556
 *            (a second connection) instead of 5555; 0x20 the application sends 500 bytes afterwards;
 *            0x40 the application shuts its side down afterwards; 0x80 keep the destination port as given
 * </pre>
 * Besides the shared oracle: every segment's options, if they parse, survive emit and parse again, and after
 * all timers ran out the listener still completes a new handshake.
 */
class TcpFuzzTest {
    static final int MAX_RECORDS = 16;
    static final int PORT_A = 5555;
    static final int PORT_B = 5556;

    @FuzzTest(maxDuration = "20s")
    void tcpSegments(byte[] in) {
        FuzzStack s = new FuzzStack();
        s.listen();
        int state = Frames.u8(in, 0) & 3;
        Tracker t = new Tracker();
        TcpFlow flow = new TcpFlow(s, PORT_A);
        if (state != 0) {
            flow.open();
            t.sent(0, TcpFlow.PEER_ISS + 1);
            t.stackNext[0] = flow.stackIss + 1;
            if (state == 2) {
                flow.stackSends(1000);
            } else if (state == 3) {
                s.z.shutdown(flow.fd, Zsock.SHUT_WR);
                s.poll();
            }
            t.learn(s);
        }
        int i = 1;
        for (int r = 0; r < MAX_RECORDS && i + 1 < in.length; r++) {
            int ctl = in[i] & 0xff;
            int len = in[i + 1] & 0xff;
            byte[] seg = Arrays.copyOfRange(in, i + 2, Math.min(in.length, i + 2 + len));
            i += 2 + len;
            feed(s, flow, t, ctl, seg);
        }
        s.settle(null);
        s.assertHealthy();
        assertListenerStillAnswers(s);
    }

    private static void feed(FuzzStack s, TcpFlow flow, Tracker t, int ctl, byte[] raw) {
        byte[] seg = raw.length >= TcpHeader.MIN_LEN ? raw : Arrays.copyOf(raw, TcpHeader.MIN_LEN);
        int port = (ctl & 0x10) != 0 ? PORT_B : PORT_A;
        int k = port - PORT_A;
        Bytes.putU16(seg, TcpHeader.SRC_PORT, port);
        if ((ctl & 0x80) == 0) {
            Bytes.putU16(seg, TcpHeader.DST_PORT, FuzzStack.TCP_PORT);
        }
        if ((ctl & 0x01) != 0) {
            Bytes.putI32(seg, TcpHeader.SEQ, TcpHeader.seq(seg, 0) + t.peerNext[k]);
        }
        if ((ctl & 0x02) != 0) {
            Bytes.putI32(seg, TcpHeader.ACK_NUM, TcpHeader.ack(seg, 0) + t.stackNext[k]);
            offsetSackEdges(seg, t.stackNext[k]);
        }
        if ((ctl & 0x04) == 0) {
            TcpHeader.fillChecksumV4(seg, 0, seg.length, RawPeer.IP, FuzzStack.OUR_IP);
        }
        assertOptionsRoundTrip(seg);
        t.sent(k, TcpHeader.seq(seg, 0) + seg.length - Math.min(seg.length, TcpHeader.headerLen(seg, 0))
                + ((TcpHeader.flags(seg, 0) & TcpHeader.SYN) != 0 ? 1 : 0) + ((TcpHeader.flags(seg, 0) & TcpHeader.FIN) != 0 ? 1 : 0));
        if ((ctl & 0x08) != 0) {
            s.clock.advance(200);
        }
        s.receive(TcpFlow.wrap(seg));
        if (flow.fd >= 0 && (ctl & 0x20) != 0) {
            s.z.send(flow.fd, new byte[500], 0, 500, Zsock.MSG_DONTWAIT);
            s.poll();
        }
        if (flow.fd >= 0 && (ctl & 0x40) != 0) {
            s.z.shutdown(flow.fd, Zsock.SHUT_WR);
            s.poll();
        }
        t.learn(s);
    }

    /** Adds base to both edges of every block of a well-formed SACK option (RFC 2018 §3), in place. */
    private static void offsetSackEdges(byte[] seg, int base) {
        int end = Math.min(seg.length, TcpHeader.headerLen(seg, 0));
        int i = TcpHeader.MIN_LEN;
        while (i + 1 < end && seg[i] != TcpOptions.KIND_EOL) {
            if (seg[i] == TcpOptions.KIND_NOP) {
                i++;
                continue;
            }
            int len = seg[i + 1] & 0xff;
            if (len < 2 || i + len > end) {
                return;
            }
            if (seg[i] == TcpOptions.KIND_SACK) {
                for (int e = i + 2; e + 4 <= i + len; e += 4) {
                    Bytes.putI32(seg, e, Bytes.i32(seg, e) + base);
                }
            }
            i += len;
        }
    }

    /** RFC 9293 §3.2 options: what parses is what emit writes back (the emitted SACK blocks are a prefix). */
    private static void assertOptionsRoundTrip(byte[] seg) {
        int hl = TcpHeader.headerLen(seg, 0);
        if (hl < TcpHeader.MIN_LEN || hl > seg.length) {
            return;
        }
        TcpOptions parsed = new TcpOptions();
        if (parsed.parse(seg, 0, hl) < 0) {
            return;
        }
        assertTrue(parsed.windowScale <= TcpOptions.MAX_WINDOW_SCALE, "RFC 7323 §2.3: shift at most 14");
        assertTrue(parsed.sackCount <= TcpOptions.MAX_SACK_BLOCKS);
        byte[] out = new byte[TcpHeader.MAX_LEN];
        int outLen = parsed.emit(out, 0);
        assertEquals(outLen, parsed.emittedLength());
        assertTrue(outLen >= TcpHeader.MIN_LEN && outLen <= TcpHeader.MAX_LEN && outLen % 4 == 0, "header length " + outLen);
        TcpOptions again = new TcpOptions();
        assertEquals(0, again.parse(out, 0, outLen), "emitted options parse");
        assertEquals(parsed.mss, again.mss);
        assertEquals(parsed.windowScale, again.windowScale);
        assertEquals(parsed.sackPermitted, again.sackPermitted);
        assertEquals(parsed.hasTimestamp, again.hasTimestamp);
        if (parsed.hasTimestamp) {
            assertEquals(parsed.tsVal, again.tsVal);
            assertEquals(parsed.tsEcr, again.tsEcr);
        }
        assertTrue(again.sackCount <= parsed.sackCount);
        for (int b = 0; b < again.sackCount; b++) {
            assertEquals(parsed.sackLeft[b], again.sackLeft[b]);
            assertEquals(parsed.sackRight[b], again.sackRight[b]);
        }
    }

    /** After the input's connections are gone, a new client still gets a SYN-ACK (no slot or queue leaked). */
    private static void assertListenerStillAnswers(FuzzStack s) {
        s.receive(TcpFlow.segment(6000, 42, 0, TcpHeader.SYN, 65535, null, new byte[0]));
        boolean synAck = false;
        for (byte[] f : s.sent()) {
            if (Frames.isIpv4(f, Ipv4Header.PROTO_TCP)) {
                int l4 = Frames.l4(f);
                synAck |= TcpHeader.dstPort(f, l4) == 6000 && TcpHeader.flags(f, l4) == (TcpHeader.SYN | TcpHeader.ACK);
            }
        }
        assertTrue(synAck, "a new SYN to the listener is answered: " + s.stack.describeTcp());
    }

    /** Both sides' sequence space per peer port, for the relative fields: the peer's from its segments, the stack's from its. */
    static final class Tracker {
        final int[] peerNext = new int[2];
        final boolean[] peerSeen = new boolean[2];
        final int[] stackNext = new int[2];

        void sent(int k, int end) {
            if (!peerSeen[k] || end - peerNext[k] > 0) {
                peerNext[k] = end;
                peerSeen[k] = true;
            }
        }

        void learn(FuzzStack s) {
            for (byte[] f : s.sent()) {
                if (!Frames.isIpv4(f, Ipv4Header.PROTO_TCP)) {
                    continue;
                }
                int l4 = Frames.l4(f);
                int k = TcpHeader.dstPort(f, l4) - PORT_A;
                if (k < 0 || k > 1) {
                    continue;
                }
                int flags = TcpHeader.flags(f, l4);
                int dataLen = Ipv4Header.totalLen(f, Frames.E) - (l4 - Frames.E) - TcpHeader.headerLen(f, l4);
                int end = TcpHeader.seq(f, l4) + dataLen + ((flags & TcpHeader.SYN) != 0 ? 1 : 0)
                        + ((flags & TcpHeader.FIN) != 0 ? 1 : 0);
                if ((flags & TcpHeader.SYN) != 0 || end - stackNext[k] > 0) {
                    stackNext[k] = end;
                }
            }
        }
    }
}
