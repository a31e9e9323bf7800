package io.jzsock.sim.footprint;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.wire.VirtualNic;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The measured heap of a NetStack by part ({@link StackFootprint}) adds up to JOL's own walk of the stack,
 * finds every part, and holds the board profile's figures, IPv4-only (the profile) and with IPv6. MicroEJ's
 * default heap is 64 KB; the goal is the board profile in half of it (the other half for the application's
 * buffers, threads and its own objects). It is not met: the bounds below are the measured figures plus 5 %
 * so the test catches growth, and the README's footprint table says what is in the way (the 24 x 1536 B
 * pool alone is 38 KB).
 */
class BoardProfileFootprintTest {
    /** The goal, half of MicroEJ's default 64 KB heap. */
    static final long GOAL = Footprints.BOARD_HEAP / 2;
    /** What the board profile (IPv4-only) measured, 82 120 B on OpenJDK 17, plus 5 %. */
    static final long BOARD_PROFILE_BOUND = 82_120L * 105 / 100;
    /** The same profile with NetConfig.ipv6 on: 85 944 B plus 5 %. */
    static final long DUAL_STACK_BOUND = 85_944L * 105 / 100;
    /** What a stack without IPv6 keeps of it: each interface's empty IPv6 state (416 B for loopback and eth0). */
    static final long IPV4_ONLY_IPV6_PART_BOUND = 512;
    static final String IPV6_PART = "IPv6: addresses, ND, routers, MLD, path MTU";

    private static NetConfig dualStackBoard() {
        NetConfig c = NetConfig.boardProfile();
        c.ipv6 = true;
        return c;
    }

    @Test
    void partsAddUpToJolsWalkOfTheWholeStack() {
        VirtualNic nic = new VirtualNic(SimNetwork.mac(1));
        NetStack stack = NetStack.create(NetConfig.boardProfile(), SystemClock.INSTANCE, new SeededEntropy(1));
        try {
            stack.addInterface(nic, InterfaceConfig.ipv4("eth0", SimNetwork.address(1), 24, null));
            // Counting the NIC as well (nothing excluded), the split must cover exactly what JOL reaches.
            StackFootprint.Footprint all = StackFootprint.measure(stack, new Object());
            assertEquals(GraphLayout.parseInstance(stack).totalSize(), all.total());
            StackFootprint.Footprint f = StackFootprint.measure(stack, nic);
            assertTrue(f.total() < all.total(), "the NIC's staging ring is not the stack's");
        } finally {
            stack.stop();
        }
    }

    @Test
    void everyPartIsFoundAndThePoolIsItsBuffers() {
        NetConfig c = dualStackBoard();
        StackFootprint.Footprint f = StackFootprint.measure(c);
        for (StackFootprint.Part p : f.parts()) {
            assertTrue(p.roots() > 0 && p.bytes() > 0, p + ": a part class was renamed or is no longer held");
        }
        long pool = f.bytes("packet pool");
        long raw = (long) c.packetBuffers * c.packetBufferSize;
        assertTrue(pool >= raw && pool <= raw + 128L * c.packetBuffers, "pool " + pool + " for " + raw + " B of buffers");
    }

    @Test
    void aTcpConnectionCostsItsRingsAndLittleMore() {
        NetConfig c = NetConfig.boardProfile();
        long four = StackFootprint.measure(c).bytes("TCP: connections, rings, SYN queue");
        c.maxTcpConnections = 5;
        long five = StackFootprint.measure(c).bytes("TCP: connections, rings, SYN queue");
        long perConnection = five - four;
        int rings = c.tcpRxBuffer + c.tcpTxBuffer;
        assertTrue(perConnection >= rings && perConnection <= rings + 2048,
                "one more connection costs " + perConnection + " B for " + rings + " B of rings");
    }

    @Test
    void boardProfileStaysWithinItsMeasuredBound() {
        long board = StackFootprint.measure(NetConfig.boardProfile()).total();
        long defaults = StackFootprint.measure(NetConfig.defaults()).total();
        assertTrue(board < defaults, "board " + board + " >= defaults " + defaults);
        assertTrue(board <= BOARD_PROFILE_BOUND, "board profile retains " + board + " B, bound "
                + BOARD_PROFILE_BOUND + " (goal " + GOAL + ")");
        long dual = StackFootprint.measure(dualStackBoard()).total();
        assertTrue(dual <= DUAL_STACK_BOUND, "board profile with IPv6 retains " + dual + " B, bound " + DUAL_STACK_BOUND);
    }

    @Test
    void withoutIpv6OnlyTheInterfacesEmptyIpv6StateIsLeftAndTheRestIsUnchanged() {
        StackFootprint.Footprint off = StackFootprint.measure(NetConfig.boardProfile());
        StackFootprint.Footprint on = StackFootprint.measure(dualStackBoard());
        assertTrue(off.bytes(IPV6_PART) <= IPV4_ONLY_IPV6_PART_BOUND, "IPv6 part without IPv6: " + off.bytes(IPV6_PART));
        assertTrue(on.bytes(IPV6_PART) > 3 * 1024, "IPv6 part with IPv6: " + on.bytes(IPV6_PART));
        for (StackFootprint.Part p : on.parts()) {
            if (p.name().startsWith("rest")) {
                // The timer registry holds one registration per service: IPv6's three (ND, path MTU, MLD) go.
                assertTrue(off.bytes(p.name()) <= p.bytes(), p.name() + " without IPv6: " + off.bytes(p.name()));
            } else if (!p.name().equals(IPV6_PART) && !p.name().startsWith("DNS")) {
                assertEquals(p.bytes(), off.bytes(p.name()), p.name() + " does not depend on IPv6");
            }
        }
        assertTrue(off.bytes("DNS: resolver, cache") < on.bytes("DNS: resolver, cache"), "A-only record sets");
    }
}
