package io.jzsock.sim.cli;

import java.io.PrintStream;

/** One subcommand of {@link Main}. */
interface Command {
    /** Name and options, e.g. "bench [--seconds N]". */
    String synopsis();

    /** What it does, one short line. */
    String description();

    /** Runs with the arguments after the command name; returns the process exit code. */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
