package io.jzsock.sim.cli;

import io.jzsock.sim.footprint.Footprints;

import java.io.PrintStream;

/** {@code footprint}: heap retained per NetStack by part, class-file bytes per device module, lwIP beside them. */
final class FootprintCommand implements Command {
    @Override
    public String synopsis() {
        return "footprint";
    }

    @Override
    public String description() {
        return "heap a NetStack retains (defaults and the board profile, IPv4-only and with IPv6, by part), class-file bytes per device"
                + " module with and without debug info, lwIP's code size and RAM beside them";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length != 0) {
            err.println("usage: " + synopsis());
            return Main.USAGE;
        }
        Footprints.print(Footprints.names(), Footprints.configs(), out);
        return Main.OK;
    }
}
