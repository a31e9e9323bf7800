package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;

/**
 * IPv4 input with options (Ipv4, Ipv4Header.validate, RFC 791 §3.1): the fuzzer's bytes are the IP packet,
 * header and options included, handed to a stack with a UDP socket, a listener and a joined group, so every
 * protocol number has a receiver.
 * <pre>
 *  input = mode packet
 *  mode  : 0x01 keep the header checksum as given (else filled over IHL); 0x02 keep the total length
 *          (else the true length); 0x04 keep the destination (else the stack's address); 0x08 keep the
 *          source (else the peer's); 0x10 keep the version nibble (else 4)
 * </pre>
 * Besides the shared oracle: a packet that {@link Ipv4Header#validate} rejects gets no answer at all
 * (RFC 1122 §3.2.1: such datagrams are silently discarded), and one it accepts satisfies its invariants.
 */
class Ipv4FuzzTest {
    static final int E = EthernetFrame.HEADER_LEN;

    @FuzzTest(maxDuration = "20s")
    void ipv4Packet(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] p = Frames.tail(in, 1);
        if (p.length >= Ipv4Header.MIN_LEN) {
            if ((mode & 0x10) == 0) {
                p[Ipv4Header.VER_IHL] = (byte) (0x40 | (p[Ipv4Header.VER_IHL] & 0x0f));
            }
            if ((mode & 0x02) == 0) {
                Bytes.putU16(p, Ipv4Header.TOTAL_LEN, p.length);
            }
            if ((mode & 0x04) == 0) {
                Bytes.putI32(p, Ipv4Header.DST, FuzzStack.OUR_IP);
            }
            if ((mode & 0x08) == 0) {
                Bytes.putI32(p, Ipv4Header.SRC, RawPeer.IP);
            }
            int hl = Ipv4Header.headerLen(p, 0);
            if ((mode & 0x01) == 0 && hl >= Ipv4Header.MIN_LEN && hl <= p.length) {
                Ipv4Header.fillChecksum(p, 0);
            }
        }
        FuzzStack s = new FuzzStack();
        s.joinGroup(s.udpSocket());
        s.listen();
        s.sent();
        int verdict = Ipv4Header.validate(p, 0, p.length, true);
        assertValidateInvariants(p, verdict);
        s.receive(Frames.ethernet(FuzzStack.OUR_MAC, EthernetFrame.TYPE_IPV4, p, 0, p.length));
        if (verdict != Ipv4Header.OK) {
            assertEquals(0, s.sent().size(), "a packet validate rejects (" + verdict + ") gets no answer");
        }
        s.settle(null);
        s.assertHealthy();
    }

    private static void assertValidateInvariants(byte[] p, int verdict) {
        if (verdict != Ipv4Header.OK) {
            return;
        }
        int hl = Ipv4Header.headerLen(p, 0);
        int total = Ipv4Header.totalLen(p, 0);
        assertEquals(4, Ipv4Header.version(p, 0));
        assertTrue(hl >= Ipv4Header.MIN_LEN && hl <= total && total <= p.length, "hl " + hl + " total " + total);
        assertTrue(Ipv4Header.checksumOk(p, 0));
    }
}
