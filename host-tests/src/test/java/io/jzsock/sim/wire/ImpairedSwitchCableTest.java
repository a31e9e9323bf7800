package io.jzsock.sim.wire;

import static io.jzsock.sim.wire.TestFrames.MAC_A;
import static io.jzsock.sim.wire.TestFrames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.buf.PacketPool;
import org.junit.jupiter.api.Test;

/** An impaired cable from a NIC into a switch port: impairs that station only, both ways. */
class ImpairedSwitchCableTest {
    private final VirtualClock clock = new VirtualClock(1000);
    private final VirtualSwitch sw = new VirtualSwitch();
    private final VirtualNic cabled = new VirtualNic(MAC_A, 1024);
    private final VirtualNic other = new VirtualNic(MAC_B, 1024);
    private final PacketPool poolA = new PacketPool(1024, 1536);
    private final PacketPool poolB = new PacketPool(1024, 1536);

    private static int drain(VirtualNic nic, PacketPool pool) {
        int n = 0;
        for (int h = nic.receive(); h >= 0; h = nic.receive()) {
            pool.release(h);
            n++;
        }
        return n;
    }

    @Test
    void framesCrossTheSwitchBothWaysThroughTheCableAndOnlyTheCableLosesThem() {
        ImpairedLink cable = ImpairedLink.connect(cabled, sw, clock, 7);
        int otherPort = sw.attach(other);
        cabled.open(poolA, () -> { });
        other.open(poolB, () -> { });

        byte[] toOther = TestFrames.frame(MAC_B, MAC_A, 100, 1);
        byte[] toCabled = TestFrames.frame(MAC_A, MAC_B, 100, 2);
        for (int i = 0; i < 10; i++) {
            cable.send(ImpairedLink.A_TO_B, toOther, 0, toOther.length, 0);
            sw.send(otherPort, toCabled, 0, toCabled.length, 0);
        }
        assertEquals(10, drain(other, poolB), "A -> switch -> B");
        assertEquals(10, drain(cabled, poolA), "B -> switch -> cable -> A");

        cable.impairBoth(new Impairment().lossPercent(100));
        cable.send(ImpairedLink.A_TO_B, toOther, 0, toOther.length, 0);
        sw.send(otherPort, toCabled, 0, toCabled.length, 0);
        assertEquals(0, drain(other, poolB));
        assertEquals(0, drain(cabled, poolA));
        assertEquals(2, cable.lost(), "both directions of the cable lose, counted");
    }
}
