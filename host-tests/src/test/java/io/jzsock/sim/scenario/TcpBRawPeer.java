package io.jzsock.sim.scenario;

import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;

/**
 * The far end of a wire, driven by hand for TCP (the style of sim/proto/RawPeer): literal segments
 * built with {@link TcpHeader} go to the stack under test and what it sent is read back.
 */
final class TcpBRawPeer {
    static final byte[] MAC = RawPeer.MAC;
    static final int IP = RawPeer.IP;
    static final int E = EthernetFrame.HEADER_LEN;
    /** Offset of the TCP header in a frame with a 20-byte IPv4 header. */
    static final int T = E + Ipv4Header.MIN_LEN;

    private final RawPeer raw = new RawPeer();

    /** The next frame the stack sent, copied out, or null. */
    byte[] next() {
        return raw.next();
    }

    void send(byte[] frame) {
        raw.send(frame);
    }

    VirtualNic nic() {
        return raw.nic;
    }

    static byte[] arpRequest(byte[] targetMac, int targetIp) {
        return RawPeer.arp(ArpPacket.OP_REQUEST, MAC, IP, targetMac, targetIp);
    }

    /**
     * Ethernet + IPv4 + TCP from this peer; {@code options} (a multiple of 4 bytes) follow the fixed
     * header, the TCP checksum is filled.
     */
    static byte[] segment(byte[] dstMac, int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window,
            byte[] options, byte[] payload) {
        int hl = TcpHeader.MIN_LEN + options.length;
        byte[] tcp = new byte[hl + payload.length];
        TcpHeader.write(tcp, 0, srcPort, dstPort, seq, ack, hl, flags, window);
        System.arraycopy(options, 0, tcp, TcpHeader.MIN_LEN, options.length);
        System.arraycopy(payload, 0, tcp, hl, payload.length);
        TcpHeader.fillChecksumV4(tcp, 0, tcp.length, IP, dst);
        return RawPeer.ipv4(dstMac, IP, dst, Ipv4Header.PROTO_TCP, 64, tcp);
    }
}
