package io.jzsock.sim.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar jzsock-sim.jar <command> [options]}: the host-side tools. Exit codes: 0 success,
 * 1 the command failed, 2 bad usage. A new command is one more entry in the constructor's table.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    private Main() {
        commands.put("demo", new DemoCommand());
        commands.put("bench", new BenchCommand());
        commands.put("run", new RunCommand());
        commands.put("cred", new CredCommand());
        commands.put("footprint", new FootprintCommand());
        commands.put("help", new Command() {
            @Override
            public String synopsis() {
                return "help";
            }

            @Override
            public String description() {
                return "this text";
            }

            @Override
            public int run(String[] args, PrintStream out, PrintStream err) {
                usage(out);
                return OK;
            }
        });
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Dispatches args[0] to its command; the exit code, without exiting (for tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main m = new Main();
        if (args.length == 0) {
            m.usage(err);
            return USAGE;
        }
        Command c = m.commands.get(args[0]);
        if (c == null) {
            err.println("unknown command: " + args[0]);
            m.usage(err);
            return USAGE;
        }
        try {
            return c.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (Exception e) {
            err.println(args[0] + " failed: " + e);
            return FAILED;
        }
    }

    private void usage(PrintStream out) {
        out.println("usage: java -jar jzsock-sim.jar <command> [options]");
        out.println("commands:");
        for (Command c : commands.values()) {
            out.println(String.format("  %-45s %s", c.synopsis(), c.description()));
        }
    }
}
