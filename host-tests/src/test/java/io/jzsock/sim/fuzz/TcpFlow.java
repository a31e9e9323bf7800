package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;

/**
 * One connection from the peer to the stack's listener, opened by a literal handshake with every option a
 * kernel offers (MSS, window scale, SACK-permitted, timestamps), so fuzzed segments can be aimed at its state:
 * the sequence numbers of both sides are known.
 */
final class TcpFlow {
    static final int PEER_ISS = 1_000_000;
    static final int PEER_TSVAL = 100;
    static final int PEER_MSS = 1460;
    static final int PEER_WSCALE = 7;

    final FuzzStack s;
    final int peerPort;
    /** The stack's ISS, learnt from its SYN-ACK. */
    int stackIss;
    /** The accepted fd, or -1 before {@link #open}. */
    int fd = -1;

    TcpFlow(FuzzStack s, int peerPort) {
        this.s = s;
        this.peerPort = peerPort;
    }

    /** SYN, SYN-ACK, ACK, accept: the connection is ESTABLISHED on both sides. */
    TcpFlow open() {
        TcpOptions o = new TcpOptions();
        o.mss = PEER_MSS;
        o.windowScale = PEER_WSCALE;
        o.sackPermitted = true;
        o.hasTimestamp = true;
        o.tsVal = PEER_TSVAL;
        s.receive(segment(peerPort, PEER_ISS, 0, TcpHeader.SYN, 65535, o, new byte[0]));
        byte[] synAck = lastTcp();
        assertEquals(TcpHeader.SYN | TcpHeader.ACK, TcpHeader.flags(synAck, Frames.l4(synAck)), "SYN-ACK");
        stackIss = TcpHeader.seq(synAck, Frames.l4(synAck));
        TcpOptions ack = new TcpOptions();
        ack.hasTimestamp = true;
        ack.tsVal = PEER_TSVAL + 1;
        ack.tsEcr = TcpFlow.optionsOf(synAck).tsVal;
        s.receive(segment(peerPort, PEER_ISS + 1, stackIss + 1, TcpHeader.ACK, 512, ack, new byte[0]));
        fd = s.acceptKept();
        return this;
    }

    /** The stack sends {@code n} bytes (they stay unacknowledged until the peer's ACK covers them). */
    void stackSends(int n) {
        int r = s.z.send(fd, new byte[n], 0, n, Zsock.MSG_DONTWAIT);
        assertTrue(r > 0, "send: " + r);
        s.poll();
    }

    /** A segment from the peer at RawPeer.IP to the stack's port 80, checksum filled. */
    static byte[] segment(int srcPort, int seq, int ack, int flags, int window, TcpOptions opts, byte[] data) {
        byte[] l4 = new byte[TcpHeader.MAX_LEN + data.length];
        int hl = opts == null ? TcpHeader.MIN_LEN : opts.emit(l4, 0);
        TcpHeader.write(l4, 0, srcPort, FuzzStack.TCP_PORT, seq, ack, hl, flags, window);
        System.arraycopy(data, 0, l4, hl, data.length);
        byte[] seg = Arrays.copyOf(l4, hl + data.length);
        TcpHeader.fillChecksumV4(seg, 0, seg.length, RawPeer.IP, FuzzStack.OUR_IP);
        return wrap(seg);
    }

    /** Ethernet + IPv4 from the peer to the stack around a TCP segment. */
    static byte[] wrap(byte[] seg) {
        return RawPeer.ipv4(FuzzStack.OUR_MAC, RawPeer.IP, FuzzStack.OUR_IP, Ipv4Header.PROTO_TCP, 64, seg);
    }

    static TcpOptions optionsOf(byte[] frame) {
        TcpOptions o = new TcpOptions();
        int l4 = Frames.l4(frame);
        o.parse(frame, l4, TcpHeader.headerLen(frame, l4));
        return o;
    }

    private byte[] lastTcp() {
        byte[] last = null;
        for (byte[] f : s.sent()) {
            if (Frames.isIpv4(f, Ipv4Header.PROTO_TCP)) {
                last = f;
            }
        }
        assertTrue(last != null, "the stack answered the handshake");
        return last;
    }
}
