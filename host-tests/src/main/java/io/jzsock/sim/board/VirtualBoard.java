package io.jzsock.sim.board;

import io.jzsock.boards.Board;
import io.jzsock.boards.BoardDefinition;
import io.jzsock.boards.CredentialFlash;
import io.jzsock.bsp.SystemClock;
import io.jzsock.eth.EthDriver;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.hw.SimSoc;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A simulated board on a virtual switch: a {@link SimSoc} for the board's part, its ETH model
 * plugged into the switch, booted by the same {@link Board} code a real board runs. Booted with a
 * {@link FlashFile}, its flash comes from the file and its TLS credentials are mounted from it
 * ({@link CredentialFlash}); the file is written back after the mount if it changed the flash, and at
 * {@link #close()}, which prints to the boot log why when it cannot.
 */
public final class VirtualBoard implements AutoCloseable {
    private final SimSoc soc;
    private final Board board;
    private final FlashFile flashFile;
    private final CredentialFlash credentials;
    private final PrintStream log;

    private VirtualBoard(SimSoc soc, Board board, FlashFile flashFile, CredentialFlash credentials, PrintStream log) {
        this.soc = soc;
        this.board = board;
        this.flashFile = flashFile;
        this.credentials = credentials;
        this.log = log;
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
        return boot(def, sw, seed, cfg, rxDescriptors, ifcfg, null, out);
    }

    /**
     * As above with the flash kept in {@code flash} (null: an erased flash, no credentials mounted).
     * Throws UncheckedIOException if the file cannot be read or belongs to another board.
     */
    public static VirtualBoard boot(BoardDefinition def, VirtualSwitch sw, long seed, NetConfig cfg,
            int rxDescriptors, InterfaceConfig ifcfg, Path flash, PrintStream out) {
        SimSoc soc = new SimSoc(def.part, seed);
        FlashFile file = null;
        if (flash != null) {
            try {
                file = FlashFile.load(flash, def, soc.flash());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
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
        CredentialFlash creds = null;
        if (file != null) {
            out.println(prefix + file.describe());
            try {
                creds = CredentialFlash.mount(def, soc.bus());
                out.println(prefix + creds.describe());
                file.sync();
            } catch (IOException | RuntimeException e) {
                b.stack().stop();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
        out.println(prefix + "boot complete");
        return new VirtualBoard(soc, b, file, creds, out);
    }

    /** The credentials mounted from the flash file, or null when booted without one. */
    public CredentialFlash credentials() {
        return credentials;
    }

    /** The flash file, or null. */
    public FlashFile flashFile() {
        return flashFile;
    }

    /** Writes the flash file back if the flash changed; returns whether it wrote. */
    public boolean syncFlash() throws IOException {
        return flashFile != null && flashFile.sync();
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

    /** Stops the stack, then writes the flash file back if the flash changed (or says why it did not). */
    @Override
    public void close() {
        board.stack().stop();
        try {
            if (syncFlash()) {
                log.println("[" + board.definition().name + "] flash: written back to " + flashFile.path().toAbsolutePath());
            }
        } catch (IOException e) {
            log.println("[" + board.definition().name + "] flash: not written back: " + e.getMessage());
        }
    }
}
