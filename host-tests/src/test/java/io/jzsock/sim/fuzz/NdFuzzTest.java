package io.jzsock.sim.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;

/**
 * ICMPv6 and Neighbor Discovery messages with their options (Icmpv6, NeighborDiscovery, RouterDiscovery,
 * NdMessage; RFC 4443, RFC 4861 §4, §4.6): the fuzzer's bytes are one ICMPv6 message, sent in a valid IPv6
 * packet with its checksum filled, to a stack with IPv6 up.
 * <pre>
 *  input = mode message
 *  mode  : bits 0-1 destination: 0 our link-local, 1 all-nodes, 2 our solicited-node group, 3 all-routers;
 *          0x04 source :: (else fe80::2); 0x08 hop limit 64 (else 255, what ND requires)
 * </pre>
 * The shared oracle: no exception, every timer the message started (DAD, solicitations, lifetimes) runs out,
 * every buffer returns, the stack still answers a ping.
 */
class NdFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void ndMessage(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] msg = Frames.tail(in, 1);
        FuzzStack s = new FuzzStack(true);
        byte[] dst = (mode & 3) == 0 ? s.linkLocal : (mode & 3) == 1 ? V6Frames.addr("ff02::1")
                : (mode & 3) == 2 ? V6Frames.solicitedNode(s.linkLocal) : V6Frames.addr("ff02::2");
        byte[] src = (mode & 0x04) != 0 ? new byte[16] : V6Frames.addr("fe80::2");
        byte[] mac = (mode & 3) == 0 ? FuzzStack.OUR_MAC : V6Frames.groupMac(dst);
        byte[] f = V6Frames.ipv6(mac, RawPeer.MAC, src, dst, Ipv6Header.NH_ICMPV6,
                (mode & 0x08) != 0 ? 64 : 255, msg);
        if (msg.length >= Icmpv6Header.HEADER_LEN) {
            V6Frames.fillIcmpv6Checksum(f, V6Frames.IP6, msg.length, src, dst);
        }
        s.sent();
        s.receive(f);
        s.settle(null);
        s.assertHealthy();
    }
}
