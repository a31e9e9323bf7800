package io.jzsock.sim.interop;

import io.jzsock.net.SockAddr;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;

/**
 * Hand-built frames put onto the lab's segment from a station of its own (MAC 02:00:00:00:0e:01), so
 * the switch never learns a spoofed MAC on the wrong port: what jzsock answers goes wherever jzsock's
 * ARP cache says the claimed source address lives. Frames the station receives are thrown away.
 */
final class Injector {
    static final byte[] MAC = {0x02, 0, 0, 0, 0x0e, 0x01};

    private final VirtualNic nic = new VirtualNic(MAC);
    private final PacketPool pool = new PacketPool(8, 1536);

    Injector(VirtualSwitch sw) {
        sw.attach(nic);
        nic.open(pool, () -> {
            int h;
            while ((h = nic.receive()) >= 0) {
                pool.release(h);
            }
        });
    }

    /** A TCP segment with MSS 1460 (and nothing else) when it is a SYN, to jzsock's MAC. */
    void tcp(String src, int srcPort, String dst, int dstPort, int seq, int ack, int flags) {
        int s = SockAddr.parse(src, 0).ipv4();
        int d = SockAddr.parse(dst, 0).ipv4();
        byte[] l4 = new byte[TcpHeader.MIN_LEN + 4];
        int hl = TcpHeader.MIN_LEN;
        if ((flags & TcpHeader.SYN) != 0) {
            TcpOptions o = new TcpOptions();
            o.clear();
            o.mss = 1460;
            hl = o.emit(l4, 0);
        }
        TcpHeader.write(l4, 0, srcPort, dstPort, seq, ack, hl, flags, 29200);
        byte[] seg = java.util.Arrays.copyOf(l4, hl);
        TcpHeader.fillChecksumV4(seg, 0, seg.length, s, d);
        send(KernelLab.JZSOCK_MAC, s, d, Ipv4Header.PROTO_TCP, seg);
    }

    /** A UDP datagram to jzsock's MAC. */
    void udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        int s = SockAddr.parse(src, 0).ipv4();
        int d = SockAddr.parse(dst, 0).ipv4();
        byte[] u = new byte[UdpHeader.LEN + payload.length];
        UdpHeader.write(u, 0, srcPort, dstPort, u.length);
        System.arraycopy(payload, 0, u, UdpHeader.LEN, payload.length);
        UdpHeader.fillChecksumV4(u, 0, u.length, s, d);
        send(KernelLab.JZSOCK_MAC, s, d, Ipv4Header.PROTO_UDP, u);
    }

    /** An ICMP echo request to jzsock's MAC. */
    void echoRequest(String src, String dst, int ident, int seq) {
        byte[] m = new byte[Icmpv4Header.HEADER_LEN + 8];
        Icmpv4Header.setType(m, 0, Icmpv4Header.TYPE_ECHO_REQUEST);
        Icmpv4Header.setIdentSeq(m, 0, ident, seq);
        Icmpv4Header.fillChecksum(m, 0, m.length);
        send(KernelLab.JZSOCK_MAC, SockAddr.parse(src, 0).ipv4(), SockAddr.parse(dst, 0).ipv4(), Ipv4Header.PROTO_ICMP, m);
    }

    /**
     * An ICMP echo request whose IPv4 header carries {@code options} (padded with EOL to a multiple of
     * four bytes) and the given TTL.
     */
    void echoRequestWithOptions(String src, String dst, int ttl, byte[] options, int seq) {
        byte[] m = new byte[Icmpv4Header.HEADER_LEN + 8];
        Icmpv4Header.setType(m, 0, Icmpv4Header.TYPE_ECHO_REQUEST);
        Icmpv4Header.setIdentSeq(m, 0, 0x99, seq);
        Icmpv4Header.fillChecksum(m, 0, m.length);
        int optLen = (options.length + 3) & ~3;
        int hl = Ipv4Header.MIN_LEN + optLen;
        int h = pool.alloc(0);
        byte[] f = pool.data[h];
        java.util.Arrays.fill(f, 0, EthernetFrame.HEADER_LEN + hl + m.length, (byte) 0);
        EthernetFrame.writeHeader(f, 0, KernelLab.JZSOCK_MAC, 0, MAC, 0, EthernetFrame.TYPE_IPV4);
        int ip = EthernetFrame.HEADER_LEN;
        Ipv4Header.write(f, ip, 0, hl + m.length, 1, 0, ttl, Ipv4Header.PROTO_ICMP,
                SockAddr.parse(src, 0).ipv4(), SockAddr.parse(dst, 0).ipv4(), false);
        f[ip] = (byte) (0x40 | (hl / 4));
        System.arraycopy(options, 0, f, ip + Ipv4Header.MIN_LEN, options.length);
        int sum = io.jzsock.net.wire.Checksum.sum(f, ip, hl, 0);
        int c = ~sum & 0xffff;
        f[ip + 10] = (byte) (c >> 8);
        f[ip + 11] = (byte) c;
        System.arraycopy(m, 0, f, ip + hl, m.length);
        pool.len[h] = ip + hl + m.length;
        nic.transmit(h);
    }

    private void send(byte[] dstMac, int src, int dst, int protocol, byte[] l4) {
        int h = pool.alloc(0);
        if (h < 0) {
            throw new IllegalStateException("injector pool empty");
        }
        byte[] f = pool.data[h];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, MAC, 0, EthernetFrame.TYPE_IPV4);
        Ipv4Header.write(f, EthernetFrame.HEADER_LEN, 0, Ipv4Header.MIN_LEN + l4.length, 1, 0, 64, protocol, src, dst, true);
        System.arraycopy(l4, 0, f, EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN, l4.length);
        pool.len[h] = EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN + l4.length;
        nic.transmit(h);
    }
}
