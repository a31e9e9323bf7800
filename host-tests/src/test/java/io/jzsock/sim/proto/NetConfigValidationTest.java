package io.jzsock.sim.proto;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.eth.EthDriver;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.hw.SimSoc;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.wire.VirtualNic;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profiles that cannot work are refused at start-up with a message naming the rule and the values. */
class NetConfigValidationTest {
    @Test
    void defaultsAndBoardProfilePass() {
        assertDoesNotThrow(() -> NetConfig.defaults().validate());
        assertDoesNotThrow(() -> NetConfig.boardProfile().validate());
    }

    @Test
    void receiveWindowUnderTwoSegmentsIsRefused() {
        NetConfig c = NetConfig.defaults();
        c.tcpRxBuffer = 2 * c.tcpMss - 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stack(c));
        assertEquals("NetConfig: tcpRxBuffer >= 2 * tcpMss (a window of two full segments; lower tcpMss for a smaller"
                + " window); tcpRxBuffer is 2919, needs 2920", e.getMessage());
        c.tcpMss = 536;
        c.tcpRxBuffer = 1072;
        assertDoesNotThrow(c::validate);
    }

    @Test
    void sendBufferUnderOneSegmentIsRefused() {
        NetConfig c = NetConfig.defaults();
        c.tcpTxBuffer = c.tcpMss - 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertEquals("NetConfig: tcpTxBuffer >= tcpMss; tcpTxBuffer is 1459, needs 1460", e.getMessage());
        c.tcpTxBuffer = c.tcpMss;
        assertDoesNotThrow(c::validate);
    }

    @Test
    void receiveRingPlusASocketQueueMustLeaveABufferToSend() {
        // EthDriver's default ring keeps 8 buffers; 8 + udpRxQueue 4 = 12 takes the whole pool of 12.
        NetConfig c = NetConfig.defaults();
        c.packetBuffers = 12;
        NetStack s = stack(c);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.addInterface(ethDriver(), eth0()));
            assertEquals("NetConfig: receive rings (8 buffers held, eth0's included) + udpRxQueue (4) must be"
                    + " < packetBuffers (12): raise packetBuffers or lower the ring or the queue", e.getMessage());
        } finally {
            s.stop();
        }
        c.packetBuffers = 13;
        NetStack ok = stack(c);
        try {
            assertTrue(ok.addInterface(ethDriver(), eth0()) > 0);
            assertEquals(13 - EthDriver.DEFAULT_RX_DESCRIPTORS, ok.freePacketBuffers());
        } finally {
            ok.stop();
        }
    }

    @Test
    void aDeviceThatCopiesOnReceiveHoldsNothing() {
        NetConfig c = NetConfig.defaults();
        c.packetBuffers = c.udpRxQueue + 1;
        NetStack s = stack(c);
        try {
            assertDoesNotThrow(() -> s.addInterface(new VirtualNic(SimNetwork.mac(1)), eth0()));
        } finally {
            s.stop();
        }
    }

    private static NetStack stack(NetConfig c) {
        return NetStack.create(c, SystemClock.INSTANCE, new SeededEntropy(1));
    }

    private static InterfaceConfig eth0() {
        return InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null);
    }

    private static EthDriver ethDriver() {
        Stm32Part part = Stm32Part.F767;
        SimSoc soc = new SimSoc(part, 1);
        assertEquals(0, new Rcc(soc.bus(), part).initClocks());
        EthDriver d = new EthDriver(soc.bus(), soc.bus(), part, SimNetwork.mac(1));
        assertEquals(0, d.init());
        return d;
    }
}
