package io.jzsock.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.StatusApp;
import io.jzsock.boards.StatusSizing;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The stack and StatusApp that {@link StatusSizing} picks for each board fit its RAM. Measured as
 * the bytes the JVM allocates while building them (HotSpot's object layout, close to MicroEJ's:
 * the arrays dominate), which must stay under half the board's RAM.
 */
class StatusSizingTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Bytes allocated by the stack and the app for {@code sizing} (the second of two builds, so class
     * loading is not counted); prints the figure for the README.
     */
    private static long footprint(String what, NetConfig cfg, StatusSizing sizing) {
        build(what, cfg.copy(), sizing, false);
        return build(what, cfg, sizing, true);
    }

    private static long build(String what, NetConfig cfg, StatusSizing sizing, boolean print) {
        long tid = Thread.currentThread().getId();
        long t0 = THREADS.getThreadAllocatedBytes(tid);
        NetStack stack = NetStack.start(cfg, SystemClock.INSTANCE, new SeededEntropy(1));
        long t1 = THREADS.getThreadAllocatedBytes(tid);
        StatusApp app = StatusApp.start(stack, sizing);
        long t2 = THREADS.getThreadAllocatedBytes(tid);
        app.stop();
        stack.stop();
        if (print) {
            System.out.println("[sizing] " + what + ": " + cfg.maxTcpConnections + " TCP, SYN queue " + cfg.tcpSynQueue
                + ", " + sizing.httpSlots + " slots, backlog " + sizing.backlog + ": stack " + (t1 - t0) / 1024
                + " KB + app " + (t2 - t1) / 1024 + " KB");
        }
        return t2 - t0;
    }

    @Test
    void everyBoardsSizingFitsHalfItsRam() {
        for (int i = 0; i < BoardDefinition.count(); i++) {
            BoardDefinition def = BoardDefinition.get(i);
            StatusSizing s = StatusSizing.forBoard(def);
            long bytes = footprint(def.name, s.netConfig(), s);
            assertTrue(bytes < def.ramSize / 2, def.name + ": " + bytes + " B of " + def.ramSize);
        }
    }

    @Test
    void theF767ServesFourAtOnceTheF746ThreeTheF429Two() {
        assertEquals(4, StatusSizing.forBoard(BoardDefinition.NUCLEO_F767ZI).httpSlots);
        assertEquals(12, StatusSizing.forBoard(BoardDefinition.NUCLEO_F767ZI).clients());
        assertEquals(15, StatusSizing.forBoard(BoardDefinition.NUCLEO_F767ZI).netConfig().maxTcpConnections);
        assertEquals(3, StatusSizing.forBoard(BoardDefinition.NUCLEO_F746ZG).httpSlots);
        assertEquals(2, StatusSizing.forBoard(BoardDefinition.NUCLEO_F429ZI).httpSlots);
        assertEquals(7, StatusSizing.forBoard(BoardDefinition.NUCLEO_F429ZI).netConfig().maxTcpConnections);
    }

    /** The smallest configuration must fit where the smallest board's does: half its RAM. */
    @Test
    void minimalWithTheDefaultConfigFitsHalfTheSmallestBoardsRam() {
        long bytes = footprint("defaults + MINIMAL", NetConfig.defaults(), StatusSizing.MINIMAL);
        assertTrue(bytes < BoardDefinition.NUCLEO_F429ZI.ramSize / 2, bytes + " B");
    }
}
