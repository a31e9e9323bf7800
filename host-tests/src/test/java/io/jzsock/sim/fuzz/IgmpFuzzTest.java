package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.ArrayList;
import java.util.List;

/**
 * IGMPv2 input (Igmp, RFC 2236): the fuzzer's bytes are the IGMP message, on a stack that has joined
 * 239.1.2.3; the timers a query starts run out in {@link FuzzStack#settle}, so the reports it causes are
 * checked too.
 * <pre>
 *  input = mode message
 *  mode  : 0x01 keep the checksum as given (else filled); 0x02 no Router Alert option;
 *          bits 2-3 destination: 0 224.0.0.1, 1 the joined group, 2 the stack's address, 3 224.0.0.2
 * </pre>
 * Besides the shared oracle: whatever IGMP the stack sends is a v2 report for the joined group, to that
 * group, with TTL 1, Router Alert and a good checksum (RFC 2236 §2, §3), never a report for 224.0.0.1 (§6).
 */
class IgmpFuzzTest {
    static final int[] DESTINATIONS = {0xE0000001, FuzzStack.GROUP, FuzzStack.OUR_IP, 0xE0000002};
    static final byte[] ROUTER_ALERT = {(byte) 0x94, 0x04, 0, 0};

    @FuzzTest(maxDuration = "20s")
    void igmpMessage(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] m = Frames.tail(in, 1);
        if ((mode & 0x01) == 0 && m.length >= 4) {
            Frames.fillChecksum(m, 0, m.length, 0, IgmpHeader.CHECKSUM);
        }
        int dst = DESTINATIONS[(mode >> 2) & 3];
        byte[] dstMac = FuzzStack.OUR_MAC;
        if (dst != FuzzStack.OUR_IP) {
            dstMac = new byte[6];
            EthernetFrame.ipv4MulticastMac(dst, dstMac, 0);
        }
        FuzzStack s = new FuzzStack();
        s.joinGroup(s.udpSocket());
        s.sent();
        byte[] options = (mode & 0x02) != 0 ? new byte[0] : ROUTER_ALERT;
        s.receive(Frames.ipv4(dstMac, RawPeer.IP, dst, Ipv4Header.PROTO_IGMP, 1, options, m));
        List<byte[]> out = new ArrayList<>(s.sent());
        s.settle(null);
        out.addAll(s.sent());
        for (byte[] f : out) {
            if (Frames.isIpv4(f, Ipv4Header.PROTO_IGMP)) {
                assertReport(f);
            }
        }
        s.assertHealthy();
    }

    private static void assertReport(byte[] f) {
        int igmp = Frames.l4(f);
        assertEquals(1, Ipv4Header.ttl(f, Frames.E), "RFC 2236 §2: TTL 1");
        assertEquals(Ipv4Header.MIN_LEN + Ipv4Header.ROUTER_ALERT_LEN, Ipv4Header.headerLen(f, Frames.E), "Router Alert");
        assertEquals(0x94, f[Frames.E + Ipv4Header.MIN_LEN] & 0xff, "Router Alert");
        assertTrue(Ipv4Header.checksumOk(f, Frames.E));
        assertEquals(IgmpHeader.TYPE_V2_REPORT, IgmpHeader.type(f, igmp));
        assertEquals(FuzzStack.GROUP, IgmpHeader.group(f, igmp), "a report only for the joined group");
        assertEquals(FuzzStack.GROUP, Ipv4Header.dst(f, Frames.E), "RFC 2236 §3: sent to the group");
        assertTrue(IgmpHeader.checksumOk(f, igmp, IgmpHeader.LEN));
    }
}
