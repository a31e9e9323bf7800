package io.jzsock.sim.footprint;

import io.jzsock.net.NetConfig;
import io.jzsock.sim.bench.LwipRaw;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The footprint report: the stack's heap by part for three configs, the device modules' code, lwIP beside them. */
public final class Footprints {
    /** MicroEJ's default Java heap: the budget a board profile has to fit, with room for the application. */
    public static final int BOARD_HEAP = 64 * 1024;

    private Footprints() {
    }

    /** The configs the report compares, in its columns: defaults(), the board profile with IPv6, the board profile. */
    public static String[] names() {
        return new String[] {"defaults()", "board + ipv6", "boardProfile()"};
    }

    /** The configs of {@link #names()}: the board profile is IPv4-only, its dual-stack twin has NetConfig.ipv6 on. */
    public static NetConfig[] configs() {
        NetConfig dualStack = NetConfig.boardProfile();
        dualStack.ipv6 = true;
        return new NetConfig[] {NetConfig.defaults(), dualStack, NetConfig.boardProfile()};
    }

    public static void print(String[] names, NetConfig[] configs, PrintStream out) throws IOException {
        List<StackFootprint.Footprint> f = new ArrayList<>();
        for (NetConfig c : configs) {
            f.add(StackFootprint.measure(c));
        }
        out.println("Heap retained per NetStack, one Ethernet interface + loopback, no net thread (JOL object sizes on "
                + System.getProperty("java.vm.name") + " " + Runtime.version() + ")");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-46s", "part"));
        for (String n : names) {
            head.append(String.format(Locale.ROOT, " %16s", n + " B"));
        }
        out.println(head);
        for (int i = 0; i < f.get(0).parts().size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-46s", f.get(0).parts().get(i).name()));
            for (StackFootprint.Footprint x : f) {
                row.append(String.format(Locale.ROOT, " %16d", x.parts().get(i).bytes()));
            }
            out.println(row);
        }
        StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-46s", "total"));
        StringBuilder share = new StringBuilder(String.format(Locale.ROOT, "%-46s", "of a " + BOARD_HEAP / 1024 + " KB heap"));
        for (StackFootprint.Footprint x : f) {
            total.append(String.format(Locale.ROOT, " %16d", x.total()));
            share.append(String.format(Locale.ROOT, " %15.1f%%", 100.0 * x.total() / BOARD_HEAP));
        }
        out.println(total);
        out.println(share);
        for (int i = 0; i < names.length; i++) {
            out.println(String.format(Locale.ROOT, "%-16s %s", names[i] + ":", describe(configs[i])));
        }
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
                + " B packet buffers, " + c.maxFds + " fds, " + c.dnsCacheEntries + " DNS entries, "
                + (c.ipv6 ? "IPv4 + IPv6" : "IPv4 only");
    }
}
