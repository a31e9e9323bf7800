package io.jzsock.sim.scenario;

import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.wire.VirtualNic;

/**
 * The far end of a wire, driven by hand for TCP (the style of sim/proto/RawPeer): literal segments
 * built with {@link TcpHeader} go to the stack under test and what it sent is read back.
 */
final class TcpBRawPeer {
    static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x02};
    static final int IP = 0xC6120002;
    static final int E = EthernetFrame.HEADER_LEN;
    /** Offset of the TCP header in a frame with a 20-byte IPv4 header. */
    static final int T = E + Ipv4Header.MIN_LEN;

    final VirtualNic nic = new VirtualNic(MAC);
    final PacketPool pool = new PacketPool(16, 1536);

    TcpBRawPeer() {
        nic.open(pool, () -> { });
    }

    /** The next frame the stack sent, copied out, or null. */
    byte[] next() {
        int h = nic.receive();
        if (h < 0) {
            return null;
        }
        byte[] f = new byte[pool.len[h]];
        System.arraycopy(pool.data[h], pool.off[h], f, 0, f.length);
        pool.release(h);
        return f;
    }

    void send(byte[] frame) {
        int h = pool.alloc(0);
        System.arraycopy(frame, 0, pool.data[h], 0, frame.length);
        pool.len[h] = frame.length;
        nic.transmit(h);
    }

    static byte[] arpRequest(byte[] targetMac, int targetIp) {
        byte[] f = new byte[E + ArpPacket.LEN];
        EthernetFrame.writeHeader(f, 0, targetMac, 0, MAC, 0, EthernetFrame.TYPE_ARP);
        ArpPacket.write(f, E, ArpPacket.OP_REQUEST, MAC, 0, IP, new byte[6], 0, targetIp);
        return f;
    }

    /**
     * Ethernet + IPv4 + TCP from this peer; {@code options} (a multiple of 4 bytes) follow the fixed
     * header, the TCP checksum is filled.
     */
    static byte[] segment(byte[] dstMac, int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window,
            byte[] options, byte[] payload) {
        int hl = TcpHeader.MIN_LEN + options.length;
        int tcpLen = hl + payload.length;
        byte[] f = new byte[T + tcpLen];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, MAC, 0, EthernetFrame.TYPE_IPV4);
        Ipv4Header.write(f, E, 0, Ipv4Header.MIN_LEN + tcpLen, 1, 0, 64, Ipv4Header.PROTO_TCP, IP, dst, true);
        TcpHeader.write(f, T, srcPort, dstPort, seq, ack, hl, flags, window);
        System.arraycopy(options, 0, f, T + TcpHeader.MIN_LEN, options.length);
        System.arraycopy(payload, 0, f, T + hl, payload.length);
        TcpHeader.fillChecksumV4(f, T, tcpLen, IP, dst);
        return f;
    }
}
