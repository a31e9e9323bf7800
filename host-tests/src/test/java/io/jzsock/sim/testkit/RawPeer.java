package io.jzsock.sim.testkit;

import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.wire.VirtualNic;

/**
 * The far end of a wire driven by hand: tests build literal frames with the wire codecs, send them
 * to the stack under test and read back exactly what it transmitted (smoltcp's test style).
 */
public final class RawPeer {
    public static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x02};
    public static final int IP = 0xC6120002;

    public final VirtualNic nic = new VirtualNic(MAC);
    public final PacketPool pool = new PacketPool(16, 1536);

    public RawPeer() {
        nic.open(pool, () -> { });
    }

    /** The next frame the stack sent, copied out, or null. */
    public byte[] next() {
        int h = nic.receive();
        if (h < 0) {
            return null;
        }
        byte[] f = new byte[pool.len[h]];
        System.arraycopy(pool.data[h], pool.off[h], f, 0, f.length);
        pool.release(h);
        return f;
    }

    public void send(byte[] frame) {
        int h = pool.alloc(0);
        System.arraycopy(frame, 0, pool.data[h], 0, frame.length);
        pool.len[h] = frame.length;
        nic.transmit(h);
    }

    public static byte[] arp(int op, byte[] senderMac, int senderIp, byte[] dstMac, int targetIp) {
        byte[] f = new byte[EthernetFrame.HEADER_LEN + ArpPacket.LEN];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, senderMac, 0, EthernetFrame.TYPE_ARP);
        ArpPacket.write(f, EthernetFrame.HEADER_LEN, op, senderMac, 0, senderIp,
                op == ArpPacket.OP_REQUEST ? new byte[6] : dstMac, 0, targetIp);
        return f;
    }

    /** Ethernet + IPv4 + the given L4 bytes, checksum filled. */
    public static byte[] ipv4(byte[] dstMac, int src, int dst, int protocol, int ttl, byte[] l4) {
        byte[] f = new byte[EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN + l4.length];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, MAC, 0, EthernetFrame.TYPE_IPV4);
        Ipv4Header.write(f, EthernetFrame.HEADER_LEN, 0, Ipv4Header.MIN_LEN + l4.length, 1, 0, ttl, protocol, src, dst, true);
        System.arraycopy(l4, 0, f, EthernetFrame.HEADER_LEN + Ipv4Header.MIN_LEN, l4.length);
        return f;
    }

    /**
     * The frame with {@code options} (a multiple of 4 bytes, at most 40) inserted after its 20-byte IPv4
     * header; IHL, total length and the header checksum are refilled.
     */
    public static byte[] withIpOptions(byte[] frame, byte[] options) {
        int ip = EthernetFrame.HEADER_LEN;
        byte[] f = new byte[frame.length + options.length];
        System.arraycopy(frame, 0, f, 0, ip + Ipv4Header.MIN_LEN);
        System.arraycopy(options, 0, f, ip + Ipv4Header.MIN_LEN, options.length);
        System.arraycopy(frame, ip + Ipv4Header.MIN_LEN, f, ip + Ipv4Header.MIN_LEN + options.length,
                frame.length - ip - Ipv4Header.MIN_LEN);
        f[ip] = (byte) (0x40 | (Ipv4Header.MIN_LEN + options.length) / 4);
        int total = Ipv4Header.totalLen(frame, ip) + options.length;
        f[ip + Ipv4Header.TOTAL_LEN] = (byte) (total >>> 8);
        f[ip + Ipv4Header.TOTAL_LEN + 1] = (byte) total;
        Ipv4Header.fillChecksum(f, ip);
        return f;
    }

    /**
     * One fragment of an unfragmented IPv4 frame (RFC 791 §3.2): its header with identification {@code id},
     * the bytes [offset, offset + len) of its data, offset in 8-byte units and MF as {@code more} says;
     * length and checksum refilled. The bytes are taken as asked, so tests can build overlaps too.
     */
    public static byte[] fragment(byte[] frame, int id, int offset, int len, boolean more) {
        int ip = EthernetFrame.HEADER_LEN;
        int hl = Ipv4Header.headerLen(frame, ip);
        byte[] f = new byte[ip + hl + len];
        System.arraycopy(frame, 0, f, 0, ip + hl);
        System.arraycopy(frame, ip + hl + offset, f, ip + hl, len);
        Ipv4Header.setTotalLen(f, ip, hl + len);
        Ipv4Header.setFlagsFragment(f, ip, (offset >>> 3) | (more ? Ipv4Header.FLAG_MF : 0));
        f[ip + Ipv4Header.ID] = (byte) (id >>> 8);
        f[ip + Ipv4Header.ID + 1] = (byte) id;
        Ipv4Header.fillChecksum(f, ip);
        return f;
    }

    public static byte[] udp(int src, int dst, int srcPort, int dstPort, byte[] payload) {
        byte[] u = new byte[UdpHeader.LEN + payload.length];
        UdpHeader.write(u, 0, srcPort, dstPort, u.length);
        System.arraycopy(payload, 0, u, UdpHeader.LEN, payload.length);
        UdpHeader.fillChecksumV4(u, 0, u.length, src, dst);
        return u;
    }

    /** A TCP segment without options from srcPort to dstPort, checksum filled for src and dst. */
    public static byte[] tcp(int src, int dst, int srcPort, int dstPort, int seq, int ack, int flags) {
        byte[] t = new byte[TcpHeader.MIN_LEN];
        TcpHeader.write(t, 0, srcPort, dstPort, seq, ack, TcpHeader.MIN_LEN, flags, 8192);
        TcpHeader.fillChecksumV4(t, 0, t.length, src, dst);
        return t;
    }

    public static byte[] echoRequest(int ident, int seq, byte[] payload) {
        byte[] m = new byte[Icmpv4Header.HEADER_LEN + payload.length];
        Icmpv4Header.setType(m, 0, Icmpv4Header.TYPE_ECHO_REQUEST);
        Icmpv4Header.setIdentSeq(m, 0, ident, seq);
        System.arraycopy(payload, 0, m, Icmpv4Header.HEADER_LEN, payload.length);
        Icmpv4Header.fillChecksum(m, 0, m.length);
        return m;
    }
}
