package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.SockAddr;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;

/**
 * ICMP input (Icmpv4, RFC 792): the fuzzer's bytes are the ICMP message, on a stack with an ESTABLISHED
 * connection holding unacknowledged data and a connected UDP socket, so errors quoting their headers have a
 * socket to reach.
 * <pre>
 *  input = mode message
 *  mode  : 0x01 keep the checksum as given (else filled); 0x02 to the subnet broadcast address;
 *          0x04 the quoted datagram's TCP sequence number is relative to the stack's ISS + 1
 * </pre>
 * Besides the shared oracle: no ICMP error is ever sent about an ICMP message (RFC 1122 §3.2.2), and an echo
 * reply carries the request's identifier, sequence number and data unchanged (RFC 792).
 */
class IcmpFuzzTest {
    /** Where a quoted IP header starts in an error message, and the quoted transport header after it. */
    static final int QUOTED_IP = Icmpv4Header.HEADER_LEN;

    @FuzzTest(maxDuration = "20s")
    void icmpMessage(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] m = Frames.tail(in, 1);
        FuzzStack s = new FuzzStack();
        s.listen();
        TcpFlow flow = new TcpFlow(s, 5555).open();
        flow.stackSends(1000);
        int udp = s.udpSocket();
        s.z.connect(udp, SockAddr.parse("198.18.0.2", 9));
        s.sent();
        if ((mode & 0x04) != 0 && m.length >= QUOTED_IP + Ipv4Header.MIN_LEN) {
            int quotedL4 = QUOTED_IP + Ipv4Header.headerLen(m, QUOTED_IP);
            if (quotedL4 + TcpHeader.SEQ + 4 <= m.length) {
                Bytes.putI32(m, quotedL4 + TcpHeader.SEQ, Bytes.i32(m, quotedL4 + TcpHeader.SEQ) + flow.stackIss + 1);
            }
        }
        if ((mode & 0x01) == 0 && m.length >= Icmpv4Header.HEADER_LEN) {
            Icmpv4Header.fillChecksum(m, 0, m.length);
        }
        boolean broadcast = (mode & 0x02) != 0;
        s.receive(RawPeer.ipv4(broadcast ? FuzzStack.BROADCAST_MAC : FuzzStack.OUR_MAC, RawPeer.IP,
                broadcast ? FuzzStack.BROADCAST_IP : FuzzStack.OUR_IP, Ipv4Header.PROTO_ICMP, 64, m));
        for (byte[] f : s.sent()) {
            if (Frames.isIpv4(f, Ipv4Header.PROTO_ICMP)) {
                assertAnswerAllowed(m, f);
            }
        }
        s.settle(null);
        s.assertHealthy();
    }

    private static void assertAnswerAllowed(byte[] request, byte[] f) {
        int l4 = Frames.l4(f);
        int type = Icmpv4Header.type(f, l4);
        assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, type, "RFC 1122 §3.2.2: the only ICMP answer to ICMP is an echo reply");
        assertEquals(Icmpv4Header.TYPE_ECHO_REQUEST, Icmpv4Header.type(request, 0), "an echo reply to a non-request");
        int icmpLen = Ipv4Header.totalLen(f, Frames.E) - (l4 - Frames.E);
        byte[] replied = Arrays.copyOfRange(f, l4 + Icmpv4Header.IDENT, l4 + icmpLen);
        assertArrayEquals(Arrays.copyOfRange(request, Icmpv4Header.IDENT, request.length), replied,
                "RFC 792: identifier, sequence number and data echoed unchanged");
        assertTrue(Icmpv4Header.checksumOk(f, l4, icmpLen), "the reply's checksum");
    }
}
