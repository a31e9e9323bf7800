package io.jzsock.sim.bench;

import java.io.PrintStream;

/** The one option every benchmark takes ({@code --seconds N}) and the machine line each prints. */
final class BenchArgs {
    private BenchArgs() {
    }

    /** The --seconds value, the default without one, or -1 after printing usage for bad arguments. */
    static int seconds(String[] args, int defaultSeconds, String command, PrintStream err) {
        int seconds = defaultSeconds;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                try {
                    seconds = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
                if (seconds < 1) {
                    err.println(command + ": --seconds needs a whole number >= 1");
                    return -1;
                }
            } else {
                err.println("usage: " + command + " [--seconds N]   (default " + defaultSeconds + ")");
                return -1;
            }
        }
        return seconds;
    }

    /** JVM, vendor, OS, architecture and processor count: the figures mean nothing without them. */
    static String machine() {
        return "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", nproc " + Runtime.getRuntime().availableProcessors();
    }
}
