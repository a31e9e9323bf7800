package io.jzsock.sim.board;

import io.jzsock.boards.Board;
import io.jzsock.boards.BoardDefinition;
import io.jzsock.bsp.SystemClock;
import io.jzsock.eth.EthDriver;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.hw.SimSoc;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.PrintStream;

/**
 * A simulated board on a virtual switch: a {@link SimSoc} for the board's part, its ETH model
 * plugged into the switch, booted by the same {@link Board} code a real board runs.
 */
public final class VirtualBoard implements AutoCloseable {
    private final SimSoc soc;
    private final Board board;

    private VirtualBoard(SimSoc soc, Board board) {
        this.soc = soc;
        this.board = board;
    }

    /**
     * Boots {@code def} with a chip whose UID and RNG follow from {@code seed}; prints one line per
     * boot step to {@code out}. Throws IllegalStateException if a step fails.
     */
    public static VirtualBoard boot(BoardDefinition def, VirtualSwitch sw, long seed, NetConfig cfg,
            InterfaceConfig ifcfg, PrintStream out) {
        return boot(def, sw, seed, cfg, EthDriver.DEFAULT_RX_DESCRIPTORS, ifcfg, out);
    }

    /** As above with an RX ring of {@code rxDescriptors}. */
    public static VirtualBoard boot(BoardDefinition def, VirtualSwitch sw, long seed, NetConfig cfg,
            int rxDescriptors, InterfaceConfig ifcfg, PrintStream out) {
        SimSoc soc = new SimSoc(def.part, seed);
        int port = sw.attachSink(soc.eth());
        soc.eth().attach(sw, port);
        // The IRQ line is wired before the driver exists, as the vector table is on a board.
        EthDriver[] irq = new EthDriver[1];
        soc.eth().onInterrupt(() -> {
            EthDriver d = irq[0];
            if (d != null) {
                d.interrupt();
            }
        });
        String prefix = "[" + def.name + "] ";
        out.println(prefix + "reset: " + def.part.name + ", " + def.flashSize() / 1024 + " KB flash in "
                + def.flashSectors() + " sectors, " + def.ramSize / 1024 + " KB RAM");
        Board b = Board.boot(def, soc.bus(), soc.bus(), SystemClock.INSTANCE, cfg, rxDescriptors, ifcfg,
                line -> out.println(prefix + line));
        irq[0] = b.driver();
        b.driver().interrupt();
        out.println(prefix + "boot complete");
        return new VirtualBoard(soc, b);
    }

    public SimSoc soc() {
        return soc;
    }

    public Board board() {
        return board;
    }

    public NetStack stack() {
        return board.stack();
    }

    /** The interface line of the board's Ethernet port (name, address, MAC, link). */
    public String describe() {
        return board.stack().describeInterface(board.ifindex());
    }

    public String macText() {
        byte[] m = new byte[6];
        board.macAddress(m, 0);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(i == 0 ? "" : ":").append(String.format("%02x", m[i] & 0xFF));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        board.stack().stop();
    }
}
