package io.jzsock.sim.footprint;

import io.jzsock.net.NetConfig;
import io.jzsock.sim.bench.LwipRaw;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The footprint report: the stack's heap by part for two configs, the device modules' code, lwIP beside them. */
public final class Footprints {
    /** MicroEJ's default Java heap: the budget a board profile has to fit, with room for the application. */
    public static final int BOARD_HEAP = 64 * 1024;

    private Footprints() {
    }

    public static void print(NetConfig defaults, NetConfig board, PrintStream out) throws IOException {
        StackFootprint.Footprint d = StackFootprint.measure(defaults);
        StackFootprint.Footprint b = StackFootprint.measure(board);
        out.println("Heap retained per NetStack, one Ethernet interface + loopback, no net thread (JOL object sizes on "
                + System.getProperty("java.vm.name") + " " + Runtime.version() + ")");
        out.println(String.format(Locale.ROOT, "%-46s %18s %18s", "part", "defaults() B", "boardProfile() B"));
        for (int i = 0; i < d.parts().size(); i++) {
            out.println(String.format(Locale.ROOT, "%-46s %18d %18d", d.parts().get(i).name(), d.parts().get(i).bytes(),
                    b.parts().get(i).bytes()));
        }
        out.println(String.format(Locale.ROOT, "%-46s %18d %18d", "total", d.total(), b.total()));
        out.println(String.format(Locale.ROOT, "%-46s %17.1f%% %17.1f%%", "of a " + BOARD_HEAP / 1024 + " KB heap",
                100.0 * d.total() / BOARD_HEAP, 100.0 * b.total() / BOARD_HEAP));
        out.println("defaults():     " + describe(defaults));
        out.println("boardProfile(): " + describe(board));
        out.println();
        out.println("Class files per device module (the ROM proxy)");
        out.println(String.format(Locale.ROOT, "%-18s %8s %14s %20s", "module", "classes", "bytes", "without debug info"));
        long all = 0;
        long allStripped = 0;
        for (ModuleCode.Module m : ModuleCode.measure()) {
            out.println(String.format(Locale.ROOT, "%-18s %8d %14d %20d", m.name(), m.classes(), m.bytes(),
                    m.bytesWithoutDebug()));
            all += m.bytes();
            allStripped += m.bytesWithoutDebug();
        }
        out.println(String.format(Locale.ROOT, "%-18s %8s %14d %20d", "all five", "", all, allStripped));
        out.println();
        out.println("lwIP 2.1.3: code " + LwipFootprint.CODE_RAW_IPV4_KB + " KB raw API IPv4, "
                + LwipFootprint.CODE_WITH_SOCKETS_KB + " KB with sockets (lwIP's documentation, ARM Thumb)");
        for (String profile : new String[] {LwipRaw.EMBEDDED, LwipRaw.TUNED}) {
            List<String> why = new ArrayList<>();
            LwipFootprint.Sections s = LwipFootprint.measure(profile, LwipRaw.objects(profile), why);
            if (s == null) {
                out.println("lwIP " + profile + ": not measured: " + String.join("; ", why));
            } else {
                out.println(String.format(Locale.ROOT, "lwIP raw, lwipopts \"%s\": RAM .data + .bss = %d + %d = %d B;"
                        + " .text %d B (x86-64, -O2 -g, asserts on; size on its core objects)", profile, s.data(),
                        s.bss(), s.ram(), s.text()));
            }
        }
    }

    static String describe(NetConfig c) {
        return c.maxTcpConnections + " TCP (" + c.tcpRxBuffer + " + " + c.tcpTxBuffer + " B rings), " + c.maxSockets
                + " UDP sockets (queue " + c.udpRxQueue + "), " + c.packetBuffers + " x " + c.packetBufferSize
                + " B packet buffers, " + c.maxFds + " fds, " + c.dnsCacheEntries + " DNS entries";
    }
}
