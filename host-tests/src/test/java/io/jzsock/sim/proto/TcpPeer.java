package io.jzsock.sim.proto;

import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;

/**
 * Literal TCP segments for a {@link RawPeer} talking to the stack under test at 198.18.0.1, and
 * accessors for the segments the stack sends back.
 */
final class TcpPeer {
    static final byte[] STACK_MAC = WiredStack.OUR_MAC;
    static final int STACK_IP = WiredStack.OUR_IP;
    static final int SEG = WiredStack.IP4;

    final RawPeer raw;
    final int port;

    TcpPeer(RawPeer raw, int port) {
        this.raw = raw;
        this.port = port;
    }

    void send(int dstPort, int seq, int ack, int flags, int window, TcpOptions opts, byte[] data) {
        raw.send(frame(RawPeer.IP, port, dstPort, seq, ack, flags, window, opts, data));
    }

    /** An Ethernet frame with one TCP segment from {@code srcIp:srcPort} to the stack, checksums filled. */
    static byte[] frame(int srcIp, int srcPort, int dstPort, int seq, int ack, int flags, int window, TcpOptions opts,
                        byte[] data) {
        byte[] l4 = new byte[60 + data.length];
        int hl = opts == null ? TcpHeader.MIN_LEN : opts.emit(l4, 0);
        TcpHeader.write(l4, 0, srcPort, dstPort, seq, ack, hl, flags, window);
        System.arraycopy(data, 0, l4, hl, data.length);
        byte[] seg = java.util.Arrays.copyOf(l4, hl + data.length);
        TcpHeader.fillChecksumV4(seg, 0, seg.length, srcIp, STACK_IP);
        return RawPeer.ipv4(STACK_MAC, srcIp, STACK_IP, Ipv4Header.PROTO_TCP, 64, seg);
    }

    /** The next TCP segment the stack sent (ARP answered on the way), or null. */
    byte[] next() {
        byte[] f;
        while ((f = raw.next()) != null) {
            if (EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_IPV4 && Ipv4Header.protocol(f, 14) == Ipv4Header.PROTO_TCP) {
                return f;
            }
        }
        return null;
    }

    static int flags(byte[] f) {
        return TcpHeader.flags(f, SEG);
    }

    static int seq(byte[] f) {
        return TcpHeader.seq(f, SEG);
    }

    static int ack(byte[] f) {
        return TcpHeader.ack(f, SEG);
    }

    static int dstIp(byte[] f) {
        return Ipv4Header.dst(f, EthernetFrame.HEADER_LEN);
    }

    static int dstPort(byte[] f) {
        return TcpHeader.dstPort(f, SEG);
    }

    static int window(byte[] f) {
        return TcpHeader.window(f, SEG);
    }

    static int dataLen(byte[] f) {
        return f.length - SEG - TcpHeader.headerLen(f, SEG);
    }

    static TcpOptions options(byte[] f) {
        TcpOptions o = new TcpOptions();
        o.parse(f, SEG, TcpHeader.headerLen(f, SEG));
        return o;
    }
}
