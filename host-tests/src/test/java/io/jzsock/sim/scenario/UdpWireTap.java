package io.jzsock.sim.scenario;

import io.jzsock.sim.wire.FrameTap;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the IPv4/UDP frames a switch carries (TTL, addresses, ports, payload length), so scenario
 * tests can check on the wire what the stack put in the IP header. ARP and other frames are ignored.
 */
final class UdpWireTap implements FrameTap {
    /** One UDP datagram as seen on the wire. */
    record Datagram(int ttl, int src, int dst, int srcPort, int dstPort, int payloadLen, long timeNanos) {
    }

    private final List<Datagram> seen = new ArrayList<>();

    @Override
    public void onFrame(byte[] b, int off, int len, long timeNanos) {
        if (len < 14 + 20 + 8 || (b[off + 12] & 0xff) != 0x08 || b[off + 13] != 0x00) {
            return;
        }
        int ip = off + 14;
        if ((b[ip + 9] & 0xff) != 17) {
            return;
        }
        int ihl = (b[ip] & 0x0f) * 4;
        int udp = ip + ihl;
        Datagram d = new Datagram(b[ip + 8] & 0xff, int32(b, ip + 12), int32(b, ip + 16), u16(b, udp),
                u16(b, udp + 2), u16(b, udp + 4) - 8, timeNanos);
        synchronized (seen) {
            seen.add(d);
        }
    }

    List<Datagram> toPort(int port) {
        List<Datagram> r = new ArrayList<>();
        synchronized (seen) {
            for (Datagram d : seen) {
                if (d.dstPort() == port) {
                    r.add(d);
                }
            }
        }
        return r;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int int32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }
}
