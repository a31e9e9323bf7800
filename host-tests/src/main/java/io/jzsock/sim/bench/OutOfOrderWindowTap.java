package io.jzsock.sim.bench;

import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.wire.FrameTap;

/**
 * Makes a jzsock receiver advertise windows as Linux does: Linux charges its out-of-order queue to
 * the receive buffer, so the duplicate ACKs it sends during a loss carry a window that shrinks as
 * SACKed data piles up. Installed as a tap on the link, it rewrites, before delivery, the window of
 * each ACK from {@code receiverIp} carrying SACK blocks to the window less the SACKed bytes (scaled
 * by {@code windowShift}) and fixes the checksum. Test harness only: it edits frames in flight.
 */
final class OutOfOrderWindowTap implements FrameTap {
    private final int receiverIp;
    private final int windowShift;
    private final TcpOptions opts = new TcpOptions();

    OutOfOrderWindowTap(int receiverIp, int windowShift) {
        this.receiverIp = receiverIp;
        this.windowShift = windowShift;
    }

    @Override
    public void onFrame(byte[] b, int off, int len, long timeNanos) {
        int ip = off + EthernetFrame.HEADER_LEN;
        if (len < EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN + TcpHeader.MIN_LEN
                || EthernetFrame.etherType(b, off) != EthernetFrame.TYPE_IPV4
                || Ipv4Header.protocol(b, ip) != Ipv4Header.PROTO_TCP || Ipv4Header.src(b, ip) != receiverIp) {
            return;
        }
        int tcp = ip + Ipv4Header.headerLen(b, ip);
        int tcpLen = Ipv4Header.totalLen(b, ip) - Ipv4Header.headerLen(b, ip);
        opts.clear();
        if (opts.parse(b, tcp, TcpHeader.headerLen(b, tcp)) < 0 || opts.sackCount == 0) {
            return;
        }
        long sacked = 0;
        for (int i = 0; i < opts.sackCount; i++) {
            sacked += opts.sackRight[i] - opts.sackLeft[i];
        }
        int window = (int) Math.max(0, TcpHeader.window(b, tcp) - (sacked >> windowShift));
        b[tcp + TcpHeader.WINDOW] = (byte) (window >> 8);
        b[tcp + TcpHeader.WINDOW + 1] = (byte) window;
        TcpHeader.fillChecksumV4(b, tcp, tcpLen, Ipv4Header.src(b, ip), Ipv4Header.dst(b, ip));
    }
}
