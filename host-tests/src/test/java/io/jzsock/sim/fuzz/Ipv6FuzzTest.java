package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.V6Frames;

/**
 * IPv6 input and its extension-header chain (Ipv6, Ipv6Extensions, RFC 8200 §4): the fuzzer's bytes are the IPv6
 * packet, fixed header and chain included, handed to a stack with IPv6 up on its link-local address.
 * <pre>
 *  input = mode packet
 *  mode  : 0x01 keep the payload length (else the true length); 0x02 keep the destination (else our link-local
 *          address); 0x04 keep the source (else the peer's fe80::2); 0x08 keep the version nibble (else 6);
 *          0x10 keep the ICMPv6 checksum (else filled when the chain ends in ICMPv6)
 * </pre>
 * Besides the shared oracle: a packet {@link Ipv6Header#validate} rejects gets no answer at all.
 */
class Ipv6FuzzTest {
    static final byte[] PEER_LL = V6Frames.addr("fe80::2");

    @FuzzTest(maxDuration = "20s")
    void ipv6Packet(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] p = Frames.tail(in, 1);
        FuzzStack s = new FuzzStack(true);
        if (p.length >= Ipv6Header.LEN) {
            if ((mode & 0x08) == 0) {
                p[0] = (byte) (0x60 | (p[0] & 0x0f));
            }
            if ((mode & 0x01) == 0) {
                Ipv6Header.setPayloadLen(p, 0, Math.min(p.length - Ipv6Header.LEN, 0xffff));
            }
            if ((mode & 0x02) == 0) {
                System.arraycopy(s.linkLocal, 0, p, Ipv6Header.DST, 16);
            }
            if ((mode & 0x04) == 0) {
                System.arraycopy(PEER_LL, 0, p, Ipv6Header.SRC, 16);
            }
            if ((mode & 0x10) == 0) {
                fillIcmpv6Checksum(p);
            }
        }
        int verdict = Ipv6Header.validate(p, 0, p.length);
        s.sent();
        s.receive(Frames.ethernet(FuzzStack.OUR_MAC, EthernetFrame.TYPE_IPV6, p, 0, p.length));
        if (verdict != Ipv6Header.OK) {
            assertEquals(0, s.sent().size(), "a packet validate rejects (" + verdict + ") gets no answer");
        }
        s.settle(null);
        s.assertHealthy();
    }

    /** Walks the chain the way a host does and fills the checksum of an ICMPv6 message at its end. */
    static void fillIcmpv6Checksum(byte[] p) {
        int end = Math.min(p.length, Ipv6Header.LEN + Ipv6Header.payloadLen(p, 0));
        int nh = Ipv6Header.nextHeader(p, 0);
        int off = Ipv6Header.LEN;
        while ((nh == Ipv6Header.NH_HOP_BY_HOP || nh == Ipv6Header.NH_DEST_OPTIONS || nh == Ipv6Header.NH_ROUTING)
                && off + 8 <= end) {
            int len = ((p[off + 1] & 0xff) + 1) * 8;
            nh = p[off] & 0xff;
            off += len;
        }
        if (nh == Ipv6Header.NH_ICMPV6 && off + Icmpv6Header.HEADER_LEN <= end) {
            Icmpv6Header.fillChecksum(p, off, end - off, Bytes.i64(p, Ipv6Header.SRC), Bytes.i64(p, Ipv6Header.SRC + 8),
                    Bytes.i64(p, Ipv6Header.DST), Bytes.i64(p, Ipv6Header.DST + 8));
        }
    }
}
