package io.jzsock.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.UniqueId;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.sim.hw.SimSoc;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VirtualBoardTest {
    @Test
    void definitionsCarryTheirPartsAndMemorySizes() {
        assertSame(Stm32Part.F767, BoardDefinition.NUCLEO_F767ZI.part);
        assertSame(Stm32Part.F746, BoardDefinition.NUCLEO_F746ZG.part);
        assertSame(Stm32Part.F429, BoardDefinition.NUCLEO_F429ZI.part);
        assertEquals(2 * 1024 * 1024, BoardDefinition.NUCLEO_F767ZI.flashSize());
        assertEquals(1024 * 1024, BoardDefinition.NUCLEO_F746ZG.flashSize());
        assertEquals(2 * 1024 * 1024, BoardDefinition.NUCLEO_F429ZI.flashSize());
        assertEquals(24, BoardDefinition.NUCLEO_F429ZI.flashSectors());
        assertEquals(512 * 1024, BoardDefinition.NUCLEO_F767ZI.ramSize);
        assertEquals(0, BoardDefinition.NUCLEO_F746ZG.phyAddress);
        assertSame(BoardDefinition.NUCLEO_F429ZI, BoardDefinition.byName("nucleo_f429zi"));
        assertNull(BoardDefinition.byName("nucleo_h743zi"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nucleo_f767zi", "nucleo_f746zg", "nucleo_f429zi"})
    void boardBootsAndAnswersPingFromAGateway(String name) throws Exception {
        BoardDefinition def = BoardDefinition.byName(name);
        VirtualSwitch sw = new VirtualSwitch();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        VirtualBoard board = VirtualBoard.boot(def, sw, 42, NetConfig.defaults(),
                InterfaceConfig.ipv4("eth0", "198.18.0.2", 24, null), new PrintStream(log, true));
        NetStack gw = NetStack.start(NetConfig.defaults(), SystemClock.INSTANCE, new SeededEntropy(1));
        try {
            VirtualNic nic = new VirtualNic(new byte[] {2, 0, 0, 0, 0, 1});
            sw.attach(nic);
            gw.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));

            assertTrue(gw.ping(SockAddr.parse("198.18.0.2", 0).ipv4(), 2000) >= 0);
            assertTrue(board.stack().ping(SockAddr.parse("198.18.0.1", 0).ipv4(), 2000) >= 0);

            byte[] mac = new byte[6];
            new UniqueId(board.soc().bus(), def.part).macAddress(mac, 0);
            byte[] boardMac = new byte[6];
            board.board().macAddress(boardMac, 0);
            assertEquals(java.util.HexFormat.of().formatHex(mac), java.util.HexFormat.of().formatHex(boardMac));
            assertEquals(2, boardMac[0] & 3);
            assertEquals("eth0 198.18.0.2/24 mac " + board.macText() + " up", board.describe());
            String out = log.toString(StandardCharsets.US_ASCII);
            assertTrue(out.contains("[" + name + "] clocks: SYSCLK " + def.part.sysclkHz / 1000000 + " MHz"), out);
            assertTrue(out.contains("[" + name + "] syscfg: RMII selected"), out);
            assertTrue(out.contains("[" + name + "] uid: MAC " + board.macText()), out);
            assertTrue(out.contains("[" + name + "] boot complete"), out);
        } finally {
            board.close();
            gw.stop();
        }
        assertNull(board.stack().netThreadFailure());
        assertNull(gw.netThreadFailure());
    }

    @Test
    void bootFailureNamesTheStep() {
        SimSoc probe = new SimSoc(Stm32Part.F767, 1);
        // Two boards on one chip: the second finds the PLL already on.
        io.jzsock.boards.Board.start(BoardDefinition.NUCLEO_F767ZI, probe.bus(), probe.bus(), SystemClock.INSTANCE,
                NetConfig.defaults(), InterfaceConfig.ipv4("eth0", "198.18.0.9", 24, null)).stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                io.jzsock.boards.Board.start(BoardDefinition.NUCLEO_F767ZI, probe.bus(), probe.bus(),
                        SystemClock.INSTANCE, NetConfig.defaults(),
                        InterfaceConfig.ipv4("eth0", "198.18.0.9", 24, null)));
        assertEquals("clock tree failed: EBUSY", e.getMessage());
    }
}
