package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import org.junit.jupiter.api.Test;

/** ::1 and our own addresses go through the loopback interface: ping6 with the net thread running. */
class Ipv6LoopbackTest {
    @Test
    void ping6ReachesLoopbackAndOurOwnAddressesWithoutTheWire() {
        NetConfig cfg = V6Rig.config();
        cfg.ipv6DadTransmits = 0;
        NetStack stack = NetStack.start(cfg, SystemClock.INSTANCE, new SeededEntropy(3));
        try {
            RawPeer peer = new RawPeer();
            VirtualNic nic = new VirtualNic(V6Rig.OUR_MAC);
            VirtualWire.connect(nic, peer.nic);
            peer.nic.setPromiscuous(true);
            stack.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6("2001:db8::1", 64));
            assertTrue(stack.ping6(V6Frames.addr("::1"), 0, 2000) >= 0, "::1");
            byte[] ll = new byte[16];
            assertEquals(Ipv6InterfaceState.PREFERRED, stack.ipv6Address(2, 0, ll), "DupAddrDetectTransmits 0: at once");
            assertTrue(stack.ping6(ll, 2, 2000) >= 0, "our link-local address");
            assertTrue(stack.ping6(V6Frames.addr("2001:db8::1"), 0, 2000) >= 0, "our static address");
            assertEquals(-Errno.ENETUNREACH, stack.ping6(V6Frames.addr("2001:db9::1"), 0, 2000), "no router, not on-link");
            // The static address's /64 is on-link: its neighbours are solicited directly.
            assertEquals(-Errno.ETIMEDOUT, stack.ping6(V6Frames.addr("2001:db8::99"), 0, 300));
            boolean solicited = false;
            for (byte[] f = peer.next(); f != null; f = peer.next()) {
                solicited |= V6Rig.isIcmpv6(f, 135) && V6Frames.text(f, V6Rig.IP6 + 8).equals("2001:db8::99");
            }
            assertTrue(solicited, "NS for 2001:db8::99");
            for (byte[] f = peer.next(); f != null; f = peer.next()) {
                assertTrue(!V6Rig.isIcmpv6(f, 128) && !V6Rig.isIcmpv6(f, 129), "no echo on the wire");
            }
            assertTrue(stack.counter(1, NetCounters.ICMP6_ECHO_REPLIED) >= 3);
            assertNull(stack.netThreadFailure());
        } finally {
            stack.stop();
        }
    }
}
